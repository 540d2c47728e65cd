"""Dates in exports (ISO, day-first, RFC 2822, Excel serials, epochs) and watermarks.

:func:`parse_datetime` returns naive UTC for any accepted form, ``None`` for an
empty cell, and raises :class:`~cxnlp.sources.values.ValueProblem` otherwise.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from cxnlp.sources.values import ValueProblem, is_empty

DATE_FORMATS_ACCEPTED = (
    "ISO 8601, DD/MM/YYYY [HH:MM[:SS]], YYYY/MM/DD, RFC 2822, Excel serial, Unix epoch"
)

_EXCEL_EPOCH = datetime(1899, 12, 30)
_DMY_RE = re.compile(
    r"^(?P<a>\d{1,4})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{1,4})"
    r"(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+\-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def _to_naive_utc(moment: datetime, tz: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _from_number(number: float, tz: ZoneInfo) -> datetime:
    if 0 < number < 100_000:  # Excel serial day number (1900 date system), wall time
        return _to_naive_utc(_EXCEL_EPOCH + timedelta(days=number), tz)
    if 1e9 <= number < 1e11:
        return datetime.fromtimestamp(number, UTC).replace(tzinfo=None)
    if 1e11 <= number < 1e14:
        return datetime.fromtimestamp(number / 1000, UTC).replace(tzinfo=None)
    raise ValueProblem(f"unparsable as a date (accepted: {DATE_FORMATS_ACCEPTED})")


def _parse_tz_suffix(raw: str | None, default: ZoneInfo) -> tzinfo:
    if raw is None:
        return default
    upper = raw.upper()
    if upper in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _parse_dmy(match: re.Match[str], tz: ZoneInfo) -> datetime:
    a, b, c = match.group("a"), match.group("b"), match.group("c")
    if len(a) == 4:  # YYYY/MM/DD
        year, month, day = int(a), int(b), int(c)
    elif len(c) in (2, 4):  # DD/MM/YYYY (day first: the Spanish convention)
        day, month, year = int(a), int(b), int(c)
        if len(c) == 2:
            year += 2000
    else:
        raise ValueProblem("bad year")
    hour = int(match.group("H") or 0)
    minute = int(match.group("M") or 0)
    second = int(match.group("S") or 0)
    micro = int((match.group("f") or "0").ljust(6, "0"))
    ampm = (match.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueProblem("bad 12-hour clock")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    moment = datetime(year, month, day, hour, minute, second, micro)
    zone = _parse_tz_suffix(match.group("tz"), tz)
    return moment.replace(tzinfo=zone)


def parse_datetime(value: Any, *, tz: ZoneInfo, date_format: str | None = None) -> datetime | None:
    """Parse a date or timestamp and return it as naive UTC.

    Values without an offset are read as wall-clock time in ``tz``. With
    ``date_format`` (a ``strptime`` pattern) strings must match it, except
    unambiguous ISO 8601 strings, which are always accepted. Without it, numeric
    dates are read day first (DD/MM/YYYY), as Spanish exports write them.

    Raises:
        ValueProblem: when the value is not a date in any accepted form.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("is a yes/no value, not a date")
    accepted = f"date_format {date_format!r} or ISO 8601" if date_format else DATE_FORMATS_ACCEPTED
    fail = ValueProblem(f"unparsable as a date (accepted: {accepted})")
    try:
        # Typed cells (XLSX, JSON, SQL) can overflow too: year 1 shifted to UTC, a huge int.
        if isinstance(value, datetime):
            return _to_naive_utc(value, tz)
        if isinstance(value, date):
            return _to_naive_utc(datetime(value.year, value.month, value.day), tz)
        if hasattr(value, "to_pydatetime"):  # pandas Timestamp
            return _to_naive_utc(value.to_pydatetime(), tz)
        if isinstance(value, int | float | Decimal):
            return _from_number(float(value), tz)
    except ValueProblem:
        raise
    except (ValueError, OverflowError, TypeError):
        raise fail from None
    text = " ".join(str(value).split())
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return _from_number(float(text), tz)
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
            return _to_naive_utc(datetime.fromisoformat(iso), tz)
        if date_format:
            return _to_naive_utc(datetime.strptime(text, date_format), tz)
        match = _DMY_RE.match(text)
        if match:
            return _to_naive_utc(_parse_dmy(match, tz), tz)
        if re.match(r"^[A-Za-z]{3} [A-Za-z]{3} \d{2} ", text):  # Twitter v1: Wed Oct 10 ...
            return _to_naive_utc(datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y"), tz)
        if re.match(r"^(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{4}", text):
            return _to_naive_utc(parsedate_to_datetime(text), tz)
    except (ValueError, OverflowError, TypeError):
        raise fail from None
    raise fail


def format_watermark(moment: datetime) -> str:
    """Return the canonical watermark string of a naive UTC time."""
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def read_watermark(watermark: str | None, *, where: str) -> datetime | None:
    """Parse a stored watermark back to naive UTC.

    Raises:
        ValueError: when the watermark is not an ISO timestamp.
    """
    if watermark is None or watermark == "":
        return None
    try:
        moment = datetime.fromisoformat(watermark.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"watermark {watermark[:60]!r} of {where} is not an ISO timestamp "
            "(expected e.g. '2026-03-01T10:15:00')"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
