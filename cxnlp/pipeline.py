"""The nightly steps, each a function of (context) -> counts.

``flows/nightly.py`` wraps each step in one Prefect task; :func:`run_pipeline`
runs the same steps in-process for the CLI's ``--no-prefect`` mode, tests and
benchmarks. The steps read and write the store; the computations they call
(connectors, redaction, models, topics, drivers, exports, reports) are pure
functions in their own modules.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from cxnlp.config import Settings
from cxnlp.enrich import EnrichModels, embed_with_cache, load_models, predict_frame
from cxnlp.errors import ConfigError, SourceError
from cxnlp.store import RunLock, Store

log = logging.getLogger(__name__)

# (step, done, total): the CLI turns these into progress bars; flows log them.
ProgressFn = Callable[[str, int, int], None]

# A run's final status: every step ran and every source loaded ("completed"),
# every step ran but a source failed or came empty ("completed_with_errors"),
# or a step raised ("failed"). The CLI exits 0, 3 and 1 (2: bad config, busy store).
COMPLETED = "completed"
COMPLETED_WITH_ERRORS = "completed_with_errors"
FAILED = "failed"


def skipped(reason: str, reason_es: str, **counts: Any) -> dict[str, Any]:
    """The result of a step that had nothing to do tonight, with the reason.

    ``reason`` goes to the log and `cxnlp status`; ``reason_es`` to the reports.
    """
    log.warning("step skipped: %s", reason)
    return {"status": "skipped", "reason": reason, "reason_es": reason_es, **counts}


@dataclass
class RunContext:
    """Everything a step needs: settings, the open store, and the run's identity."""

    settings: Settings
    store: Store
    run_id: str
    as_of: datetime
    progress: ProgressFn | None = None
    counts: dict[str, Any] = field(default_factory=dict)

    def report(self, step: str, done: int, total: int) -> None:
        """Forward progress to whoever listens."""
        if self.progress is not None:
            self.progress(step, done, total)

    @property
    def window_start(self) -> datetime:
        """First instant of the topic/driver window."""
        return self.as_of - timedelta(days=self.settings.topics.window_days)


def new_run_id(as_of: datetime) -> str:
    """A sortable, unique run id."""
    return f"{datetime.utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def _chunks(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


# -- step 1: ingest -----------------------------------------------------------------
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


# -- step 2: enrich -----------------------------------------------------------------
def enrich_feedback(ctx: RunContext, models: EnrichModels | None = None) -> dict[str, Any]:
    """Embed and classify every stored text not yet enriched under the current models.

    Work streams through the store in chunks of ``scale.chunk_size`` so memory
    stays flat, and each chunk is committed on its own: a run killed half-way
    keeps what it finished and a rerun does only the rest.
    """
    models = models or load_models(ctx.settings.models)
    todo = ctx.store.missing_predictions(models.key)
    total = len(todo)
    done = embedded = 0
    ctx.report("enrich", 0, total)
    if total == 0:
        return skipped(
            "no new texts to classify: every stored comment already has predictions",
            "no hay textos nuevos que clasificar",
            classified=0,
            embedded=0,
            models=models.key,
        )
    for chunk in _chunks(todo, ctx.settings.scale.chunk_size):
        hashes = chunk["text_hash"].tolist()
        texts = chunk["text_norm"].tolist()
        vectors, n_new = embed_with_cache(ctx.store, models.embedder, hashes, texts)
        preds = predict_frame(models, texts, vectors)
        preds.insert(0, "text_hash", hashes)
        preds.insert(1, "models", models.key)
        ctx.store.put_predictions(preds)
        embedded += n_new
        done += len(chunk)
        log.info("enrich chunk committed: %d/%d texts (%d newly embedded)", done, total, n_new)
        ctx.report("enrich", done, total)
    return {"classified": total, "embedded": embedded, "models": models.key}


# -- step 3: topics -----------------------------------------------------------------
def model_topics(ctx: RunContext, models: EnrichModels | None = None) -> dict[str, Any]:
    """Fit (or update) the topic model on the window and track topics across runs."""
    from cxnlp.topic_step import run_topic_step

    embedder = models.embedder if models is not None else None
    return run_topic_step(ctx, embedder)


# -- step 4: drivers, backlog, close the loop ----------------------------------------
def rank_root_causes(ctx: RunContext) -> dict[str, Any]:
    """Rank root causes by their impact on NPS/CSAT; store the causes and drivers tables.

    Topics are ranked once to find the issues; issue topics that describe the same
    cause are grouped (:mod:`cxnlp.drivers.causes`) and, when any group has more than
    one topic, the causes are ranked again on the union of their comments.
    """
    from cxnlp.drivers import rank_drivers
    from cxnlp.drivers.causes import apply_causes, group_causes

    config = ctx.settings.ranking
    frame = load_enriched_window(ctx)
    topics = ctx.store.read_topics(ctx.run_id)
    trend_end = trend_anchor(ctx, frame)
    drivers = rank_drivers(frame, topics, as_of=trend_end, config=config)
    causes = group_causes(
        drivers,
        topics,
        frame,
        min_similarity=config.group_min_similarity,
        keep_ids=_topics_with_items(ctx),
    )
    ctx.store.write_run_frame("causes", ctx.run_id, causes)
    grouped = int((causes["cause_id"] != causes["topic_id"]).sum()) if len(causes) else 0
    frame, topics = apply_causes(frame, topics, causes)
    if grouped:
        drivers = rank_drivers(frame, topics, as_of=trend_end, config=config)
    members = topics.set_index("topic_id")["member_topic_ids"] if len(topics) else None
    drivers["member_topic_ids"] = [
        list(members.get(t, [int(t)])) if members is not None else [int(t)]
        for t in drivers["topic_id"].astype(int)
    ]
    ctx.store.write_run_frame("drivers", ctx.run_id, drivers)
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
    previous_run = ctx.store.last_successful_run(before=ctx.run_id)
    previous = ctx.store.read_run_frame("backlog", previous_run) if previous_run else None
    if previous is None or previous.empty or "topic_id" not in previous.columns:
        return []
    if "status" in previous.columns:
        previous = previous[previous["status"] != "merged"]
    order = previous.sort_values(["first_seen", "item_id"], na_position="last")
    return [int(t) for t in order["topic_id"].dropna()]


def load_cause_view(ctx: RunContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run's enriched frame and topics with member topics renumbered to their cause."""
    from cxnlp.drivers.causes import apply_causes

    return apply_causes(
        load_enriched_window(ctx),
        ctx.store.read_topics(ctx.run_id),
        ctx.store.read_run_frame("causes", ctx.run_id),
    )


def export_backlog(ctx: RunContext) -> dict[str, Any]:
    """Build the backlog (updating yesterday's items) and the call-back list; export both."""
    from cxnlp.backlog import build_backlog
    from cxnlp.backlog import export_backlog as write_backlog
    from cxnlp.closeloop import build_callbacks, export_callbacks

    frame, topics = load_cause_view(ctx)
    drivers = ctx.store.read_run_frame("drivers", ctx.run_id)
    previous_run = ctx.store.last_successful_run(before=ctx.run_id)
    previous = ctx.store.read_run_frame("backlog", previous_run) if previous_run else None
    if previous is not None and previous.empty:
        previous = None
    backlog = build_backlog(
        drivers, topics, frame, previous=previous, run_id=ctx.run_id, as_of=ctx.as_of
    )
    ctx.store.write_run_frame("backlog", ctx.run_id, backlog)
    out_dir = ctx.settings.resolve(ctx.settings.output.exports_dir) / ctx.run_id
    paths = write_backlog(backlog, out_dir)
    callbacks = build_callbacks(
        frame,
        as_of=ctx.as_of,
        days=ctx.settings.output.callback_days,
        topics=topics,
        drivers=drivers,
    )
    ctx.store.write_run_frame("callbacks", ctx.run_id, callbacks)
    callback_paths = export_callbacks(callbacks, out_dir)
    latest = ctx.settings.resolve(ctx.settings.output.exports_dir) / "latest"
    _point_latest(latest, out_dir)
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


# -- step 5: reports ----------------------------------------------------------------
def render_reports(ctx: RunContext) -> dict[str, Any]:
    """Write the analyst report and the social-listening review for this run."""
    from cxnlp.report_step import render_run_reports

    paths = render_run_reports(ctx.store, ctx.settings, ctx.run_id)
    return {"files": {k: str(v) for k, v in paths.items()}}


# -- helpers ------------------------------------------------------------------------
def load_enriched_window(ctx: RunContext) -> pd.DataFrame:
    """The enriched frame of the run's window (topic ids from this run)."""
    models_key = ctx.counts.get("models_key") or _models_key_of_run(ctx)
    return ctx.store.load_window(
        start=ctx.window_start, end=ctx.as_of, models=models_key, run_id=ctx.run_id
    )


def _models_key_of_run(ctx: RunContext) -> str | None:
    run = ctx.store.get_run(ctx.run_id)
    versions = (run or {}).get("model_versions") or {}
    return versions.get("key") if isinstance(versions, dict) else None


def _point_latest(link: Any, target: Any) -> None:
    try:
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target, target_is_directory=True)
    except OSError:  # filesystems without symlinks: the run folder is still there
        log.debug("could not point %s at %s", link, target)


STEPS: list[tuple[str, Callable[..., dict[str, Any]]]] = [
    ("ingest", ingest_sources),
    ("enrich", enrich_feedback),
    ("topics", model_topics),
    ("drivers", rank_root_causes),
    ("backlog", export_backlog),
    ("reports", render_reports),
]


@dataclass
class RunSummary:
    """What a finished run did."""

    run_id: str
    status: str
    counts: dict[str, Any]
    outputs: dict[str, str]


def begin_run(
    settings: Settings, store: Store, as_of: datetime | None, models: EnrichModels
) -> RunContext:
    """Register a run in the store and return its context.

    The caller holds the run lock, so a run still marked ``running`` died
    without finishing: it is marked failed first.
    """
    as_of = as_of or datetime.utcnow()
    run_id = new_run_id(as_of)
    store.start_run(run_id, as_of=as_of, config_hash=settings.config_hash())
    for dead in store.fail_interrupted_runs(current=run_id):
        log.warning("run %s was interrupted before it finished; marked failed", dead)
    ctx = RunContext(settings=settings, store=store, run_id=run_id, as_of=as_of)
    store.update_run(run_id, model_versions=models.versions())
    ctx.counts["models_key"] = models.key
    _snapshot(ctx)
    return ctx


def record_step(ctx: RunContext, name: str, result: dict[str, Any], seconds: float) -> None:
    """Keep a step's result in the run's counts and in the store, as soon as it ends.

    Written at once, so that the report step, `cxnlp status` and a run killed
    half-way all see what the finished steps did.
    """
    result["seconds"] = round(seconds, 2)
    ctx.counts[name] = result
    ctx.store.update_run(ctx.run_id, counts=ctx.counts)
    if result.get("status") == "skipped":
        ctx.store.add_event(ctx.run_id, name, "warning", f"skipped: {result.get('reason')}")
    _snapshot(ctx)
    log.info("step %s done in %.1f s", name, seconds)


def _snapshot(ctx: RunContext) -> None:
    """Rewrite the status snapshot that read commands use while this run holds the store."""
    from cxnlp.status import write_snapshot

    if ctx.store.path != ":memory:":
        write_snapshot(ctx.store, ctx.settings.resolve(ctx.settings.store.path))


def final_status(counts: dict[str, Any]) -> str:
    """``completed``, or ``completed_with_errors`` when a source failed or came empty."""
    ingest = counts.get("ingest") or {}
    if ingest.get("failed_sources") or ingest.get("empty_sources"):
        return COMPLETED_WITH_ERRORS
    return COMPLETED


def finish_run(ctx: RunContext, status: str, error: str | None = None) -> RunSummary:
    """Record a run's end, counts and outputs."""
    outputs: dict[str, str] = {}
    for step in ("backlog", "reports"):
        files = (ctx.counts.get(step) or {}).get("files") or {}
        outputs.update(files)
    ctx.store.update_run(
        ctx.run_id,
        finished_at=datetime.utcnow(),
        status=status,
        counts=ctx.counts,
        outputs=outputs,
        error=error,
    )
    _snapshot(ctx)
    return RunSummary(ctx.run_id, status, dict(ctx.counts), outputs)


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
    db_path = settings.resolve(settings.store.path)
    lock = RunLock(db_path.with_suffix(db_path.suffix + ".lock"), settings.store.lock_timeout_s)
    # Models load before anything is written: a broken model stops the run cleanly.
    models = load_models(settings.models)
    lock.acquire()
    try:
        with Store(db_path, memory_limit=settings.store.memory_limit) as store:
            ctx = begin_run(settings, store, as_of, models)
            ctx.progress = progress
            try:
                for name, step in STEPS:
                    started = time.perf_counter()
                    if step in (enrich_feedback, model_topics):
                        result = step(ctx, models)
                    else:
                        result = step(ctx)
                    record_step(ctx, name, result, time.perf_counter() - started)
            except Exception as exc:
                finish_run(ctx, FAILED, error=f"{type(exc).__name__}: {exc}")
                raise
            return finish_run(ctx, final_status(ctx.counts))
    finally:
        lock.release()


__all__ = [
    "COMPLETED",
    "COMPLETED_WITH_ERRORS",
    "FAILED",
    "RunContext",
    "RunSummary",
    "STEPS",
    "begin_run",
    "enrich_feedback",
    "export_backlog",
    "final_status",
    "finish_run",
    "record_step",
    "skipped",
    "ingest_sources",
    "load_enriched_window",
    "model_topics",
    "rank_root_causes",
    "render_reports",
    "run_pipeline",
]
