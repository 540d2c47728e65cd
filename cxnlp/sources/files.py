"""The file connectors: survey, social and ticket exports (CSV, XLSX, JSON, JSONL)."""

from __future__ import annotations

import glob
import logging
from pathlib import Path
from typing import Any, ClassVar

from cxnlp.registry import register
from cxnlp.sources.batch import SourceBatch
from cxnlp.sources.collect import BatchCollector
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.dates import read_watermark
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.ledger import RowLedger
from cxnlp.sources.mapping import ColumnMatch, match_columns, resolve_layout
from cxnlp.sources.readers import FORMATS, RawTable, file_format, read_tables
from cxnlp.sources.rows import RowBuilder, utc_now

logger = logging.getLogger(__name__)

_GLOB_CHARS = set("*?[")


class FileConnector:
    """Read every file a source's ``path`` names into one :class:`SourceBatch`.

    ``path`` is a file or a glob (``exports/encuestas_*.csv``); files are read
    oldest first (modification time, then name), so a later export's copy of a
    record replaces an earlier one. A workbook is read sheet by sheet: every
    sheet that has the required columns (others are skipped, and listed in
    ``stats["skipped_sheets"]``), or the sheets ``sheet`` names. An empty file
    is not an error: it is listed in ``stats["empty_files"]``, and
    ``stats["empty"]`` is True when every file was empty.
    """

    kinds: ClassVar[tuple[str, ...]] = ()
    needs_url: ClassVar[bool] = False

    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.layout = resolve_layout(config)

    def files(self) -> list[Path]:
        """Return the files to read, oldest first.

        Raises:
            PermanentSourceError: when the path names no existing file.
        """
        pattern = str(self.config.path)
        if _GLOB_CHARS & set(pattern):
            found = [Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file()]
            if not found:
                raise PermanentSourceError(
                    f"source {self.config.name!r}: no file matches {pattern!r} "
                    f"(working directory {Path.cwd()})"
                )
            return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))
        path = Path(pattern)
        if not path.is_file():
            raise PermanentSourceError(
                f"source {self.config.name!r}: file {pattern!r} not found "
                f"(working directory {Path.cwd()})"
            )
        return [path]

    def load(self, watermark: str | None = None, ledger: RowLedger | None = None) -> SourceBatch:
        """Read the files; skip the rows the store already holds.

        Args:
            watermark: the source's stored watermark.
            ledger: the store's memory of judged rows; with it, a row is skipped when
                the store judged it in this form, whatever its date (late and corrected
                rows load); without it, rows at or below ``watermark`` are skipped.

        Raises:
            SourceError: when a file is unreadable;
                :class:`~cxnlp.sources.errors.PermanentSourceError` when it is missing,
                of the wrong format or lacks a required column.
        """
        try:
            previous = read_watermark(watermark, where=f"source {self.config.name!r}")
        except ValueError as exc:
            raise PermanentSourceError(str(exc)) from None
        collector = BatchCollector(self.config, previous, now=utc_now(), ledger=ledger)
        for path in self.files():
            tables = read_tables(
                path,
                self.layout,
                encoding=self.config.encoding,
                sheet=self.config.sheet,
                delimiter=self.config.delimiter,
            )
            # Without `sheet`, every sheet of a workbook may hold data; one without the
            # source's columns (a summary, instructions) is skipped, not an error.
            any_sheet = self.config.sheet is None and file_format(path) == "xlsx"
            chosen = [(t, self._match(t)) for t in tables]
            if any_sheet and len(tables) > 1:
                chosen = self._data_sheets(chosen, collector)
            for table, match in chosen:
                self._add(collector, table, match)
        batch = collector.batch()
        logger.info(
            "source %s: %d file(s), %d row(s) read, %d loaded, %d rejected, "
            "%d skipped (already loaded)",
            self.config.name,
            batch.stats["files"],
            batch.stats["rows_read"],
            batch.stats["loaded"],
            batch.stats["rejected"],
            batch.stats["skipped_known"] + batch.stats["skipped_watermark"],
        )
        return batch

    def _data_sheets(
        self, sheets: list[tuple[RawTable, ColumnMatch]], collector: BatchCollector
    ) -> list[tuple[RawTable, ColumnMatch]]:
        """The sheets of a workbook that hold the source's columns; the others are listed."""
        data = [(t, m) for t, m in sheets if t.header and not m.missing_required]
        if not data:  # no data sheet: report the first sheet's missing columns, or emptiness
            headed = [(t, m) for t, m in sheets if t.header]
            return headed[:1] or sheets[:1]
        for table, match in sheets:
            if table.header and not match.missing_required:
                continue
            collector.stats["skipped_sheets"].append(table.file)
            logger.info(
                "source %s: %s skipped: %s",
                self.config.name,
                table.file,
                "lacks the source's required columns" if table.header else "blank sheet",
            )
        return data

    def _match(self, table: RawTable) -> ColumnMatch:
        if not table.header:  # nothing to match: an empty file
            return ColumnMatch()
        return match_columns(table.header, self.layout, self.config.kind)

    def _add(self, collector: BatchCollector, table: RawTable, match: ColumnMatch) -> None:
        if table.empty and not match.missing_required:
            collector.add_empty(table.file)
            return
        if match.missing_required:
            shown = ", ".join(repr(h) for h in table.header[:40])
            more = f" (+{len(table.header) - 40} more)" if len(table.header) > 40 else ""
            raise PermanentSourceError(
                f"{table.file}: required column(s) missing for source {self.config.name!r}: "
                f"{', '.join(match.missing_required)}; columns found: {shown}{more}"
            )
        for name in match.missing_optional:
            if name not in collector.stats["missing_optional_fields"]:
                collector.stats["missing_optional_fields"].append(name)
        builder = RowBuilder(
            self.config, self.layout, match.columns, collector.now, duplicates=table.duplicates
        )
        collector.add_rows(table, builder)

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
