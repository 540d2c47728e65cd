"""The run lock: one run at a time holds the store."""

from __future__ import annotations

import errno
import fcntl
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
