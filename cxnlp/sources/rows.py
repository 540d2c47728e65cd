"""Turn raw rows into canonical records or rejects, field by field.

Rules (the same for every connector):

- A row is rejected, with every problem listed, when its id is missing, a date
  is unparsable, more than a day in the future or before 2000, a count is
  negative, a flag is not yes/no, a ticket was resolved before it was opened, or
  a duplicated column mapped to a field other than a score holds two different
  values. Everything else in the file loads.
- A score that cannot be read (outside its scale: NPS 0-10, CSAT 1-5/1-7/1-10,
  CES 1-7; not a whole number; not a number) does not cost the row its comment:
  the row loads without that score and the value is quarantined with its reason
  (an entry with the row's id, next to a loaded record). "No answer" marks
  ("N/A", "-", "NS/NC", "sin respuesta") are simply empty.
- Repaired, not rejected: NUL and control characters are removed, CRLF becomes
  LF, texts longer than ``max_text_chars`` are cut (counted in stats), Spanish
  number words "cero".."diez" are read as scores, "10 - Muy probable" as 10.
- An empty comment is a valid row: its scores still count.
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

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from cxnlp.schema import make_feedback_id
from cxnlp.sources.batch import SourceBatch, records_frame, rejects_frame, seen_frame
from cxnlp.sources.checks import csat_beyond_scale, duplicated_headers
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.ledger import SEEN, STORED, RowLedger, row_fingerprint
from cxnlp.sources.mapping import COMPOSITE_FIELDS, ROW_HASH, SourceLayout
from cxnlp.sources.readers import RawRow, RawTable
from cxnlp.sources.values import (
    ValueProblem,
    clean_label,
    clean_text,
    format_watermark,
    is_empty,
    parse_bool,
    parse_count,
    parse_datetime,
    parse_score,
)
from cxnlp.text.redact import redact_pii

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST_DATE = datetime(2000, 1, 1)
VALUE_CHARS = 200

DATE_FIELDS = ("created_at", "opened_at", "resolved_at", "updated_at")
LABEL_FIELDS = (
    "customer_id",
    "channel",
    "region",
    "product",
    "journey_stage",
    "platform",
    "author",
    "url",
    "priority",
)
COUNT_FIELDS = ("followers", "likes", "shares", "reopen_count")
SCORE_FIELDS = ("nps", "csat", "ces")
# How a ticket's dates stand in for each other (see RowBuilder.build).
_TICKET_DATE_FALLBACKS = {
    "updated_at": ("updated_at", "resolved_at", "opened_at", "created_at"),
    "created_at": ("created_at", "opened_at"),
    "opened_at": ("opened_at", "created_at"),
}

_PLATFORMS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "linkedin.com": "linkedin",
    "reddit.com": "reddit",
    "threads.net": "threads",
    "google.com": "google",
    "trustpilot.com": "trustpilot",
}
_END_PUNCT = re.compile(r"[.!?¿¡:;…]$")


def utc_now() -> datetime:
    """Current time as naive UTC (patched in tests)."""
    return datetime.now(UTC).replace(tzinfo=None)


Problem = tuple[str, Any, str]  # (canonical field, raw value, reason)


@dataclass
class RowOutcome:
    """What became of one raw row.

    Attributes:
        record: the canonical record, or None when the row is rejected.
        problems: why the row is rejected (every problem), or empty.
        notes: values dropped from a loaded record (an unreadable score), to quarantine.
        mark: the row's watermark date.
        truncated: its text was cut.
        final: False when a problem may heal by itself (a date in the future).
    """

    record: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    mark: datetime | None = None
    truncated: bool = False
    final: bool = True


def _shown(value: Any) -> str:
    # Cut long values, numbers too: a reason is one line, whatever the cell holds.
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return number if len(number) <= 60 else number[:57] + "..."
    text = str(value)
    if len(text) <= 60 and re.fullmatch(r"-?\d+(?:[.,]\d+)?", text.strip()):
        return text.strip()
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _cut(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return text[:VALUE_CHARS]


class RowBuilder:
    """Validate and convert the rows of one file (or one query result).

    Args:
        config: the source.
        layout: resolved mapping and settings.
        columns: canonical field -> the header names that fill it in this file.
        now: clock returning naive UTC; rows dated after ``now + 1 day`` are rejected.
        duplicates: a header name used more than once -> the names of its copies
            (``RawTable.duplicates``); a mapped field reads every copy.
    """

    def __init__(
        self,
        config: SourceConfig,
        layout: SourceLayout,
        columns: dict[str, list[str]],
        now: datetime,
        duplicates: dict[str, list[str]] | None = None,
    ) -> None:
        self.config = config
        self.layout = layout
        self.now = now
        # canonical field -> every column of a header that the file repeats
        self.copies: dict[str, list[str]] = {}
        for canonical, names in columns.items():
            repeated = [n for n in names if n in (duplicates or {})]
            if repeated:
                self.copies[canonical] = (duplicates or {})[repeated[0]]
        self.columns = {
            canonical: (
                names
                if canonical not in self.copies or canonical in COMPOSITE_FIELDS
                else list(dict.fromkeys([*names, *self.copies[canonical]]))
            )
            for canonical, names in columns.items()
        }
        self.tz = ZoneInfo(layout.timezone)
        # Tickets change after they open (resolved, reopened): their watermark is
        # updated_at, which falls back to the resolution, then the opening date.
        self.mark_field = config.watermark_column or (
            "updated_at" if "updated_at" in columns or config.kind == "ticket" else "created_at"
        )

    def mark_of(self, values: dict[str, Any]) -> datetime | None:
        """The row's watermark date alone, as :meth:`build` would find it, or None."""
        chain = (
            _TICKET_DATE_FALLBACKS.get(self.mark_field, (self.mark_field,))
            if self.config.kind == "ticket"
            else (self.mark_field,)
        )
        for canonical in chain:
            raw = self._pick(values, canonical)[1]
            try:
                moment = parse_datetime(raw, tz=self.tz, date_format=self.layout.date_format)
            except ValueProblem:
                return None
            if moment is not None:
                good = EARLIEST_DATE <= moment <= self.now + FUTURE_TOLERANCE
                return moment if good else None
        return None

    def _pick(self, values: dict[str, Any], canonical: str) -> tuple[str, Any]:
        """Return (column shown in messages, raw value) for a field."""
        names = self.columns.get(canonical)
        if not names:
            return canonical, None
        if canonical == "text_raw" and len(names) > 1:
            parts = [values.get(n) for n in names]
            return " + ".join(names), [p for p in parts if not is_empty(p)]
        for name in names:  # several columns: the first non-empty one wins
            value = values.get(name)
            if not is_empty(value):
                return name, value
        return names[0], None

    def source_id_of(self, values: dict[str, Any]) -> tuple[str, str | None]:
        """Return (the id column(s) shown in messages, the row's id or None)."""
        names = self.columns.get("source_id", [])
        if names == [ROW_HASH]:
            # Empty cells are left out so that a column added to the form later
            # does not change the ids of old rows.
            cells = "\x1f".join(
                f"{k}={_cut(v)}" for k, v in sorted(values.items()) if not is_empty(v)
            )
            return "row", "row-" + hashlib.sha1(cells.encode("utf-8", "replace")).hexdigest()[:16]
        if len(names) > 1:  # composite key: hashed, as it may hold personal data
            parts = [clean_label(values.get(n)) for n in names]
            if all(p is None for p in parts):
                return " + ".join(names), None
            joined = "\x1f".join(p or "" for p in parts)
            return " + ".join(names), "k-" + hashlib.sha1(joined.encode()).hexdigest()[:16]
        column, raw = self._pick(values, "source_id")
        return column, clean_label(raw)

    def _conflicts(self, values: dict[str, Any]) -> dict[str, Problem]:
        """Fields whose repeated header holds different values in this row."""
        found: dict[str, Problem] = {}
        for canonical, names in self.copies.items():
            filled = {n: values.get(n) for n in names if not is_empty(values.get(n))}
            if len({_cut(v).strip() for v in filled.values()}) > 1:
                shown = ", ".join(f"{n}={_shown(v)}" for n, v in filled.items())
                found[canonical] = (
                    canonical,
                    next(iter(filled.values())),
                    f"the {len(names)} {names[0]!r} columns disagree ({shown})",
                )
        return found

    def build(self, row: RawRow) -> RowOutcome:
        """Validate one row; return its record or its problems."""
        values = row.values or {}
        problems: list[Problem] = []
        notes: list[Problem] = []
        final = True
        conflicts = self._conflicts(values)
        problems.extend(p for f, p in conflicts.items() if f not in SCORE_FIELDS)
        record: dict[str, Any] = {
            "source": self.config.name,
            "source_kind": self.config.kind,
            "csat_scale": self.config.csat_scale,
        }
        id_column, source_id = self.source_id_of(values)
        if source_id is None:
            problems.append(("source_id", None, f"missing id ({id_column} is empty)"))
        record["source_id"] = source_id

        for canonical in DATE_FIELDS:
            column, raw = self._pick(values, canonical)
            try:
                moment = parse_datetime(raw, tz=self.tz, date_format=self.layout.date_format)
            except ValueProblem as exc:
                problems.append((canonical, raw, f"{column}={_shown(raw)} {exc}"))
                moment = None
            if moment is not None and moment > self.now + FUTURE_TOLERANCE:
                final = False  # tomorrow's clock may accept it
                problems.append(
                    (
                        canonical,
                        raw,
                        f"{column}={_shown(raw)} is a date in the future "
                        f"({moment:%Y-%m-%d %H:%M} UTC)",
                    )
                )
                moment = None
            elif moment is not None and moment < EARLIEST_DATE:
                problems.append(
                    (
                        canonical,
                        raw,
                        f"{column}={_shown(raw)} is before "
                        f"{EARLIEST_DATE:%Y-%m-%d} (an empty Excel date or a wrong format?)",
                    )
                )
                moment = None
            record[canonical] = moment

        if self.config.kind == "ticket":
            if record["opened_at"] is None:
                record["opened_at"] = record["created_at"]
            if record["created_at"] is None:
                record["created_at"] = record["opened_at"]
        if record["created_at"] is None and not any(p[0] == "created_at" for p in problems):
            column = "/".join(self.columns.get("created_at", ["created_at"]))
            if self.config.kind == "ticket":
                column = "/".join(self.columns.get("opened_at", [column]))
            problems.append(("created_at", None, f"missing date ({column} is empty)"))
        if record["updated_at"] is None and self.config.kind == "ticket":
            record["updated_at"] = record["resolved_at"] or record["opened_at"]

        opened, resolved = record.get("opened_at"), record.get("resolved_at")
        record["ttr_hours"] = None
        if opened is not None and resolved is not None:
            if resolved < opened:
                column, raw = self._pick(values, "resolved_at")
                problems.append(
                    ("resolved_at", raw, f"{column}={_shown(raw)} is before the opening date")
                )
            else:
                record["ttr_hours"] = (resolved - opened).total_seconds() / 3600

        scales = {
            "nps": (0, 10, ""),
            "csat": (1, self.config.csat_scale, " scale"),
            "ces": (1, 7, ""),
        }
        for canonical, (low, high, note) in scales.items():
            record[canonical] = None
            if canonical in conflicts:
                field_name, raw, reason = conflicts[canonical]
                notes.append((field_name, raw, reason))
                continue
            column, raw = self._pick(values, canonical)
            try:
                record[canonical] = parse_score(raw, low=low, high=high, scale_note=note)
            except ValueProblem as exc:
                # The answer still has a comment worth reading: keep the row, drop the score.
                notes.append((canonical, raw, f"{column}={_shown(raw)} {exc}"))
        if record["csat"] is None:
            record["csat_scale"] = None

        for canonical in COUNT_FIELDS:
            column, raw = self._pick(values, canonical)
            try:
                record[canonical] = parse_count(raw)
            except ValueProblem as exc:
                problems.append((canonical, raw, f"{column}={_shown(raw)} {exc}"))
                record[canonical] = None

        column, raw = self._pick(values, "fcr")
        try:
            record["fcr"] = parse_bool(raw)
        except ValueProblem as exc:
            problems.append(("fcr", raw, f"{column}={_shown(raw)} {exc}"))
            record["fcr"] = None

        for canonical in LABEL_FIELDS:
            record[canonical] = clean_label(self._pick(values, canonical)[1])
        for canonical in ("author", "url"):  # stored as written, so redacted like the comment
            if record[canonical]:
                record[canonical] = redact_pii(record[canonical])
        if self.config.kind == "social":
            if record["platform"] is None and record["url"]:
                record["platform"] = _platform_from_url(record["url"])
            if record["channel"] is None:
                record["channel"] = record["platform"]

        _, raw_text = self._pick(values, "text_raw")
        text, truncated = self._text(raw_text)
        record["text_raw"] = text

        record["feedback_id"] = make_feedback_id(self.config.name, source_id) if source_id else None
        mark = record.get(self.mark_field)
        if problems:
            # A rejected row lists every problem, its unreadable scores included.
            return RowOutcome(
                record=None, problems=problems + notes, mark=mark, truncated=False, final=final
            )
        return RowOutcome(record=record, notes=notes, mark=mark, truncated=truncated)

    def _text(self, raw: Any) -> tuple[str | None, bool]:
        limit = self.config.max_text_chars
        if isinstance(raw, list):  # several columns: "subject. description"
            pieces = [p for p in (clean_text(x, max_chars=limit)[0] for x in raw) if p]
            if not pieces:
                return None, False
            joined = pieces[0]
            for piece in pieces[1:]:
                joined += (" " if _END_PUNCT.search(joined) else ". ") + piece
            return clean_text(joined, max_chars=limit)
        return clean_text(raw, max_chars=limit)


def _platform_from_url(url: str) -> str | None:
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # "https://[broken": the URL is kept, the platform stays unknown
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    for domain, name in _PLATFORMS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host or None


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
                "value": _cut(value),
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
                            f"duplicated id in file: {_shown(source_id)} first seen at row "
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
