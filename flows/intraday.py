"""The intraday Prefect flow: new rows in, classified, placed in the night's topics, hot alerts out.

ingest -> enrich -> place -> alert

Served beside the nightly deployment on ``schedule.intraday_cron`` (off when
None). A cycle takes the run lock for its few seconds only; while a night
holds it the cycle skips with a logged reason. It never refits, ranks or
renders: the library's :mod:`cxnlp.alerts.intraday` says what each step does.
"""

import logging
from datetime import datetime
from typing import Any, cast

from cxnlp.offline import set_offline_defaults  # noqa: E402

set_offline_defaults()  # before Prefect is imported

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from cxnlp.alerts import intraday as cycle  # noqa: E402
from cxnlp.alerts.send import register_block_notifier  # noqa: E402
from cxnlp.config import load_config  # noqa: E402
from cxnlp.enrich import EnrichModels, load_models  # noqa: E402
from cxnlp.nlp.model_registry import with_active_models  # noqa: E402
from cxnlp.run.context import RunContext  # noqa: E402
from cxnlp.run.enrich import enrich_feedback  # noqa: E402
from cxnlp.run.ingest import ingest_sources  # noqa: E402
from flows import secrets  # noqa: E402

log = logging.getLogger(__name__)


def notify_block(name: str, title: str, body: str) -> None:
    """Send through the Prefect notification block ``name`` (``slack-webhook/cx-team``).

    Raises:
        whatever the block raises when its receiver refuses the message.
    """
    from prefect.blocks.abstract import NotificationBlock
    from prefect.blocks.core import Block

    block = cast(NotificationBlock, Block.load(name, _sync=True))  # type: ignore[call-arg]
    with block.raise_on_failure():
        block.notify(body, subject=title, _sync=True)  # type: ignore[call-arg, unused-coroutine]


def register() -> None:
    """Make ``block:`` alert targets send through Prefect blocks in this process."""
    register_block_notifier(notify_block)


@task(name="intraday-ingest", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def ingest_task(ctx: RunContext) -> dict[str, Any]:
    """Load the rows past each source's watermark."""
    return ingest_sources(ctx)


@task(name="intraday-enrich", cache_policy=NO_CACHE)
def enrich_task(ctx: RunContext, models: EnrichModels) -> dict[str, Any]:
    """Embed and classify the new texts."""
    return enrich_feedback(ctx, models)


@task(name="intraday-place", cache_policy=NO_CACHE)
def place_task(ctx: RunContext, models: EnrichModels) -> dict[str, Any]:
    """Place the new comments in the last night's topics (no refit)."""
    return cycle.place_new_rows(ctx, models, cycle.read_new_rows(ctx))


@task(name="intraday-alert", cache_policy=NO_CACHE)
def alert_task(ctx: RunContext) -> dict[str, Any]:
    """Flag intents and send the hot-comment alerts."""
    return cycle.flag_and_alert(ctx)


@flow(name="cxnlp-intraday", log_prints=False)
def intraday(config_path: str | None = None, as_of: datetime | None = None) -> dict[str, Any]:
    """Run one intraday cycle and return its counts (or why it skipped).

    Args:
        config_path: YAML config (default: ``configs/default.yaml`` or ``$CXNLP_CONFIG``).
        as_of: the reference time of the cycle (default: now, UTC).
    """
    logger = get_run_logger()
    secrets.register()
    register()
    settings = with_active_models(load_config(config_path))  # promoted heads, as at night
    models = load_models(settings.models)
    try:
        with cycle.open_cycle(settings, as_of, models) as ctx:
            ingest = ingest_task(ctx)
            enrich = enrich_task(ctx, models)
            placed = place_task(ctx, models)
            sent = alert_task(ctx)
            result = cycle.finish_cycle(ctx, cycle.cycle_counts(ingest, enrich, placed, sent))
    except cycle.NightRunning as exc:
        logger.warning("%s", exc)
        return {"status": "skipped", "reason": str(exc)}
    logger.info(
        "intraday cycle %s: %d new rows, %d placed, %d hot alerts in %.1f s",
        result["cycle_id"],
        result["loaded"],
        result["placed"],
        result["alerts"],
        result["seconds"],
    )
    return result


if __name__ == "__main__":
    intraday()
