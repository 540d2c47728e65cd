"""The run lock: one run at a time holds the store (a lock file, or a PostgreSQL advisory lock)."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Any

from cxnlp.errors import StoreError

log = logging.getLogger(__name__)


class RunLock:
    """An exclusive, process-wide lock file next to the database."""

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._fh: Any = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout_s``.

        Raises:
            StoreError: if another run still holds it after the timeout.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")  # noqa: SIM115 - held for the run's lifetime
        deadline = time.monotonic() + self.timeout_s
        announced = False
        while True:
            try:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    self._fh.close()
                    self._fh = None
                    raise StoreError(
                        f"another cxnlp run holds {self.path} (waited {self.timeout_s:.0f} s); "
                        "let it finish, or raise store.lock_timeout_s"
                    ) from None
                if not announced:
                    log.warning("another run holds %s; waiting for it to finish", self.path)
                    announced = True
                time.sleep(0.5)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


# pg_advisory_lock key of the run lock: the first 8 bytes of sha256("cxnlp.run"), signed
PG_RUN_LOCK_KEY = int.from_bytes(hashlib.sha256(b"cxnlp.run").digest()[:8], "big", signed=True)


class PgRunLock:
    """The run lock of a PostgreSQL store: a session-level ``pg_advisory_lock``.

    The lock lives on a connection of its own, held for the run's lifetime; the
    server frees it when that session ends, so a run killed with ``kill -9`` (or a
    host that loses power) never leaves a stale lock behind.
    """

    def __init__(self, url: str, timeout_s: float) -> None:
        self._url = url
        self.timeout_s = timeout_s
        self._con: Any = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout_s``.

        Raises:
            StoreError: if another run still holds it after the timeout.
        """
        import psycopg

        from cxnlp.store.pg import hide_url, libpq_url

        try:
            self._con = psycopg.connect(libpq_url(self._url), autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open the PostgreSQL store: {hide_url(str(exc).strip(), self._url)}"
            ) from None
        deadline = time.monotonic() + self.timeout_s
        announced = False
        while True:
            row = self._con.execute("SELECT pg_try_advisory_lock(%s)", [PG_RUN_LOCK_KEY]).fetchone()
            if row and row[0]:
                return
            if time.monotonic() >= deadline:
                self._con.close()
                self._con = None
                raise StoreError(
                    f"another cxnlp run holds the PostgreSQL store's run lock (waited "
                    f"{self.timeout_s:.0f} s); let it finish, or raise store.lock_timeout_s"
                )
            if not announced:
                log.warning("another run holds the PostgreSQL store; waiting for it to finish")
                announced = True
            time.sleep(0.5)

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._con is not None:
            try:
                self._con.execute("SELECT pg_advisory_unlock(%s)", [PG_RUN_LOCK_KEY])
            finally:
                self._con.close()
                self._con = None
