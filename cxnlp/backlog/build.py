"""One backlog item per root cause, with a stable id so every run updates the same item.

The item id comes from the topic's stable id (``CX-0007`` for topic 7), so the
next run's item for the same topic *is* yesterday's item: it keeps its
``first_seen`` and gets fresh figures. Items of the previous backlog whose topic
vanished or no longer costs points are kept, marked ``resolved``; a resolved
item whose topic comes back as a root cause is open again.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.backlog.describe import as_list, clean_value, describe_item
from cxnlp.backlog.render import to_jira, to_markdown
from cxnlp.drivers.frame import to_timestamp
from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)

BACKLOG_COLUMNS = (
    "item_id", "topic_id", "topic_ids", "title", "priority", "score", "status", "merged_into",
    "rank", "reason", "description_md", "description_jira", "stage", "keywords", "first_seen",
    "last_updated", "resolved_at", "run_id", "curation",
)  # fmt: skip


def item_id_for(topic_id: int) -> str:
    """The stable backlog id of a topic: ``CX-`` and the topic id padded to 4 digits."""
    return f"CX-{int(topic_id):04d}"


def build_backlog(
    drivers: pd.DataFrame,
    topics: pd.DataFrame,
    frame: pd.DataFrame,
    *,
    previous: pd.DataFrame | None,
    run_id: str,
    as_of: datetime | date | str,
) -> pd.DataFrame:
    """Turn the drivers table into backlog items, merged with the previous run's backlog.

    Every driver flagged ``in_backlog`` (the evidence gate of :mod:`cxnlp.drivers.priority`;
    ``is_issue`` for a drivers table from before it) becomes an item: ``item_id`` (stable),
    ``title`` (the topic label), ``description_md`` and ``description_jira`` (evidence:
    figures, affected segments, 3-5 representative redacted comments, the reason),
    ``priority`` (P1-P4) and ``score``, ``status`` (``open``, or ``resolved`` when the
    topic tracker says so), ``first_seen``, ``last_updated``, ``resolved_at`` and
    ``run_id``, and ``topic_ids`` (the topics the cause groups). Items of ``previous``
    that are not root causes any more stay in the backlog marked ``resolved`` (their
    figures are left as last seen); items whose topic now belongs to another cause
    are marked ``merged`` with ``merged_into`` set.

    Args:
        drivers: The drivers table of this run (:func:`cxnlp.drivers.rank_drivers`).
        topics: This run's topics table (keywords, representative texts, status, first_seen).
        frame: The enriched frame (only its redacted ``text`` is ever quoted).
        previous: The previous run's backlog, or None on the first run.
        run_id: This run's id.
        as_of: The run's reference time.

    Returns:
        The backlog, open items by rank first, then resolved items.

    Raises:
        CxnlpError: if the drivers table lacks the columns the backlog needs.
    """
    needed = {"topic_id", "label", "is_issue", "priority", "priority_score", "rank", "reason"}
    missing = needed - set(drivers.columns)
    if missing:
        raise CxnlpError(
            f"the drivers table lacks {sorted(missing)}; build it with cxnlp.drivers.rank_drivers"
        )
    now = to_timestamp(as_of)
    prev = _previous_by_id(previous)
    topic_rows = _topics_by_id(topics)
    # the evidence gate of the drivers (in_backlog); tables from before it: every issue
    chosen = drivers["in_backlog"] if "in_backlog" in drivers.columns else drivers["is_issue"]
    issues = drivers[chosen.fillna(False).astype(bool)]
    gated = {
        item_id_for(int(t)): str(r)
        for t, i, k, r in zip(
            drivers["topic_id"],
            drivers["is_issue"].fillna(False).astype(bool),
            chosen.fillna(False).astype(bool),
            drivers.get("backlog_rule", pd.Series("", index=drivers.index)),
            strict=True,
        )
        if i and not k
    }
    n_ranked = len(drivers)
    members = _members(drivers)

    items: list[dict[str, Any]] = []
    for _, row in issues.iterrows():
        tid = int(row["topic_id"])
        iid = item_id_for(tid)
        topic = topic_rows.get(tid, {})
        before = prev.get(iid)
        resolved_by_tracker = str(topic.get("status") or "") == "resolved"
        status = "resolved" if resolved_by_tracker else "open"
        if before is not None and before.get("status") == "resolved" and status == "open":
            log.info("backlog item %s reopened: topic %d is a root cause again", iid, tid)
        blocks = describe_item(
            row,
            topic,
            frame,
            item_id=iid,
            run_id=run_id,
            as_of=now,
            status=status,
            n_ranked=n_ranked,
        )
        items.append(
            {
                "item_id": iid,
                "topic_id": tid,
                "topic_ids": ", ".join(map(str, members.get(tid, [tid]))),
                "title": str(row["label"]),
                "priority": str(row["priority"]),
                "score": float(row["priority_score"]),
                "status": status,
                "merged_into": None,
                "rank": int(row["rank"]),
                "reason": str(row["reason"]),
                "description_md": to_markdown(blocks),
                "description_jira": to_jira(blocks),
                "stage": clean_value(topic.get("stage")),
                "keywords": ", ".join(map(str, as_list(topic.get("keywords")))),
                "first_seen": _first_seen(before, topic, now),
                "last_updated": now,
                "resolved_at": now if status == "resolved" else pd.NaT,
                "run_id": run_id,
                # analysts' edits (cxnlp.themes), e.g. "✎ renombrado por ana"
                "curation": clean_value(row.get("curation")) or "",
            }
        )

    current_ids = {item["item_id"] for item in items}
    ranked_ids = {item_id_for(t) for t in drivers["topic_id"]}
    cause_of = {m: cause for cause, group in members.items() for m in group if m != cause}
    for iid, before in prev.items():
        if iid in current_ids:
            continue
        into = _cause_item(before, cause_of)
        if into is not None and into in current_ids and before.get("status") != "resolved":
            items.append(_merge(before, into=into, now=now, run_id=run_id))
            continue
        items.append(
            _resolve(
                before,
                now=now,
                run_id=run_id,
                still_ranked=iid in ranked_ids,
                below_gate=gated.get(iid),
            )
        )

    backlog = pd.DataFrame(items, columns=list(BACKLOG_COLUMNS))
    backlog["_open"] = backlog["status"] == "open"
    backlog = backlog.sort_values(
        ["_open", "rank", "item_id"], ascending=[False, True, True], na_position="last"
    ).drop(columns="_open")
    for column in ("first_seen", "last_updated", "resolved_at"):
        backlog[column] = pd.to_datetime(backlog[column])
    return backlog.reset_index(drop=True)


def _resolve(
    before: dict[str, Any],
    *,
    now: pd.Timestamp,
    run_id: str,
    still_ranked: bool,
    below_gate: str | None = None,
) -> dict[str, Any]:
    item = {col: before.get(col) for col in BACKLOG_COLUMNS}
    item["run_id"] = run_id
    if before.get("status") == "resolved":
        return item  # already resolved on an earlier run: left as it was
    why = (
        f"el tema sigue restando, pero ya no reúne la evidencia del backlog ({below_gate}); "
        "sigue en la tabla completa del informe"
        if below_gate
        else "el tema sigue apareciendo pero ya no resta puntuación"
        if still_ranked
        else "el tema ya no aparece entre las causas de la ventana"
    )
    note = f"Resuelto el {now:%Y-%m-%d}: {why}."
    item["status"] = "resolved"
    item["merged_into"] = None  # a merged topic that left its cause is resolved on its own
    item["resolved_at"] = now
    item["last_updated"] = now
    item["description_md"] = f"**{note}**\n\n" + str(before.get("description_md") or "")
    item["description_jira"] = f"*{note}*\n\n" + str(
        before.get("description_jira") or before.get("description_md") or ""
    )
    return item


def _merge(before: dict[str, Any], *, into: str, now: pd.Timestamp, run_id: str) -> dict[str, Any]:
    item = {col: before.get(col) for col in BACKLOG_COLUMNS}
    item["run_id"] = run_id
    if before.get("status") == "merged" and before.get("merged_into") == into:
        return item  # merged on an earlier run: left as it was
    note = (
        f"Agrupado el {now:%Y-%m-%d} en {into}: este tema es ahora parte de esa causa raíz, "
        "que sigue abierta con las cifras de todos sus temas."
    )
    item["status"] = "merged"
    item["merged_into"] = into
    item["last_updated"] = now
    item["resolved_at"] = pd.NaT
    item["description_md"] = f"**{note}**\n\n" + str(before.get("description_md") or "")
    item["description_jira"] = f"*{note}*\n\n" + str(
        before.get("description_jira") or before.get("description_md") or ""
    )
    return item


def _members(drivers: pd.DataFrame) -> dict[int, list[int]]:
    """Cause topic id -> the topic ids it groups (from ``member_topic_ids`` when present)."""
    out: dict[int, list[int]] = {}
    column = drivers["member_topic_ids"] if "member_topic_ids" in drivers.columns else None
    for i, tid in enumerate(drivers["topic_id"].astype(int)):
        value = column.iloc[i] if column is not None else None
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = None
        group = [int(t) for t in as_list(value)] or [tid]
        out[tid] = group if tid in group else [tid, *group]
    return out


def _cause_item(before: dict[str, Any], cause_of: dict[int, int]) -> str | None:
    try:
        tid = int(before.get("topic_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return item_id_for(cause_of[tid]) if tid in cause_of else None


def _previous_by_id(previous: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    if previous is None or previous.empty:
        return {}
    if "item_id" not in previous.columns:
        raise CxnlpError(
            "the previous backlog has no 'item_id' column; pass the backlog a previous run "
            "wrote (or None on the first run)"
        )
    records = previous.drop_duplicates("item_id", keep="last").to_dict("records")
    return {str(r["item_id"]): r for r in records}


def _topics_by_id(topics: pd.DataFrame | None) -> dict[int, dict[str, Any]]:
    if topics is None or topics.empty:
        return {}
    return {int(r["topic_id"]): r for r in topics.to_dict("records")}


def _first_seen(
    before: dict[str, Any] | None, topic: dict[str, Any], now: pd.Timestamp
) -> pd.Timestamp:
    if before is not None and pd.notna(before.get("first_seen")):
        return pd.Timestamp(before["first_seen"])
    seen = topic.get("first_seen")
    if seen is not None and not (isinstance(seen, float) and np.isnan(seen)) and pd.notna(seen):
        return pd.Timestamp(seen)
    return now.normalize()
