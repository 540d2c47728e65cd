"""A window seen as root causes: member topics renumbered to their cause, topics rows merged.

:func:`~cxnlp.drivers.causes.group_causes` decides which topics form a cause;
this module applies that mapping to the frame, the topics table and daily volumes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import OUTLIER_TOPIC


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
