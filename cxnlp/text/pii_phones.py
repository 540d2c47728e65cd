"""Phone numbers of Spain, Mexico, Argentina, Colombia, Chile and Peru.

A run of digit groups ("+34 612 345 678", "(55) 1234-5678", "0034-612.345.678")
is a phone when its digits fit a numbering plan:

- With a country code ("+", "00" or "(+NN)"): the national lengths of that
  country, or 8 to 15 digits for any other code.
- Without one, *phone-shaped* numbers are phones whatever word comes before
  them, "pedido" and "reclamación" included: 9 digits starting with 6, 7, 8
  or 9 (Spain; mobiles of Chile and Peru), 10 digits not starting with 0
  (Mexico, Colombia, Argentina with area code), Mexico's old 01/044/045
  prefixes, Argentina's "0 + area + 15 + number", and Argentina's "0 + 10
  digits" when written in groups ("011 4567-8901").
  A customer who writes "pedido 612345678" has very likely typed a mobile.
- An area code in parentheses makes a phone of a local number of 6 to 8
  digits whatever word precedes it ("(01) 291 6424", "(044) 123456",
  "(011) 4123-4567", "(2) 2345 6789"): nobody writes an order number so.
- Shorter or other numbers (7 or 8 digits, 9 digits starting with 0-5: local
  numbers of Lima, Santiago or Buenos Aires) count only after a phone word
  ("tel.", "móvil", "llámame al", "WhatsApp"), and never after a reference word.

So order codes that cannot be phones survive: "pedido 4500123", "#A-99812",
"PED-2026-00017", "ticket #9876543210", "402-1234567-1234567" (a number glued
to "#", "/" or a letter, or running on with "-" past any phone it starts
with, is a code, not a phone). Amounts ("45,90 €"), lengths with a unit
("600 Mb"), dates and times have separators or suffixes no phone has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxnlp.text._pii_common import DIGIT_RUN, REFERENCE_WORD, SPACE, PiiMatch

__all__ = ["find_phones"]

_PHONE = re.compile(
    rf"(?<![\w+/@#\-])(?<!\d[.,])"
    rf"(?:(?P<intl>\+|00(?=[ \u00a0]?[1-9]))[ \u00a0]?(?:\d{{1,3}}[ \u00a0]?(?=\())?)?"
    rf"(?P<paren>\(\+?\d{{1,5}}\)[ \u00a0]?(?:[.\-][ \u00a0]?)?)?"
    rf"\d+(?:(?:[.\-]|{SPACE}(?:-{SPACE})?)\d+)*"
    r"(?!\w|[.,]\d)"
)
_SUFFIX = re.compile(
    r"\s?(?:€|\$|%|‰|eur\b|euros?\b|usd\b|d[oó]lares\b|pesos\b|mxn\b|cop\b|ars\b|clp\b|pen\b"
    r"|soles\b|km\b|kms\b|kg\b|gb\b|mb\b|mbps\b|puntos\b|pts\b|h\b|horas\b|min\b|d[ií]as\b"
    r"|a[nñ]os\b|meses\b|unidades\b|uds\b)",
    re.IGNORECASE,
)
_GLUED = re.compile(r"-\d")
# "60.000.000-0" is written like a Chilean RUT (checked in pii_ids), never like a phone.
_RUT_SHAPED = re.compile(r"\d{1,2}\.\d{3}\.\d{3}-\d")
_PREFIX = re.compile(r"(?:€|\$|US\$|S/\.?|COP|CLP|MXN|ARS)\s?$")
# Words after which a short or local number is taken for a phone.
_PHONE_WORD = re.compile(
    r"(?<![^\W\d_])(?:tel[eé]fonos?|tel[eé]f|telf|tel|tlf|tfno|tfn|fono|cel|celular|m[oó]vil"
    r"|whats?app|whats|wsp|wasap|wpp|fijo|contacto|ll[aá]m(?:a|e|en|ad|ar)(?:me|nos)?"
    r"|marc(?:a|ar|ad|en)(?:me|nos)?|n[uú]mero)"
    r"\.?\s*(?:es\s+)?(?:el\s+|al?\s+|del?\s+)?[:#]?\s*$",
    re.IGNORECASE,
)
# Country code -> accepted numbers of national digits.
_COUNTRY_DIGITS = {
    "34": (9,),  # Spain
    "52": (10, 11),  # Mexico (11 with the old mobile "1")
    "57": (10,),  # Colombia
    "54": (10, 11),  # Argentina (11 with the mobile "9")
    "56": (9,),  # Chile
    "51": (8, 9),  # Peru
    "1": (10,),  # North America
}
_PHONE_SHAPED = re.compile(
    r"[6-9]\d{8}"  # Spain; Chile and Peru mobiles
    r"|[1-9]\d{9}"  # Mexico, Colombia, Argentina with area code
    r"|0(?:1|4[45])[2-9]\d{9}"  # Mexico: old long-distance and mobile prefixes
    r"|0\d{2,4}15\d{6,8}"  # Argentina: local mobile "011 15 1234-5678"
)
# Argentina's trunk 0 + area code + number ("011 4567-8901"): a phone when written
# in groups or after a phone word; "01234567890" in one piece is as often a code.
_TRUNK = re.compile(r"0[1-3]\d{9}")
_LOCAL = re.compile(r"\d{7,8}|0?[1-5]\d{7,8}")  # Lima, Santiago, Buenos Aires without area code
# An area code in parentheses: Peru "(01)", "(044)"; Argentina "(011)", "(0351)",
# "(02966)"; Mexico "(55)", "(222)"; Colombia "(1)", "(601)"; Chile "(2)", "(32)".
# Written so, a local number of 6 to 8 digits is a phone whatever word precedes it.
# A year is no area code ("(2025) 2026"), nor is a number in a list ("(1) 2 3").
_AREA = re.compile(r"0\d{1,4}|[1-9]\d{0,2}")
_WINDOW = 160
_MARGIN = 60
_MAX_DIGITS = 15  # the longest number any rule accepts


def _international_ok(digits: str) -> bool:
    for code, lengths in _COUNTRY_DIGITS.items():
        if digits.startswith(code) and len(digits) - len(code) in lengths:
            return code != "34" or digits[2] in "6789"
    return 8 <= len(digits) <= 15 and not digits.startswith(tuple(_COUNTRY_DIGITS))


def _area_number_ok(area: str, rest: str) -> bool:
    return (
        bool(_AREA.fullmatch(area))
        and 6 <= len(rest) <= 8
        and 8 <= len(area) + len(rest) <= 11
        and rest[0] != "0"
    )


def find_phones(text: str) -> Iterator[PiiMatch]:
    """Yield the phone numbers of ``text`` (digits in ASCII) as ``TELEFONO`` matches."""
    # A run of blank-separated numbers can hold several phones, so after a phone the search
    # resumes right after it, not after the whole run the pattern swallowed. To keep that
    # linear on long tables of numbers, each search first looks at a short window (a phone
    # and its prefix fit in far less), and only scans further when the window has no start.
    pos, size = 0, len(text)
    while pos < size:
        m = None
        if pos + _WINDOW < size:
            m = _PHONE.search(text, pos, pos + _WINDOW)
            if m is not None and m.start() > pos + _WINDOW - _MARGIN:
                m = None
        if m is None:
            m = _PHONE.search(text, pos)
            if m is None:
                return
        pos = m.end()
        for found in _phone_in(text, m):
            pos = found.end
            yield found
        pos = max(pos, m.start() + 1)


def _phone_in(text: str, m: re.Match[str]) -> Iterator[PiiMatch]:
    intl = m.group("intl")
    paren = m.group("paren") or ""
    international = bool(intl) or "+" in paren
    area = DIGIT_RUN.search(paren) if paren and not international else None
    start = m.start()
    runs = [(start + r.end(), r.group()) for r in DIGIT_RUN.finditer(m.group())]
    if intl == "00":
        runs[0] = (runs[0][0], runs[0][1][2:])
    # No phone has more than 15 digits: cut a long run of groups (a table of
    # numbers pasted in a comment) before trying its prefixes one by one,
    # which would otherwise take quadratic time.
    total = 0
    for count, (_, digits) in enumerate(runs, start=1):
        total += len(digits)
        if total > _MAX_DIGITS:
            del runs[count:]
            break
    if _PREFIX.search(text, max(0, start - 5), start) or _RUT_SHAPED.fullmatch(m.group()):
        return
    local_ok = False
    if not international:
        before = max(0, start - 40)
        local_ok = bool(_PHONE_WORD.search(text, before, start)) and not REFERENCE_WORD.search(
            text, before, start
        )
    # Drop trailing groups that do not belong ("612 345 678 2 veces").
    while runs:
        digits = "".join(r[1] for r in runs)
        if international:
            ok = _international_ok(digits)
        else:
            ok = (
                bool(_PHONE_SHAPED.fullmatch(digits))
                or ((local_ok or len(runs) > 1) and bool(_TRUNK.fullmatch(digits)))
                or (local_ok and bool(_LOCAL.fullmatch(digits)))
                or (area is not None and _area_number_ok(area.group(), digits[len(area.group()) :]))
            )
        end = runs[-1][0]
        if _GLUED.match(text, end):
            return  # "362-1587004-9062420": the start of a longer code, not a phone
        if ok and not _SUFFIX.match(text, end):
            yield PiiMatch("TELEFONO", start, end)
            return
        runs.pop()
