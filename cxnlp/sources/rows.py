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

Which rows are read at all (the watermark, the row ledger), repeated ids and
file-level problems are the collector's business: :mod:`cxnlp.sources.collect`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cxnlp.schema import make_feedback_id
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.dates import parse_datetime
from cxnlp.sources.mapping import COMPOSITE_FIELDS, ROW_HASH, SourceLayout
from cxnlp.sources.raw import RawRow
from cxnlp.sources.values import (
    ValueProblem,
    canonical_ces,
    clean_label,
    clean_text,
    is_empty,
    parse_bool,
    parse_count,
    parse_score,
    platform_from_url,
)
from cxnlp.text.redact import redact_pii

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


def show_value(value: Any) -> str:
    """A cell as a reason shows it: numbers bare, text quoted, both cut to 60 characters."""
    # Cut long values, numbers too: a reason is one line, whatever the cell holds.
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = f"{value:g}" if isinstance(value, float) else str(value)
        return number if len(number) <= 60 else number[:57] + "..."
    text = str(value)
    if len(text) <= 60 and re.fullmatch(r"-?\d+(?:[.,]\d+)?", text.strip()):
        return text.strip()
    return repr(text if len(text) <= 60 else text[:57] + "...")


def cut_value(value: Any) -> str:
    """A cell as a quarantine entry stores it: text, at most ``VALUE_CHARS`` long."""
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
                f"{k}={cut_value(v)}" for k, v in sorted(values.items()) if not is_empty(v)
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
            if len({cut_value(v).strip() for v in filled.values()}) > 1:
                shown = ", ".join(f"{n}={show_value(v)}" for n, v in filled.items())
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
                problems.append((canonical, raw, f"{column}={show_value(raw)} {exc}"))
                moment = None
            if moment is not None and moment > self.now + FUTURE_TOLERANCE:
                final = False  # tomorrow's clock may accept it
                problems.append(
                    (
                        canonical,
                        raw,
                        f"{column}={show_value(raw)} is a date in the future "
                        f"({moment:%Y-%m-%d %H:%M} UTC)",
                    )
                )
                moment = None
            elif moment is not None and moment < EARLIEST_DATE:
                problems.append(
                    (
                        canonical,
                        raw,
                        f"{column}={show_value(raw)} is before "
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
                    ("resolved_at", raw, f"{column}={show_value(raw)} is before the opening date")
                )
            else:
                record["ttr_hours"] = (resolved - opened).total_seconds() / 3600

        scales = {
            "nps": (0, 10, ""),
            "csat": (1, self.config.csat_scale, " scale"),
            "ces": (1, self.config.ces_scale, " scale"),
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
                notes.append((canonical, raw, f"{column}={show_value(raw)} {exc}"))
        if record["csat"] is None:
            record["csat_scale"] = None
        record["ces"] = canonical_ces(
            record["ces"], scale=self.config.ces_scale, direction=self.config.ces_direction
        )

        for canonical in COUNT_FIELDS:
            column, raw = self._pick(values, canonical)
            try:
                record[canonical] = parse_count(raw)
            except ValueProblem as exc:
                problems.append((canonical, raw, f"{column}={show_value(raw)} {exc}"))
                record[canonical] = None

        column, raw = self._pick(values, "fcr")
        try:
            record["fcr"] = parse_bool(raw)
        except ValueProblem as exc:
            problems.append(("fcr", raw, f"{column}={show_value(raw)} {exc}"))
            record["fcr"] = None

        for canonical in LABEL_FIELDS:
            record[canonical] = clean_label(self._pick(values, canonical)[1])
        for canonical in ("author", "url"):  # stored as written, so redacted like the comment
            if record[canonical]:
                record[canonical] = redact_pii(record[canonical])
        if self.config.kind == "social":
            if record["platform"] is None and record["url"]:
                record["platform"] = platform_from_url(record["url"])
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
