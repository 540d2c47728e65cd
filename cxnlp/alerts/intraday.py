"""The intraday micro-batch: new rows in, classified, placed in the night's topics, hot alerts out.

A cycle takes the run lock for a few seconds only (``alerts.lock_wait_s``):
while a night holds it the cycle skips with a logged reason. It ingests past
the connectors' watermarks (:func:`cxnlp.run.ingest.ingest_sources`), embeds
and classifies what is new (:func:`cxnlp.run.enrich.enrich_feedback`), places
the new comments in the last night's topics by their stored centroids (no
refit), flags intents and sends hot-comment alerts. It never refits, ranks
or renders: the night stays the one that does. A cycle is not a run: it is
recorded in ``intraday_cycles``, never in ``runs``, so the next night still
continues from the last night.
"""

from __future__ import annotations

import importlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from cxnlp.alerts.build import hot_comment_alerts
from cxnlp.alerts.log import record_cycle, record_placements
from cxnlp.alerts.send import Receiver, dispatch
from cxnlp.config import Settings
from cxnlp.errors import CxnlpError, StoreError
from cxnlp.run.context import RunContext

if TYPE_CHECKING:
    from cxnlp.enrich import EnrichModels

log = logging.getLogger(__name__)

# texts -> one bool column per intent (churn, escalation, effort, urgent) + intent_cues
IntentFlagger = Callable[[Sequence[str]], pd.DataFrame]

_NEW_COLUMNS = (
    "feedback_id",
    "source",
    "source_kind",
    "created_at",
    "text",
    "text_norm",
    "text_hash",
    "dup_of",
    "nps",
    "csat",
    "csat_scale",
)


class NightRunning(CxnlpError):
    """The run lock is held (a night is running): the cycle skips."""


def new_cycle_id(now: datetime) -> str:
    """A sortable, unique id, told apart from a night's run id by its prefix."""
    return f"intraday-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


@contextmanager
def open_cycle(
    settings: Settings, as_of: datetime | None, models: EnrichModels
) -> Iterator[RunContext]:
    """Hold the run lock briefly and the store for one intraday cycle.

    Raises:
        NightRunning: the lock stayed taken for ``alerts.lock_wait_s`` seconds.
    """
    from cxnlp.store.open import run_lock, store_location
    from cxnlp.writers import open_store_for_writing

    location = store_location(settings)  # a DuckDB file, or a PostgreSQL URL
    lock = run_lock(location, settings.alerts.lock_wait_s)
    try:
        lock.acquire()
    except StoreError as exc:
        raise NightRunning(
            f"intraday cycle skipped: another run (the night) holds the store ({exc})"
        ) from None
    try:
        with open_store_for_writing(
            settings, location, wait_s=settings.alerts.lock_wait_s
        ) as store:
            now = as_of or datetime.utcnow()
            ctx = RunContext(
                settings=settings,
                store=store,
                run_id=new_cycle_id(datetime.utcnow()),
                as_of=now,
                models_key=models.key,
                previous_run=store.last_successful_run(),
            )
            ctx.shared["started_at"] = datetime.utcnow()
            yield ctx
    finally:
        lock.release()


def read_new_rows(ctx: RunContext) -> pd.DataFrame:
    """The comments this cycle wrote (originals with text only)."""
    cols = ", ".join(f'"{c}"' for c in _NEW_COLUMNS)
    frame = ctx.store.con.execute(
        f"SELECT {cols} FROM feedback WHERE run_id = ? ORDER BY created_at, feedback_id",
        [ctx.run_id],
    ).df()
    has_text = frame["text_norm"].fillna("").str.len() > 0
    return frame[has_text & frame["dup_of"].isna()].reset_index(drop=True)


def place_new_rows(ctx: RunContext, models: EnrichModels, new: pd.DataFrame) -> dict[str, Any]:
    """Place new comments in the last night's topics by its stored centroids (no refit).

    Adds ``topic_id`` and ``topic_label`` to ``new`` (kept in ``ctx.shared``)
    and records the placements in ``intraday_topics``.
    """
    from cxnlp.enrich import embed_with_cache
    from cxnlp.topics import TopicModel

    new = new.copy()
    new["topic_id"], new["topic_label"] = -1, None
    ctx.shared["new"] = new
    night = ctx.previous_run
    models_dir = ctx.settings.resolve(ctx.settings.store.path).parent / "topic_models"
    if new.empty:
        return {"placed": 0}
    if night is None or not (models_dir / night).exists():
        reason = "no night has fitted topics yet: new comments stay unplaced until one does"
        log.warning("intraday: %s", reason)
        return {"placed": 0, "reason": reason}
    vectors, _ = embed_with_cache(
        ctx.store, models.embedder, new["text_hash"].tolist(), new["text_norm"].tolist()
    )
    model = TopicModel.load(models_dir / night, with_bertopic=False)
    topic_ids = np.asarray(model.assign(new["text_norm"].tolist(), vectors)).astype(int)
    labels = ctx.store.read_topics(night)
    by_id = dict(zip(labels["topic_id"].astype(int), labels["label"], strict=True))
    new["topic_id"] = topic_ids
    new["topic_label"] = [by_id.get(int(t)) if t >= 0 else None for t in topic_ids]
    ctx.shared["new"] = new
    record_placements(ctx.store, ctx.run_id, night, new, datetime.utcnow())
    return {"placed": int((topic_ids >= 0).sum()), "model_run": night}


def default_flagger() -> IntentFlagger | None:
    """``cxnlp.intents.flag_intents`` when that module is installed, else None."""
    # imported by name: the intents package is written beside this one and may be absent
    try:
        module = importlib.import_module("cxnlp.intents")
    except ImportError:
        return None
    found = getattr(module, "flag_intents", None)
    return cast(IntentFlagger, found) if callable(found) else None


def recent_mask(frame: pd.DataFrame, as_of: datetime, days: float) -> pd.Series:
    """Rows written within ``days`` before ``as_of`` (or after it: a clock a little ahead)."""
    since = pd.Timestamp(as_of) - pd.Timedelta(days=days)
    return pd.to_datetime(frame["created_at"]) >= since


def flag_and_alert(
    ctx: RunContext,
    *,
    flagger: IntentFlagger | None = None,
    receivers: Sequence[Receiver] | None = None,
) -> dict[str, Any]:
    """Flag intents on the cycle's new comments and send the hot-comment alerts."""
    new: pd.DataFrame = ctx.shared.get("new", pd.DataFrame())
    flagger = flagger or default_flagger()
    if not new.empty:
        new = new[recent_mask(new, ctx.as_of, ctx.settings.alerts.hot_recent_days)]
    if new.empty:
        return {"hot": 0, "raised": 0}
    if flagger is None:
        log.warning("intraday: cxnlp.intents is not available; only scores are checked")
        flags = pd.DataFrame(index=new.index)
    else:
        flags = flagger(new["text"].fillna("").tolist())
        flags.index = new.index
    frame = pd.concat([new, flags.drop(columns=[c for c in flags if c in new])], axis=1)
    alerts = hot_comment_alerts(frame, ctx.settings.alerts, ctx.run_id)
    counts = dispatch(ctx.store, alerts, ctx.settings.alerts, receivers=receivers)
    return {"hot": len(alerts), **counts}


def finish_cycle(ctx: RunContext, counts: dict[str, Any]) -> dict[str, Any]:
    """Record the cycle in ``intraday_cycles`` and return its summary."""
    started = ctx.shared.get("started_at") or datetime.utcnow()
    finished = datetime.utcnow()
    result = {
        "cycle_id": ctx.run_id,
        "status": "completed",
        "started_at": started,
        "finished_at": finished,
        "seconds": (finished - started).total_seconds(),
        **counts,
    }
    record_cycle(ctx.store, ctx.run_id, result)
    return result


def run_intraday_cycle(
    settings: Settings,
    models: EnrichModels | None = None,
    *,
    as_of: datetime | None = None,
    flagger: IntentFlagger | None = None,
    receivers: Sequence[Receiver] | None = None,
) -> dict[str, Any]:
    """Run one intraday cycle in-process; skip (logged) while a night runs.

    Returns:
        the cycle's counts: ``loaded``, ``classified``, ``placed``, ``alerts``
        (hot comments raised) and ``sent``; or ``status: skipped`` with the reason.
    """
    from cxnlp.enrich import load_models
    from cxnlp.nlp.model_registry import with_active_models
    from cxnlp.run.enrich import enrich_feedback
    from cxnlp.run.ingest import ingest_sources

    # the heads promoted by `cxnlp models promote`, as the night uses: same models key
    settings = with_active_models(settings)
    models = models or load_models(settings.models)
    started = time.perf_counter()
    try:
        with open_cycle(settings, as_of, models) as ctx:
            ingest = ingest_sources(ctx)
            enrich = enrich_feedback(ctx, models)
            placed = place_new_rows(ctx, models, read_new_rows(ctx))
            sent = flag_and_alert(ctx, flagger=flagger, receivers=receivers)
            return finish_cycle(ctx, cycle_counts(ingest, enrich, placed, sent))
    except NightRunning as exc:
        log.warning("%s", exc)
        return {"status": "skipped", "reason": str(exc)}
    finally:
        log.info("intraday cycle took %.1f s", time.perf_counter() - started)


def cycle_counts(
    ingest: dict[str, Any], enrich: dict[str, Any], placed: dict[str, Any], sent: dict[str, Any]
) -> dict[str, Any]:
    """One cycle's counts from its steps' results."""
    return {
        "loaded": int(ingest.get("loaded", 0)),
        "failed_sources": list(ingest.get("failed_sources", [])),
        "classified": int(enrich.get("classified", 0)),
        "placed": int(placed.get("placed", 0)),
        "alerts": int(sent.get("hot", 0)),
        "sent": int(sent.get("sent", 0)),
        "failed": int(sent.get("failed", 0)),
        "suppressed": int(sent.get("suppressed", 0)),
        "reason": placed.get("reason"),
    }
