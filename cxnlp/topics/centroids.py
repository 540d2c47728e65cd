"""Topic centroids and the nearest-centroid rule that places outliers and new comments.

A comment joins its nearest topic only when it is at least as close to that
topic's centroid as most of the topic's own members are (the
``outlier_quantile`` quantile of the members' cosines), and above an absolute
floor. The rule adapts to each topic's spread and to the embedder, so a loose
topic does not swallow comments that merely sit nearer to it than to others.
"""

from __future__ import annotations

import numpy as np

from cxnlp.errors import ModelError


def normalize_rows(matrix: np.ndarray, *, where: str = "embeddings") -> np.ndarray:
    """Return ``matrix`` as float32 rows of unit length.

    Raises:
        ModelError: if the matrix is not 2-D or holds NaN/inf.
    """
    arr = np.asarray(matrix, dtype=np.float32)
    if arr.ndim != 2:
        raise ModelError(f"{where} must be a 2-D array (n, dim); got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ModelError(f"{where} hold NaN or infinite values; re-embed those comments")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


def compute_centroids(
    embeddings: np.ndarray, assignments: np.ndarray, topic_ids: list[int]
) -> np.ndarray:
    """Unit-length mean of each topic's (unit-length) member embeddings."""
    rows = [embeddings[assignments == tid].mean(axis=0) for tid in topic_ids]
    if not rows:
        return np.zeros((0, embeddings.shape[1]), dtype=np.float32)
    return normalize_rows(np.vstack(rows), where="centroids")


def compute_thresholds(
    embeddings: np.ndarray,
    assignments: np.ndarray,
    topic_ids: list[int],
    centroids: np.ndarray,
    *,
    quantile: float,
    floor: float,
) -> np.ndarray:
    """Cosine a comment must reach to join each topic: a quantile of its members' cosines."""
    out = np.empty(len(topic_ids), dtype=np.float32)
    for i, tid in enumerate(topic_ids):
        sims = embeddings[assignments == tid] @ centroids[i]
        out[i] = max(float(np.quantile(sims, quantile)), floor) if len(sims) else 1.0
    return out


def nearest_topics(
    embeddings: np.ndarray,
    centroids: np.ndarray,
    thresholds: np.ndarray,
    topic_ids: np.ndarray,
    *,
    batch: int = 8192,
) -> np.ndarray:
    """Topic id of each comment by the nearest-centroid rule; ``-1`` where none is close enough."""
    out = np.full(len(embeddings), -1, dtype=np.int64)
    if len(centroids) == 0:
        return out
    for start in range(0, len(embeddings), batch):
        sims = embeddings[start : start + batch] @ centroids.T
        best = sims.argmax(axis=1)
        best_sim = sims[np.arange(len(best)), best]
        ok = best_sim >= thresholds[best]
        chunk = np.where(ok, np.asarray(topic_ids)[best], -1)
        out[start : start + len(chunk)] = chunk
    return out
