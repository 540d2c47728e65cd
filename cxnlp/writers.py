"""Open the store for writing from a command, while a run or readers may hold it.

A command that edits the store (backlog links, call-back outcomes, theme edits,
label imports) takes the run lock like a run does: when a night holds it, the
command waits up to ``store.lock_timeout_s``, says so once, and then fails with a
clear message. The run itself opens its store through
:func:`open_store_for_writing`, which waits out a reader outside cxnlp that has
the file open instead of failing at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cxnlp.errors import StoreError
from cxnlp.status import lock_holder
from cxnlp.store import Store
from cxnlp.store.open import (
    StoreLocation,
    open_store,
    run_lock,
    store_exists,
    store_label,
    store_location,
)

if TYPE_CHECKING:
    from cxnlp.config import Settings

log = logging.getLogger(__name__)

Notify = Callable[[str], None]
RETRY_S = 0.5


def open_store_for_writing(
    settings: Settings,
    location: StoreLocation,
    *,
    wait_s: float,
    notify: Notify | None = None,
) -> Store:
    """Open the store read-write, waiting up to ``wait_s`` while a reader has it open.

    A cxnlp reader shares the run lock, so this waits only on readers outside cxnlp
    (a notebook's own ``duckdb.connect``, a SQL client) that hold a DuckDB file.

    Raises:
        StoreError: the file is still held after ``wait_s``.
    """
    deadline = time.monotonic() + wait_s
    told = False
    while True:
        try:
            return open_store(settings, location=location)
        except StoreError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            if not told:
                line = (
                    f"otro proceso tiene abierta la base de datos {store_label(location)}; "
                    f"espero hasta {wait_s:.0f} s · another process has the store open; waiting"
                )
                (notify or log.warning)(line)
                told = True
            time.sleep(RETRY_S)


@contextmanager
def open_writer(settings: Settings, *, notify: Notify | None = None) -> Iterator[Store]:
    """The store opened for writing under the run lock, for commands that edit it.

    A run in progress owns the store: the command waits for it up to
    ``store.lock_timeout_s``, saying so once in ``notify`` (default: the log), and
    then fails with a clear message.

    Raises:
        StoreError: no store yet, or the run still holds it after the timeout.
    """
    location = store_location(settings)
    if not store_exists(location):
        raise StoreError(
            f"no store yet at {store_label(location)}; run `cxnlp demo` or `cxnlp run` first"
        )
    timeout = settings.store.lock_timeout_s
    lock = run_lock(location, timeout_s=0)
    try:
        lock.acquire()
    except StoreError:
        pid = lock_holder(location) if isinstance(location, Path) else ""
        who = f" (proceso {pid})" if pid else ""
        line = (
            f"la base de datos {store_label(location)} está ocupada: una ejecución{who} está "
            f"escribiendo; espero hasta {timeout:.0f} s (store.lock_timeout_s) · "
            f"a run is writing to the store; waiting up to {timeout:.0f} s"
        )
        (notify or log.warning)(line)
        lock = run_lock(location, timeout_s=timeout)
        lock.acquire()
    try:
        with open_store_for_writing(settings, location, wait_s=timeout, notify=notify) as store:
            yield store
    finally:
        lock.release()
