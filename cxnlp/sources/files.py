"""The file connectors: survey, social and ticket exports (CSV, XLSX, JSON, JSONL)."""

from __future__ import annotations

import glob
import logging
from pathlib import Path
from typing import Any, ClassVar

from cxnlp.errors import SourceError
from cxnlp.registry import register
from cxnlp.sources.batch import SourceBatch
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.mapping import match_columns, resolve_layout
from cxnlp.sources.readers import FORMATS, read_table
from cxnlp.sources.rows import BatchCollector, RowBuilder, utc_now
from cxnlp.sources.values import read_watermark

logger = logging.getLogger(__name__)

_GLOB_CHARS = set("*?[")


class FileConnector:
    """Read every file a source's ``path`` names into one :class:`SourceBatch`.

    ``path`` is a file or a glob (``exports/encuestas_*.csv``); files are read
    oldest first (modification time, then name), so a later export's copy of a
    record replaces an earlier one.
    """

    kinds: ClassVar[tuple[str, ...]] = ()
    needs_url: ClassVar[bool] = False

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.layout = resolve_layout(config)

    def files(self) -> list[Path]:
        """Return the files to read, oldest first.

        Raises:
            SourceError: when the path names no existing file.
        """
        pattern = str(self.config.path)
        if _GLOB_CHARS & set(pattern):
            found = [Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file()]
            if not found:
                raise SourceError(
                    f"source {self.config.name!r}: no file matches {pattern!r} "
                    f"(working directory {Path.cwd()})"
                )
            return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))
        path = Path(pattern)
        if not path.is_file():
            raise SourceError(
                f"source {self.config.name!r}: file {pattern!r} not found "
                f"(working directory {Path.cwd()})"
            )
        return [path]

    def load(self, watermark: str | None = None) -> SourceBatch:
        """Read the files; skip rows at or below ``watermark``.

        Raises:
            SourceError: when a file is missing, unreadable or lacks a required column.
        """
        try:
            previous = read_watermark(watermark, where=f"source {self.config.name!r}")
        except ValueError as exc:
            raise SourceError(str(exc)) from None
        collector = BatchCollector(self.config, previous, now=utc_now())
        for path in self.files():
            table = read_table(
                path,
                self.layout,
                encoding=self.config.encoding,
                sheet=self.config.sheet,
                delimiter=self.config.delimiter,
            )
            match = match_columns(table.header, self.layout, self.config.kind)
            if match.missing_required:
                shown = ", ".join(repr(h) for h in table.header[:40])
                more = f" (+{len(table.header) - 40} more)" if len(table.header) > 40 else ""
                raise SourceError(
                    f"{path}: required column(s) missing for source {self.config.name!r}: "
                    f"{', '.join(match.missing_required)}; columns found: {shown}{more}"
                )
            for name in match.missing_optional:
                if name not in collector.stats["missing_optional_fields"]:
                    collector.stats["missing_optional_fields"].append(name)
            builder = RowBuilder(self.config, self.layout, match.columns, collector.now)
            collector.add_rows(table, builder)
        batch = collector.batch()
        logger.info(
            "source %s: %d file(s), %d row(s) read, %d loaded, %d rejected, %d skipped (watermark)",
            self.config.name,
            batch.stats["files"],
            batch.stats["rows_read"],
            batch.stats["loaded"],
            batch.stats["rejected"],
            batch.stats["skipped_watermark"],
        )
        return batch

    def describe(self) -> dict[str, Any]:
        """Return what this connector reads, for logs and the run record."""
        return {
            "name": self.config.name,
            "kind": self.config.kind,
            "connector": self.config.connector,
            "path": self.config.path,
            "formats": sorted(set(FORMATS.values())),
            "preset": self.layout.preset,
            "mapping": dict(self.layout.columns),
            "timezone": self.layout.timezone,
            "date_format": self.layout.date_format,
            "csat_scale": self.config.csat_scale,
        }


@register("connectors", "cxnlp.source.survey_file.v1")
class SurveyFileConnector(FileConnector):
    """Survey exports (Qualtrics, SurveyMonkey, Typeform, Google Forms) as CSV or XLSX."""

    kinds = ("survey",)


@register("connectors", "cxnlp.source.social_file.v1")
class SocialFileConnector(FileConnector):
    """Listening-tool exports of social mentions as JSON, JSONL or CSV.

    A missing ``platform`` is taken from the mention's URL; a missing
    ``channel`` is the platform.
    """

    kinds = ("social",)


@register("connectors", "cxnlp.source.ticket_file.v1")
class TicketFileConnector(FileConnector):
    """Help-desk exports (Zendesk, Freshdesk, ServiceNow-like) as CSV or JSON.

    ``created_at`` falls back to ``opened_at`` and back; ``ttr_hours`` is
    computed from opening and resolution; ``updated_at`` falls back to the
    resolution, then the opening date.
    """

    kinds = ("ticket",)
