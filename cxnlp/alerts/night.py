"""The night's alerts: emerging causes, social spikes, silent sources, hot comments; failures.

:func:`raise_night_alerts` runs after the backlog step, before the reports, so
the report lists what the night sent; :func:`send_digest` (``digest.py``)
runs after the night finishes; :func:`alert_run_failed` when it did not.
Every one of them logs and swallows its own errors: an alert never fails a run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd

from cxnlp.alerts.build import (
    emerging_cause_alerts,
    hot_comment_alerts,
    run_failed_alert,
    silent_source_alerts,
    social_spike_alerts,
)
from cxnlp.alerts.intraday import IntentFlagger, default_flagger, recent_mask
from cxnlp.alerts.model import Alert
from cxnlp.alerts.send import Receiver, dispatch
from cxnlp.config import Settings
from cxnlp.run.context import RunContext

log = logging.getLogger(__name__)


def _night_hot_comments(
    ctx: RunContext, frame: pd.DataFrame, flagger: IntentFlagger | None
) -> list[Alert]:
    """Hot comments among the rows this night loaded that were written lately."""
    if frame.empty or "run_id" not in frame.columns:
        return []
    recent = recent_mask(frame, ctx.as_of, ctx.settings.alerts.hot_recent_days)
    fresh = frame[(frame["run_id"] == ctx.run_id) & recent & frame["dup_of"].isna()]
    # a comment whose clauses name two topics is in the window frame twice
    fresh = fresh.drop_duplicates("feedback_id").reset_index(drop=True)
    flagger = flagger or default_flagger()
    if fresh.empty or flagger is None:
        return []
    flags = flagger(fresh["text"].fillna("").tolist())
    flags.index = fresh.index
    fresh = pd.concat([fresh, flags.drop(columns=[c for c in flags if c in fresh])], axis=1)
    return hot_comment_alerts(fresh, ctx.settings.alerts, ctx.run_id)


def _social_spikes(ctx: RunContext, frame: pd.DataFrame) -> list[Alert]:
    from cxnlp.reports import aggregate as agg
    from cxnlp.reports.social import SPIKE_WINDOW, SPIKE_Z, social_rows
    from cxnlp.reports.spikes import detect_spikes

    social = social_rows(frame)
    if social.empty:
        return []
    spikes = detect_spikes(agg.count_daily(social, by="topic_id"), window=SPIKE_WINDOW, z=SPIKE_Z)
    return social_spike_alerts(spikes, ctx.as_of, ctx.run_id)


def raise_night_alerts(
    ctx: RunContext,
    *,
    flagger: IntentFlagger | None = None,
    receivers: Sequence[Receiver] | None = None,
) -> dict[str, Any]:
    """Build the night's alerts from what its steps computed and send them.

    Reads the window view the ranking step built (no second read of the
    window); a night whose ranking was skipped alerts on silent sources only.
    """
    alerts: list[Alert] = []
    silent = (ctx.counts.get("ingest") or {}).get("silent_sources") or {}
    alerts += silent_source_alerts(silent, ctx.run_id)
    view = ctx.window
    if view is not None:
        builders: list[tuple[str, Callable[[], list[Alert]]]] = [
            ("emerging causes", lambda: emerging_cause_alerts(view.drivers, ctx.run_id)),
            ("social spikes", lambda: _social_spikes(ctx, view.frame)),
            (
                "hot comments",
                lambda: _night_hot_comments(ctx, _with_run_ids(ctx, view.frame), flagger),
            ),
        ]
        for what, build in builders:
            try:
                alerts += build()
            except Exception:  # building an alert must not fail the night
                log.exception(
                    "night alerts: could not build the %s alerts; sending the others", what
                )
    by_kind: dict[str, int] = {}
    for alert in alerts:
        by_kind[alert.kind] = by_kind.get(alert.kind, 0) + 1
    try:
        counts = dispatch(ctx.store, alerts, ctx.settings.alerts, receivers=receivers)
    except Exception as exc:  # the store refused the log: say so, and let the night go on
        log.exception("night alerts could not be sent or logged")
        return {"raised": len(alerts), "sent": 0, "error": f"{type(exc).__name__}: {exc}"}
    return {**counts, "kinds": by_kind}


def _with_run_ids(ctx: RunContext, frame: pd.DataFrame) -> pd.DataFrame:
    """The window frame with the run that wrote each row (the view leaves it out)."""
    if "run_id" in frame.columns:
        return frame
    rows = ctx.store.con.execute(
        "SELECT feedback_id, run_id, dup_of AS dup FROM feedback WHERE run_id = ?", [ctx.run_id]
    ).df()
    out = frame.merge(rows, on="feedback_id", how="left")
    if "dup_of" not in out.columns:
        out["dup_of"] = out["dup"]
    return out.drop(columns=["dup"])


@contextmanager
def alert_on_failure(settings: Settings) -> Iterator[None]:
    """Send the failed-run alert when the block inside raises (the error goes on).

    Stacked outside :func:`cxnlp.run.context.open_run`, so the run is already
    recorded as failed and the lock released when the alert is sent.
    """
    try:
        yield
    except Exception as exc:
        alert_run_failed(settings, None, f"{type(exc).__name__}: {exc}")
        raise


def alert_run_failed(
    settings: Settings,
    run_id: str | None,
    error: str,
    *,
    receivers: Sequence[Receiver] | None = None,
) -> dict[str, Any]:
    """Send (and log) the failed-run alert; never raises.

    Args:
        run_id: the failed run; None: the newest run the store marks failed.
    """
    try:
        from cxnlp.store.open import open_store

        with open_store(settings) as store:
            if run_id is None:
                rows = store.con.execute(
                    "SELECT run_id FROM runs WHERE status = 'failed' "
                    "ORDER BY started_at DESC LIMIT 1"
                ).fetchall()
                run_id = str(rows[0][0]) if rows else None
            return dispatch(
                store, [run_failed_alert(run_id, error)], settings.alerts, receivers=receivers
            )
    except Exception as exc:  # e.g. another process holds the store: nothing to log into
        log.warning("could not send the failed-run alert: %s: %s", type(exc).__name__, exc)
        return {"raised": 1, "sent": 0}
