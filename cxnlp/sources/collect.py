"""Gather the rows of one load into a :class:`~cxnlp.sources.batch.SourceBatch`.

- Within one file a repeated id is rejected (the first copy is kept); across
  the files of one load the later file's copy replaces the earlier one (an
  export that was re-issued with updates).
- With a row ledger (the store's memory of the rows it judged, see
  :mod:`cxnlp.sources.ledger`), a row is skipped when the store judged it in this
  exact form before, and judged again when it is new or changed, whatever its
  date. Without one, rows whose watermark date is at or below the previous
  watermark are skipped (already loaded or already quarantined by an earlier run).
- File-level problems (a mapped header used twice, CSAT values past the declared
  scale) are logged, listed in ``stats["warnings"]`` and quarantined as entries
  without a row number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cxnlp.sources.batch import SourceBatch, records_frame, rejects_frame, seen_frame
from cxnlp.sources.checks import csat_beyond_scale, duplicated_headers
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.dates import format_watermark
from cxnlp.sources.ledger import SEEN, STORED, RowLedger, row_fingerprint
from cxnlp.sources.readers import RawTable
from cxnlp.sources.rows import Problem, RowBuilder, cut_value, show_value, utc_now

logger = logging.getLogger(__name__)


class BatchCollector:
    """Gather the outcomes of every file of one load into a :class:`SourceBatch`.

    Args:
        config: the source.
        watermark: the previous high-water mark (naive UTC) or None.
        now: the load's clock; the new watermark never goes past it.
        ledger: the store's memory of the rows it judged; without one, the
            watermark alone decides what is skipped.
    """

    def __init__(
        self,
        config: SourceConfig,
        watermark: datetime | None,
        now: datetime | None = None,
        ledger: RowLedger | None = None,
    ) -> None:
        self.config = config
        self.watermark = watermark
        self.now = now or utc_now()
        self.ledger = ledger
        self.records: dict[str, dict[str, Any]] = {}
        self.rejects: list[dict[str, Any]] = []
        self.seen: list[dict[str, Any]] = []
        self.tables: list[str] = []
        self.high: datetime | None = watermark
        self.stats: dict[str, Any] = {
            "files": 0,
            "rows_read": 0,
            "loaded": 0,
            "rejected": 0,
            "quarantined_values": 0,
            "skipped_watermark": 0,
            "skipped_known": 0,
            "blank_rows": 0,
            "replaced_by_later_file": 0,
            "truncated_texts": 0,
            "encodings": {},
            "missing_optional_fields": [],
            "empty_files": [],
            "skipped_sheets": [],
            "warnings": [],
            "empty": False,
        }

    def reject(
        self, file: str, number: int | None, source_id: str | None, problems: list[Problem]
    ) -> None:
        """Record one rejected row (first problem's field and value, every reason)."""
        self._entry(file, number, source_id, problems[0][0], problems[0][1], problems)
        self.stats["rejected"] += 1

    def _entry(
        self,
        file: str,
        number: int | None,
        source_id: str | None,
        field_name: str,
        value: Any,
        problems: list[Problem],
    ) -> None:
        self.rejects.append(
            {
                "source": self.config.name,
                "file": file,
                "row_number": number,
                "source_id": source_id,
                "field": field_name,
                "value": cut_value(value),
                "reason": "; ".join(p[2] for p in problems),
            }
        )

    def warn(self, file: str, field_name: str, value: Any, reason: str) -> None:
        """Record a problem of a whole file: logged, listed, quarantined without a row."""
        logger.warning("source %s: %s: %s", self.config.name, file, reason)
        self.stats["warnings"].append(f"{file}: {reason}")
        self._entry(file, None, None, field_name, value, [(field_name, value, reason)])

    def add_empty(self, file: str) -> None:
        """Count a file (or sheet) without a single data row."""
        self.stats["files"] += 1
        self.stats["empty_files"].append(file)
        self.tables.append(file)
        logger.warning("source %s: %s is empty (no data rows)", self.config.name, file)

    def add_rows(
        self, table: RawTable, builder: RowBuilder, on_row: Callable[[], None] | None = None
    ) -> None:
        """Validate every row of one file or query result."""
        self.stats["files"] += 1
        self.stats["blank_rows"] += table.blank_rows
        self.tables.append(table.file)
        if table.encoding:
            self.stats["encodings"][table.file] = table.encoding
        for field_name, value, reason in [
            *duplicated_headers(table, builder.copies),
            *csat_beyond_scale(
                table, builder.columns.get("csat", []), self.config.csat_scale, self.config.name
            ),
        ]:
            self.warn(table.file, field_name, value, reason)
        hashes = [row_fingerprint(row) for row in table.rows]
        ids = [
            None if row.values is None else builder.source_id_of(row.values)[1]
            for row in table.rows
        ]
        statuses: list[str | None] = (
            list(self.ledger.lookup(list(zip(ids, hashes, strict=True))))
            if self.ledger is not None
            else [None] * len(table.rows)
        )
        first_row: dict[str, int] = {}
        for row, sid, fingerprint, status in zip(table.rows, ids, hashes, statuses, strict=True):
            self.stats["rows_read"] += 1
            place = (table.file, row.number)
            if on_row is not None:
                on_row()
            if status == SEEN:
                self.stats["skipped_known"] += 1
                if sid is not None:  # a later copy of its id is still a duplicate
                    first_row.setdefault(sid, row.number)
                # Known rows still hold the watermark up (after a reset, say).
                self._raise_mark(builder.mark_of(row.values) if row.values else None)
                continue
            if row.problem is not None:
                self.reject(table.file, row.number, None, [("(row)", row.raw, row.problem)])
                self._remember(place, None, fingerprint, quarantined=True)
                continue
            outcome = builder.build(row)
            if (
                outcome.mark is not None
                and self.watermark is not None
                and outcome.mark <= self.watermark
                and (self.ledger is None or status == STORED)
            ):
                self.stats["skipped_watermark"] += 1
                if status == STORED:  # loaded before the ledger existed: adopt its form
                    self._remember(place, sid, fingerprint, judged=False)
                continue
            self._raise_mark(outcome.mark)
            if outcome.record is None:
                self.reject(table.file, row.number, sid, outcome.problems)
                if outcome.final:
                    self._remember(place, sid, fingerprint, quarantined=True)
                continue
            source_id = outcome.record["source_id"]
            if source_id in first_row:
                self.reject(
                    table.file,
                    row.number,
                    source_id,
                    [
                        (
                            "source_id",
                            source_id,
                            f"duplicated id in file: {show_value(source_id)} first seen at row "
                            f"{first_row[source_id]}; the first copy is kept",
                        )
                    ],
                )
                self._remember(place, source_id, fingerprint, quarantined=True)
                continue
            first_row[source_id] = row.number
            if source_id in self.records:
                self.stats["replaced_by_later_file"] += 1
                del self.records[source_id]
            self.records[source_id] = outcome.record
            self.stats["truncated_texts"] += int(outcome.truncated)
            for field_name, value, reason in outcome.notes:
                self._entry(
                    table.file,
                    row.number,
                    source_id,
                    field_name,
                    value,
                    [(field_name, value, f"{reason}; the row loads without {field_name}")],
                )
                self.stats["quarantined_values"] += 1
            self._remember(place, source_id, fingerprint, quarantined=bool(outcome.notes))

    def _raise_mark(self, mark: datetime | None) -> None:
        if mark is not None:
            capped = min(mark, self.now)
            self.high = capped if self.high is None else max(self.high, capped)

    def _remember(
        self,
        place: tuple[str, int],
        source_id: str | None,
        fingerprint: str,
        *,
        quarantined: bool = False,
        judged: bool = True,
    ) -> None:
        self.seen.append(
            {
                "source_id": source_id,
                "row_hash": fingerprint,
                "quarantined": quarantined,
                "judged": judged,
                "file": place[0],
                "row_number": place[1],
            }
        )

    def batch(self) -> SourceBatch:
        """Return the collected records, rejects, watermark and stats."""
        self.stats["loaded"] = len(self.records)
        empty = self.stats["empty_files"]
        self.stats["empty"] = bool(empty) and len(empty) == self.stats["files"]
        records = records_frame(list(self.records.values()))
        rejects = rejects_frame(self.rejects)
        watermark = format_watermark(self.high) if self.high is not None else None
        return SourceBatch(
            records=records,
            rejects=rejects,
            watermark=watermark,
            stats=self.stats,
            seen=seen_frame(self.seen),
            tables=list(self.tables),
        )
