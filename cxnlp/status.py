"""Read the store while a run may hold it: brief retries, then the last snapshot.

DuckDB lets no second process open a file that a run holds for writing. A
nightly run holds it for minutes, so the read commands (`cxnlp status`,
`cxnlp quarantine`, `cxnlp report`) wait a little for the writer, and
`cxnlp status` then falls back to a small JSON snapshot of the runs table that
every run rewrites after each step. Nothing here needs Prefect.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from cxnlp.errors import StoreError
from cxnlp.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

SNAPSHOT_RUNS = 50


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


def with_reader(db_path: Path, read: Callable[[Store], T], *, wait_s: float = 10.0) -> T:
    """Open the store read-only and call ``read``; retry while a run holds it.

    Raises:
        StoreError: when the store is still held after ``wait_s`` seconds, with a
            message that says a run is writing and which process holds the lock.
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with Store(db_path, read_only=True) as store:
                return read(store)
        except StoreError as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreError(busy_message(db_path, wait_s)) from None
            time.sleep(0.5)


def busy_message(db_path: Path, waited_s: float) -> str:
    """Say that a run is writing to the store, and which process holds it."""
    lock = db_path.with_name(db_path.name + ".lock")
    pid = ""
    try:
        pid = lock.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    holder = f" (process {pid})" if pid else ""
    return (
        f"the store {db_path} is busy: a cxnlp run{holder} is writing to it "
        f"(waited {waited_s:.0f} s); try again when the run ends"
    )


def runs_frame(doc: dict[str, Any]) -> pd.DataFrame:
    """The runs of a snapshot as the frame `Store.runs` returns."""
    runs = pd.DataFrame(doc.get("runs") or [])
    for col in ("started_at", "finished_at", "as_of"):
        if col in runs:
            runs[col] = pd.to_datetime(runs[col], errors="coerce")
    return runs
