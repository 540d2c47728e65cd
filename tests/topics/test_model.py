"""Topic reducers and clusterers by registry name; the topic model as an estimator."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from cxnlp import registry
from cxnlp.errors import ModelError
from cxnlp.topics import TopicModel, TopicsConfig, assign_topics, fit_topics
from cxnlp.topics.build import build_clusterer, build_reducer
from cxnlp.topics.components import CLUSTERERS, REDUCERS, TopicComponent
from topics.corpus import Corpus

FAST = TopicsConfig(reducer="pca", clusterer="kmeans", n_clusters=5, n_components=10)


def test_reducers_and_clusterers_are_registered_by_short_and_versioned_name() -> None:
    assert {"umap", "pca", "cxnlp.topics.reducer.umap.v1"} <= set(registry.names(REDUCERS))
    assert {"hdbscan", "kmeans", "cxnlp.topics.clusterer.kmeans.v1"} <= set(
        registry.names(CLUSTERERS)
    )
    versioned = TopicsConfig(
        reducer="cxnlp.topics.reducer.pca.v1", clusterer="cxnlp.topics.clusterer.kmeans.v1"
    )
    assert type(build_reducer(versioned, 100)).__name__ == "PCA"
    assert type(build_clusterer(versioned, 100)).__name__ == "KMeans"
    assert type(build_clusterer(TopicsConfig(), 100)).__name__ == "HDBSCAN"


def test_an_unknown_name_fails_the_config_and_names_the_registered_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        TopicsConfig(clusterer="dbscan")
    message = str(caught.value)
    assert "unknown clusterer 'dbscan'" in message
    assert "'hdbscan'" in message and "'kmeans'" in message


def test_a_registered_reducer_is_picked_by_its_name(
    corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    built: list[int] = []

    @registry.register(REDUCERS, "tests.reducer.counting-pca.v1")
    class CountingPca(TopicComponent):
        @staticmethod
        def build(config: TopicsConfig, n_docs: int) -> Any:
            from sklearn.decomposition import PCA

            built.append(n_docs)
            return PCA(n_components=4, random_state=config.seed)

    try:
        config = FAST.model_copy(update={"reducer": "tests.reducer.counting-pca.v1"})
        config = TopicsConfig.model_validate(config.model_dump())  # the name passes the check
        result = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    finally:  # leave the registry as the other tests expect it
        registry._REGISTRY[REDUCERS].pop("tests.reducer.counting-pca.v1")
    assert built == [len(corpus.texts)]
    assert result.n_topics == 5


def test_fit_assign_save_load(
    tmp_path: Path, corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    model = TopicModel(FAST)
    with pytest.raises(ModelError, match="not fitted"):
        model.assign(corpus.texts, corpus_embeddings)
    assigned = model.fit(corpus.texts, corpus_embeddings, corpus.ids)
    plain = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, FAST)
    assert np.array_equal(assigned, plain.assignments)  # the estimator is the function
    assert model.n_topics == 5 and model.fitted_on is None
    placed = model.assign(corpus.texts[:40], corpus_embeddings[:40])
    assert np.array_equal(placed, assign_topics(plain, corpus.texts[:40], corpus_embeddings[:40]))

    folder = model.save(tmp_path / "run1")
    again = TopicModel.load(folder)
    assert again.config == FAST
    assert np.array_equal(
        again.assign(corpus.texts, corpus_embeddings), model.assign(corpus.texts, corpus_embeddings)
    )
    # a model loaded without BERTopic keeps BERTopic's folder when saved again
    assert (folder / "bertopic").is_dir()
    copy = again.save(tmp_path / "run2")
    assert (copy / "bertopic").is_dir()
    assert np.array_equal(
        TopicModel.load(copy).assign(corpus.texts, corpus_embeddings),
        model.assign(corpus.texts, corpus_embeddings),
    )


def test_fit_with_a_run_date_keeps_ids_stable_across_fits(
    corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    first = TopicModel(FAST)
    ids_first = first.fit(corpus.texts, corpus_embeddings, corpus.ids, run_date=date(2026, 3, 1))
    assert set(first.tracked["status"]) == {"new"}
    assert first.fitted_on == date(2026, 3, 1)
    # the same window a day later: every topic persists under its id, none resolved
    half = len(corpus.texts) // 2
    order = np.r_[half : len(corpus.texts), 0:half]  # another order, same comments
    second = TopicModel(FAST)
    ids_second = second.fit(
        [corpus.texts[i] for i in order],
        corpus_embeddings[order],
        [corpus.ids[i] for i in order],
        previous=first.tracked,
        run_date=date(2026, 3, 2),
    )
    assert set(second.tracked["status"]) == {"persisting"}
    assert second.resolved.empty
    assert set(second.tracked["topic_id"]) == set(first.tracked["topic_id"])
    agree = np.mean(ids_second == ids_first[order])
    assert agree > 0.95, agree
    assert set(second.result.topics["topic_id"]) == set(first.tracked["topic_id"])


def test_tracking_follows_the_configured_thresholds(
    corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    """The topics step used the default track_* thresholds whatever the config said."""
    first = TopicModel(FAST)
    first.fit(corpus.texts, corpus_embeddings, corpus.ids, run_date=date(2026, 3, 1))
    keep = np.arange(len(corpus.texts)) % 10 != 0  # a window a little different
    window = ([t for t, k in zip(corpus.texts, keep, strict=True) if k], corpus_embeddings[keep])
    ids = [i for i, k in zip(corpus.ids, keep, strict=True) if k]
    lenient = TopicModel(FAST)
    lenient.fit(*window, ids, previous=first.tracked, run_date=date(2026, 3, 2))
    assert set(lenient.tracked["status"]) == {"persisting"}
    strict = FAST.model_copy(update={"track_min_similarity": 1.0, "track_strong_similarity": 1.0})
    picky = TopicModel(strict)
    picky.fit(*window, ids, previous=first.tracked, run_date=date(2026, 3, 2))
    assert set(picky.tracked["status"]) == {"new"}
    assert not set(picky.tracked["topic_id"]) & set(first.tracked["topic_id"])
    assert len(picky.resolved) == first.n_topics
