"""Prefect Secret blocks as the store of SQL sources' URLs (``url_secret``).

The library reads a ``url_secret`` through the hook
:func:`cxnlp.sources.db_url.register_secret_reader`; the nightly flow calls
:func:`register` first thing, which installs :func:`read_prefect_secret` there.
"""

from __future__ import annotations

from typing import Any, cast

from prefect.blocks.system import Secret

from cxnlp.sources.db_url import register_secret_reader


def read_prefect_secret(name: str) -> object:
    """Return the value held by the Prefect ``Secret`` block ``name``.

    Raises whatever Prefect raises for a missing block, an unreachable API or a
    block of another type; the caller turns it into a ``SourceError``.
    """
    # _sync: a sync caller inside a running event loop would otherwise get a coroutine
    secret = cast("Secret[Any]", Secret.load(name, _sync=True))  # type: ignore[call-arg]
    return secret.get()


def register() -> None:
    """Make ``url_secret`` sources read Prefect Secret blocks in this process."""
    register_secret_reader(read_prefect_secret)
