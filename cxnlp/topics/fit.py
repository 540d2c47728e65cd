"""Fit topics on a window of comments, and place new comments between refits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import ModelError
from cxnlp.topics.build import (
    auto_min_df,
    build_analyzer,
    build_bertopic,
    build_vocabulary,
    quiet_libraries,
)
from cxnlp.topics.centroids import (
    compute_centroids,
    nearest_topics,
    normalize_rows,
)
from cxnlp.topics.coherence import npmi_by_topic
from cxnlp.topics.components import clusterer
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.labels import (
    dedupe_labels,
    keyword_displays,
    make_label,
    representative_indices,
    select_keywords,
)
from cxnlp.topics.refine import drop_strays, merge_pieces, place_comments
from cxnlp.topics.result import TOPIC_COLUMNS, OutlierShare, TopicModelResult
from cxnlp.topics.spanish import TopicAnalyzer
from cxnlp.topics.stages import map_stages, seed_keys
from cxnlp.topics.versions import library_versions

logger = logging.getLogger(__name__)

SEPARATOR = " |"
LABEL_TEXTS = 3000  # comments per topic read for display forms and labels (closest first)


def _clean_texts(texts: Sequence[str]) -> list[str]:
    return [t if isinstance(t, str) else "" for t in texts]


def _valid_rows(docs: list[str], embeddings: np.ndarray) -> np.ndarray:
    arr = np.asarray(embeddings)
    finite = np.isfinite(arr).all(axis=1)
    nonzero = np.zeros(len(arr), dtype=bool)
    nonzero[finite] = np.abs(arr[finite]).sum(axis=1) > 0
    has_text = np.array([bool(d.strip()) for d in docs], dtype=bool)
    return np.flatnonzero(finite & nonzero & has_text)


def _check_inputs(texts: Sequence[str], embeddings: np.ndarray, ids: Sequence[str] | None) -> None:
    arr = np.asarray(embeddings)
    if arr.ndim != 2:
        raise ModelError(f"embeddings must be a 2-D array (n, dim); got shape {arr.shape}")
    if arr.shape[0] != len(texts):
        raise ModelError(
            f"got {len(texts)} texts but {arr.shape[0]} embedding rows; they must align"
        )
    if ids is not None and len(ids) != len(texts):
        raise ModelError(f"got {len(texts)} texts but {len(ids)} ids; they must align")


def _empty_result(
    n: int, ids: Sequence[str], dim: int, config: TopicsConfig, reason: str
) -> TopicModelResult:
    logger.warning("no topics fitted: %s", reason)
    none = np.full(n, -1, dtype=np.int64)
    return TopicModelResult(
        assignments=none,
        topics=pd.DataFrame({c: pd.Series(dtype=object) for c in TOPIC_COLUMNS}),
        model=None,
        outlier_share=OutlierShare(1.0 if n else 0.0, 1.0 if n else 0.0),
        assignments_before=none.copy(),
        ids=[str(i) for i in ids],
        centroids=np.zeros((0, dim), dtype=np.float32),
        thresholds=np.zeros(0, dtype=np.float32),
        keyword_keys={},
        coherence=None,
        coherence_by_topic={},
        cluster_ids=np.zeros(0, dtype=np.int64),
        config=config,
        versions=library_versions(),
    )


def fit_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    ids: Sequence[str],
    config: TopicsConfig,
    previous: pd.DataFrame | None = None,
) -> TopicModelResult:
    """Fit BERTopic on a window of comments and describe each topic for people.

    Comments with empty text or an unusable embedding (NaN, all zeros) take no
    part and get topic ``-1``. The same texts, embeddings and config always give
    the same assignments.

    Args:
        texts: redacted comments (``text``); they feed keywords, labels and examples.
        embeddings: one row per comment, from the run's embedder.
        ids: feedback id per comment (representative comments are reported by id).
        config: the ``topics`` config section.
        previous: the previous run's topic table, when there is one. Clusters that
            are pieces of one previous topic (see
            :func:`cxnlp.topics.tracking.split_groups`) are merged back into one
            topic, so a small change in the window does not split a topic in two.

    Returns:
        Assignments, the topic table (without ``status``/``first_seen``: see
        :func:`cxnlp.topics.tracking.track_topics`), the fitted model and the
        outlier shares.

    Raises:
        ModelError: if texts, embeddings and ids do not align.
    """
    _check_inputs(texts, embeddings, ids)
    docs = _clean_texts(texts)
    n = len(docs)
    dim = int(np.asarray(embeddings).shape[1])
    valid = _valid_rows(docs, embeddings)
    clusters = clusterer(config.clusterer)
    smallest = clusters.smallest_topic(config)
    if len(valid) < max(smallest + 1, 10):
        return _empty_result(
            n, ids, dim, config, f"{len(valid)} usable comments, need more than {smallest}"
        )

    emb = normalize_rows(np.asarray(embeddings)[valid])
    vdocs = [docs[i] for i in valid]
    analyzer = build_analyzer(config)
    stage_keys = seed_keys(config.stages, analyzer)
    keep = frozenset(k for keys in stage_keys.values() for k in keys)
    min_df = config.min_df or auto_min_df(len(vdocs))
    vocabulary, doc_term = build_vocabulary(analyzer, vdocs, min_df, keep)
    if not vocabulary:
        return _empty_result(n, ids, dim, config, "the comments hold no content words")

    fit_pos = np.arange(len(valid))
    if config.max_fit_docs and len(valid) > config.max_fit_docs:
        rng = np.random.default_rng(config.seed)
        fit_pos = np.sort(rng.choice(len(valid), size=config.max_fit_docs, replace=False))
        logger.info(
            "fitting topics on a seeded sample of %d of %d comments", len(fit_pos), len(valid)
        )

    model = build_bertopic(config, analyzer, vocabulary, len(fit_pos))
    # BERTopic joins a topic's comments with spaces (and turns newlines into spaces); the
    # trailing separator is a break for the analyzer, so no n-gram spans two comments.
    fit_docs = [vdocs[i] + SEPARATOR for i in fit_pos]
    with quiet_libraries():
        raw, _ = model.fit_transform(fit_docs, embeddings=emb[fit_pos])
    model_raw = np.asarray(raw, dtype=np.int64)
    # a clusterer that places every comment (k-means) has no strays to drop
    strays = config.stray_mad if clusters.marks_outliers else None
    raw = drop_strays(emb[fit_pos], model_raw, strays)
    if previous is not None and config.track_merge_splits:
        names = sorted(vocabulary, key=vocabulary.__getitem__)
        raw = merge_pieces(emb[fit_pos], raw, doc_term[fit_pos], names, previous, config)
    topic_ids = sorted(int(t) for t in set(raw.tolist()) if t != -1)
    if not topic_ids:
        return _empty_result(n, ids, dim, config, "the clusterer found no topic (all outliers)")

    centroids = compute_centroids(emb[fit_pos], raw, topic_ids)
    before, after, thresholds = place_comments(emb, fit_pos, raw, topic_ids, centroids, config)
    # strays were judged far from the topic they were glued to: they stay outliers rather
    # than being placed again by the (looser) reduction rule
    after[fit_pos[(raw == -1) & (model_raw != -1)]] = -1
    unfitted = len(valid) - len(fit_pos)

    if unfitted or not np.array_equal(after[fit_pos], model_raw):
        with quiet_libraries():
            model.update_topics(
                [d + SEPARATOR for d in vdocs],
                topics=after.tolist(),
                top_n_words=model.top_n_words,
                vectorizer_model=model.vectorizer_model,
                ctfidf_model=model.ctfidf_model,
            )
    _set_topic_embeddings(model, emb, after, topic_ids, centroids)

    table, keyword_keys = _describe_topics(
        model, analyzer, vdocs, emb, before, after, topic_ids, centroids, ids, valid, config
    )
    stages = map_stages(
        stage_keys,
        vocabulary,
        doc_term,
        after,
        topic_ids,
        centroids,
        emb,
        min_coverage=config.stage_min_coverage,
    )
    table["stage"] = pd.Series([stages[t] for t in topic_ids], dtype=object)
    coherence_by_topic = npmi_by_topic(doc_term, vocabulary, keyword_keys)
    coherence = float(np.mean(list(coherence_by_topic.values()))) if coherence_by_topic else None

    full_before = np.full(n, -1, dtype=np.int64)
    full_after = np.full(n, -1, dtype=np.int64)
    full_before[valid] = before
    full_after[valid] = after
    share = OutlierShare(float(np.mean(before == -1)), float(np.mean(after == -1)))
    logger.info(
        "%d topics on %d comments; outliers %.1f%% -> %.1f%%; NPMI %s",
        len(topic_ids),
        len(valid),
        100 * share.before,
        100 * share.after,
        f"{coherence:.3f}" if coherence is not None else "n/a",
    )
    return TopicModelResult(
        assignments=full_after,
        topics=table[list(TOPIC_COLUMNS)],
        model=model,
        outlier_share=share,
        assignments_before=full_before,
        ids=[str(i) for i in ids],
        centroids=centroids,
        thresholds=thresholds,
        keyword_keys=keyword_keys,
        coherence=coherence,
        coherence_by_topic=coherence_by_topic,
        cluster_ids=np.asarray(topic_ids, dtype=np.int64),
        config=config,
        versions=library_versions(),
    )


def _set_topic_embeddings(
    model: object,
    emb: np.ndarray,
    after: np.ndarray,
    topic_ids: list[int],
    centroids: np.ndarray,
) -> None:
    """Keep BERTopic's topic embeddings equal to our centroids (outlier row first)."""
    rows = []
    if (after == -1).any():
        rows.append(normalize_rows(emb[after == -1].mean(axis=0, keepdims=True))[0])
    rows.extend(centroids)
    model.topic_embeddings_ = np.vstack(rows)  # type: ignore[attr-defined]


def _describe_topics(
    model: Any,
    analyzer: TopicAnalyzer,
    vdocs: list[str],
    emb: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    topic_ids: list[int],
    centroids: np.ndarray,
    ids: Sequence[str],
    valid: np.ndarray,
    config: TopicsConfig,
) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """The topic table (stage left empty) and the readable keys of each topic."""
    representations = model.topic_representations_
    rows: list[dict[str, Any]] = []
    keyword_keys: dict[int, list[str]] = {}
    for i, tid in enumerate(topic_ids):
        ranked = [(w, float(s)) for w, s in representations.get(tid, []) if w and s > 0]
        members = np.flatnonzero(after == tid)
        sims = emb[members] @ centroids[i]
        closest = members[np.lexsort((members, -sims))][:LABEL_TEXTS]
        token_lists = [analyzer.tokens(vdocs[r]) for r in closest]
        displays = keyword_displays(analyzer, token_lists, [w for w, _ in ranked])
        selected = select_keywords(ranked, displays, analyzer)
        keyword_keys[tid] = [k for k, _ in selected]
        core = np.flatnonzero(before == tid)
        reps = representative_indices(core, emb, centroids[i], vdocs, config.n_representative)
        rows.append(
            {
                "topic_id": int(tid),
                "label": make_label(selected, displays, token_lists),
                "keywords": [displays[k] for k, _ in selected[: config.n_keywords]],
                "size": int(len(members)),
                "representative_ids": [str(ids[valid[r]]) for r in reps],
                "representative_texts": [vdocs[r] for r in reps],
                "stage": None,
                "centroid": [float(x) for x in centroids[i]],
            }
        )
    labels = dedupe_labels([r["label"] for r in rows], [r["keywords"] for r in rows])
    for row, label in zip(rows, labels, strict=True):
        row["label"] = label
    return pd.DataFrame(rows, columns=list(TOPIC_COLUMNS)), keyword_keys


def assign_topics(
    model_dir_or_result: TopicModelResult | str | Path,
    texts: Sequence[str],
    embeddings: np.ndarray,
) -> np.ndarray:
    """Place new comments into the fitted topics between refits.

    A comment joins its nearest topic centroid when the cosine reaches that
    topic's threshold (the same rule that reduced the fit's outliers); otherwise
    it gets ``-1``. Empty texts and unusable embeddings get ``-1``. Returned ids
    are those of the result's topic table (stable ids once tracking was applied).

    Args:
        model_dir_or_result: a fitted result or a directory saved by
            :func:`cxnlp.topics.persist.save_topic_model`.
        texts: the new comments (redacted).
        embeddings: their embeddings, from the same embedder as the fit.

    Raises:
        ModelError: if inputs do not align or the embedding width differs from the model's.
    """
    from cxnlp.topics.persist import load_topic_model

    result = (
        model_dir_or_result
        if isinstance(model_dir_or_result, TopicModelResult)
        else load_topic_model(Path(model_dir_or_result), with_bertopic=False)
    )
    _check_inputs(texts, embeddings, None)
    docs = _clean_texts(texts)
    out = np.full(len(docs), -1, dtype=np.int64)
    if len(docs) == 0 or result.n_topics == 0:
        return out
    arr = np.asarray(embeddings)
    if arr.shape[1] != result.centroids.shape[1]:
        raise ModelError(
            f"embeddings have {arr.shape[1]} dimensions but the topic model was fitted on "
            f"{result.centroids.shape[1]}; use the embedder of the fit or refit the topics"
        )
    valid = _valid_rows(docs, arr)
    if len(valid):
        out[valid] = nearest_topics(
            normalize_rows(arr[valid]),
            result.centroids,
            result.thresholds,
            result.topics["topic_id"].to_numpy(dtype=np.int64),
        )
    return out
