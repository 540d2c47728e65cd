"""Step 1: load every enabled source, clean its text, store it; flag sources gone silent."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from cxnlp.errors import ConfigError, SourceError
from cxnlp.run.context import RunContext

log = logging.getLogger(__name__)


def ingest_sources(ctx: RunContext) -> dict[str, Any]:
    """Load every enabled source, clean its text, and upsert it into the store.

    A source that still fails after its retries is recorded as a failure and
    skipped; the run goes on with the others.
    """
    from cxnlp.ingest import ingest_one_source

    summary: dict[str, Any] = {
        "loaded": 0,
        "rejected": 0,
        "failed_sources": [],
        "empty_sources": [],
        "source_errors": {},
    }
    enabled = [s for s in ctx.settings.sources if s.enabled]
    for source in enabled:
        try:
            stats = ingest_one_source(ctx.store, source, ctx.settings, ctx.run_id)
        except (SourceError, ConfigError) as exc:
            log.error("source %s failed and was skipped: %s", source.name, exc)
            ctx.store.add_event(ctx.run_id, "ingest", "error", f"{source.name}: {exc}")
            summary["failed_sources"].append(source.name)
            summary["source_errors"][source.name] = str(exc)
            continue
        summary[source.name] = stats
        summary["loaded"] += stats["loaded"]
        summary["rejected"] += stats["rejected"]
        if stats.get("empty"):
            message = f"{source.name}: the export holds no rows tonight"
            log.error("source %s", message)
            ctx.store.add_event(ctx.run_id, "ingest", "error", message)
            summary["empty_sources"].append(source.name)
        ctx.report("ingest", summary["loaded"], summary["loaded"])
    summary["silent_sources"] = find_silent_sources(ctx, enabled)
    summary["feedback_rows"] = ctx.store.count("feedback")
    summary["quarantine_rows"] = ctx.store.count("quarantine")
    return summary


def find_silent_sources(ctx: RunContext, sources: list[Any]) -> dict[str, str | None]:
    """Sources whose newest comment is older than their ``silent_after_days``.

    Returns:
        source name -> date of its newest comment (ISO), or None when it never
        delivered one; each is also a warning in the run's events.
    """
    last = ctx.store.last_row_times(until=ctx.as_of)
    silent: dict[str, str | None] = {}
    for source in sources:
        newest = last.get(source.name)
        limit = timedelta(days=source.silent_after_days)
        if newest is not None and ctx.as_of - newest <= limit:
            continue
        silent[source.name] = newest.date().isoformat() if newest is not None else None
        since = f"since {newest:%Y-%m-%d}" if newest is not None else "ever"
        message = (
            f"{source.name}: no new rows {since} (silent after {source.silent_after_days} day(s))"
        )
        log.warning("source %s", message)
        ctx.store.add_event(ctx.run_id, "ingest", "warning", message)
    return silent
