"""Map discovered topics to the journey stages a CX team already tracks.

Each stage comes with seed words (``facturación: [factura, cobro, cargo]``).
Seeds are stemmed like the comments, so "cobro" also finds "cobraron". A
topic belongs to the stage whose seeds the largest share of its comments
mention, when that share reaches ``stage_min_coverage``; otherwise to none.
When two stages are nearly tied, the one whose comments lie closer in
embedding space wins: each stage's prototype is the mean embedding of all the
window's comments that mention its seeds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from cxnlp.topics.spanish import TopicAnalyzer

logger = logging.getLogger(__name__)

TIE_MARGIN = 0.05


def seed_keys(stages: Mapping[str, Sequence[str]], analyzer: TopicAnalyzer) -> dict[str, list[str]]:
    """Stage -> the keys of its seed words (seeds that are only stop-words are dropped)."""
    out: dict[str, list[str]] = {}
    for stage, seeds in stages.items():
        keys = []
        for seed in seeds:
            key = analyzer.key_of(seed)
            if key is None:
                logger.warning("seed word %r of stage %r is a stop-word; ignored", seed, stage)
            elif key not in keys:
                keys.append(key)
        out[stage] = keys
    return out


def map_stages(
    stage_keys: Mapping[str, Sequence[str]],
    vocabulary: Mapping[str, int],
    doc_term: sparse.csr_matrix,
    assignments: np.ndarray,
    topic_ids: Sequence[int],
    centroids: np.ndarray,
    embeddings: np.ndarray,
    *,
    min_coverage: float,
) -> dict[int, str | None]:
    """Stage of each topic, or None where no stage's seeds cover enough of its comments.

    Args:
        stage_keys: stage -> seed keys (:func:`seed_keys`).
        vocabulary: key -> column of ``doc_term``.
        doc_term: binary comments x keys matrix of the window.
        assignments: topic id per comment.
        topic_ids: topics to map, in the order of ``centroids``.
        centroids: unit-length topic centroids.
        embeddings: unit-length comment embeddings (for tie-breaks).
        min_coverage: share of a topic's comments that must mention a stage's seeds.
    """
    result: dict[int, str | None] = {int(t): None for t in topic_ids}
    names = [s for s in stage_keys if any(k in vocabulary for k in stage_keys[s])]
    if not names or not len(topic_ids):
        return result
    mentions = np.zeros((doc_term.shape[0], len(names)), dtype=bool)
    for j, stage in enumerate(names):
        cols = [vocabulary[k] for k in stage_keys[stage] if k in vocabulary]
        mentions[:, j] = np.asarray(doc_term[:, cols].sum(axis=1)).ravel() > 0
    prototypes = np.vstack(
        [
            embeddings[mentions[:, j]].mean(axis=0)
            if mentions[:, j].any()
            else np.zeros(embeddings.shape[1])
            for j in range(len(names))
        ]
    )
    norms = np.linalg.norm(prototypes, axis=1, keepdims=True)
    prototypes = prototypes / np.where(norms == 0, 1.0, norms)
    for i, tid in enumerate(topic_ids):
        members = assignments == tid
        if not members.any():
            continue
        coverage = mentions[members].mean(axis=0)
        best = float(coverage.max())
        if best < min_coverage:
            continue
        tied = np.flatnonzero(coverage >= best - TIE_MARGIN)
        closeness = prototypes[tied] @ centroids[i]
        result[int(tid)] = names[int(tied[int(np.argmax(closeness))])]
    return result
