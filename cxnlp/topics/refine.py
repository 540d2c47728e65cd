"""What the fit does to the clusterer's answer before topics are described.

Members far from their topic become outliers (:func:`drop_strays`); clusters
that are pieces of one previous topic are merged back (:func:`merge_pieces`);
outliers and comments left out of a sampled fit are placed by the centroid
rule (:func:`place_comments`).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.topics.centroids import compute_centroids, compute_thresholds, nearest_topics
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.tracking import split_groups

logger = logging.getLogger(__name__)


def _cluster_keys(doc_term: Any, raw: np.ndarray, topic_ids: list[int], n: int) -> list[set[int]]:
    """Top ``n`` vocabulary columns of each cluster by a class-based TF-IDF on the counts."""
    total = np.asarray(doc_term.sum(axis=0)).ravel().astype(float)
    idf = np.log1p(len(raw) / np.maximum(total, 1.0))
    out = []
    for tid in topic_ids:
        members = np.flatnonzero(raw == tid)
        tf = np.asarray(doc_term[members].sum(axis=0)).ravel() / max(len(members), 1)
        score = tf * idf
        top = np.argsort(-score, kind="stable")[:n]
        out.append({int(c) for c in top if score[c] > 0})
    return out


def merge_pieces(
    emb: np.ndarray,
    raw: np.ndarray,
    doc_term: Any,
    names: list[str],
    previous: pd.DataFrame,
    config: TopicsConfig,
) -> np.ndarray:
    """Merge clusters that are pieces of one previous topic; renumber 0..k-1 by size."""
    topic_ids = sorted(int(t) for t in set(raw.tolist()) if t != -1)
    if len(topic_ids) < 2:
        return raw
    centroids = compute_centroids(emb, raw, topic_ids)
    columns = _cluster_keys(doc_term, raw, topic_ids, config.n_keywords)
    keys = [{names[c] for c in cols} for cols in columns]
    groups = split_groups(previous, centroids, keys, config)
    if not groups:
        return raw
    out = raw.copy()
    for group in groups:
        target = topic_ids[group[0]]
        for g in group[1:]:
            out[raw == topic_ids[g]] = target
    # BERTopic indexes its topic arrays by id: keep ids contiguous, largest first
    kept = [t for t in topic_ids if (out == t).any()]
    order = sorted(kept, key=lambda t: (-int((out == t).sum()), t))
    renumber = {old: new for new, old in enumerate(order)}
    return np.array([renumber.get(int(t), -1) for t in out], dtype=np.int64)


def drop_strays(emb: np.ndarray, raw: np.ndarray, mad_k: float | None) -> np.ndarray:
    """Turn cluster members that sit far from their topic's centroid into outliers.

    UMAP can pull a handful of unrelated comments next to a real topic, and the
    clusterer then keeps them as members. In the original embedding space they stand
    out: their cosine to the centroid is far below the members' median. A member is
    dropped when it is more than ``mad_k`` robust deviations (1.4826 x MAD) under it.
    """
    if not mad_k:
        return raw
    out = raw.copy()
    for tid in sorted(int(t) for t in set(raw.tolist()) if t != -1):
        members = np.flatnonzero(raw == tid)
        centre = emb[members].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        sims = emb[members] @ centre
        median = float(np.median(sims))
        spread = 1.4826 * float(np.median(np.abs(sims - median)))
        if spread <= 0:
            continue
        strays = members[sims < median - mad_k * spread]
        if len(strays):
            out[strays] = -1
            logger.debug("topic %d: %d of %d members are strays", tid, len(strays), len(members))
    return out


def place_comments(
    emb: np.ndarray,
    fit_pos: np.ndarray,
    raw: np.ndarray,
    topic_ids: list[int],
    centroids: np.ndarray,
    config: TopicsConfig,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Topic of every usable comment before and after outlier reduction.

    Comments the clusterer saw keep its verdict in ``before``; comments left out of a
    sampled fit join by the lax assignment rule, like new comments would. Reduction
    then moves outliers with the strict rule.

    Returns:
        ``(before, after, assign_thresholds)``.
    """

    def thresholds_at(quantile: float) -> np.ndarray:
        return compute_thresholds(
            emb[fit_pos],
            raw,
            topic_ids,
            centroids,
            quantile=quantile,
            floor=config.outlier_min_similarity,
        )

    thresholds = thresholds_at(config.assign_quantile)
    tid_array = np.asarray(topic_ids, dtype=np.int64)
    before = np.full(len(emb), -1, dtype=np.int64)
    before[fit_pos] = raw
    unfitted = np.setdiff1d(np.arange(len(emb)), fit_pos)
    if len(unfitted):
        before[unfitted] = nearest_topics(emb[unfitted], centroids, thresholds, tid_array)
    after = before.copy()
    if config.reduce_outliers:
        out = np.flatnonzero(before == -1)
        strict = thresholds_at(config.outlier_quantile)
        after[out] = nearest_topics(emb[out], centroids, strict, tid_array)
    return before, after, thresholds
