"""Read back the call-back sheet the CX team filled, and measure how the calls went.

``cxnlp callbacks import FILE`` hands a filled ``callbacks.xlsx`` (or its CSV) to
:func:`import_outcomes`: each row with an ``Estado`` is checked (a known
``ID respuesta``, a known state, a call date that is a date, not before the
comment and not in the future) and stored in the table ``callback_outcomes``
(created here, one row per answer: a later import of the same answer replaces
it). A bad row is reported with the file, the row as the spreadsheet numbers it,
and the column, and skipped; the good rows are kept.

:func:`callback_stats` turns the stored outcomes into the two figures the
report shows: the closure rate and the median time to call back.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.closeloop import SHEET_STATUS
from cxnlp.errors import CxnlpError
from cxnlp.sheets import read_sheet

log = logging.getLogger(__name__)

OUTCOMES_TABLE = "callback_outcomes"
ID_COLUMN = "ID respuesta"
MAX_OUTCOME_CHARS = 500
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {OUTCOMES_TABLE} (feedback_id VARCHAR PRIMARY KEY, "
    "customer_id VARCHAR, topic VARCHAR, status VARCHAR, agent VARCHAR, outcome VARCHAR, "
    "called_at TIMESTAMP, comment_at TIMESTAMP, imported_at TIMESTAMP, file VARCHAR, "
    "sheet_row INTEGER)"
)
_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d-%m-%Y",
)  # fmt: skip


@dataclass
class ImportReport:
    """What one import stored and what it skipped."""

    file: str
    stored: int = 0
    untouched: int = 0  # rows with no Estado yet: nothing to store
    problems: list[str] = field(default_factory=list)  # "file, row N, column: reason"


@dataclass(frozen=True)
class CallbackStats:
    """How the call-backs went, up to a date."""

    listed: int  # customers put on a call-back list (comment up to as_of)
    called: int  # of those, with a call recorded (any state but pendiente)
    closed: int  # of those, with the state "cerrado"
    closure_rate: float | None  # closed / listed; None when nobody was listed
    median_days_to_callback: float | None  # comment -> call, over the calls; None without
    definition: str = (
        "Tasa de cierre = clientes con estado «cerrado» / clientes en las listas de "
        "llamada; tiempo hasta la llamada = mediana de días desde el comentario hasta la "
        "fecha de llamada registrada."
    )


def import_outcomes(store: Any, path: str | Path, *, now: datetime | None = None) -> ImportReport:
    """Store the outcomes of a filled call-back sheet (XLSX or CSV).

    Args:
        store: An open, writable :class:`cxnlp.store.Store`.
        path: The sheet as exported (``callbacks.xlsx`` or ``callbacks.csv``), filled in.
        now: The import's time (default: now, UTC); call dates after it are errors.

    Returns:
        How many rows were stored, how many were not worked yet, and one line per bad
        row (file, spreadsheet row, column, reason), which is skipped.

    Raises:
        CxnlpError: when the file cannot be read or lacks the ``ID respuesta`` or
            ``Estado`` column.
    """
    path = Path(path)
    now = now or datetime.utcnow()
    header, rows = read_sheet(path, sheet_name="llamadas")
    columns = {_fold(h): i for i, h in enumerate(header) if h}
    for needed in (ID_COLUMN, "Estado"):
        if _fold(needed) not in columns:
            raise CxnlpError(
                f"{path}: no {needed!r} column; import the sheet cxnlp exported "
                f"(callbacks.xlsx or callbacks.csv), filled in"
            )
    listed = _listed(store)
    report = ImportReport(file=str(path))
    good: list[list[Any]] = []
    for sheet_row, cells in rows:

        def cell(name: str, cells: list[Any] = cells) -> Any:
            i = columns.get(_fold(name))
            return cells[i] if i is not None and i < len(cells) else None

        status = _fold(str(cell("Estado") or ""))
        where = f"{path.name}, row {sheet_row}"
        if not status:
            report.untouched += 1
            continue
        feedback_id = str(cell(ID_COLUMN) or "").strip()
        problem = None
        if feedback_id not in listed:
            problem = f"{ID_COLUMN}: {feedback_id!r} is on no call-back list of this store"
        elif status not in {_fold(s) for s in SHEET_STATUS}:
            problem = f"Estado: {cell('Estado')!r} is not one of {', '.join(SHEET_STATUS)}"
        called_at = None
        if problem is None:
            raw = cell("Fecha de llamada")
            called_at = _parse_when(raw)
            comment_at = listed[feedback_id][2]
            if raw not in (None, "") and called_at is None:
                problem = f"Fecha de llamada: {raw!r} is not a date (use dd/mm/aaaa [hh:mm])"
            elif called_at is None and status != "pendiente":
                problem = f"Fecha de llamada: empty, but the state is {status!r}"
            elif called_at is not None and called_at > now + timedelta(days=1):
                problem = f"Fecha de llamada: {called_at:%d/%m/%Y} is in the future"
            elif (
                called_at is not None
                and comment_at is not None
                and called_at.date() < (comment_at.date())
            ):
                problem = (
                    f"Fecha de llamada: {called_at:%d/%m/%Y} is before the comment "
                    f"({comment_at:%d/%m/%Y})"
                )
        if problem is not None:
            report.problems.append(f"{where}, {problem}; skipped")
            continue
        customer, topic, comment_at = listed[feedback_id]
        good.append(
            [
                feedback_id,
                customer,
                topic,
                status,
                _text(cell("Agente"), 120),
                _text(cell("Resultado"), MAX_OUTCOME_CHARS),
                called_at,
                comment_at,
                now.replace(microsecond=0),
                path.name,
                sheet_row,
            ]  # fmt: skip
        )
    _store(store, good)
    report.stored = len(good)
    log.info(
        "%s: %d call-back outcome(s) stored, %d row(s) skipped", path, report.stored,
        len(report.problems),
    )  # fmt: skip
    return report


def callback_stats(
    store: Any, as_of: datetime | date | str, *, days: int | None = None
) -> CallbackStats:
    """Closure rate and median time to call back, as of a date.

    Listed customers are the distinct answers on any call-back list whose comment is
    at or before ``as_of`` (and within ``days`` before it, when given); calls count
    when their date is at or before ``as_of``.
    """
    end = pd.Timestamp(as_of)
    start = end - pd.Timedelta(days=days) if days is not None else None
    if not _has_table(store, "callbacks"):
        return CallbackStats(0, 0, 0, None, None)
    lists = store.con.execute(
        "SELECT feedback_id, min(created_at) AS created_at FROM callbacks GROUP BY feedback_id"
    ).df()
    lists["created_at"] = pd.to_datetime(lists["created_at"])
    keep = lists["created_at"] <= end
    if start is not None:
        keep &= lists["created_at"] >= start
    lists = lists[keep]
    listed = len(lists)
    if not _has_table(store, OUTCOMES_TABLE) or listed == 0:
        return CallbackStats(listed, 0, 0, 0.0 if listed else None, None)
    outcomes = store.con.execute(
        f"SELECT feedback_id, status, called_at FROM {OUTCOMES_TABLE}"
    ).df()
    outcomes["called_at"] = pd.to_datetime(outcomes["called_at"])
    done = outcomes[
        outcomes["feedback_id"].isin(lists["feedback_id"])
        & (outcomes["status"] != "pendiente")
        & (outcomes["called_at"] <= end)
    ].merge(lists, on="feedback_id")
    closed = int((done["status"] == "cerrado").sum())
    # a call dated the comment's day without a time reads as midnight, before the comment
    waits = ((done["called_at"] - done["created_at"]).dt.total_seconds() / 86400).clip(lower=0)
    return CallbackStats(
        listed=listed,
        called=len(done),
        closed=closed,
        closure_rate=closed / listed,
        median_days_to_callback=float(waits.median()) if len(waits) else None,
    )


def outcomes_frame(store: Any) -> pd.DataFrame:
    """Every stored outcome (empty when nothing was imported yet)."""
    if not _has_table(store, OUTCOMES_TABLE):
        return pd.DataFrame(columns=["feedback_id", "status", "agent", "outcome", "called_at"])
    return store.con.execute(f"SELECT * FROM {OUTCOMES_TABLE} ORDER BY feedback_id").df()


def _store(store: Any, rows: list[list[Any]]) -> None:
    store.con.execute(_CREATE)
    if not rows:
        return
    with store.transaction():
        for row in rows:
            store.con.execute(f"DELETE FROM {OUTCOMES_TABLE} WHERE feedback_id = ?", [row[0]])
            store.con.execute(
                f"INSERT INTO {OUTCOMES_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row
            )


def _listed(store: Any) -> dict[str, tuple[str, str, datetime | None]]:
    """Answer id -> (customer, cause, comment time) over every stored call-back list."""
    if not _has_table(store, "callbacks"):
        return {}
    frame = store.con.execute(
        "SELECT feedback_id, customer_id, topic, created_at FROM callbacks ORDER BY run_id"
    ).df()
    out: dict[str, tuple[str, str, datetime | None]] = {}
    for rec in frame.to_dict("records"):
        when = pd.to_datetime(rec["created_at"], errors="coerce")
        out[str(rec["feedback_id"])] = (
            str(rec["customer_id"]),
            str(rec["topic"]),
            None if pd.isna(when) else pd.Timestamp(when).to_pydatetime(),
        )
    return out


def _parse_when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value).strip().lstrip("'")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _text(value: Any, limit: int) -> str | None:
    """Free text an agent typed: redacted (it may name the customer) and cut."""
    from cxnlp.text import redact_pii

    if value is None or str(value).strip() == "":
        return None
    return redact_pii(str(value).strip())[:limit]


def _fold(text: str) -> str:
    """Lower case without accents or extra spaces, to compare headers and states."""
    plain = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def _has_table(store: Any, name: str) -> bool:
    found = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])
