"""Group issue topics that describe the same root cause, so the backlog gets one item per cause.

A density-based topic model often splits one complaint into several pure topics
("no llega el pedido", "el seguimiento no se mueve", "el repartidor no vino"):
each is right, but a product team wants one backlog item for late deliveries,
with the sub-topics listed inside it. Embedding centroids cannot tell these
siblings from unrelated complaints (every negative comment lies close to every
other), so the grouping reads the words instead:

- each issue topic gets a *term profile*: the share of its comments that use
  each stemmed word (:class:`~cxnlp.topics.spanish.TopicAnalyzer`), weighted by
  how few issue topics use that word (idf), scaled to unit length; duplicates
  (``dup_of`` set) are left out, so a retweet storm does not weigh its words again;
- issue topics are merged by average linkage while the mean cosine between two
  groups' profiles is at least ``ranking.group_min_similarity``;
- two topics mapped to *different* journey stages are never merged (the stages
  are the CX team's own map), and topics that are not issues are never merged.

A cause keeps the id of one of its topics. That id is stable across runs: a
member that already had a backlog item keeps it (the oldest such item wins),
otherwise the largest member gives its id. The cause's label is its largest
member's label. Figures of a cause are recomputed for the union of its topics'
comments (:func:`apply_causes` renumbers the frame before ranking), never summed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from cxnlp.drivers.frame import OUTLIER_TOPIC

log = logging.getLogger(__name__)

CAUSE_COLUMNS = ("topic_id", "cause_id", "n_topics", "similarity")


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

    Returns:
        One row per ranked topic: ``topic_id``, ``cause_id`` (a topic id),
        ``n_topics`` (members of the cause) and ``similarity`` (the member's mean
        profile cosine with the rest of its cause; NaN for a single topic).
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
            stage_of = _stages(topics)
            groups = _average_linkage(
                profiles @ profiles.T, [stage_of.get(t) for t in ids], min_similarity
            )
            order = {int(t): i for i, t in enumerate(keep_ids)}
            sizes = dict(zip(issues["topic_id"], issues["n"], strict=True))
            sims = profiles @ profiles.T
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
                    "cause %d groups topics %s (mean term-profile cosine %.2f)",
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
    sims: np.ndarray, stages: Sequence[str | None], threshold: float
) -> list[list[int]]:
    """Agglomerate indices by mean pairwise similarity; no group spans two named stages.

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
        mask = allowed & alive[:, None] & alive[None, :]
        np.fill_diagonal(mask, False)
        mean = np.where(mask, total / np.outer(size, size), -np.inf)
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


def apply_causes(
    frame: pd.DataFrame, topics: pd.DataFrame, causes: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame and topics table seen as causes: member topics renumbered to their cause.

    Topics outside ``causes`` (e.g. too small to be ranked) keep their id. A
    cause's topics row is its lead's, with ``label`` from the largest member,
    ``size`` summed, keywords and representative comments interleaved from the
    members by size, the earliest ``first_seen``, and three new list columns:
    ``member_topic_ids``, ``member_labels`` and ``member_sizes`` (largest first).

    Args:
        frame: The enriched frame (``topic_id``, optional ``topic_ids`` lists).
        topics: The run's topics table.
        causes: The mapping of :func:`group_causes` (None or empty: no change).

    Returns:
        New ``(frame, topics)``; the inputs are not modified.
    """
    topics = topics.copy()
    ids = topics["topic_id"].astype(int) if "topic_id" in topics.columns else pd.Series(dtype=int)
    sizes = dict(zip(ids, topics.get("size", pd.Series(0, index=topics.index)), strict=True))
    labels = dict(zip(ids, topics.get("label", pd.Series("", index=topics.index)), strict=True))
    mapping: dict[int, int] = {}
    if causes is not None and not causes.empty:
        mapping = {
            int(t): int(c)
            for t, c in zip(causes["topic_id"], causes["cause_id"], strict=True)
            if int(t) != int(c)
        }
    members: dict[int, list[int]] = {int(t): [int(t)] for t in ids}
    for tid, cid in mapping.items():
        members.setdefault(cid, [cid])
        members[cid].append(tid)
    for group in members.values():
        group.sort(key=lambda t: (-_num(sizes.get(t)), t))
    topics["member_topic_ids"] = [members.get(int(t), [int(t)]) for t in ids]
    topics["member_labels"] = [
        [str(labels.get(m, "")) for m in g] for g in topics["member_topic_ids"]
    ]
    topics["member_sizes"] = [
        [int(_num(sizes.get(m))) for m in g] for g in topics["member_topic_ids"]
    ]
    if not mapping:
        return frame, topics

    by_id = {int(r["topic_id"]): r for r in topics.to_dict("records")}
    rows = []
    for record in topics.to_dict("records"):
        tid = int(record["topic_id"])
        if tid in mapping:
            continue
        group = record["member_topic_ids"]
        if len(group) > 1:
            record = _merge_rows(record, [by_id[m] for m in group if m in by_id])
        rows.append(record)
    merged_topics = pd.DataFrame(rows, columns=topics.columns).reset_index(drop=True)

    out = frame.copy()
    current = pd.to_numeric(out["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC).astype(int)
    out["topic_id"] = current.map(lambda t: mapping.get(t, t)).astype(int)
    if "topic_ids" in out.columns:
        out["topic_ids"] = [
            sorted({mapping.get(int(t), int(t)) for t in v})
            if isinstance(v, list | tuple | np.ndarray)
            else v
            for v in out["topic_ids"]
        ]
    return out, merged_topics


def remap_daily(daily: pd.DataFrame, causes: pd.DataFrame | None) -> pd.DataFrame:
    """Daily topic volumes (``date``, ``topic_id``, ``n``) summed per cause."""
    if causes is None or causes.empty or daily.empty:
        return daily
    mapping = dict(zip(causes["topic_id"].astype(int), causes["cause_id"].astype(int), strict=True))
    out = daily.copy()
    out["topic_id"] = out["topic_id"].astype(int).map(lambda t: mapping.get(t, t))
    return out.groupby(["date", "topic_id"], as_index=False)["n"].sum()


def _merge_rows(lead: dict[str, Any], group: list[dict[str, Any]]) -> dict[str, Any]:
    """One topics row for a cause; ``group`` is ordered largest member first."""
    out = dict(lead)
    out["label"] = group[0].get("label", lead.get("label"))
    out["size"] = int(sum(_num(r.get("size")) for r in group))
    keywords = [_as_list(r.get("keywords")) for r in group]
    out["keywords"] = _interleave(keywords)[: max(len(v) for v in keywords)]
    # representative ids and texts travel as pairs so they stay aligned
    pairs = [
        list(
            zip(
                _as_list(r.get("representative_ids")),
                _as_list(r.get("representative_texts")),
                strict=False,
            )
        )
        for r in group
    ]
    chosen = _interleave(pairs)[: max(len(v) for v in pairs)]
    out["representative_ids"] = [p[0] for p in chosen]
    out["representative_texts"] = [p[1] for p in chosen]
    stages = [r.get("stage") for r in group if isinstance(r.get("stage"), str) and r["stage"]]
    out["stage"] = stages[0] if stages else lead.get("stage")
    seen = [pd.Timestamp(r["first_seen"]) for r in group if pd.notna(r.get("first_seen"))]
    if seen:
        out["first_seen"] = min(seen)
    statuses = {str(r.get("status")) for r in group}
    if "status" in out:
        out["status"] = (
            "new"
            if statuses == {"new"}
            else "resolved"
            if statuses == {"resolved"}
            else "persisting"
        )
    centroids = [np.asarray(_as_list(r.get("centroid")), dtype=float) for r in group]
    if centroids and all(len(c) == len(centroids[0]) and len(c) for c in centroids):
        weights = np.array([max(_num(r.get("size")), 1.0) for r in group])
        mean = (np.vstack(centroids) * weights[:, None]).sum(axis=0)
        norm = float(np.linalg.norm(mean))
        out["centroid"] = (mean / norm if norm else mean).tolist()
    return out


def _interleave(lists: list[list[Any]]) -> list[Any]:
    out: list[Any] = []
    for i in range(max((len(v) for v in lists), default=0)):
        for values in lists:
            if i < len(values) and values[i] not in out:
                out.append(values[i])
    return out


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | np.ndarray) else []


def _num(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if np.isfinite(number) else 0.0
