"""Parsers for the single values found in exports: dates, scores, counts, flags, text.

Each parser returns ``None`` for an empty cell and raises :class:`ValueProblem`
with a short, user-facing reason for a value it cannot accept. Callers prefix
the reason with the column and the value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

DATE_FORMATS_ACCEPTED = (
    "ISO 8601, DD/MM/YYYY [HH:MM[:SS]], YYYY/MM/DD, RFC 2822, Excel serial, Unix epoch"
)

# Spanish number words accepted for scores (0-10). Friendlier than rejecting a
# spoken or typed "diez"; anything else that is not a number is rejected.
SPANISH_NUMBERS: dict[str, int] = {
    "cero": 0,
    "uno": 1,
    "una": 1,
    "un": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
}

# What survey tools and people write for "no answer": an empty score, not a bad one.
SCORE_PLACEHOLDERS = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n/d",
        "nd",
        "-",
        "--",
        "—",
        "–",
        "sin respuesta",
        "no responde",
        "no contesta",
        "no sabe",
        "ns/nc",
        "ns nc",
        "nsnc",
        "ns-nc",
        "null",
        "none",
        "nan",
    }
)

_TRUE = {"true", "t", "1", "yes", "y", "si", "s", "verdadero", "v", "x"}
_FALSE = {"false", "f", "0", "no", "n", "falso"}

_EXCEL_EPOCH = datetime(1899, 12, 30)
_DMY_RE = re.compile(
    r"^(?P<a>\d{1,4})[/.\-](?P<b>\d{1,2})[/.\-](?P<c>\d{1,4})"
    r"(?:[ T,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+\-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_LEADING_INT_RE = re.compile(r"^(\d{1,2})\s*[-–:=]\s*\D")
_COUNT_SUFFIX_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(k|m|mil|millones|mill)\.?$", re.IGNORECASE)
_GROUPED_RE = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")


class ValueProblem(ValueError):
    """A single value that cannot be accepted; ``str(exc)`` is the reason."""


def is_empty(value: Any) -> bool:
    """Return True for None, NaN and blank strings."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return False


def clean_text(value: Any, *, max_chars: int) -> tuple[str | None, bool]:
    """Return a stored form of a free-text cell and whether it was cut.

    NUL and other C0 control characters (except tab and newline) are removed
    because databases reject them; CRLF becomes LF; surrounding blanks are
    trimmed. The wording itself is left alone: normalisation and redaction are
    later steps.
    """
    if is_empty(value):
        return None, False
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch >= " " or ch in "\n\t")
    text = text.strip()
    if not text:
        return None, False
    if len(text) > max_chars:
        return text[:max_chars], True
    return text, False


def clean_label(value: Any) -> str | None:
    """Return a short categorical/identifier cell as a trimmed one-line string."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = "".join(ch for ch in text if ch >= " ")
    text = " ".join(text.split())
    return text or None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _as_number(value: Any) -> float:
    """Read a number from a cell, or raise ValueProblem('not a number')."""
    if isinstance(value, bool):
        raise ValueProblem("is a yes/no value, not a number")
    if isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except (OverflowError, ValueError):  # an int too large for a float, a signalling NaN
            raise ValueProblem("not a number") from None
        if math.isnan(number) or math.isinf(number):
            raise ValueProblem("not a number")
        return number
    text = str(value).strip()
    folded = _fold(text)
    if folded in SPANISH_NUMBERS:
        return float(SPANISH_NUMBERS[folded])
    match = _LEADING_INT_RE.match(text)
    if match:  # choice-text exports: "10 - Extremadamente probable"
        return float(match.group(1))
    try:
        return float(text.replace(",", ".")) if text.count(",") == 1 else float(text)
    except ValueError:
        raise ValueProblem("not a number") from None


def is_placeholder(value: Any) -> bool:
    """Return True for an empty cell or a "no answer" mark ("N/A", "-", "NS/NC", ...)."""
    if is_empty(value):
        return True
    if not isinstance(value, str):
        return False
    folded = re.sub(r"\s*/\s*", "/", " ".join(_fold(value).split()))
    return folded in SCORE_PLACEHOLDERS


def parse_score(value: Any, *, low: int, high: int, scale_note: str = "") -> int | None:
    """Parse a whole-number score in ``[low, high]``.

    Accepts digits ("9", "9.0", "9,0"), Spanish number words ("nueve", "Diez")
    and choice-text labels that start with the number ("0 - Nada probable").
    Empty cells and "no answer" marks (:data:`SCORE_PLACEHOLDERS`) give ``None``.

    Raises:
        ValueProblem: for non-numbers, fractions and values outside the range.
    """
    if is_placeholder(value):
        return None
    try:
        number = _as_number(value)
    except ValueProblem as exc:
        raise ValueProblem(
            f"{exc} (accepted: whole numbers {low}-{high} as digits or Spanish words cero..diez)"
        ) from None
    if not number.is_integer():
        raise ValueProblem(f"not a whole number (accepted: {low}-{high}{scale_note})")
    score = int(number)
    if not low <= score <= high:
        raise ValueProblem(f"outside {low}-{high}{scale_note}")
    return score


def canonical_ces(score: int | None, *, scale: int, direction: str) -> int | None:
    """Put a CES answer on the store's one convention: 1-7, 7 = very easy.

    A survey that asks "how much effort" (``lower_is_easier``) is turned round
    on its own scale first. A 5-point answer is then placed on the 7-point
    scale by ``1 + (v - 1) * 1.5`` rounded half up (1, 3, 4, 6, 7): the ends,
    the middle and the order are kept.

    Raises:
        ValueProblem: if ``scale`` or ``direction`` is not one cxnlp knows.
    """
    if score is None:
        return None
    if scale not in (5, 7):
        raise ValueProblem(f"CES scale {scale!r} is not 5 or 7")
    if direction == "lower_is_easier":
        score = scale + 1 - score
    elif direction != "higher_is_easier":
        raise ValueProblem(f"CES direction {direction!r} is not higher_is_easier/lower_is_easier")
    if scale == 5:
        score = int(1 + (score - 1) * 1.5 + 0.5)
    return score


def parse_count(value: Any) -> int | None:
    """Parse a non-negative count such as followers, likes or shares.

    Accepts "1234", "1.234" / "1,234" / "1 234" (thousands groups), "1.2K",
    "3,4M", "12 mil" and whole floats.

    Raises:
        ValueProblem: for negatives, fractions and non-numbers.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("is a yes/no value, not a count")
    try:
        number = _count_number(value)
    except OverflowError:  # more digits than a float holds: no real count is that large
        raise ValueProblem("not a whole count") from None
    if math.isnan(number) or math.isinf(number) or not number.is_integer():
        raise ValueProblem("not a whole count")
    if number < 0:
        raise ValueProblem("negative count")
    return int(number)


def _count_number(value: Any) -> float:
    if isinstance(value, int | float | Decimal):
        return float(value)
    text = str(value).strip().replace("\u00a0", " ")
    suffix = _COUNT_SUFFIX_RE.match(text)
    if suffix:
        factor = 1_000 if suffix.group(2).lower() in ("k", "mil") else 1_000_000
        return float(round(float(suffix.group(1).replace(",", ".")) * factor))
    if _GROUPED_RE.match(text.lstrip("-")):
        return float(re.sub(r"[.,\s]", "", text))
    try:
        return float(text)
    except ValueError:
        raise ValueProblem("not a count (accepted: 1234, 1.234, 1.2K, 3M)") from None


def parse_bool(value: Any) -> bool | None:
    """Parse a yes/no flag in Spanish or English ("sí", "no", "true", "1", ...).

    Raises:
        ValueProblem: for anything else.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    # Compared as numbers, not converted: float() of a huge int overflows.
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    folded = _fold(str(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueProblem("not a yes/no value (accepted: sí/no, true/false, 1/0, yes/no)")


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
