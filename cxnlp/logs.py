"""Logging set-up with a redaction filter: personal data never reaches a log line."""

from __future__ import annotations

import logging


class RedactingFilter(logging.Filter):
    """Redacts PII from every record's formatted message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from cxnlp.text import redact_pii

        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record as it is
            return True
        cleaned = redact_pii(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class QuietUnderPrefect(logging.Filter):
    """Lets Prefect print cxnlp's records when its console handler is on the root logger.

    Inside a flow, Prefect puts its console handler on the root logger, and cxnlp's
    records propagate there: printing them here too doubled every line. This filter
    runs after :class:`RedactingFilter` on the same handler, so the record Prefect
    prints has already been redacted.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not any(
            type(h).__name__ == "PrefectConsoleHandler" for h in logging.getLogger().handlers
        )


def configure_logging(level: int = logging.INFO) -> None:
    """Send cxnlp's logs to stderr through the redaction filter (idempotent)."""
    root = logging.getLogger("cxnlp")
    root.setLevel(level)
    if not any(getattr(h, "_cxnlp", False) for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._cxnlp = True  # type: ignore[attr-defined]
        handler.addFilter(RedactingFilter())
        handler.addFilter(QuietUnderPrefect())
        root.addHandler(handler)
    for existing in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in existing.filters):
            existing.addFilter(RedactingFilter())
