"""Group issue topics that describe the same root cause, so the backlog gets one item per cause.

A density-based topic model often splits one complaint into several pure topics
("no llega el pedido", "el seguimiento no se mueve", "el repartidor no vino"),
and customers tell one problem in words that share nothing ("me cobraron dos
veces", "cargo repetido en el extracto"): each topic is right, but a product
team wants one backlog item per cause, with the sub-topics listed inside it.
Two signals are read, and a pair of issue topics is as similar as the stronger:

- **words**: each issue topic gets a *term profile*: the share of its comments
  that use each stemmed word (:class:`~cxnlp.topics.spanish.TopicAnalyzer`),
  weighted by how few issue topics use that word (idf), scaled to unit length;
  duplicates (``dup_of`` set) are left out, so a retweet storm does not weigh its
  words again; similarity = cosine of profiles;
- **meaning**: the topics' embedding centroids, centred on the size-weighted mean
  of every topic's centroid. Raw centroids of complaints all lie close together
  (cosine ~0.95 on the demo: every negative comment shares tone and domain);
  centring removes that common part. Similarity = ``(c - floor) / (1 - floor)``
  for the centred cosine ``c`` and ``ranking.group_semantic_floor``.

Issue topics are merged by average linkage while the mean similarity between two
groups is at least ``ranking.group_min_similarity``. Two topics mapped to
*different* journey stages are only merged on strong evidence
(``ranking.group_cross_stage_similarity``; the stages are the CX team's own
map), and topics that are not issues are never merged. The thresholds were
chosen on the demo generator and scored on the held-out one
(``bench/eval_causes.py``; figures in docs).

A cause keeps the id of one of its topics. That id is stable across runs: a
member that already had a backlog item keeps it (the oldest such item wins),
otherwise the largest member gives its id. The cause's label is its largest
member's label. Figures of a cause are recomputed for the union of its topics'
comments (:func:`apply_causes` renumbers the frame before ranking), never summed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from cxnlp.drivers.cause_view import _as_list, _num, apply_causes, remap_daily
from cxnlp.drivers.frame import OUTLIER_TOPIC
from cxnlp.drivers.linkage import neighbour_linkage, neighbour_shares

log = logging.getLogger(__name__)

CAUSE_COLUMNS = ("topic_id", "cause_id", "n_topics", "similarity")

__all__ = ["CAUSE_COLUMNS", "apply_causes", "group_causes", "remap_daily", "term_profiles"]


def term_profiles(
    texts: Sequence[str], topic_of_text: Sequence[int] | np.ndarray, topic_ids: Sequence[int]
) -> np.ndarray:
    """Unit-length idf-weighted term profiles of ``topic_ids`` (rows in that order).

    Args:
        texts: The comments (normalised text is best; any text works).
        topic_of_text: The topic id of each comment.
        topic_ids: The topics to profile.

    Returns:
        A dense ``len(topic_ids) x vocabulary`` array; a topic with no usable word
        gets a zero row (similar to nothing).
    """
    from cxnlp.topics.spanish import TopicAnalyzer

    ids = list(topic_ids)
    if not ids:
        return np.zeros((0, 0))
    topic_of = np.asarray(topic_of_text)
    keep = np.isin(topic_of, ids)
    docs = [str(t) if isinstance(t, str) else "" for t, k in zip(texts, keep, strict=True) if k]
    owners = topic_of[keep]
    vectorizer = CountVectorizer(analyzer=TopicAnalyzer(ngram_max=1), binary=True)
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError:  # no word at all (empty texts or only stop-words)
        return np.zeros((len(ids), 1))
    shares = np.vstack(
        [
            np.asarray(matrix[owners == t].mean(axis=0)).ravel()
            if (owners == t).any()
            else np.zeros(matrix.shape[1])
            for t in ids
        ]
    )
    used_by = (shares > 0).sum(axis=0)
    idf = np.log((1.0 + len(ids)) / (1.0 + used_by)) + 1.0
    profiles = shares * idf
    norms = np.linalg.norm(profiles, axis=1, keepdims=True)
    return profiles / np.where(norms == 0, 1.0, norms)


def group_causes(
    drivers: pd.DataFrame,
    topics: pd.DataFrame,
    frame: pd.DataFrame,
    *,
    min_similarity: float | None,
    keep_ids: Iterable[int] = (),
    semantic_floor: float | None = None,
    cross_stage: float = 1.0,
    comment_vectors: tuple[np.ndarray, np.ndarray] | None = None,
    neighbour_full: float | None = None,
    neighbour_k: int = 15,
) -> pd.DataFrame:
    """Map every ranked topic to its root cause.

    Args:
        drivers: The topic-level drivers table (``topic_id``, ``is_issue``, ``n``).
        topics: The topics table (``stage`` is read when present).
        frame: The enriched frame (``topic_id`` and ``text_norm`` or ``text``).
        min_similarity: Mean profile cosine two groups need to merge; None turns
            grouping off (every topic is its own cause).
        keep_ids: Topic ids that own a backlog item already, oldest first: a cause
            containing one of them keeps that id.
        semantic_floor: Centred-centroid cosine read as similarity 0 (None: words
            only). Needs ``topics["centroid"]``; topics without one are compared by words.
        cross_stage: Similarity two topics of different journey stages need to merge.
        comment_vectors: ``(positions, vectors)``: embedding vectors of (a sample of)
            the frame's rows at those positions, for the neighbourhood linkage.
        neighbour_full: Mutual neighbour share read as similarity 1
            (:func:`~cxnlp.drivers.linkage.neighbour_linkage`); None: not used.
        neighbour_k: Nearest neighbours per comment.

    Returns:
        One row per ranked topic: ``topic_id``, ``cause_id`` (a topic id),
        ``n_topics`` (members of the cause) and ``similarity`` (the member's mean
        similarity with the rest of its cause; NaN for a single topic).
    """
    ranked = drivers[["topic_id", "is_issue", "n"]].copy()
    ranked["topic_id"] = ranked["topic_id"].astype(int)
    cause = dict(zip(ranked["topic_id"], ranked["topic_id"], strict=True))
    similarity = dict.fromkeys(cause, np.nan)
    issues = ranked[ranked["is_issue"].astype(bool)].sort_values(
        ["n", "topic_id"], ascending=[False, True]
    )
    ids = issues["topic_id"].tolist()
    if min_similarity is not None and len(ids) > 1:
        texts = comment_texts(frame)
        if texts is None:
            log.warning("the frame has no text: issue topics are not grouped into causes")
        else:
            topic_of = pd.to_numeric(frame["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC)
            topic_of = topic_of.astype(int).to_numpy()
            if "dup_of" in frame.columns:
                # a pasted complaint or a retweet storm must not weigh its words many times
                topic_of = np.where(frame["dup_of"].isna().to_numpy(), topic_of, OUTLIER_TOPIC)
            profiles = term_profiles(texts, topic_of, ids)
            sims = profiles @ profiles.T
            if semantic_floor is not None:
                sims = np.maximum(sims, semantic_similarity(topics, ids, semantic_floor))
            if neighbour_full is not None and comment_vectors is not None:
                positions, vectors = comment_vectors
                shares = neighbour_shares(vectors, topic_of[positions], ids, k=neighbour_k)
                sims = np.maximum(sims, neighbour_linkage(shares, neighbour_full))
            stage_of = _stages(topics)
            groups = _average_linkage(
                sims, [stage_of.get(t) for t in ids], min_similarity, cross_stage=cross_stage
            )
            order = {int(t): i for i, t in enumerate(keep_ids)}
            sizes = dict(zip(issues["topic_id"], issues["n"], strict=True))
            for group in groups:
                members = [ids[i] for i in group]
                if len(members) == 1:
                    continue
                owners = sorted((order[t], t) for t in members if t in order)
                lead = owners[0][1] if owners else max(members, key=lambda t: (sizes[t], -t))
                for i in group:
                    others = [j for j in group if j != i]
                    cause[ids[i]] = lead
                    similarity[ids[i]] = float(sims[i, others].mean())
                log.info(
                    "cause %d groups topics %s (mean similarity %.2f)",
                    lead,
                    ", ".join(map(str, sorted(members))),
                    float(np.mean([similarity[t] for t in members])),
                )
    out = pd.DataFrame(
        {
            "topic_id": list(cause),
            "cause_id": [cause[t] for t in cause],
            "similarity": [similarity[t] for t in cause],
        }
    )
    out["n_topics"] = out.groupby("cause_id")["topic_id"].transform("size").astype(int)
    return out[list(CAUSE_COLUMNS)].sort_values(["cause_id", "topic_id"]).reset_index(drop=True)


def semantic_similarity(topics: pd.DataFrame, ids: Sequence[int], floor: float) -> np.ndarray:
    """Pairwise meaning similarity of ``ids`` from their centred embedding centroids.

    The centre is the size-weighted mean centroid of every topic in ``topics``
    (outliers excluded). Pairs where either topic lacks a centroid get 0.

    Args:
        topics: The topics table (``topic_id``, ``centroid``, ``size``).
        ids: The topics to compare, in the order of the returned rows.
        floor: Centred cosine that maps to 0; 1 maps to 1; below the floor is 0.

    Returns:
        A ``len(ids) x len(ids)`` array in [0, 1] (diagonal 1 where a centroid exists).
    """
    n = len(ids)
    out = np.zeros((n, n))
    if n == 0 or topics is None or "centroid" not in topics.columns:
        return out
    table = topics[pd.to_numeric(topics["topic_id"], errors="coerce") >= 0]
    vectors: dict[int, np.ndarray] = {}
    weights: dict[int, float] = {}
    for tid, centroid, size in zip(
        table["topic_id"].astype(int),
        table["centroid"],
        table.get("size", pd.Series(1, index=table.index)),
        strict=True,
    ):
        vector = np.asarray(_as_list(centroid), dtype=float)
        if vector.size and np.all(np.isfinite(vector)):
            vectors[int(tid)] = vector
            weights[int(tid)] = max(_num(size), 1.0)
    dims = {v.size for v in vectors.values()}
    if len(dims) != 1 or len(vectors) < 3:
        return out  # no centroids, mixed models, or too few topics to know what is common
    stacked = np.vstack(list(vectors.values()))
    w = np.array(list(weights.values()))
    centre = (stacked * w[:, None]).sum(axis=0) / w.sum()
    have = np.array([int(t) in vectors for t in ids])
    rows = np.vstack([vectors.get(int(t), centre) - centre for t in ids])
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows = rows / np.where(norms == 0, 1.0, norms)
    cosine = rows @ rows.T
    out = np.clip((cosine - floor) / (1.0 - floor), 0.0, 1.0)
    out[~have, :] = 0.0
    out[:, ~have] = 0.0
    return out


def comment_texts(frame: pd.DataFrame) -> list[str] | None:
    """Each row's normalised text, or its text where it has none."""
    columns = [c for c in ("text_norm", "text") if c in frame.columns]
    if not columns:
        return None
    text = frame[columns[0]]
    for column in columns[1:]:
        text = text.where(text.notna(), frame[column])
    return [t if isinstance(t, str) else "" for t in text]


def _stages(topics: pd.DataFrame) -> dict[int, str | None]:
    if topics is None or topics.empty or "stage" not in topics.columns:
        return {}
    out: dict[int, str | None] = {}
    for tid, stage in zip(topics["topic_id"], topics["stage"], strict=True):
        out[int(tid)] = stage.strip() or None if isinstance(stage, str) else None
    return out


def _average_linkage(
    sims: np.ndarray, stages: Sequence[str | None], threshold: float, *, cross_stage: float = 1.0
) -> list[list[int]]:
    """Agglomerate indices by mean pairwise similarity.

    Two groups mapped to different named stages merge only when their mean
    similarity reaches ``cross_stage`` (and ``threshold``).

    Keeps the sum of pairwise similarities between every two groups, so each merge
    costs one pass over a groups x groups matrix (a few hundred issue topics take
    well under a second).
    """
    n = len(stages)
    groups: list[list[int]] = [[i] for i in range(n)]
    label = [s or None for s in stages]
    total = np.array(sims, dtype=float, copy=True)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)

    def compatible(a: int) -> np.ndarray:
        return np.array(
            [label[a] is None or label[b] is None or label[a] == label[b] for b in range(n)]
        )

    allowed = np.vstack([compatible(a) for a in range(n)]) if n else np.zeros((0, 0), bool)
    while alive.sum() > 1:
        mask = alive[:, None] & alive[None, :]
        np.fill_diagonal(mask, False)
        mean = total / np.outer(size, size)
        mask &= allowed | (mean >= cross_stage)
        mean = np.where(mask, mean, -np.inf)
        a, b = divmod(int(np.argmax(mean)), n)
        if mean[a, b] < threshold:
            break
        a, b = min(a, b), max(a, b)
        groups[a].extend(groups[b])
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        size[a] += size[b]
        alive[b] = False
        label[a] = label[a] or label[b]
        allowed[a, :] = compatible(a)
        allowed[:, a] = allowed[a, :]
    return [groups[i] for i in range(n) if alive[i]]
