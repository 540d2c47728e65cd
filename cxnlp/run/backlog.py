"""Step 5: the backlog (yesterday's items updated) and the call-back list, exported."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pandas as pd

from cxnlp.run.context import (
    RunContext,
    WindowView,
    load_enriched_window,
    point_latest,
    previous_backlog,
)

log = logging.getLogger(__name__)


def load_cause_view(ctx: RunContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run's enriched frame and topics with member topics renumbered to their cause."""
    view = window_view(ctx)
    return view.frame, view.topics


def window_view(ctx: RunContext) -> WindowView:
    """The view the ranking step built; read from the store only when there is none.

    A step run on its own (a test, a rerun of one step) has no view yet: it is
    then built from the stored window, topics, causes and drivers of the run.
    """
    if ctx.window is not None:
        return ctx.window
    from cxnlp.drivers.causes import apply_causes

    causes = ctx.store.read_run_frame("causes", ctx.run_id)
    frame, topics = apply_causes(
        load_enriched_window(ctx), ctx.store.read_topics(ctx.run_id), causes
    )
    from cxnlp.themes import labels_from_drivers

    drivers = ctx.store.read_run_frame("drivers", ctx.run_id)
    view = WindowView(
        frame=frame,
        topics=labels_from_drivers(topics, drivers),
        causes=causes,
        drivers=drivers,
    )
    ctx.window = view
    return view


def export_backlog(ctx: RunContext) -> dict[str, Any]:
    """Build the backlog (updating yesterday's items) and the call-back list; export both."""
    from cxnlp.backlog import build_backlog
    from cxnlp.backlog import export_backlog as write_backlog
    from cxnlp.backlog.links import read_links
    from cxnlp.closeloop import build_callbacks, export_callbacks

    view = window_view(ctx)
    frame, topics, drivers = view.frame, view.topics, view.drivers
    previous = previous_backlog(ctx)
    backlog = build_backlog(
        drivers, topics, frame, previous=previous, run_id=ctx.run_id, as_of=ctx.as_of
    )
    ctx.store.write_run_frame("backlog", ctx.run_id, backlog)
    out_dir = ctx.settings.resolve(ctx.settings.output.exports_dir) / ctx.run_id
    paths = write_backlog(
        backlog,
        out_dir,
        links=read_links(ctx.store),
        drivers=drivers,
        github_links=read_links(ctx.store, tracker="github"),
    )
    from cxnlp.themes import callback_inputs

    # curated names and marks; a cause marked "no es un problema" is never the reason
    callback_frame, callback_topics = callback_inputs(frame, topics, drivers)
    callbacks = build_callbacks(
        callback_frame,
        as_of=ctx.as_of,
        days=ctx.settings.output.callback_days,
        topics=callback_topics,
        drivers=drivers,
    )
    ctx.store.write_run_frame("callbacks", ctx.run_id, callbacks)
    # privacy has no switch for contacts yet: until it has, contact columns are redacted
    contacts_allowed = ctx.settings.privacy.export_contacts
    callback_paths = export_callbacks(callbacks, out_dir, contacts_allowed=contacts_allowed)
    latest = ctx.settings.resolve(ctx.settings.output.exports_dir) / "latest"
    point_latest(latest, out_dir)
    return {
        "backlog_items": len(backlog),
        "callbacks": len(callbacks),
        **(_no_callback_counts(frame, ctx) if callbacks.empty else {}),
        "files": {
            k: str(v)
            for k, v in {
                **paths,
                "callbacks": callback_paths["csv"],
                "callbacks_xlsx": callback_paths["xlsx"],
            }.items()
        },
    }


def why_no_callbacks(frame: pd.DataFrame, ctx: RunContext) -> tuple[str, str]:
    """Say why the call-back list is empty, from what the window holds (English, Spanish)."""
    days = ctx.settings.output.callback_days
    since = ctx.as_of - timedelta(days=days)
    recent = frame[pd.to_datetime(frame["created_at"]) >= since] if len(frame) else frame
    if recent.empty:
        return (
            f"no comment in the last {days} days",
            f"ningún comentario en los últimos {days} días",
        )
    scores = [c for c in ("nps", "csat") if c in recent]
    if not scores or not recent[scores].notna().any(axis=1).any():
        return (
            f"no answer with an NPS or CSAT score in the last {days} days",
            f"ninguna respuesta con NPS o CSAT en los últimos {days} días",
        )
    if "customer_id" not in recent or recent["customer_id"].isna().all():
        return (
            f"no answer with a customer id in the last {days} days",
            f"ninguna respuesta con identificador de cliente en los últimos {days} días",
        )
    return (
        f"no detractor with a negative comment and a customer id in the last {days} days",
        f"ningún detractor con comentario negativo e identificador de cliente "
        f"en los últimos {days} días",
    )


def _no_callback_counts(frame: pd.DataFrame, ctx: RunContext) -> dict[str, str]:
    reason, reason_es = why_no_callbacks(frame, ctx)
    log.info("nobody to call back: %s", reason)
    return {"callbacks_empty_reason": reason, "callbacks_empty_reason_es": reason_es}
