"""The nightly Prefect flow: one task per step, each calling one library function.

ingest -> enrich -> topics -> drivers -> backlog -> reports

Retries go on the I/O step (ingest) only; the enrichment step maps over chunks
with Prefect's Dask task runner when ``scale.dask_address`` (or
``scale.dask_local_workers``) is set, and runs in-process otherwise.
"""

import logging
import time
from datetime import datetime
from typing import Any

from cxnlp.offline import set_offline_defaults  # noqa: E402

set_offline_defaults()  # before Prefect is imported

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.states import Completed  # noqa: E402

from cxnlp import pipeline  # noqa: E402
from cxnlp.alerts.digest import send_digest  # noqa: E402
from cxnlp.alerts.night import alert_on_failure, raise_night_alerts  # noqa: E402
from cxnlp.config import Settings, load_config  # noqa: E402
from cxnlp.enrich import EnrichModels, load_models  # noqa: E402
from cxnlp.nlp.adapt import adapt_step  # noqa: E402
from cxnlp.nlp.model_registry import with_active_models  # noqa: E402
from flows import secrets  # noqa: E402
from flows.intraday import register as register_alert_blocks  # noqa: E402

log = logging.getLogger(__name__)


def _step(ctx: pipeline.RunContext, name: str, fn: Any, *args: Any) -> None:
    """Run one step's task and record its result at once (see pipeline.record_step)."""
    started = time.perf_counter()
    result = fn(*args)
    pipeline.record_step(ctx, name, result, time.perf_counter() - started)


def _log_progress(step: str, done: int, total: int) -> None:
    if total and (done == total or done % max(1, total // 10) < 1):
        get_run_logger().info("%s: %d/%d", step, done, total)


@task(name="ingest", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def ingest_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Load new rows from every source (sources also retry on their own)."""
    return pipeline.ingest_sources(ctx)


@task(name="enrich", cache_policy=NO_CACHE)
def enrich_task(ctx: pipeline.RunContext, models: EnrichModels) -> dict[str, Any]:
    """Embed and classify what is new, in-process (the Dask path runs in the flow body)."""
    return pipeline.enrich_feedback(ctx, models)


@task(name="topics", cache_policy=NO_CACHE)
def topics_task(ctx: pipeline.RunContext, models: EnrichModels) -> dict[str, Any]:
    """Fit or update topics on the window."""
    return pipeline.model_topics(ctx, models)


@task(name="drivers", cache_policy=NO_CACHE)
def drivers_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Rank root causes."""
    return pipeline.rank_root_causes(ctx)


@task(name="backlog", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def backlog_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Update and export the backlog and the call-back list."""
    return pipeline.export_backlog(ctx)


@task(name="alerts", cache_policy=NO_CACHE)
def alerts_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Send the night's alerts (a receiver that fails is retried and logged, never raised)."""
    return raise_night_alerts(ctx)


@task(name="adapt", cache_policy=NO_CACHE)
def adapt_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Train new heads from the store on the configured weekday (models.adapt)."""
    return adapt_step(ctx)


@task(name="reports", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def reports_task(ctx: pipeline.RunContext) -> dict[str, Any]:
    """Render the analyst report and the social review."""
    return pipeline.render_reports(ctx)


@flow(name="cxnlp-nightly", log_prints=False)
def nightly(config_path: str | None = None, as_of: datetime | None = None) -> Any:
    """Run the whole nightly pipeline and return the run's summary.

    Args:
        config_path: YAML config (default: ``configs/default.yaml`` or ``$CXNLP_CONFIG``).
        as_of: the reference time of the run (default: now, UTC).
    """
    logger = get_run_logger()
    secrets.register()  # SQL sources may keep their URL in a Prefect Secret block
    # the heads promoted by `cxnlp models promote` (or the weekly adaptation) replace the
    # configured ones; a new models key makes the run predict the window again
    settings: Settings = with_active_models(load_config(config_path))
    models = load_models(settings.models)  # fails before any write when a model is broken
    register_alert_blocks()  # alert targets may name a Prefect notification block
    with alert_on_failure(settings), pipeline.open_run(settings, as_of, models) as ctx:
        ctx.progress = _log_progress
        logger.info("run %s started (config %s)", ctx.run_id, settings.config_hash())
        _step(ctx, "ingest", ingest_task, ctx)
        if settings.scale.dask_address or settings.scale.dask_local_workers:
            # not inside a task: Prefect ships the enclosing task's parameters
            # (here the open store) to every Dask worker
            from flows.scale import enrich_on_dask

            _step(ctx, "enrich", enrich_on_dask, ctx, models)
        else:
            _step(ctx, "enrich", enrich_task, ctx, models)
        _step(ctx, "topics", topics_task, ctx, models)
        _step(ctx, "drivers", drivers_task, ctx)
        _step(ctx, "backlog", backlog_task, ctx)
        _step(ctx, "alerts", alerts_task, ctx)  # before the reports, which list them
        _step(ctx, "reports", reports_task, ctx)
        _step(ctx, "adapt", adapt_task, ctx)  # models.adapt: weekly; used from the next run
        summary = pipeline.finish_run(ctx, pipeline.final_status(ctx.counts))
        send_digest(ctx.store, settings, ctx.run_id, view=ctx.window)  # never raises
    result = {"run_id": summary.run_id, "status": summary.status, "outputs": summary.outputs}
    if summary.status == pipeline.COMPLETED_WITH_ERRORS:
        ingest = summary.counts.get("ingest") or {}
        bad = [*ingest.get("failed_sources", []), *ingest.get("empty_sources", [])]
        message = f"run {summary.run_id} completed with errors: source(s) {', '.join(bad)}"
        logger.warning(message)
        # a Completed state under its own name: the Prefect UI and API show the run
        # apart from clean nights, and the flow's return value is unchanged
        return Completed(message=message, name="CompletedWithErrors", data=result)
    logger.info("run %s completed: %s", summary.run_id, summary.outputs)
    return result


if __name__ == "__main__":
    nightly()
