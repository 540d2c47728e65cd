"""Keep topic ids stable across nightly refits, and count topic volume per day.

Each night's fit numbers its clusters afresh (0 = largest). :func:`track_topics`
matches them to the previous run's topics so that a topic that persists keeps
its ``topic_id``, ``label`` and ``first_seen``:

1. similarity of every (previous, current) pair: cosine of the centroids, and
   the overlap of their keywords (compared as stems, so "cobros" meets "cobro");
2. a pair may match when the cosine reaches ``track_min_similarity`` *and* the
   keyword overlap reaches ``track_min_keyword_overlap``, or when the cosine
   alone reaches ``track_strong_similarity``; and in every case only when the
   two are closer to each other than either is to its nearest sibling in its
   own run. That last rule makes matching independent of the embedder's scale:
   with e5 embeddings distinct topics of one run already have centroid cosines
   around 0.97, with USE around 0.7;
3. among the pairs that may match, a one-to-one assignment maximising
   ``cosine + 0.5 * overlap`` (Hungarian algorithm).

Matched topics are ``persisting``; unmatched current topics get fresh ids
(after the largest id seen before) and status ``new``; previous topics left
unmatched come back in a second frame with status ``resolved``. Topics that
were already resolved are carried in that frame again, run after run, so that
the largest id ever used stays in the table and no id is ever reused; a
resolved topic that comes back is matched and persists under its old id.

How to rewrite assignments: :func:`track_topics` also returns
``{raw cluster id: stable topic id}`` (with ``-1 -> -1``), and the tracked frame
keeps the raw id of each topic in its ``cluster_id`` column (:func:`id_mapping`
rebuilds the map from it). :func:`remap_assignments` applies the map to an
array; :func:`apply_tracking` returns the whole fit result renumbered
(assignments before and after outlier reduction, table, keyword keys), ready
to save so that :func:`cxnlp.topics.fit.assign_topics` answers in stable ids.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from cxnlp.errors import ModelError
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.result import TopicModelResult
from cxnlp.topics.spanish import TopicAnalyzer

logger = logging.getLogger(__name__)

STATUSES = ("new", "persisting", "emerging", "resolved")
KEYWORD_WEIGHT = 0.5


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _centroid_matrix(frame: pd.DataFrame, where: str) -> np.ndarray:
    if "centroid" not in frame.columns:
        raise ModelError(
            f"the {where} topic table has no 'centroid' column; tracking needs the centroids "
            "that fit_topics writes (columns found: " + ", ".join(map(str, frame.columns)) + ")"
        )
    if frame.empty:
        return np.zeros((0, 0), dtype=np.float32)
    rows = [np.asarray(c, dtype=np.float32) for c in frame["centroid"]]
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        raise ModelError(f"{where} topic centroids have different lengths {sorted(widths)}")
    matrix = np.vstack(rows)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _nearest_sibling(centroids: np.ndarray) -> np.ndarray:
    """Cosine of each topic to the closest other topic of the same run (-1 when alone)."""
    if len(centroids) < 2:
        return np.full(len(centroids), -1.0)
    cos = centroids @ centroids.T
    np.fill_diagonal(cos, -1.0)
    return cos.max(axis=1)


def _keyword_sets(frame: pd.DataFrame, analyzer: TopicAnalyzer) -> list[set[str]]:
    out = []
    for keywords in frame["keywords"]:
        keys = {analyzer.key_of(str(k)) for k in (keywords if keywords is not None else [])}
        out.append({k for k in keys if k})
    return out


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def match_topics(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    config: TopicsConfig | None = None,
) -> list[tuple[int, int, float, float]]:
    """Pairs ``(previous row, current row, cosine, keyword overlap)`` that are the same topic."""
    config = config or TopicsConfig()
    if previous.empty or current.empty:
        return []
    prev_c = _centroid_matrix(previous, "previous")
    cur_c = _centroid_matrix(current, "current")
    if prev_c.shape[1] != cur_c.shape[1]:
        logger.warning(
            "previous topics have %d-d centroids, current ones %d-d (embedder changed?): "
            "no topic is matched",
            prev_c.shape[1],
            cur_c.shape[1],
        )
        return []
    cos = prev_c @ cur_c.T
    analyzer = TopicAnalyzer()
    prev_k, cur_k = _keyword_sets(previous, analyzer), _keyword_sets(current, analyzer)
    overlap = np.array([[_overlap(p, c) for c in cur_k] for p in prev_k])
    eligible = (
        (cos >= config.track_min_similarity) & (overlap >= config.track_min_keyword_overlap)
    ) | (cos >= config.track_strong_similarity)
    eligible &= cos > _nearest_sibling(prev_c)[:, None]
    eligible &= cos > _nearest_sibling(cur_c)[None, :]
    score = cos + KEYWORD_WEIGHT * overlap
    cost = np.where(eligible, -score, 1e6)
    rows, cols = linear_sum_assignment(cost)
    return [
        (int(r), int(c), float(cos[r, c]), float(overlap[r, c]))
        for r, c in zip(rows, cols, strict=True)
        if eligible[r, c]
    ]


def track_topics(
    previous: pd.DataFrame | None,
    current: pd.DataFrame,
    *,
    run_date: date | datetime | str,
    config: TopicsConfig | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, int]]:
    """Give this run's topics the ids of the same topics in the previous run.

    Args:
        previous: the previous run's topic table (None or empty on the first run),
            resolved rows included: they can be matched again (the topic came back).
        current: this run's table from :func:`cxnlp.topics.fit.fit_topics`.
        run_date: the run's date (``first_seen`` of new topics).
        config: thresholds (``track_*``); defaults when None.

    Returns:
        ``(tracked, resolved, mapping)``: the current topics with stable
        ``topic_id``, ``label``, ``status`` (``persisting`` or ``new``),
        ``first_seen`` and ``cluster_id`` (the raw id); the previous topics left
        unmatched, with status ``resolved``; and ``{raw cluster id: stable id}``
        with ``-1 -> -1``.
    """
    day = _as_date(run_date)
    tracked = current.copy()
    tracked["cluster_id"] = tracked["topic_id"].astype(np.int64)
    tracked["status"] = "new"
    tracked["first_seen"] = day
    empty_resolved = pd.DataFrame(columns=[*tracked.columns.drop("cluster_id")])
    if previous is None or previous.empty:
        tracked["topic_id"] = np.arange(len(tracked), dtype=np.int64)
        tracked = tracked.reset_index(drop=True)
        return tracked, empty_resolved, id_mapping(tracked)

    prev = previous.reset_index(drop=True)
    pairs = match_topics(prev, tracked.reset_index(drop=True), config)
    tracked = tracked.reset_index(drop=True)
    new_ids = np.full(len(tracked), -1, dtype=np.int64)
    matched_prev: set[int] = set()
    for p, c, cos, overlap in pairs:
        matched_prev.add(p)
        new_ids[c] = int(prev.at[p, "topic_id"])
        tracked.at[c, "label"] = prev.at[p, "label"]
        tracked.at[c, "status"] = "persisting"
        seen = prev.at[p, "first_seen"] if "first_seen" in prev.columns else None
        tracked.at[c, "first_seen"] = (
            _as_date(seen) if seen is not None and not pd.isna(seen) else day
        )
        logger.debug("topic %d persists (cos %.3f, keyword overlap %.2f)", new_ids[c], cos, overlap)
    next_id = int(prev["topic_id"].max()) + 1
    for c in range(len(tracked)):
        if new_ids[c] == -1:
            new_ids[c] = next_id
            next_id += 1
    tracked["topic_id"] = new_ids

    gone = [p for p in range(len(prev)) if p not in matched_prev]
    resolved = prev.loc[gone].copy()
    resolved["status"] = "resolved"
    was_resolved = (
        prev.loc[gone, "status"].fillna("").eq("resolved").to_numpy()
        if "status" in prev.columns
        else np.zeros(len(gone), dtype=bool)
    )
    logger.info(
        "topics tracked: %d persisting, %d new, %d newly resolved",
        int((tracked["status"] == "persisting").sum()),
        int((tracked["status"] == "new").sum()),
        int((~was_resolved).sum()),
    )
    return tracked, resolved.reset_index(drop=True), id_mapping(tracked)


def id_mapping(tracked: pd.DataFrame) -> dict[int, int]:
    """``{raw cluster id: stable topic id}`` from a tracked frame, with ``-1 -> -1``."""
    mapping = {
        int(c): int(t) for c, t in zip(tracked["cluster_id"], tracked["topic_id"], strict=True)
    }
    mapping[-1] = -1
    return mapping


def remap_assignments(
    assignments: Sequence[int] | np.ndarray, mapping: Mapping[int, int]
) -> np.ndarray:
    """Rewrite raw cluster ids as stable topic ids.

    Raises:
        ModelError: if an assignment has no entry in ``mapping``.
    """
    arr = np.asarray(assignments, dtype=np.int64)
    missing = sorted(set(np.unique(arr).tolist()) - set(mapping))
    if missing:
        raise ModelError(f"cluster ids {missing[:10]} have no stable id in the tracking map")
    lookup = np.vectorize(lambda x: mapping[int(x)], otypes=[np.int64])
    return lookup(arr) if arr.size else arr


def apply_tracking(result: TopicModelResult, tracked: pd.DataFrame) -> TopicModelResult:
    """Return ``result`` renumbered with the stable ids (and labels, status) of ``tracked``."""
    mapping = id_mapping(tracked)
    by_cluster = tracked.set_index("cluster_id")
    order = [int(c) for c in result.cluster_ids]
    table = by_cluster.loc[order].reset_index()
    table = table[[c for c in tracked.columns if c != "cluster_id"]]
    return dataclasses.replace(
        result,
        assignments=remap_assignments(result.assignments, mapping),
        assignments_before=remap_assignments(result.assignments_before, mapping),
        topics=table.reset_index(drop=True),
        keyword_keys={mapping[k]: v for k, v in result.keyword_keys.items()},
        coherence_by_topic={mapping[k]: v for k, v in result.coherence_by_topic.items()},
    )


def topic_volume_daily(
    created_at: Sequence[datetime] | pd.Series,
    topic_ids: Sequence[int] | np.ndarray,
) -> pd.DataFrame:
    """Comments per day and topic (``-1`` included: the comments in no topic).

    Args:
        created_at: when each comment was written (naive UTC; missing values are skipped).
        topic_ids: topic id per comment, aligned with ``created_at``.

    Returns:
        Columns ``date`` (datetime.date), ``topic_id`` (int), ``n`` (int), sorted.
    """
    if len(created_at) != len(topic_ids):
        raise ModelError(
            f"got {len(created_at)} timestamps but {len(topic_ids)} topic ids; they must align"
        )
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(list(created_at)), errors="coerce"),
            "topic_id": np.asarray(topic_ids, dtype=np.int64),
        }
    ).dropna(subset=["date"])
    if frame.empty:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype=object),
                "topic_id": pd.Series(dtype="int64"),
                "n": pd.Series(dtype="int64"),
            }
        )
    frame["date"] = frame["date"].dt.date
    out = frame.groupby(["date", "topic_id"], sort=True).size().reset_index(name="n")
    out["n"] = out["n"].astype("int64")
    return out


def split_groups(
    previous: pd.DataFrame | None,
    centroids: np.ndarray,
    keys: Sequence[set[str]],
    config: TopicsConfig | None = None,
) -> list[list[int]]:
    """Groups of this fit's clusters that are pieces of one previous topic.

    A refit on a window that moved by a few percent can cut a topic that was one
    the night before into two clusters ("Iniciar sesión" and "Error al entrar").
    Reported as is, the second piece would show up as a new topic although nothing
    new happened. A cluster is a piece of previous topic ``p`` when ``p`` is its
    nearest previous topic, it is closer to ``p`` than ``p``'s nearest sibling of
    the previous run was (the scale-free rule of :func:`match_topics`), and it shares
    keywords with ``p`` (``track_min_keyword_overlap``) or its cosine reaches
    ``track_strong_similarity``. Groups of two or more pieces are returned, each
    as row positions of ``centroids``; the caller merges every group into one topic,
    so the previous granularity holds from night to night.

    Args:
        previous: the previous run's topic table (None on the first run).
        centroids: unit centroids of this fit's clusters, one row per cluster.
        keys: the keyword keys of each cluster (as :class:`TopicAnalyzer` keys).
        config: thresholds (``track_*``); defaults when None.
    """
    config = config or TopicsConfig()
    if previous is None or "centroid" not in previous.columns:
        return []
    width = centroids.shape[1] if centroids.ndim == 2 else 0
    has_centroid = [c is not None and np.size(c) == width for c in previous["centroid"]]
    previous = previous[has_centroid].reset_index(drop=True)
    if len(previous) < 2 or len(centroids) < 2:
        return []
    # rows of another width (the embedder changed) were dropped above: nothing to anchor to
    prev_c = _centroid_matrix(previous, "previous")
    cos = centroids @ prev_c.T
    sibling = _nearest_sibling(prev_c)
    prev_keys = _keyword_sets(previous, TopicAnalyzer())
    groups: dict[int, list[int]] = {}
    for c in range(len(centroids)):
        p = int(np.argmax(cos[c]))
        close = cos[c, p] > sibling[p]
        alike = _overlap(set(keys[c]), prev_keys[p]) >= config.track_min_keyword_overlap
        if close and (alike or cos[c, p] >= config.track_strong_similarity):
            groups.setdefault(p, []).append(c)
    found = [g for g in groups.values() if len(g) > 1]
    for g in found:
        logger.info(
            "%d clusters are pieces of previous topic %s: kept as one",
            len(g),
            previous.iloc[int(np.argmax(cos[g[0]]))]["topic_id"],
        )
    return found
