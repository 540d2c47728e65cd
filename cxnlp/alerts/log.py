"""The store's record of alerts (table ``alerts``) and of intraday cycles.

Plain SQL with ``?`` placeholders on the store's connection, so the
PostgreSQL store runs the same statements.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from cxnlp.alerts.model import Alert
from cxnlp.store import Store

ALERT_LOG_COLUMNS = (
    "alert_id",
    "created_at",
    "kind",
    "subject",
    "run_id",
    "title",
    "body",
    "target",
    "status",
    "attempts",
    "error",
)

# what a receiver's attempt ended as
SENT, FAILED, SUPPRESSED, NO_TARGET = "sent", "failed", "suppressed", "no_target"


def sent_since(store: Store, subject: str, target: str, since: datetime) -> bool:
    """Whether ``subject`` reached ``target`` at or after ``since`` (the cool-down)."""
    rows = store.con.execute(
        "SELECT count(*) FROM alerts WHERE subject = ? AND target = ? AND status = ? "
        "AND created_at >= ?",
        [subject, target, SENT, since],
    ).fetchall()
    return bool(rows and rows[0][0])


def log_attempt(
    store: Store,
    alert: Alert,
    *,
    target: str,
    status: str,
    attempts: int,
    error: str | None,
    at: datetime,
) -> None:
    """Record one alert's outcome at one receiver (the text is stored redacted)."""
    store.con.execute(
        f"INSERT INTO alerts ({', '.join(ALERT_LOG_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in ALERT_LOG_COLUMNS)})",
        [
            uuid.uuid4().hex[:16],
            at,
            alert.kind,
            alert.subject,
            alert.run_id,
            alert.title,
            alert.body[:2000],
            target,
            status,
            attempts,
            error,
        ],
    )


def read_alerts(
    store: Store, *, since: datetime | None = None, until: datetime | None = None
) -> pd.DataFrame:
    """Logged alerts, newest first, between ``since`` and ``until`` (inclusive)."""
    where, params = ["TRUE"], []
    if since is not None:
        where.append("created_at >= ?")
        params.append(since)
    if until is not None:
        where.append("created_at <= ?")
        params.append(until)
    return store.con.execute(
        f"SELECT {', '.join(ALERT_LOG_COLUMNS)} FROM alerts WHERE {' AND '.join(where)} "
        "ORDER BY created_at DESC, subject",
        params,
    ).df()


def recent_alerts(store: Store, days: int) -> list[dict[str, Any]]:
    """The alerts logged in the last ``days`` days (by the clock), newest first."""
    since = datetime.utcnow() - timedelta(days=days)
    return list(read_alerts(store, since=since).to_dict("records"))


def record_cycle(store: Store, cycle_id: str, result: dict[str, Any]) -> None:
    """Record one intraday cycle that ran, with its counts."""
    store.con.execute(
        "INSERT INTO intraday_cycles (cycle_id, started_at, finished_at, status, reason, "
        "loaded, classified, placed, alerts, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            cycle_id,
            result.get("started_at"),
            result.get("finished_at"),
            result.get("status"),
            result.get("reason"),
            int(result.get("loaded", 0)),
            int(result.get("classified", 0)),
            int(result.get("placed", 0)),
            int(result.get("alerts", 0)),
            float(result.get("seconds", 0.0)),
        ],
    )


def record_placements(
    store: Store, cycle_id: str, model_run: str, placed: pd.DataFrame, at: datetime
) -> None:
    """Keep where an intraday cycle placed new comments (``feedback_id``, ``topic_id``)."""
    for feedback_id, topic_id in zip(placed["feedback_id"], placed["topic_id"], strict=True):
        store.con.execute(
            "DELETE FROM intraday_topics WHERE feedback_id = ? AND model_run = ?",
            [feedback_id, model_run],
        )
        store.con.execute(
            "INSERT INTO intraday_topics (feedback_id, model_run, topic_id, cycle_id, placed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [feedback_id, model_run, int(topic_id), cycle_id, at],
        )
