"""Save a fitted topic model per run, and load it back (no pickle anywhere).

A model directory holds:

- ``topics.parquet``: the topic table (centroids live in the next file);
- ``centroids.safetensors``: centroids, assignment thresholds, topic and cluster ids;
- ``assignments.parquet``: feedback id, topic id before and after outlier reduction;
- ``meta.json``: config, outlier shares, coherence, keyword keys, the date of the fit;
- ``versions.json``: the library versions of the fit (a warning is raised on load
  when they differ from the installed ones);
- ``bertopic/``: BERTopic's own safetensors save with its c-TF-IDF and no embedding
  model. Loaded back, it carries topic embeddings and c-TF-IDF but no UMAP/HDBSCAN:
  new comments are placed with :func:`cxnlp.topics.fit.assign_topics`, which needs
  only the centroids.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import ModelError
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.result import OutlierShare, TopicModelResult
from cxnlp.topics.versions import warn_if_versions_differ

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
_REQUIRED = ("topics.parquet", "centroids.safetensors", "meta.json", "versions.json")


def _table_for_parquet(topics: pd.DataFrame) -> pd.DataFrame:
    table = topics.drop(columns=["centroid"], errors="ignore").copy()
    for column in ("keywords", "representative_ids", "representative_texts"):
        if column in table.columns:
            table[column] = [list(v) if v is not None else [] for v in table[column]]
    return table


def save_topic_model(result: TopicModelResult, directory: Path | str) -> Path:
    """Write ``result`` to ``directory`` (created; files there are replaced).

    Returns:
        The directory.
    """
    from safetensors.numpy import save_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    _table_for_parquet(result.topics).to_parquet(directory / "topics.parquet", index=False)
    save_file(
        {
            "centroids": np.ascontiguousarray(result.centroids, dtype=np.float32),
            "thresholds": np.ascontiguousarray(result.thresholds, dtype=np.float32),
            "topic_ids": result.topics["topic_id"].to_numpy(dtype=np.int64),
            "cluster_ids": np.ascontiguousarray(result.cluster_ids, dtype=np.int64),
        },
        str(directory / "centroids.safetensors"),
    )
    pd.DataFrame(
        {
            "feedback_id": [str(i) for i in result.ids],
            "topic_id": np.asarray(result.assignments, dtype=np.int64),
            "topic_id_before": np.asarray(result.assignments_before, dtype=np.int64),
        }
    ).to_parquet(directory / "assignments.parquet", index=False)
    meta = {
        "format_version": FORMAT_VERSION,
        "config": result.config.model_dump(mode="json"),
        "outlier_share": {
            "before": result.outlier_share.before,
            "after": result.outlier_share.after,
        },
        "coherence": result.coherence,
        "coherence_by_topic": {str(k): v for k, v in result.coherence_by_topic.items()},
        "keyword_keys": {str(k): v for k, v in result.keyword_keys.items()},
        "columns": [str(c) for c in result.topics.columns],
        "fitted_on": result.fitted_on,
    }
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
    (directory / "versions.json").write_text(json.dumps(result.versions, indent=2), "utf-8")
    bertopic_dir = directory / "bertopic"
    if bertopic_dir.exists():
        shutil.rmtree(bertopic_dir)
    if result.model is not None:
        from cxnlp.topics.build import quiet_libraries

        with quiet_libraries():
            result.model.save(
                str(bertopic_dir),
                serialization="safetensors",
                save_ctfidf=True,
                save_embedding_model=False,
            )
    logger.info("topic model saved to %s (%d topics)", directory, result.n_topics)
    return directory


def _load_bertopic(directory: Path, config: TopicsConfig) -> Any:
    from bertopic import BERTopic

    from cxnlp.topics.build import build_analyzer, quiet_libraries

    with quiet_libraries():
        model = BERTopic.load(str(directory))
    # BERTopic cannot save a callable analyzer; put ours back so c-TF-IDF keys match.
    if getattr(model, "vectorizer_model", None) is not None:
        model.vectorizer_model.analyzer = build_analyzer(config)
    return model


def read_fitted_on(directory: Path | str) -> date | None:
    """The date the model in ``directory`` was fitted, or None if unknown or unreadable."""
    try:
        meta = json.loads((Path(directory) / "meta.json").read_text("utf-8"))
        return date.fromisoformat(str(meta["fitted_on"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_topic_model(directory: Path | str, *, with_bertopic: bool = True) -> TopicModelResult:
    """Read a model written by :func:`save_topic_model`.

    Args:
        directory: the model directory.
        with_bertopic: also load the BERTopic part (not needed to assign new comments).

    Raises:
        ModelError: if the directory or one of its files is missing or unreadable.
    """
    from safetensors.numpy import load_file

    directory = Path(directory)
    missing = [name for name in _REQUIRED if not (directory / name).is_file()]
    if missing:
        raise ModelError(
            f"topic model directory {directory} lacks {', '.join(missing)}; "
            "expected a directory written by save_topic_model"
        )
    try:
        versions = json.loads((directory / "versions.json").read_text("utf-8"))
        meta = json.loads((directory / "meta.json").read_text("utf-8"))
        tensors = load_file(str(directory / "centroids.safetensors"))
        topics = pd.read_parquet(directory / "topics.parquet")
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the topic model in {directory}: {exc}") from exc
    warn_if_versions_differ(versions, str(directory))
    config = TopicsConfig.model_validate(meta["config"])
    for column in ("keywords", "representative_ids", "representative_texts"):
        if column in topics.columns:
            topics[column] = [list(v) for v in topics[column]]
    if "stage" in topics.columns:
        topics["stage"] = pd.Series(
            [None if pd.isna(v) else str(v) for v in topics["stage"]], dtype=object
        )
    centroids = tensors["centroids"]
    if not np.array_equal(tensors["topic_ids"], topics["topic_id"].to_numpy(dtype=np.int64)):
        raise ModelError(f"{directory}: centroids and topics.parquet list different topic ids")
    topics["centroid"] = [row.astype(float).tolist() for row in centroids]
    columns = meta.get("columns") or list(topics.columns)
    topics = topics[[c for c in columns if c in topics.columns]]
    assignments_path = directory / "assignments.parquet"
    if assignments_path.is_file():
        assigned = pd.read_parquet(assignments_path)
    else:
        assigned = pd.DataFrame({"feedback_id": [], "topic_id": [], "topic_id_before": []})
    model = None
    if with_bertopic and (directory / "bertopic").is_dir():
        model = _load_bertopic(directory / "bertopic", config)
    share = meta.get("outlier_share", {})
    return TopicModelResult(
        assignments=assigned["topic_id"].to_numpy(dtype=np.int64),
        topics=topics,
        model=model,
        outlier_share=OutlierShare(float(share.get("before", 0.0)), float(share.get("after", 0.0))),
        assignments_before=assigned["topic_id_before"].to_numpy(dtype=np.int64),
        ids=[str(i) for i in assigned["feedback_id"]],
        centroids=centroids,
        thresholds=tensors["thresholds"],
        keyword_keys={int(k): list(v) for k, v in meta.get("keyword_keys", {}).items()},
        coherence=meta.get("coherence"),
        coherence_by_topic={
            int(k): float(v) for k, v in meta.get("coherence_by_topic", {}).items()
        },
        cluster_ids=tensors["cluster_ids"],
        config=config,
        versions=versions,
        fitted_on=meta.get("fitted_on"),
    )
