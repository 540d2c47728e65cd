"""Step 4: rank root causes by their impact on NPS/CSAT; group topics into causes."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from cxnlp.run.context import (
    RunContext,
    WindowView,
    load_enriched_window,
    previous_backlog,
    skipped,
)

log = logging.getLogger(__name__)


def rank_root_causes(ctx: RunContext) -> dict[str, Any]:
    """Rank root causes by their impact on NPS/CSAT; store the causes and drivers tables.

    Topics are ranked once to find the issues; issue topics that describe the same
    cause are grouped (:mod:`cxnlp.drivers.causes`) and, when any group has more than
    one topic, the causes are ranked again on the union of their comments.
    """
    from cxnlp.drivers import rank_drivers
    from cxnlp.drivers.causes import apply_causes, group_causes
    from cxnlp.run.clauses import with_clause_topics
    from cxnlp.themes import curate_causes, curate_drivers, curate_topics, load_state

    config = ctx.settings.ranking
    # analysts' edits (cxnlp.themes): names before the ranking, grouping before the causes
    curated = load_state(ctx.store)
    frame = with_clause_topics(
        load_enriched_window(ctx), ctx.store.read_run_frame("clause_topics", ctx.run_id)
    )
    topics = curate_topics(ctx.store.read_topics(ctx.run_id), curated)
    trend_end = trend_anchor(ctx, frame)
    drivers = rank_drivers(frame, topics, as_of=trend_end, config=config)
    vectors = None
    if config.group_knn_full is not None:  # neighbourhood linkage: the cached comment vectors
        from cxnlp.drivers.linkage import window_vectors

        vectors = window_vectors(ctx.store, frame, (ctx.models_key or "").split("|")[0])
    causes = group_causes(
        drivers,
        topics,
        frame,
        min_similarity=config.group_min_similarity,
        keep_ids=_topics_with_items(ctx),
        semantic_floor=config.group_semantic_floor,
        cross_stage=config.group_cross_stage_similarity,
        comment_vectors=vectors,
        neighbour_full=config.group_knn_full,
        neighbour_k=config.group_knn_k,
    )
    causes = curate_causes(causes, curated, drivers)
    ctx.store.write_run_frame("causes", ctx.run_id, causes)
    grouped = int((causes["cause_id"] != causes["topic_id"]).sum()) if len(causes) else 0
    frame, topics = apply_causes(frame, topics, causes)
    topics = curate_topics(topics, curated)
    if grouped:
        drivers = rank_drivers(frame, topics, as_of=trend_end, config=config)
    members = topics.set_index("topic_id")["member_topic_ids"] if len(topics) else None
    drivers["member_topic_ids"] = [
        list(members.get(t, [int(t)])) if members is not None else [int(t)]
        for t in drivers["topic_id"].astype(int)
    ]
    drivers = curate_drivers(drivers, curated)
    ctx.store.write_run_frame("drivers", ctx.run_id, drivers)
    # the steps after this one read the window from here, not from the store again; the
    # drivers as stored (list columns as JSON), so every later step sees what a re-render sees
    ctx.window = WindowView(
        frame=frame,
        topics=topics,
        causes=causes,
        drivers=ctx.store.read_run_frame("drivers", ctx.run_id),
    )
    top = drivers.sort_values("rank").head(3)["label"].tolist() if len(drivers) else []
    if topics.empty or not (topics["topic_id"] >= 0).any():
        return skipped(
            "no topics in this run's window: nothing to rank",
            "no hay temas en la ventana: nada que ordenar",
            drivers=len(drivers),
            topics_grouped=0,
            top=[],
        )
    result: dict[str, Any] = {"drivers": len(drivers), "topics_grouped": grouped, "top": top}
    if trend_end < ctx.as_of:
        result["trend_as_of"] = trend_end.isoformat()
        result["trend_last_day"] = (trend_end - timedelta(days=1)).date().isoformat()
    return result


def trend_anchor(ctx: RunContext, frame: pd.DataFrame) -> datetime:
    """Where the recent and trend windows of the ranking end.

    Normally the run's ``as_of``. When no comment at all arrived in the last
    ``min(silent_after_days)`` days, the windows end at the newest comment
    instead: a stale window would otherwise read as a collapse of every topic
    ("0 in the last 14 days"). The report says so.
    """
    if frame.empty:
        return ctx.as_of
    newest = pd.Timestamp(frame["created_at"].max()).to_pydatetime()
    days = min((s.silent_after_days for s in ctx.settings.sources if s.enabled), default=3)
    if ctx.as_of - newest <= timedelta(days=days):
        return ctx.as_of
    anchor = datetime.combine(newest.date() + timedelta(days=1), datetime.min.time())
    log.warning(
        "no comment in the last %d day(s): trends end on %s, the day after the newest comment",
        days,
        anchor.date(),
    )
    return anchor


def _topics_with_items(ctx: RunContext) -> list[int]:
    """Topic ids that own a backlog item of the previous run, oldest item first.

    Items merged into another cause are left out: their cause carries on under its own id.
    """
    previous = previous_backlog(ctx)
    if previous is None or "topic_id" not in previous.columns:
        return []
    if "status" in previous.columns:
        previous = previous[previous["status"] != "merged"]
    order = previous.sort_values(["first_seen", "item_id"], na_position="last")
    return [int(t) for t in order["topic_id"].dropna()]
