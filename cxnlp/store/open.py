"""Which store the config names, opened the same way by every command and the run.

``store.path`` names a DuckDB file (the default). ``store.url_env`` or
``store.url_secret`` name where a PostgreSQL URL is kept; the URL itself is
never in the config, and never reaches a log or a message (see
:func:`~cxnlp.sources.db_url.hide_passwords`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cxnlp.errors import ConfigError, StoreError
from cxnlp.store.core import Store
from cxnlp.store.lock import PgRunLock, RunLock
from cxnlp.store.pg import is_postgres_url

StoreLocation = Path | str  # a DuckDB file, or a PostgreSQL URL (a secret: never print it)


def store_url(settings: Any) -> str | None:
    """The PostgreSQL URL the config points at, or None for a DuckDB store.

    Raises:
        ConfigError: both ``url_env`` and ``url_secret`` are set, the variable is unset,
            the secret cannot be read, or the value is not a PostgreSQL URL. Messages
            name the variable or the block, never the value.
    """
    config = settings.store
    if config.url_env and config.url_secret:
        raise ConfigError("store: set url_env or url_secret, not both")
    if config.url_secret:
        url = _read_secret(config.url_secret)
        origin = f"Prefect secret block {config.url_secret!r}"
    elif config.url_env:
        url = os.environ.get(config.url_env, "")
        origin = f"${config.url_env}"
        if not url:
            raise ConfigError(
                f"store.url_env: environment variable {config.url_env} is not set; it must "
                "hold a PostgreSQL URL such as postgresql+psycopg://user:pass@host:5432/db"
            )
    else:
        return None
    if not is_postgres_url(url.strip()):
        raise ConfigError(
            f"store: {origin} does not hold a PostgreSQL URL (postgresql+psycopg://...); "
            "a DuckDB store is named by store.path instead"
        )
    return url.strip()


def _read_secret(block: str) -> str:
    from cxnlp.sources import db_url

    reader = db_url._secret_reader  # the Prefect reader flows/ registers (None without it)
    if reader is None:
        raise ConfigError(
            f"store.url_secret: {block!r} names a Prefect secret block, which only the Prefect "
            "flow can read; run with Prefect (`cxnlp run`), or give the URL through "
            "store.url_env instead"
        )
    try:
        value = reader(block)
    except Exception as exc:  # missing block, unreachable API
        raise ConfigError(
            f"store.url_secret: Prefect secret block {block!r} could not be loaded "
            f"({type(exc).__name__})"
        ) from None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"store.url_secret: Prefect secret block {block!r} holds no URL")
    return value


def store_location(settings: Any) -> StoreLocation:
    """The DuckDB file (resolved ``store.path``) or the PostgreSQL URL of the config."""
    url = store_url(settings)
    return url if url is not None else Path(settings.resolve(settings.store.path))


def store_exists(location: StoreLocation) -> bool:
    """False only for a DuckDB file not created yet (a server is asked when opened)."""
    return is_postgres_url(location) or Path(location).exists()


def store_label(location: StoreLocation) -> str:
    """How messages name the store: the file, or the URL without its password."""
    if is_postgres_url(location):
        from cxnlp.sources.db_url import shown_url

        return shown_url(str(location))
    return str(location)


def open_store(
    settings: Any, *, read_only: bool = False, location: StoreLocation | None = None
) -> Store:
    """Open the config's store (DuckDB or PostgreSQL) for writing or read-only."""
    where = location if location is not None else store_location(settings)
    if is_postgres_url(where):
        return Store(where, read_only=read_only)
    return Store(where, read_only=read_only, memory_limit=settings.store.memory_limit)


def run_lock(location: StoreLocation, timeout_s: float) -> RunLock | PgRunLock:
    """The run lock of a store: a lock file beside a DuckDB file, an advisory lock on PG."""
    if is_postgres_url(location):
        return PgRunLock(str(location), timeout_s)
    path = Path(location)
    return RunLock(path.with_name(path.name + ".lock"), timeout_s)


def snapshot_base(settings: Any, location: StoreLocation) -> Path:
    """The file the status snapshot sits beside: the DuckDB file, or ``store.path`` on PG."""
    if is_postgres_url(location):
        return Path(settings.resolve(settings.store.path))
    return Path(location)


__all__ = [
    "StoreError",
    "StoreLocation",
    "open_store",
    "run_lock",
    "snapshot_base",
    "store_exists",
    "store_label",
    "store_location",
    "store_url",
]
