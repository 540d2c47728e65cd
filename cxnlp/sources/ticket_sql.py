"""Tickets from a SQL database through SQLAlchemy, read incrementally.

The source's ``query`` selects tickets newer than a bound ``:watermark``
(``... WHERE updated_at > :watermark ORDER BY updated_at``). The watermark is
always passed as a bound parameter, never pasted into the SQL text. Naive
timestamps in the database are read as wall-clock time in the source's
``timezone``; on PostgreSQL the session time zone is set to it, so that
``timestamp`` and ``timestamptz`` columns both compare correctly. The URL
comes from an environment variable or a Prefect Secret block (see
:mod:`cxnlp.sources.db_url`) and never appears in a message or a log line.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from cxnlp.errors import SourceError
from cxnlp.registry import register
from cxnlp.sources.batch import SourceBatch
from cxnlp.sources.collect import BatchCollector
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.dates import read_watermark
from cxnlp.sources.db_url import hide_passwords, read_url, shown_url, url_origin
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.ledger import RowLedger
from cxnlp.sources.mapping import match_columns, resolve_layout
from cxnlp.sources.readers import RawRow, RawTable
from cxnlp.sources.rows import RowBuilder, utc_now

logger = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1)


@register("connectors", "cxnlp.source.ticket_sql.v1")
class TicketSqlConnector:
    """Tickets selected by a configurable SQL query with an incremental watermark."""

    kinds: ClassVar[tuple[str, ...]] = ("ticket",)
    needs_url: ClassVar[bool] = True

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.layout = resolve_layout(config)

    def _bound_watermark(self, previous: datetime | None, dialect: str) -> Any:
        """The watermark as the database should compare it."""
        utc = previous or _EPOCH
        if dialect == "postgresql":
            return utc.replace(tzinfo=UTC)  # timestamptz; the session zone does the rest
        local = utc.replace(tzinfo=UTC).astimezone(ZoneInfo(self.layout.timezone))
        local = local.replace(tzinfo=None)
        if dialect == "sqlite":  # SQLite compares text: match 'YYYY-MM-DD HH:MM:SS'
            return local.isoformat(sep=" ")
        return local

    def load(self, watermark: str | None = None, ledger: RowLedger | None = None) -> SourceBatch:
        """Run the query for rows newer than ``watermark``.

        With a ``ledger``, a returned row the store already holds in the same form
        is skipped (after ``cxnlp sources reset-watermark`` the query returns them all).

        Raises:
            SourceError: when the URL is missing, the database is unreachable, the query
                fails or a required column is not in its result.
        """
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import ArgumentError, SQLAlchemyError

        name = self.config.name
        origin = url_origin(self.config)
        try:
            previous = read_watermark(watermark, where=f"source {name!r}")
        except ValueError as exc:
            raise PermanentSourceError(str(exc)) from None
        url = read_url(self.config)
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, ValueError) as exc:
            # SQLAlchemy quotes an unparsable URL whole, password included
            raise PermanentSourceError(
                f"source {name!r}: {origin} is not a valid SQLAlchemy URL "
                f"({hide_passwords(str(exc), url)})"
            ) from None
        except ImportError as exc:
            raise PermanentSourceError(
                f"source {name!r}: database driver missing: {hide_passwords(str(exc), url)}"
            ) from None
        collector = BatchCollector(self.config, previous, now=utc_now(), ledger=ledger)
        where = (
            f"sql:{self.config.url_env}"
            if self.config.url_secret is None
            else f"sql:secret:{self.config.url_secret}"
        )
        try:
            with engine.connect() as connection:
                dialect = engine.dialect.name
                if dialect == "postgresql":
                    connection.execute(
                        text("SELECT set_config('TimeZone', :tz, false)"),
                        {"tz": self.layout.timezone},
                    )
                bound = self._bound_watermark(previous, dialect)
                result = connection.execute(text(str(self.config.query)), {"watermark": bound})
                header = list(result.keys())
                rows = [
                    RawRow(number=i, values=dict(zip(header, row, strict=True)))
                    for i, row in enumerate(result, start=1)
                ]
        except SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise SourceError(
                f"source {name!r}: query on {origin} failed: "
                f"{type(exc).__name__}: {hide_passwords(detail, url)}"
            ) from exc
        finally:
            engine.dispose()
        match = match_columns(header, self.layout, "ticket")
        if match.missing_required:
            raise PermanentSourceError(
                f"source {name!r}: the query result lacks required column(s) "
                f"{', '.join(match.missing_required)}; columns returned: {', '.join(header)}"
            )
        collector.stats["missing_optional_fields"] = match.missing_optional
        builder = RowBuilder(self.config, self.layout, match.columns, collector.now)
        collector.add_rows(RawTable(file=where, header=header, rows=rows), builder)
        batch = collector.batch()
        logger.info(
            "source %s: %d row(s) read, %d loaded, %d rejected",
            name,
            batch.stats["rows_read"],
            batch.stats["loaded"],
            batch.stats["rejected"],
        )
        return batch

    def describe(self) -> dict[str, Any]:
        """Return what this connector reads; the URL is shown without its password.

        A URL kept in a Prefect Secret block is not read here (that needs the
        Prefect API): ``url`` is then ``None`` and ``url_secret`` names the block.
        """
        url: str | None = None
        raw = os.environ.get(str(self.config.url_env)) if self.config.url_env else None
        if raw:
            url = shown_url(raw)
        return {
            "name": self.config.name,
            "kind": self.config.kind,
            "connector": self.config.connector,
            "url_env": self.config.url_env,
            "url_secret": self.config.url_secret,
            "url": url,
            "query": self.config.query,
            "watermark_column": self.config.watermark_column or "updated_at",
            "preset": self.layout.preset,
            "mapping": dict(self.layout.columns),
            "timezone": self.layout.timezone,
        }
