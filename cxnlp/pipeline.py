"""Run a night in-process: the steps of :mod:`cxnlp.run`, in order, under one run context.

``flows/nightly.py`` wraps the same steps in Prefect tasks; :func:`run_pipeline`
runs them without Prefect for the CLI's ``--no-prefect`` mode, tests and
benchmarks. The names below stay importable from here for code written before
the steps moved to :mod:`cxnlp.run`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cxnlp.alerts.digest import send_digest
from cxnlp.alerts.night import alert_on_failure, raise_night_alerts
from cxnlp.config import Settings
from cxnlp.enrich import load_models
from cxnlp.nlp.adapt import adapt_step
from cxnlp.nlp.model_registry import with_active_models
from cxnlp.run.backlog import export_backlog, load_cause_view, why_no_callbacks
from cxnlp.run.context import (
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    FAILED,
    ProgressFn,
    RunContext,
    RunSummary,
    begin_run,
    final_status,
    finish_run,
    load_enriched_window,
    new_run_id,
    open_run,
    record_step,
    skipped,
)
from cxnlp.run.drivers import rank_root_causes, trend_anchor
from cxnlp.run.enrich import enrich_feedback
from cxnlp.run.ingest import find_silent_sources, ingest_sources
from cxnlp.run.reports import render_reports
from cxnlp.run.topics import model_topics

STEPS: list[tuple[str, Callable[..., dict[str, Any]]]] = [
    ("ingest", ingest_sources),
    ("enrich", enrich_feedback),
    ("topics", model_topics),
    ("drivers", rank_root_causes),
    ("backlog", export_backlog),
    ("alerts", raise_night_alerts),  # before the reports, which list them
    ("reports", render_reports),
    ("adapt", adapt_step),  # models.adapt: weekly; the new heads serve from the next run
]
# the steps that use the loaded models (the others read what they need from the store)
_WITH_MODELS = (enrich_feedback, model_topics)


def run_pipeline(
    settings: Settings,
    *,
    as_of: datetime | None = None,
    progress: ProgressFn | None = None,
) -> RunSummary:
    """Run every step in-process (no Prefect), holding the store's run lock.

    Raises:
        CxnlpError: the first step error; the run is recorded as failed first.
    """
    # Models load before anything is written: a broken model stops the run cleanly.
    settings = with_active_models(settings)  # heads promoted by `cxnlp models promote`
    models = load_models(settings.models)
    # as in flows/nightly.py: a failed run sends its alert, a finished one its digest
    with alert_on_failure(settings), open_run(settings, as_of, models) as ctx:
        ctx.progress = progress
        for name, step in STEPS:
            started = time.perf_counter()
            result = step(ctx, models) if step in _WITH_MODELS else step(ctx)
            record_step(ctx, name, result, time.perf_counter() - started)
        summary = finish_run(ctx, final_status(ctx.counts))
        send_digest(ctx.store, settings, ctx.run_id, view=ctx.window)  # never raises
        return summary


__all__ = [
    "COMPLETED",
    "COMPLETED_WITH_ERRORS",
    "FAILED",
    "STEPS",
    "RunContext",
    "RunSummary",
    "begin_run",
    "enrich_feedback",
    "export_backlog",
    "final_status",
    "find_silent_sources",
    "finish_run",
    "ingest_sources",
    "load_cause_view",
    "load_enriched_window",
    "model_topics",
    "new_run_id",
    "open_run",
    "rank_root_causes",
    "record_step",
    "render_reports",
    "run_pipeline",
    "skipped",
    "trend_anchor",
    "why_no_callbacks",
]
