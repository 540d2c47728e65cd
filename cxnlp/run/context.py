"""The run: its context, its status, and the open/record/finish that every night shares.

:func:`open_run` takes the run lock, opens the store and registers the run;
each step's result is recorded the moment it ends (:func:`record_step`); the
run ends ``completed``, ``completed_with_errors`` or ``failed``
(:func:`finish_run`). The in-process runner (:func:`cxnlp.pipeline.run_pipeline`)
and the Prefect flow (``flows/nightly.py``) both go through here, so a night
has one definition whichever runs it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from cxnlp.config import Settings
from cxnlp.store import Store
from cxnlp.store.open import run_lock, store_location
from cxnlp.writers import open_store_for_writing

if TYPE_CHECKING:
    from cxnlp.enrich import EnrichModels

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


@dataclass(frozen=True)
class WindowView:
    """The run's window as every step after the ranking sees it, built once.

    Attributes:
        frame: the window's feedback with predictions and topic ids, member topics
            renumbered to their root cause.
        topics: the run's topics table, one row per cause.
        causes: topic id -> cause id (the ``causes`` table).
        drivers: the ranking as stored (the ``drivers`` table, read back once).
    """

    frame: pd.DataFrame
    topics: pd.DataFrame
    causes: pd.DataFrame
    drivers: pd.DataFrame


@dataclass
class RunContext:
    """Everything a step needs: settings, the open store, and the run's identity.

    Attributes:
        models_key: the key of the models this run classifies with (predictions
            are stored under it); None only for a context built by hand in a test.
        previous_run: the newest successful run before this one, asked of the store
            once when the run begins (:func:`begin_run`); the topics, drivers and
            backlog steps all continue from it. None on a first night (and in a
            context built by hand).
        window_start: first instant of the topic/driver window (``as_of`` minus
            ``topics.window_days``), computed once with the context.
    """

    settings: Settings
    store: Store
    run_id: str
    as_of: datetime
    progress: ProgressFn | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    models_key: str | None = None
    previous_run: str | None = None
    window_start: datetime = field(init=False)
    # What one step hands the next. A dict, because Prefect hands each task a shallow
    # copy of the context: a value set on the copy is lost, one put in this dict is not.
    shared: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.window_start = window_start_of(self.settings, self.as_of)

    def report(self, step: str, done: int, total: int) -> None:
        """Forward progress to whoever listens."""
        if self.progress is not None:
            self.progress(step, done, total)

    @property
    def window(self) -> WindowView | None:
        """The window view the ranking step built (None before it, or in a re-render)."""
        view = self.shared.get("window")
        return view if isinstance(view, WindowView) else None

    @window.setter
    def window(self, view: WindowView) -> None:
        self.shared["window"] = view


def window_start_of(settings: Settings, as_of: datetime) -> datetime:
    """First instant of the topic/driver window of a run as of ``as_of``."""
    return as_of - timedelta(days=settings.topics.window_days)


def new_run_id(as_of: datetime) -> str:
    """A sortable, unique run id."""
    return f"{datetime.utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


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
    _read_copy(store, only_if_missing=True)  # readers need a copy while this run holds the store
    store.start_run(run_id, as_of=as_of, config_hash=settings.config_hash())
    for dead in store.fail_interrupted_runs(current=run_id):
        log.warning("run %s was interrupted before it finished; marked failed", dead)
    ctx = RunContext(
        settings=settings,
        store=store,
        run_id=run_id,
        as_of=as_of,
        previous_run=store.last_successful_run(before=run_id),
    )
    store.update_run(run_id, model_versions=models.versions())
    ctx.models_key = models.key
    ctx.counts["models_key"] = models.key  # kept in the run's counts for `cxnlp status --json`
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


def _read_copy(store: Store, *, only_if_missing: bool) -> None:
    """Copy a DuckDB store for the readers a run locks out (:mod:`cxnlp.store.snapshot`)."""
    from cxnlp.store.snapshot import ensure_read_copy, write_read_copy

    (ensure_read_copy if only_if_missing else write_read_copy)(store)


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
    _read_copy(ctx.store, only_if_missing=False)
    return RunSummary(ctx.run_id, status, dict(ctx.counts), outputs)


@contextmanager
def open_run(
    settings: Settings, as_of: datetime | None, models: EnrichModels
) -> Iterator[RunContext]:
    """Hold the run lock and the store for one run, registered and ready for its steps.

    The caller finishes a run that went well (:func:`finish_run` with
    :func:`final_status`); a step that raises is recorded as ``failed`` here
    and the error goes on to the caller.

    Raises:
        StoreError: another run holds the lock past ``store.lock_timeout_s``.
    """
    location = store_location(settings)  # a DuckDB file, or a PostgreSQL URL
    lock = run_lock(location, settings.store.lock_timeout_s)
    lock.acquire()
    try:
        with open_store_for_writing(
            settings, location, wait_s=settings.store.lock_timeout_s
        ) as store:
            ctx = begin_run(settings, store, as_of, models)
            try:
                yield ctx
            except BaseException as exc:
                finish_run(ctx, FAILED, error=f"{type(exc).__name__}: {exc}")
                raise
    finally:
        lock.release()


def load_enriched_window(ctx: RunContext) -> pd.DataFrame:
    """The enriched frame of the run's window (topic ids from this run)."""
    models_key = ctx.models_key or _models_key_of_run(ctx)
    frame = ctx.store.load_window(
        start=ctx.window_start, end=ctx.as_of, models=models_key, run_id=ctx.run_id
    )
    from cxnlp.intents.frame import attach_intents  # issue 21: stored intent flags

    return attach_intents(frame, ctx.store)


def previous_backlog(ctx: RunContext) -> pd.DataFrame | None:
    """The previous run's backlog (None on a first night or when it was empty), read once.

    The ranking step (to keep the ids of causes that own an item) and the backlog
    step (to update yesterday's items) both need it; the first to ask reads it.
    """
    if "previous_backlog" not in ctx.shared:
        run = ctx.previous_run
        frame = ctx.store.read_run_frame("backlog", run) if run else None
        ctx.shared["previous_backlog"] = None if frame is None or frame.empty else frame
    found = ctx.shared["previous_backlog"]
    return found if isinstance(found, pd.DataFrame) else None


def _models_key_of_run(ctx: RunContext) -> str | None:
    run = ctx.store.get_run(ctx.run_id)
    versions = (run or {}).get("model_versions") or {}
    return versions.get("key") if isinstance(versions, dict) else None


def point_latest(link: Any, target: Any) -> None:
    try:
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target, target_is_directory=True)
    except OSError:  # filesystems without symlinks: the run folder is still there
        log.debug("could not point %s at %s", link, target)
