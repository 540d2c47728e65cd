"""The read copy: the DuckDB file as the last finished run left it, for readers locked out.

DuckDB lets no second process open a file that one process holds read-write, and a
night holds the store for minutes. So when a run ends (and once when a run starts,
if there is no copy yet) the run checkpoints its write connection and copies the
file beside it (``cxnlp.duckdb`` -> ``cxnlp.duckdb.read``). Readers that find the
store busy open the copy read-only (:func:`cxnlp.status.open_reader`).

Why a file copy: on the demo store (51 MB, 12,200 comments) a checkpoint plus a
plain copy took 0.03-0.06 s, where ``ATTACH`` + ``COPY FROM DATABASE`` into a new
file took 0.6-0.8 s (it rebuilds every table; the result is smaller, 40 MB). The
copy is written to a temporary name and renamed over the old one, so a reader
opens either the old copy or the new one, never half of one; a reader that has
the old copy open keeps reading it (the rename does not touch its inode).

``CHECKPOINT`` is DuckDB's; a store that is not a DuckDB file (``:memory:``, a
PostgreSQL store, whose readers see the last committed run anyway) gets no copy.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import duckdb

from cxnlp.store.core import Store
from cxnlp.store.migrations import SCHEMA_VERSION

log = logging.getLogger(__name__)

READ_COPY_SUFFIX = ".read"


def read_copy_path(db_path: Path) -> Path:
    """Where the read copy of the store ``db_path`` lives (next to it)."""
    return db_path.with_name(db_path.name + READ_COPY_SUFFIX)


def write_read_copy(store: Store) -> Path | None:
    """Checkpoint ``store`` and copy its file to the read copy, atomically.

    Never fails the run: a copy that cannot be made is logged and skipped (readers
    then keep the previous copy, or wait for the store).

    Args:
        store: the run's open, writable store; nothing else may write to it during
            the call (the run calls this between steps).

    Returns:
        The copy's path, or None when none was written (``:memory:``, PostgreSQL,
        a checkpoint that left a write-ahead log behind, or an I/O error).
    """
    if getattr(store, "dialect", "duckdb") != "duckdb" or store.path == ":memory:":
        return None
    db_path = Path(store.path)
    if not db_path.is_file():
        return None
    target = read_copy_path(db_path)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        store.con.execute("CHECKPOINT")
        wal = db_path.with_name(db_path.name + ".wal")
        if wal.exists() and wal.stat().st_size > 0:
            # another transaction of this process kept the checkpoint from finishing:
            # the file alone is not the whole store, so keep the previous copy
            log.warning("store %s not fully checkpointed; read copy not refreshed", db_path)
            return None
        shutil.copyfile(db_path, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        log.warning("could not write the read copy %s: %s", target, exc)
        tmp.unlink(missing_ok=True)
        return None
    log.info("read copy of the store written to %s", target)
    return target


def ensure_read_copy(store: Store) -> Path | None:
    """Write the read copy when there is none yet, or when its schema is older.

    The first run on a store makes one; so does the first run after an upgrade
    of cxnlp, whose readers would otherwise meet a copy without the new tables.
    """
    if getattr(store, "dialect", "duckdb") == "duckdb" and store.path != ":memory:":
        target = read_copy_path(Path(store.path))
        if target.exists() and copy_schema_version(target) >= SCHEMA_VERSION:
            return target
    return write_read_copy(store)


def copy_schema_version(copy: Path) -> int:
    """The schema version of a read copy (0 when it cannot be read)."""
    try:
        con = duckdb.connect(str(copy), read_only=True)
    except duckdb.Error:
        return 0
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchall()
        return int(row[0][0]) if row and row[0][0] is not None else 0
    except duckdb.Error:
        return 0
    finally:
        con.close()
