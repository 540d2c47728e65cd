"""Source errors that waiting cannot heal."""

from __future__ import annotations

from cxnlp.errors import SourceError


class PermanentSourceError(SourceError):
    """A source that cannot be read as it stands: retrying would fail the same way.

    A missing file, a missing required column, a file of the wrong format or an
    unknown sheet; fixing the file or the configuration is the only way out, so
    :func:`~cxnlp.sources.retry.load_with_retry` raises it at once.
    """
