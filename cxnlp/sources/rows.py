"""Turn raw rows into canonical records or rejects, field by field.

Rules (the same for every connector):

- A row is rejected, with every problem listed, when its id is missing, a date
  is unparsable, more than a day in the future or before 2000, a score is
  outside its scale (NPS 0-10, CSAT 1-5/1-7/1-10, CES 1-7) or not a whole
  number, a count is negative, a flag is not yes/no, or a ticket was resolved
  before it was opened. Everything else in the file loads.
- Repaired, not rejected: NUL and control characters are removed, CRLF becomes
  LF, texts longer than ``max_text_chars`` are cut (counted in stats), Spanish
  number words "cero".."diez" are read as scores, "10 - Muy probable" as 10.
- An empty comment is a valid row: its scores still count.
- Within one file a repeated id is rejected (the first copy is kept); across
  the files of one load the later file's copy replaces the earlier one (an
  export that was re-issued with updates).
- Rows whose watermark date is at or below the previous watermark are skipped
  (already loaded or already quarantined by an earlier run).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from cxnlp.schema import make_feedback_id
from cxnlp.sources.batch import SourceBatch, records_frame, rejects_frame
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.mapping import ROW_HASH, SourceLayout
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


@dataclass
class RowOutcome:
    """What became of one raw row."""

    record: dict[str, Any] | None
    problems: list[tuple[str, Any, str]] = field(default_factory=list)
    mark: datetime | None = None
    truncated: bool = False


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
    """

    def __init__(
        self,
        config: SourceConfig,
        layout: SourceLayout,
        columns: dict[str, list[str]],
        now: datetime,
    ) -> None:
        self.config = config
        self.layout = layout
        self.columns = columns
        self.now = now
        self.tz = ZoneInfo(layout.timezone)
        # Tickets change after they open (resolved, reopened): their watermark is
        # updated_at, which falls back to the resolution, then the opening date.
        self.mark_field = config.watermark_column or (
            "updated_at" if "updated_at" in columns or config.kind == "ticket" else "created_at"
        )

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

    def build(self, row: RawRow) -> RowOutcome:
        """Validate one row; return its record or its problems."""
        values = row.values or {}
        problems: list[tuple[str, Any, str]] = []
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
            column, raw = self._pick(values, canonical)
            try:
                record[canonical] = parse_score(raw, low=low, high=high, scale_note=note)
            except ValueProblem as exc:
                problems.append((canonical, raw, f"{column}={_shown(raw)} {exc}"))
                record[canonical] = None
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
            return RowOutcome(record=None, problems=problems, mark=mark, truncated=False)
        return RowOutcome(record=record, mark=mark, truncated=truncated)

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
    """

    def __init__(
        self,
        config: SourceConfig,
        watermark: datetime | None,
        now: datetime | None = None,
    ) -> None:
        self.config = config
        self.watermark = watermark
        self.now = now or utc_now()
        self.records: dict[str, dict[str, Any]] = {}
        self.rejects: list[dict[str, Any]] = []
        self.high: datetime | None = watermark
        self.stats: dict[str, Any] = {
            "files": 0,
            "rows_read": 0,
            "loaded": 0,
            "rejected": 0,
            "skipped_watermark": 0,
            "blank_rows": 0,
            "replaced_by_later_file": 0,
            "truncated_texts": 0,
            "encodings": {},
            "missing_optional_fields": [],
        }

    def reject(
        self, file: str, number: int, source_id: str | None, problems: list[tuple[str, Any, str]]
    ) -> None:
        """Record one rejected row (first problem's field and value, every reason)."""
        field_name, value, _ = problems[0]
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
        self.stats["rejected"] += 1

    def add_rows(
        self, table: RawTable, builder: RowBuilder, on_row: Callable[[], None] | None = None
    ) -> None:
        """Validate every row of one file or query result."""
        self.stats["files"] += 1
        self.stats["blank_rows"] += table.blank_rows
        if table.encoding:
            self.stats["encodings"][table.file] = table.encoding
        first_row: dict[str, int] = {}
        for row in table.rows:
            self.stats["rows_read"] += 1
            if on_row is not None:
                on_row()
            if row.problem is not None:
                self.reject(table.file, row.number, None, [("(row)", row.raw, row.problem)])
                continue
            outcome = builder.build(row)
            if (
                outcome.mark is not None
                and self.watermark is not None
                and outcome.mark <= self.watermark
            ):
                self.stats["skipped_watermark"] += 1
                continue
            if outcome.mark is not None:
                capped = min(outcome.mark, self.now)
                self.high = capped if self.high is None else max(self.high, capped)
            values = row.values or {}
            if outcome.record is None:
                sid = builder.source_id_of(values)[1]
                self.reject(table.file, row.number, sid, outcome.problems)
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
                continue
            first_row[source_id] = row.number
            if source_id in self.records:
                self.stats["replaced_by_later_file"] += 1
                del self.records[source_id]
            self.records[source_id] = outcome.record
            self.stats["truncated_texts"] += int(outcome.truncated)

    def batch(self) -> SourceBatch:
        """Return the collected records, rejects, watermark and stats."""
        self.stats["loaded"] = len(self.records)
        records = records_frame(list(self.records.values()))
        rejects = rejects_frame(self.rejects)
        watermark = format_watermark(self.high) if self.high is not None else None
        return SourceBatch(records=records, rejects=rejects, watermark=watermark, stats=self.stats)
