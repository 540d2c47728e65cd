"""Read the store while a run may hold it, and wait politely to write to it.

DuckDB lets no second process open a file that a run holds for writing, and a
night holds it for minutes. Every read path (`cxnlp status`, `cxnlp report`,
`cxnlp quarantine`, the export commands, the analysis API behind the notebooks)
goes through :func:`open_reader`: it reads the live store when no run holds it
(sharing the run lock meanwhile, so that a run starting then waits for the read
instead of failing on the file), and otherwise the read copy of the last finished
run (:mod:`cxnlp.store.snapshot`), saying so in one line. Commands that write
wait for a run instead (:mod:`cxnlp.writers`).

`cxnlp status` also keeps a small JSON snapshot of the runs table, rewritten after
every step, so that it can show the progress of the run in progress.
Nothing here needs Prefect.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, Union

import pandas as pd

from cxnlp.errors import StoreError
from cxnlp.store import Store
from cxnlp.store.pg import is_postgres_url
from cxnlp.store.snapshot import read_copy_path

if TYPE_CHECKING:
    from cxnlp.config import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
Notify = Callable[[str], None]

SNAPSHOT_RUNS = 50
RETRY_S = 0.5
# How long a reader retries a live store that something other than a run holds
# (a write command, a foreign DuckDB client) before it settles for the read copy.
COPY_AFTER_S = 2.0


# -- the JSON status snapshot (runs table only) -----------------------------------------
def snapshot_path(db_path: Path) -> Path:
    """Where the status snapshot of the store ``db_path`` lives (next to it)."""
    return db_path.with_name(db_path.name + ".status.json")


def write_snapshot(store: Store, db_path: Path) -> None:
    """Write the latest runs and the table sizes for readers locked out of the store.

    Written to a temporary file and renamed, so a reader never sees half a file.
    """
    runs = store.runs(SNAPSHOT_RUNS)
    doc = {
        "written_at": datetime.utcnow().isoformat(timespec="seconds"),
        "feedback_rows": store.count("feedback"),
        "quarantine_rows": store.count("quarantine"),
        "runs": json.loads(runs.to_json(orient="records", date_format="iso")),
    }
    path = snapshot_path(db_path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only folder must not fail the run
        log.debug("could not write the status snapshot %s: %s", path, exc)


def read_snapshot(db_path: Path) -> dict[str, Any] | None:
    """The last snapshot, or None when there is none (or it cannot be read)."""
    path = snapshot_path(db_path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def runs_frame(doc: dict[str, Any]) -> pd.DataFrame:
    """The runs of a snapshot as the frame `Store.runs` returns."""
    runs = pd.DataFrame(doc.get("runs") or [])
    for col in ("started_at", "finished_at", "as_of"):
        if col in runs:
            runs[col] = pd.to_datetime(runs[col], errors="coerce")
    return runs


# -- readers ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReadSource:
    """What a reader read: the live store, or the copy of the last finished run.

    Attributes:
        copy: the read copy that was opened; None when the live store was.
        finished_at: for the copy, when the newest run in it finished (UTC).
        run_id: for the copy, that run.
        status: for the copy, how that run ended (``failed`` is said in the line).
    """

    copy: Path | None = None
    finished_at: datetime | None = None
    run_id: str | None = None
    status: str | None = None

    @property
    def is_copy(self) -> bool:
        """True when the reader read the copy, not the live store."""
        return self.copy is not None

    def line(self, now: datetime | None = None) -> str:
        """One line, Spanish then English, that says what was read and, for the copy,
        which run it holds, when that run finished and how long ago (``now``: UTC,
        default the clock)."""
        if self.copy is None:
            return "leyendo la base de datos en vivo · reading the live store"
        run = self.run_id or "?"
        failed = self.status == "failed"
        if self.finished_at is None:
            when, ago_es, ago_en = "sin fecha", "", ""
        else:
            when = f"{self.finished_at:%Y-%m-%d %H:%M} UTC"
            age = _age(self.finished_at, now or datetime.utcnow())
            ago_es, ago_en = (f", hace {age}", f", {age} ago") if age else ("", "")
        return (
            f"leyendo la copia de la última ejecución terminada ({when}{ago_es}; ejecución "
            f"{run}{' fallida' if failed else ''}): una ejecución está escribiendo · a run is "
            f"writing: reading the copy of the last finished run ({run}"
            f"{', failed' if failed else ''}, finished {when}{ago_en})"
        )


def _age(finished: datetime, now: datetime) -> str:
    """How long ago ``finished`` was, as ``3 min``, ``2 h 05 min`` or ``4 d 3 h``
    ("" when the clock is behind it)."""
    if finished.tzinfo is not None:  # stored naive UTC; an aware one is compared in UTC
        finished = finished.astimezone(UTC).replace(tzinfo=None)
    minutes = int((now - finished).total_seconds() // 60)
    if minutes < 0:
        return ""
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


class Reading(NamedTuple):
    """An open read-only store and where it came from."""

    store: Store
    source: ReadSource


Where = Union["Settings", str, os.PathLike[str]]


def _location(where: Where) -> Path | str:
    """The DuckDB file, or the PostgreSQL URL (a secret: never shown), to read."""
    if isinstance(where, (str, os.PathLike)):
        return str(where) if is_postgres_url(where) else Path(where)
    from cxnlp.store.open import store_location

    return store_location(where)


@contextmanager
def _run_lock_shared(db_path: Path) -> Iterator[bool]:
    """Share the run lock for the body; yield False when a run (or a writer) holds it.

    While a reader shares it, a run that starts waits for the read to end instead
    of failing to open a file the reader has open.
    """
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        fh = open(lock, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError:  # no run ever took it (or it cannot be read): nothing to share
        yield True
        return
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            free = False
        else:
            free = True
        try:
            yield free
        finally:
            if free:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    finally:
        fh.close()


def _open_read_only(location: Path | str) -> Store | None:
    """The store opened read-only, or None while another process holds the file."""
    try:
        return Store(location, read_only=True)
    except StoreError as exc:
        if "lock" not in str(exc).lower():
            raise
        return None


def _copy_source(copy: Path, store: Store) -> ReadSource:
    """The copy and the newest finished run it holds (its id, end and status)."""
    try:
        row = store.con.execute(
            "SELECT run_id, finished_at, status FROM runs WHERE finished_at IS NOT NULL "
            "ORDER BY finished_at DESC LIMIT 1"
        ).fetchall()
    except Exception:  # noqa: BLE001 - an empty copy has no runs table: no run to name
        row = []
    if not row:
        return ReadSource(copy)
    run_id, finished, status = row[0]
    return ReadSource(
        copy,
        finished if isinstance(finished, datetime) else None,
        str(run_id),
        str(status) if status is not None else None,
    )


def _tell(notify: Notify | None, source: ReadSource) -> None:
    if not source.is_copy:
        log.debug("%s", source.line())
    elif notify is not None:
        notify(source.line())
    else:
        log.warning("%s", source.line())


@contextmanager
def reading(
    where: Where, *, wait_s: float = 10.0, notify: Notify | None = None
) -> Iterator[Reading]:
    """Like :func:`open_reader`, and also say what was read (:class:`ReadSource`)."""
    location = _location(where)
    if not isinstance(location, Path):  # PostgreSQL: readers see the last committed data
        with Store(location, read_only=True) as server:
            yield Reading(server, ReadSource())
        return
    copy = read_copy_path(location)
    start = time.monotonic()
    while True:
        with _run_lock_shared(location) as free:
            store = _open_read_only(location) if free else None
            if store is not None:
                _tell(notify, ReadSource())
                with store:
                    yield Reading(store, ReadSource())
                return
        waited = time.monotonic() - start
        if copy.exists() and (not free or waited >= min(wait_s, COPY_AFTER_S)):
            copy_store = _open_read_only(copy)
            if copy_store is not None:
                with copy_store:
                    source = _copy_source(copy, copy_store)
                    _tell(notify, source)
                    yield Reading(copy_store, source)
                return
        if waited >= wait_s:
            raise StoreError(busy_message(location, wait_s))
        time.sleep(RETRY_S)


@contextmanager
def open_reader(
    where: Where, *, wait_s: float = 10.0, notify: Notify | None = None
) -> Iterator[Store]:
    """The store opened read-only: live when free, else the copy of the last finished run.

    A run in progress holds a DuckDB store: the reader goes at once to the read copy
    (written when each run ends, :mod:`cxnlp.store.snapshot`). Anything else that
    holds it (a write command, another DuckDB client) gets a short wait first. With
    no copy yet, it retries up to ``wait_s``. A PostgreSQL store is read directly.

    Args:
        where: the settings, or the store's file (or PostgreSQL URL).
        wait_s: how long to wait for a busy store when there is no copy.
        notify: called with one line (Spanish · English) when the copy is read;
            by default the line is logged as a warning.

    Raises:
        StoreError: the store is still busy after ``wait_s`` and there is no copy;
            the message says a run is writing and which process holds it.
    """
    with reading(where, wait_s=wait_s, notify=notify) as found:
        yield found.store


def with_reader(
    db_path: Path | str,
    read: Callable[[Store], T],
    *,
    wait_s: float = 10.0,
    notify: Notify | None = None,
) -> T:
    """Call ``read`` on the store opened by :func:`open_reader` and return what it returns."""
    with open_reader(db_path, wait_s=wait_s, notify=notify) as store:
        return read(store)


def lock_holder(db_path: Path) -> str:
    """The process id the run lock of ``db_path`` names ("" when none can be read)."""
    try:
        return db_path.with_name(db_path.name + ".lock").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def busy_message(db_path: Path, waited_s: float) -> str:
    """Say that a run is writing to the store, and which process holds it."""
    pid = lock_holder(db_path)
    holder = f" (process {pid})" if pid else ""
    return (
        f"the store {db_path} is busy: a cxnlp run{holder} is writing to it "
        f"(waited {waited_s:.0f} s); try again when the run ends"
    )


class StatusView(NamedTuple):
    """What `cxnlp status` shows: the runs, two table sizes, and where they came from."""

    runs: pd.DataFrame
    feedback_rows: int
    quarantine_rows: int
    note: str


def read_status(settings: Settings, limit: int, *, notify: Notify | None = None) -> StatusView:
    """The latest runs for `cxnlp status`, even while a run holds the store.

    While a run writes, the table sizes come from the read copy, and the runs from
    the JSON snapshot the run rewrites after every step (so the run in progress
    shows) when that is newer than the copy.

    Raises:
        StoreError: the store is busy and neither copy nor snapshot exists.
    """
    from cxnlp.store.open import snapshot_base, store_location

    location = store_location(settings)
    base = snapshot_base(settings, location)
    try:
        with reading(location, wait_s=5, notify=notify) as (store, source):
            runs = store.runs(limit)
            view = StatusView(runs, store.count("feedback"), store.count("quarantine"), "")
    except StoreError:
        doc = read_snapshot(base)
        if doc is None:
            raise
        return _status_from_json(doc, limit)
    if not source.is_copy:
        return view
    doc = read_snapshot(base)
    if doc is not None and _mtime(snapshot_path(base)) >= _mtime(source.copy):
        return _status_from_json(doc, limit)  # newer: the run in progress shows, step by step
    when = f"{source.finished_at:%Y-%m-%d %H:%M} UTC" if source.finished_at else "?"
    return view._replace(note=f" · store busy (a run is writing): copy of the run finished {when}")


def _status_from_json(doc: dict[str, Any], limit: int) -> StatusView:
    return StatusView(
        runs_frame(doc).head(limit),
        int(doc["feedback_rows"]),
        int(doc["quarantine_rows"]),
        f" · store busy (a run is writing): snapshot of {doc['written_at']} UTC",
    )


def _mtime(path: Path | None) -> float:
    try:
        return path.stat().st_mtime if path is not None else 0.0
    except OSError:
        return 0.0
