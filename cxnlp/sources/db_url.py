"""A SQL source's URL: read from the environment or a secret store, never shown.

The config names where the URL is kept (``url_env`` or ``url_secret``), never
the URL itself. The URL is read when the connector connects and is never put
into a message: errors name the variable or the block, and any text that may
quote the URL (a driver's error, a bad value) passes through
:func:`hide_passwords` first.

The library does not import Prefect. A ``url_secret`` is read through a reader
that the caller registers with :func:`register_secret_reader`: ``flows/``
registers one that loads Prefect ``Secret`` blocks, so the nightly flow can use
them, while ``cxnlp run --no-prefect`` (no reader) rejects such a source with a
clear error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cxnlp.errors import SourceError
from cxnlp.sources.config import SourceConfig

# scheme://user:password@ -> scheme://user:***@ (greedy up to the last '@' of the
# word: a password with an unencoded '@' is hidden whole, at worst with the host).
_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*):\S*@")
_MIN_BARE_PASSWORD = 4  # shorter passwords are too likely to match ordinary text


# name of a secret -> its value (any type; checked here). Raises when it cannot be read.
SecretReader = Callable[[str], object]
_secret_reader: SecretReader | None = None


def register_secret_reader(reader: SecretReader | None) -> SecretReader | None:
    """Set the function that reads ``url_secret`` names; return the previous one.

    ``None`` removes it. ``flows.secrets.read_prefect_secret`` is the reader the
    Prefect flows register.
    """
    global _secret_reader
    previous, _secret_reader = _secret_reader, reader
    return previous


def url_origin(config: SourceConfig) -> str:
    """Where ``config``'s URL is kept, for messages: ``$NAME`` or ``Prefect secret block 'x'``."""
    if config.url_secret is not None:
        return f"Prefect secret block {config.url_secret!r}"
    return f"${config.url_env}"


def read_url(config: SourceConfig) -> str:
    """The SQLAlchemy URL of a SQL source, from its environment variable or its Secret block.

    Raises:
        SourceError: when the variable is unset or empty, or the block cannot be loaded
            or does not hold a non-empty string. The message names the source and the
            variable or block, never the value.
    """
    if config.url_secret is not None:
        return _read_secret_block(config.name, config.url_secret)
    import os

    name = str(config.url_env)
    url = os.environ.get(name)
    if not url:
        raise SourceError(
            f"source {config.name!r}: environment variable {name} is not set; it must "
            "hold a SQLAlchemy URL such as postgresql+psycopg://user:pass@host:5432/db"
        )
    return url


def _read_secret_block(source: str, block: str) -> str:
    reader = _secret_reader
    if reader is None:
        raise SourceError(
            f"source {source!r}: `url_secret: {block}` names a Prefect secret block, which "
            "only the Prefect flow can read (flows/ registers the reader); run with Prefect "
            "(`cxnlp run`, not `--no-prefect`) or give the URL through `url_env` instead"
        )
    try:
        value = reader(block)
    except Exception as exc:  # missing block, unreachable API, a block of another type
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise SourceError(
            f"source {source!r}: Prefect secret block {block!r} could not be loaded "
            f"({type(exc).__name__}: {hide_passwords(detail)}); create it with "
            f"`prefect block create secret` or Secret(value=<url>).save({block!r}), and check "
            "that PREFECT_API_URL points at the server that holds it"
        ) from None
    if not isinstance(value, str) or not value.strip():
        kind = "an empty string" if isinstance(value, str) else f"a {type(value).__name__}"
        raise SourceError(
            f"source {source!r}: Prefect secret block {block!r} holds {kind}; it must hold a "
            "SQLAlchemy URL string such as postgresql+psycopg://user:pass@host:5432/db"
        )
    return value


def hide_passwords(text: str, url: str | None = None) -> str:
    """``text`` with the password of every ``scheme://user:password@`` URL in it replaced by ``***``.

    Args:
        text: A message that may quote a URL (a driver's error, a bad config value).
        url: The URL in use, when known: its password is also hidden where it
            appears outside a URL (when at least 4 characters long).
    """
    if url:
        text = text.replace(url, _URL_PASSWORD.sub(r"\g<head>:***@", url))
        password = _password_of(url)
        if password and len(password) >= _MIN_BARE_PASSWORD:
            text = text.replace(password, "***")
    return _URL_PASSWORD.sub(r"\g<head>:***@", text)


def shown_url(url: str) -> str:
    """``url`` as it may appear in logs and run records: without its password."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL must not leak into logs
        return "(unparsable URL)"


def _password_of(url: str) -> str | None:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).password
    except Exception:
        return None
