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

    summary: dict[str, Any] = {"loaded": 0, "rejected": 0, "failed_sources": []}
    for source in ctx.settings.sources:
        if not source.enabled:
            continue
        try:
            stats = ingest_one_source(ctx.store, source, ctx.settings, ctx.run_id)
        except (SourceError, ConfigError) as exc:
            log.error("source %s failed and was skipped: %s", source.name, exc)
            ctx.store.add_event(ctx.run_id, "ingest", "error", f"{source.name}: {exc}")
            summary["failed_sources"].append(source.name)
            continue
        summary[source.name] = stats
        summary["loaded"] += stats["loaded"]
        summary["rejected"] += stats["rejected"]
        ctx.report("ingest", summary["loaded"], summary["loaded"])
    summary["feedback_rows"] = ctx.store.count("feedback")
    summary["quarantine_rows"] = ctx.store.count("quarantine")
    return summary


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
    drivers = rank_drivers(frame, topics, as_of=ctx.as_of, config=config)
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
        drivers = rank_drivers(frame, topics, as_of=ctx.as_of, config=config)
    members = topics.set_index("topic_id")["member_topic_ids"] if len(topics) else None
    drivers["member_topic_ids"] = [
        list(members.get(t, [int(t)])) if members is not None else [int(t)]
        for t in drivers["topic_id"].astype(int)
    ]
    ctx.store.write_run_frame("drivers", ctx.run_id, drivers)
    top = drivers.sort_values("rank").head(3)["label"].tolist() if len(drivers) else []
    return {"drivers": len(drivers), "topics_grouped": grouped, "top": top}


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
        "files": {
            k: str(v)
            for k, v in {
                **paths,
                "callbacks": callback_paths["csv"],
                "callbacks_xlsx": callback_paths["xlsx"],
            }.items()
        },
    }


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
    """Register a run in the store and return its context."""
    as_of = as_of or datetime.utcnow()
    run_id = new_run_id(as_of)
    store.start_run(run_id, as_of=as_of, config_hash=settings.config_hash())
    store.update_run(run_id, model_versions=models.versions())
    ctx = RunContext(settings=settings, store=store, run_id=run_id, as_of=as_of)
    ctx.counts["models_key"] = models.key
    return ctx


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
                    result["seconds"] = round(time.perf_counter() - started, 2)
                    ctx.counts[name] = result
                    log.info("step %s done in %.1f s", name, result["seconds"])
            except Exception as exc:
                finish_run(ctx, "failed", error=f"{type(exc).__name__}: {exc}")
                raise
            return finish_run(ctx, "completed")
    finally:
        lock.release()


__all__ = [
    "RunContext",
    "RunSummary",
    "STEPS",
    "begin_run",
    "enrich_feedback",
    "export_backlog",
    "finish_run",
    "ingest_sources",
    "load_enriched_window",
    "model_topics",
    "rank_root_causes",
    "render_reports",
    "run_pipeline",
]
