"""Apply the curated state to a night's tables: names, grouping, "no es un problema", marks.

Called by the ranking step (:mod:`cxnlp.run.drivers`) in this order:

1. :func:`curate_topics` on the tracked topics (renamed labels, marks);
2. :func:`curate_causes` on the machine's grouping (pins and unmerges keep topics
   apart, manual merges put them together) *before* the causes are applied to the
   frame, so a merged cause's figures are recomputed on the union of its comments;
3. :func:`curate_topics` again on the cause-level topics (a rename of a cause id);
4. :func:`curate_drivers` on the final ranking (ignored causes leave the backlog
   but stay ranked and counted in the report, marked).

Every function returns new frames; inputs are not modified.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.cause_view import _as_list, _num
from cxnlp.themes.state import CuratedState

log = logging.getLogger(__name__)

MARK_SEPARATOR = " · "


def _members_of(row: dict[str, Any]) -> list[int]:
    members = [int(t) for t in _as_list(row.get("member_topic_ids"))]
    tid = int(row["topic_id"])
    return members if tid in members else [tid, *members]


def curate_topics(topics: pd.DataFrame, state: CuratedState) -> pd.DataFrame:
    """Topics with curated names in ``label`` and the marks in ``curation`` (empty: none).

    A cause row (with ``member_topic_ids``) is marked by every edit on any member,
    and renamed by an edit on its own id.
    """
    out = topics.copy()
    if "topic_id" not in out.columns:
        return out
    records = out.to_dict("records")
    labels, marks = [], []
    for row in records:
        tid = int(row["topic_id"])
        edit = state.names.get(tid)
        labels.append(str(edit.name) if edit is not None and edit.name else row.get("label"))
        marks.append(MARK_SEPARATOR.join(state.marks(_members_of(row))))
    if "label" in out.columns or labels:
        out["label"] = labels
    out["curation"] = marks
    if "member_labels" in out.columns:
        out["member_labels"] = [
            [
                str(state.names[m].name) if m in state.names and state.names[m].name else lab
                for m, lab in zip(_as_list(ids), _as_list(names), strict=False)
            ]
            for ids, names in zip(out["member_topic_ids"], out["member_labels"], strict=True)
        ]
    return out


def curate_causes(
    causes: pd.DataFrame, state: CuratedState, drivers: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The machine's topic -> cause mapping with the analysts' grouping edits applied.

    Pins first (a pinned topic is alone, its former group keeps its largest other
    member as lead), then unmerges (topics an analyst split stay apart), then manual
    merges, oldest first: every listed id joins the cause of the first; a listed
    cause id brings its whole cause, a listed member topic only itself.

    Args:
        causes: :func:`cxnlp.drivers.causes.group_causes` output.
        state: The curated state.
        drivers: The topic-level drivers (``topic_id``, ``n``), to choose a new lead.

    Returns:
        The mapping in the same columns; ``similarity`` is NaN where an edit decided.
    """
    if causes.empty or not (state.pinned or state.splits or state.merges):
        return causes
    cause = {int(t): int(c) for t, c in zip(causes["topic_id"], causes["cause_id"], strict=True)}
    similarity = {
        int(t): float(s) for t, s in zip(causes["topic_id"], causes["similarity"], strict=True)
    }
    sizes: dict[int, float] = {}
    if drivers is not None and "n" in drivers.columns:
        sizes = {int(t): _num(n) for t, n in zip(drivers["topic_id"], drivers["n"], strict=True)}
    touched: set[int] = set()

    def detach(tid: int) -> None:
        lead = cause[tid]
        if lead != tid:
            cause[tid] = tid
        else:
            rest = [t for t, c in cause.items() if c == tid and t != tid]
            if rest:
                new_lead = max(rest, key=lambda t: (sizes.get(t, 0.0), -t))
                for t in rest:
                    cause[t] = new_lead
                touched.update(rest)
        touched.add(tid)

    for tid in state.pinned:
        if tid in cause:
            detach(tid)
    for split in state.splits:
        listed = [int(t) for t in split.topic_ids if int(t) in cause]
        by_cause: dict[int, list[int]] = {}
        for tid in listed:
            by_cause.setdefault(cause[tid], []).append(tid)
        for lead, group in by_cause.items():
            keep = lead if lead in group else group[0]
            for tid in group:
                if tid != keep:
                    detach(tid)
    for merge in state.merges:
        listed = [int(t) for t in merge.topic_ids if int(t) in cause]
        missing = [int(t) for t in merge.topic_ids if int(t) not in cause]
        if missing:
            log.info("merge %s: topic(s) %s not ranked tonight", merge.edit_id, missing)
        if len(listed) < 2:
            continue
        target = cause[listed[0]]
        for tid in listed[1:]:
            if cause[tid] == tid:  # a cause (or a lone topic): all of it moves
                for t, c in list(cause.items()):
                    if c == tid:
                        cause[t] = target
                        touched.add(t)
            else:
                cause[tid] = target
                touched.add(tid)
        touched.add(listed[0])
    out = pd.DataFrame(
        {
            "topic_id": list(cause),
            "cause_id": [cause[t] for t in cause],
            "similarity": [np.nan if t in touched else similarity.get(t, np.nan) for t in cause],
        }
    )
    out["n_topics"] = out.groupby("cause_id")["topic_id"].transform("size").astype(int)
    return out[list(causes.columns)].sort_values(["cause_id", "topic_id"]).reset_index(drop=True)


def curate_drivers(drivers: pd.DataFrame, state: CuratedState) -> pd.DataFrame:
    """The ranking with curated names, ``curation`` marks and "no es un problema" applied.

    An ignored cause (its id, or every member, marked) keeps its rank and figures
    but ``in_backlog`` is False and ``backlog_rule`` says who decided; ``ignored``
    is True for it.
    """
    out = drivers.copy()
    if out.empty or "topic_id" not in out.columns:
        out["curation"] = pd.Series(dtype=object)
        out["ignored"] = pd.Series(dtype=bool)
        return out
    records = out.to_dict("records")
    ignored, marks, labels, rules = [], [], [], []
    for row in records:
        members = _members_of(row)
        tid = int(row["topic_id"])
        edit = state.ignored.get(tid) or (
            state.ignored.get(members[0]) if all(m in state.ignored for m in members) else None
        )
        ignored.append(edit is not None)
        marks.append(MARK_SEPARATOR.join(state.marks(members)))
        name = state.names.get(tid)
        labels.append(str(name.name) if name is not None and name.name else row.get("label"))
        rule = row.get("backlog_rule")
        if edit is not None:
            why = f": {edit.reason}" if edit.reason else ""
            rule = f"marcado «no es un problema» por {edit.edited_by}{why}: fuera del backlog"
        rules.append(rule)
    out["label"] = labels
    out["curation"] = marks
    out["ignored"] = ignored
    if "in_backlog" in out.columns:
        out["in_backlog"] = out["in_backlog"].fillna(False).astype(bool) & ~np.array(ignored)
    if "backlog_rule" in out.columns:
        out["backlog_rule"] = rules
    return out


def callback_inputs(
    frame: pd.DataFrame, topics: pd.DataFrame, drivers: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame and topics the call-back list is built from, curated.

    A detractor whose comment falls in an ignored cause is still called back, but
    the ignored cause is not given as the reason (the comment counts as "sin tema");
    curated causes carry their mark next to the name.
    """
    if drivers.empty or "curation" not in drivers.columns:
        return frame, topics
    ignored = set()
    if "ignored" in drivers.columns:
        flags = drivers["ignored"].map(lambda v: str(v).lower() in ("true", "1"))
        ignored = {int(t) for t in drivers.loc[flags, "topic_id"]}
    marks = {
        int(t): str(m)
        for t, m in zip(drivers["topic_id"], drivers["curation"], strict=True)
        if isinstance(m, str) and m
    }
    names = {
        int(t): str(lab)
        for t, lab in zip(drivers["topic_id"], drivers["label"], strict=True)
        if isinstance(lab, str) and lab
    }
    out_topics = topics.copy()
    if "topic_id" in out_topics.columns and len(out_topics):
        out_topics["label"] = [
            _marked(names.get(int(t), str(lab)), marks.get(int(t)))
            for t, lab in zip(out_topics["topic_id"], out_topics["label"], strict=True)
        ]
    out_frame = frame
    if ignored and "topic_id" in frame.columns:
        out_frame = frame.copy()
        ids = pd.to_numeric(out_frame["topic_id"], errors="coerce").fillna(-1).astype(int)
        out_frame["topic_id"] = ids.where(~ids.isin(ignored), -1)
    return out_frame, out_topics


def labels_from_drivers(topics: pd.DataFrame, drivers: pd.DataFrame) -> pd.DataFrame:
    """Topics relabelled with the names the run's ranking stored (a re-render of a past run).

    The drivers table keeps the curated name and marks the run applied, so a past
    report shows the taxonomy of its night, not today's.
    """
    if drivers.empty or "curation" not in drivers.columns or "topic_id" not in topics.columns:
        return topics
    curated = drivers[drivers["curation"].map(lambda m: isinstance(m, str) and bool(m))]
    names = dict(zip(curated["topic_id"].astype(int), curated["label"], strict=True))
    marks = dict(zip(curated["topic_id"].astype(int), curated["curation"], strict=True))
    out = topics.copy()
    ids = out["topic_id"].astype(int)
    out["label"] = [names.get(int(t), lab) for t, lab in zip(ids, out["label"], strict=True)]
    out["curation"] = [marks.get(int(t), "") for t in ids]
    return out


def _marked(name: str, mark: str | None) -> str:
    return f"{name} ({mark})" if mark else name
