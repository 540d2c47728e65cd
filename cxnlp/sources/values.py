"""Parsers for the single values found in exports: scores, counts, flags, text.

Dates and watermarks are in :mod:`cxnlp.sources.dates`.

Each parser returns ``None`` for an empty cell and raises :class:`ValueProblem`
with a short, user-facing reason for a value it cannot accept. Callers prefix
the reason with the column and the value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

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

_TRUE = {"true", "t", "1", "yes", "y", "si", "s", "verdadero", "v", "x"}
_FALSE = {"false", "f", "0", "no", "n", "falso"}

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


def platform_from_url(url: str) -> str | None:
    """The social platform a post's URL belongs to (its host when not a known one)."""
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:  # "https://[broken": the URL is kept, the platform stays unknown
        return None
    host = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    for domain, name in _PLATFORMS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host or None
