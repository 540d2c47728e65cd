"""Saving and loading a topic model: safetensors, versions, round trip."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import ModelError
from cxnlp.topics import (
    TopicModelResult,
    TopicModelVersionWarning,
    TopicsConfig,
    apply_tracking,
    assign_topics,
    fit_topics,
    load_topic_model,
    save_topic_model,
    track_topics,
)
from cxnlp.topics.spanish import TopicAnalyzer
from topics.corpus import Corpus, embed


@pytest.fixture(scope="module")
def tracked_result(corpus: Corpus, corpus_embeddings: np.ndarray) -> TopicModelResult:
    config = TopicsConfig(min_topic_size=15, stages={"facturación": ["factura", "cobro"]})
    result = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    tracked, _, _ = track_topics(None, result.topics, run_date=date(2026, 11, 1))
    return apply_tracking(result, tracked)


@pytest.fixture(scope="module")
def saved(tracked_result: TopicModelResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_topic_model(tracked_result, tmp_path_factory.mktemp("model") / "run-1")


def test_files_are_safetensors_json_and_parquet_only(saved: Path) -> None:
    names = {p.relative_to(saved).as_posix() for p in saved.rglob("*") if p.is_file()}
    assert {"topics.parquet", "centroids.safetensors", "assignments.parquet", "meta.json"} <= names
    assert "versions.json" in names
    assert any(n.startswith("bertopic/") and n.endswith(".safetensors") for n in names)
    assert all(n.endswith((".json", ".parquet", ".safetensors")) for n in names), names
    versions = json.loads((saved / "versions.json").read_text())
    assert {"bertopic", "numpy", "scikit-learn", "umap-learn", "hdbscan", "python"} <= set(versions)


def test_round_trip_keeps_everything(saved: Path, tracked_result: TopicModelResult) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", TopicModelVersionWarning)
        loaded = load_topic_model(saved)
    original = tracked_result.topics
    assert list(loaded.topics.columns) == list(original.columns)
    for column in ("topic_id", "label", "size", "status"):
        assert loaded.topics[column].tolist() == original[column].tolist(), column
    for column in ("keywords", "representative_ids", "representative_texts"):
        assert [list(v) for v in loaded.topics[column]] == [list(v) for v in original[column]]
    assert loaded.topics["stage"].tolist() == original["stage"].tolist()
    assert pd.to_datetime(loaded.topics["first_seen"]).dt.date.tolist() == [
        date(2026, 11, 1)
    ] * len(original)
    assert np.allclose(np.vstack(loaded.topics["centroid"]), np.vstack(original["centroid"]))
    assert np.array_equal(loaded.assignments, tracked_result.assignments)
    assert np.array_equal(loaded.assignments_before, tracked_result.assignments_before)
    assert loaded.ids == tracked_result.ids
    assert np.allclose(loaded.thresholds, tracked_result.thresholds)
    assert loaded.keyword_keys == tracked_result.keyword_keys
    assert loaded.outlier_share == tracked_result.outlier_share
    assert loaded.coherence == pytest.approx(tracked_result.coherence)
    assert loaded.config == tracked_result.config


def test_loaded_bertopic_has_our_vocabulary_and_analyzer(
    saved: Path, tracked_result: TopicModelResult
) -> None:
    model = load_topic_model(saved).model
    assert model is not None
    assert isinstance(model.vectorizer_model.analyzer, TopicAnalyzer)
    assert model.c_tf_idf_.shape == tracked_result.model.c_tf_idf_.shape
    assert model.vectorizer_model.vocabulary == tracked_result.model.vectorizer_model.vocabulary
    assert model.topic_embeddings_.shape == tracked_result.model.topic_embeddings_.shape


def test_assign_from_a_directory_matches_the_result(
    saved: Path, tracked_result: TopicModelResult, corpus: Corpus
) -> None:
    texts = corpus.texts[:50]
    emb = embed(corpus.texts)[:50]
    from_dir = assign_topics(saved, texts, emb)
    assert np.array_equal(from_dir, assign_topics(tracked_result, texts, emb))
    with pytest.raises(ModelError, match="dimensions"):
        assign_topics(saved, texts, emb[:, :100])


def test_other_library_versions_warn(saved: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    save_topic_model(load_topic_model(saved), copy)
    versions = json.loads((copy / "versions.json").read_text())
    versions["bertopic"] = "0.0.1"
    (copy / "versions.json").write_text(json.dumps(versions))
    with pytest.warns(TopicModelVersionWarning, match=r"bertopic 0\.0\.1 ->"):
        load_topic_model(copy, with_bertopic=False)


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="lacks topics.parquet"):
        load_topic_model(tmp_path / "nope")
