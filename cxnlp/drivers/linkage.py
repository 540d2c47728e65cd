"""Neighbourhood linkage of topics: how often one topic's comments sit next to another's.

Two phrasings of one complaint ("me cobraron dos veces", "doble cargo en la
tarjeta") can share no content word, and their topic centroids need not be
closer than those of two neighbouring but different complaints: a centroid
averages away where the comments actually lie. The comments themselves tell
more. Take every comment of the issue topics, find its ``k`` nearest comments
(cosine of the embedding vectors) and count where they fall: when many of topic
A's neighbours are in topic B and many of B's in A, the two topics are one
cloud of comments that the topic model happened to cut in two.

:func:`neighbour_shares` counts, for each ordered pair of topics ``(a, b)``, the
share of ``a``'s neighbour links that land in ``b``; :func:`neighbour_linkage`
makes that symmetric, ``sqrt(share(a->b) * share(b->a))`` (the geometric mean,
so that a small topic that leans on a big one is not enough: the big one must
lean back), and reads it as a similarity ``min(1, m / full)``.

Windows are large; the comments are sampled (a seeded, deterministic sample of
at most ``max_comments``) and the search runs in blocks, so a window of 100,000
comments costs a few seconds, not a ``n x n`` matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

BLOCK = 1024


def neighbour_shares(
    vectors: np.ndarray,
    owners: Sequence[int] | np.ndarray,
    ids: Sequence[int],
    *,
    k: int = 15,
    max_comments: int = 6000,
    seed: int = 0,
) -> np.ndarray:
    """Directed neighbour shares between ``ids``.

    Args:
        vectors: One embedding per comment (``n x dim``; any scale, rows are normalised).
        owners: The topic id of each comment; comments of other topics are ignored.
        ids: The topics to compare, in the order of the returned rows.
        k: Neighbours per comment (fewer when the sample is smaller).
        max_comments: Largest number of comments searched; above it a uniform
            seeded sample is drawn, the same for the same input.
        seed: Seed of that sample.

    Returns:
        ``S`` with ``S[a, b]`` = the share of topic ``a``'s comments' neighbour links
        that land in topic ``b`` (rows sum to 1 where the topic has comments, else 0).
    """
    ids = [int(t) for t in ids]
    n_topics = len(ids)
    out = np.zeros((n_topics, n_topics))
    owners = np.asarray(owners).astype(int)
    matrix = np.asarray(vectors, dtype=np.float32)
    if n_topics == 0 or matrix.ndim != 2 or len(matrix) != len(owners):
        return out
    index_of = {t: i for i, t in enumerate(ids)}
    code = np.array([index_of.get(int(t), -1) for t in owners], dtype=int)
    keep = np.flatnonzero((code >= 0) & np.isfinite(matrix).all(axis=1))
    if len(keep) > max_comments:
        keep = np.sort(np.random.default_rng(seed).choice(keep, max_comments, replace=False))
    if len(keep) < 2:
        return out
    code = code[keep]
    matrix = matrix[keep]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    k = max(1, min(int(k), len(keep) - 1))
    counts = np.zeros((n_topics, n_topics))
    for start in range(0, len(keep), BLOCK):
        stop = min(start + BLOCK, len(keep))
        sims = matrix[start:stop] @ matrix.T
        sims[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # not its own neighbour
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        np.add.at(counts, (np.repeat(code[start:stop], k), code[nearest].ravel()), 1.0)
    totals = counts.sum(axis=1, keepdims=True)
    return counts / np.where(totals == 0, 1.0, totals)


def neighbour_linkage(shares: np.ndarray, full: float) -> np.ndarray:
    """Symmetric similarity from :func:`neighbour_shares`: ``min(1, m / full)``.

    ``m = sqrt(S[a, b] * S[b, a])`` (both topics must lean on each other); a mutual
    share of ``full`` or more reads as similarity 1, none as 0. Mutual shares are
    small numbers (a topic model already cuts where neighbourhoods thin out), so the
    scale is linear from 0 rather than from a floor. The diagonal is 1 for topics
    with comments.
    """
    shares = np.asarray(shares, dtype=float)
    if shares.size == 0:
        return np.zeros_like(shares)
    mutual = np.sqrt(shares * shares.T)
    out = np.clip(mutual / max(float(full), 1e-9), 0.0, 1.0)
    np.fill_diagonal(out, (shares.sum(axis=1) > 0).astype(float))
    return out


def window_vectors(
    store: Any,
    frame: pd.DataFrame,
    model: str | None,
    *,
    max_comments: int = 6000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Cached embedding vectors of a deterministic sample of the window's topic comments.

    Comments in a topic (``topic_id >= 0``), not duplicates (``dup_of`` empty), with a
    ``text_hash`` are eligible; at most ``max_comments`` are drawn (seeded). Vectors
    come from the store's embedding cache under ``model`` (the embedder's version):
    the topic step cached every one of them.

    Returns:
        ``(positions, vectors)``: row positions in ``frame`` and their vectors; None when
        there is no model, no hash column or no cached vector.
    """
    if not model or frame.empty or "text_hash" not in frame.columns:
        return None
    topic = pd.to_numeric(frame["topic_id"], errors="coerce").fillna(-1).to_numpy()
    eligible = (topic >= 0) & frame["text_hash"].notna().to_numpy()
    if "dup_of" in frame.columns:
        eligible &= frame["dup_of"].isna().to_numpy()
    positions = np.flatnonzero(eligible)
    if len(positions) > max_comments:
        chosen = np.random.default_rng(seed).choice(positions, max_comments, replace=False)
        positions = np.sort(chosen)
    hashes = frame["text_hash"].to_numpy()[positions]
    found = store.get_embeddings(sorted({str(h) for h in hashes}), model)
    have = np.array([str(h) in found for h in hashes], dtype=bool)
    if not have.any():
        return None
    positions = positions[have]
    vectors = np.vstack([found[str(h)] for h in hashes[have]]).astype(np.float32)
    return positions, vectors
