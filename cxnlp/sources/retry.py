"""Retrying a source load: I/O fails for passing reasons (a share, a database)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from cxnlp.errors import ConfigError, SourceError
from cxnlp.sources.batch import SourceBatch
from cxnlp.sources.db_url import hide_passwords
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.ledger import RowLedger

logger = logging.getLogger(__name__)


class Connector(Protocol):
    """What every connector offers: ``load`` and ``describe``.

    The built-in connectors also take ``ledger`` (see :mod:`cxnlp.sources.ledger`);
    :func:`load_with_retry` passes it only when one is given, so a connector that
    knows only the watermark still works.
    """

    def load(self, watermark: str | None = None) -> SourceBatch:
        """Read what is newer than ``watermark``."""
        raise NotImplementedError

    def describe(self) -> dict[str, object]:
        """Describe the source for logs and run records (no secrets)."""
        raise NotImplementedError


def load_with_retry(
    connector: Connector,
    watermark: str | None = None,
    *,
    ledger: RowLedger | None = None,
    attempts: int = 3,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SourceBatch:
    """Call ``connector.load(watermark)``, retrying failures with exponential backoff.

    Waits ``backoff``, ``2*backoff``, ``4*backoff``... seconds between attempts.
    Configuration errors and permanent source errors (a missing file or column, a
    file of the wrong format) are not retried: they cannot heal by waiting.

    Args:
        connector: any object with ``load``/``describe``.
        watermark: the source's stored watermark.
        ledger: the store's memory of judged rows, passed on to ``load``.
        attempts: how many times to try in all (>= 1).
        backoff: seconds before the first retry.
        sleep: the waiting function (injectable for tests).

    Raises:
        SourceError: after the last failed attempt; the message names the source, the
            number of attempts and the last error.
        ConfigError: at once, when the source's configuration is unusable.
        PermanentSourceError: at once, when the source cannot be read as it stands.
    """
    if attempts < 1:
        raise ValueError(f"attempts={attempts} must be at least 1")
    name = str(_describe_name(connector))
    last: BaseException | None = None
    for attempt in range(1, attempts + 1):
        try:
            if ledger is None:
                return connector.load(watermark)
            return connector.load(watermark, ledger=ledger)  # type: ignore[call-arg]
        except (ConfigError, PermanentSourceError):
            raise
        except Exception as exc:  # any I/O or driver error may be passing
            last = exc
            if attempt < attempts:
                delay = backoff * 2 ** (attempt - 1)
                logger.warning(
                    "source %s: attempt %d/%d failed (%s); retrying in %.1f s",
                    name,
                    attempt,
                    attempts,
                    type(exc).__name__,
                    delay,
                )
                sleep(delay)
    raise SourceError(
        f"source {name!r} failed after {attempts} attempt(s): "
        f"{type(last).__name__}: {hide_passwords(str(last))}"
    ) from last


def _describe_name(connector: Connector) -> object:
    try:
        return connector.describe().get("name", type(connector).__name__)
    except Exception:  # describing must never hide the real failure
        return type(connector).__name__
