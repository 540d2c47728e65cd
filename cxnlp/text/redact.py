"""Find and replace personal data in Spanish customer feedback.

Each kind of personal data has a detector (a precompiled regular expression,
then a check in Python where the format has one: the DNI/NIE letter, the IBAN
mod-97, the Luhn digit of a card, the date inside an RFC or CURP). Detectors
are tuned to leave alone the numbers analysts need: amounts ("45,90 €"),
dates, years, percentages and order or ticket numbers.

Replacement puts a placeholder where the data was (``[EMAIL]``,
``[TELEFONO]``, ``[DNI]``, ``[NIE]``, ``[RFC]``, ``[CURP]``, ``[IBAN]``,
``[TARJETA]``, ``[NOMBRE]``) and keeps everything else, so the text still
reads naturally for people and models.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from cxnlp.text._names import FIRST_NAMES, NOT_NAMES, STRONG_CUES, TITLES, WEAK_CUES

__all__ = ["PII_KINDS", "PiiMatch", "find_pii", "redact_pii"]

# In order of precedence when two detections overlap.
PII_KINDS = ("EMAIL", "IBAN", "TARJETA", "CURP", "RFC", "NIE", "DNI", "TELEFONO", "NOMBRE")
_PRECEDENCE = {kind: rank for rank, kind in enumerate(PII_KINDS)}

# Redaction repeats until a pass finds nothing: a replacement can free a
# neighbour ("x@y.com612345678" shows its phone once the e-mail is gone; the
# rest of a digit run cut short to fit a phone may hold another). Placeholders
# never match, so every pass shrinks what is left to scan and this ends.
_MAX_PASSES = 8


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data: its kind and its ``[start, end)`` span in the text."""

    kind: str
    start: int
    end: int


# Every numeric kind needs six digits or more, possibly with single separators
# between them; texts with only prices, dates and years skip those detectors.
_LONG_NUMBER = re.compile(r"\d(?:[ .\-\u00a0\u202f]?\d){5}")
_DIGIT_RUN = re.compile(r"\d+")
_SPACE = r"[ \u00a0\u202f]"

# --------------------------------------------------------------------- e-mail

_EMAIL = re.compile(r"(?<![\w.+%\-])[\w.+%\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}(?![A-Za-z])")

# ------------------------------------------------------------------ DNI / NIE

_ID_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# "12345678Z", "12.345.678-Z", "12345678 Z"; a letter after a blank must be a
# capital, or "pedí 12345678 y" would be a DNI one time in 23.
_DNI = re.compile(
    rf"(?<![\w.,/-])(\d{{1,2}}\.?\d{{3}}\.?\d{{3}})(?:([A-Za-z])|(?:-|{_SPACE}-?{_SPACE}?)([A-Z]))(?!\w)"
)
# Blanks inside a NIE only with capitals, as with the DNI ("y 1234567 a" is prose).
_NIE = re.compile(
    r"(?<![\w.-])(?:([XYZ])[ -]?(\d{7})[ -]?([A-Z])|([XYZxyz])(\d{7})([A-Za-z]))(?!\w)"
)


def _id_letter_ok(number: int, letter: str) -> bool:
    return _ID_LETTERS[number % 23] == letter.upper()


def _find_dni(text: str) -> Iterator[PiiMatch]:
    for m in _DNI.finditer(text):
        digits = m.group(1).replace(".", "")
        letter = m.group(2) or m.group(3)
        if len(digits) in (7, 8) and _id_letter_ok(int(digits), letter):
            yield PiiMatch("DNI", m.start(), m.end())


def _find_nie(text: str) -> Iterator[PiiMatch]:
    for m in _NIE.finditer(text):
        prefix, digits, letter = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        number = int(str("XYZ".index(prefix.upper())) + digits)
        if _id_letter_ok(number, letter):
            yield PiiMatch("NIE", m.start(), m.end())


# ------------------------------------------------------------- RFC and CURP

_RFC = re.compile(r"(?<![\w&])([A-ZÑ&]{3,4})[ -]?(\d{6})[ -]?([A-Z0-9]{3})(?![\w])", re.IGNORECASE)
_CURP = re.compile(
    r"(?<!\w)[A-Z][AEIOUX][A-Z]{2}(\d{6})[HMX]"
    r"(?:AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS"
    r"|TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9]\d(?!\w)",
    re.IGNORECASE,
)


def _yymmdd_ok(digits: str) -> bool:
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _find_curp(text: str) -> Iterator[PiiMatch]:
    for m in _CURP.finditer(text):
        if _yymmdd_ok(m.group(1)):
            yield PiiMatch("CURP", m.start(), m.end())


def _find_rfc(text: str) -> Iterator[PiiMatch]:
    for m in _RFC.finditer(text):
        # An RFC is written in capitals, or all in lower case with the four
        # letters of a person's RFC; mixed case is a word glued to a number.
        whole = m.group(0)
        if not whole.isupper() and not (whole.islower() and len(m.group(1)) == 4):
            continue
        if _yymmdd_ok(m.group(2)):
            yield PiiMatch("RFC", m.start(), m.end())


# ----------------------------------------------------------------------- IBAN

# Lengths of the IBANs of the countries whose customers we are most likely to see.
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "DO": 28, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IT": 27, "LU": 20, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "SV": 28, "TR": 26,
}  # fmt: skip
_IBAN = re.compile(r"(?<![\w])([A-Z]{2}) ?(\d{2})((?:[ -]?[A-Z0-9]){11,30})")


def _mod97_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _find_iban(text: str) -> Iterator[PiiMatch]:
    for m in _IBAN.finditer(text):
        country = m.group(1).upper()
        expected = _IBAN_LENGTHS.get(country)
        lengths = [expected] if expected else list(range(34, 14, -1))
        # Map each alphanumeric of the match to its end offset, then try the
        # lengths the country allows: the regex may have run into the next word.
        ends: list[int] = []
        chars: list[str] = []
        for offset, ch in enumerate(m.group(0)):
            if ch.isalnum():
                chars.append(ch.upper())
                ends.append(m.start() + offset + 1)
        for length in lengths:
            if length > len(chars):
                continue
            end = ends[length - 1]
            if end < len(text) and text[end].isalnum():
                continue  # would cut a word or number in two
            compact = "".join(chars[:length])
            if _mod97_ok(compact):
                yield PiiMatch("IBAN", m.start(), end)
                break


# ------------------------------------------------------------- payment cards

_CARD = re.compile(
    r"(?<![\w.,])(?:"
    r"\d{4}([ \-]?)\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"  # 4-4-4-4(-3), Visa/Mastercard
    r"|\d{4}[ \-]?\d{6}[ \-]?\d{4,5}"  # 4-6-5 (Amex), 4-6-4 (Diners)
    r"|\d{13,19}"
    r")(?![\w]|[.,]\d)"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _find_card(text: str) -> Iterator[PiiMatch]:
    for m in _CARD.finditer(text):
        groups = list(_DIGIT_RUN.finditer(m.group(0)))
        # "4111 1111 1111 1111 2 veces": the last group may not belong to the card.
        for keep in (len(groups), len(groups) - 1):
            if keep < 1:
                break
            digits = "".join(g.group() for g in groups[:keep])
            if 13 <= len(digits) <= 19 and len(set(digits)) > 1 and _luhn_ok(digits):
                yield PiiMatch("TARJETA", m.start(), m.start() + groups[keep - 1].end())
                break


# --------------------------------------------------------------------- phones

# A run of digit groups: "+34 612 345 678", "(55) 1234-5678", "0034-612.345.678".
_PHONE = re.compile(
    rf"(?<![\w+/@#\-])(?<!\d[.,])"
    rf"(?:(?P<intl>\+|00(?=[ \u00a0]?[1-9]))[ \u00a0]?(?:\d{{1,3}}[ \u00a0]?(?=\())?)?"
    rf"(?P<paren>\(\+?\d{{1,4}}\)[ \u00a0]?)?"
    rf"\d+(?:(?:[.\-]|{_SPACE}(?:-{_SPACE})?)\d+)*"
    r"(?!\w|[.,]\d)"
)
_PHONE_SUFFIX = re.compile(
    r"\s?(?:€|\$|%|‰|eur\b|euros?\b|usd\b|d[oó]lares\b|pesos\b|mxn\b|cop\b|ars\b|clp\b|pen\b"
    r"|soles\b|km\b|kms\b|kg\b|gb\b|mb\b|mbps\b|puntos\b|pts\b|h\b|horas\b|min\b|d[ií]as\b)",
    re.IGNORECASE,
)
_PHONE_PREFIX = re.compile(r"(?:€|\$|US\$)\s?$")
# Numbers that follow these words are references, not phones.
_REFERENCE_WORD = re.compile(
    r"(?<![^\W\d_])(?:pedido|orden|order|factura|albar[aá]n|referencia|ref|localizador|seguimiento|tracking"
    r"|env[ií]o|ticket|incidencia|incidente|caso|reserva|expediente|contrato|reclamaci[oó]n"
    r"|solicitud|n[º°]|n[uú]m\.?|nro|folio|gu[ií]a|c[oó]digo)\.?\s*(?:de\s+\w+\s*)?[:#]?\s*$",
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
_AR_LOCAL_MOBILE = re.compile(r"^0\d{2,4}15\d{6,8}$")
_MAX_PHONE_DIGITS = 15  # the longest number _national_ok/_international_ok accept


def _national_ok(digits: str) -> bool:
    if len(digits) == 9:
        return digits[0] in "6789"  # Spain; Chile and Peru mobiles start with 9
    if len(digits) == 10:
        return digits[0] != "0"  # Mexico, Colombia, Argentina with area code
    return bool(_AR_LOCAL_MOBILE.match(digits))


def _international_ok(digits: str) -> bool:
    for code, lengths in _COUNTRY_DIGITS.items():
        if digits.startswith(code) and len(digits) - len(code) in lengths:
            return code != "34" or digits[2] in "6789"
    return len(digits) >= 8 and len(digits) <= 15 and not digits.startswith(tuple(_COUNTRY_DIGITS))


_PHONE_WINDOW = 160
_PHONE_MARGIN = 60


def _find_phone(text: str) -> Iterator[PiiMatch]:
    # A run of blank-separated numbers can hold several phones, so after a phone the search
    # resumes right after it, not after the whole run the pattern swallowed. To keep that
    # linear on long tables of numbers, each search first looks at a short window (a phone
    # and its prefix fit in far less), and only scans further when the window has no start.
    pos, size = 0, len(text)
    while pos < size:
        m = None
        if pos + _PHONE_WINDOW < size:
            m = _PHONE.search(text, pos, pos + _PHONE_WINDOW)
            if m is not None and m.start() > pos + _PHONE_WINDOW - _PHONE_MARGIN:
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
    start = m.start()
    runs = [(start + r.end(), r.group()) for r in _DIGIT_RUN.finditer(m.group())]
    if intl == "00":
        runs[0] = (runs[0][0], runs[0][1][2:])
    # No phone has more than 15 digits: cut a long run of groups (a table of
    # numbers pasted in a comment) before trying its prefixes one by one,
    # which would otherwise take quadratic time.
    total = 0
    for count, (_, digits) in enumerate(runs, start=1):
        total += len(digits)
        if total > _MAX_PHONE_DIGITS:
            del runs[count:]
            break
    if not international and _REFERENCE_WORD.search(text, max(0, start - 40), start):
        return
    if _PHONE_PREFIX.search(text, max(0, start - 4), start):
        return
    # Drop trailing groups that do not belong ("612 345 678 2 veces").
    while runs:
        digits = "".join(r[1] for r in runs)
        ok = _international_ok(digits) if international else _national_ok(digits)
        end = runs[-1][0]
        if ok and not _PHONE_SUFFIX.match(text, end):
            yield PiiMatch("TELEFONO", start, end)
            return
        runs.pop()


# ---------------------------------------------------------------------- names

_UPPER = "A-ZÁÉÍÓÚÜÑÇ"
_LOWER = "a-záéíóúüñçàèïò"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?"
_INITIAL = rf"[{_UPPER}]\."
_PARTICLE = r"(?:de\s+la|de\s+los|de\s+las|del|de|y|i)"
_NAME_SEQ = (
    rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?(?:{_NAME_WORD}|{_INITIAL}(?=[ \t]+[{_UPPER}])))"
    r"{0,4}"
)

_NAME_AT = re.compile(_NAME_SEQ)
# Where a name can start: a capital after a blank.
_CAPITAL = re.compile(rf"(?<=\s)[{_UPPER}]")
# How far left of a name its cue can start.
_CUE_WINDOW = 48


def _reversed_alternation(phrases: tuple[str, ...]) -> str:
    # Longest first, so "muchas gracias" is preferred to "gracias".
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w[::-1]) for w in p.split(" ")[::-1]) for p in ordered)


# Cues are matched on the reversed text left of a capital, anchored at that
# capital: one anchored match per capital instead of an alternation of ~300
# phrases tried at every position of every text.
_CUE_BEFORE = re.compile(
    r"\s+(?:(?P<title>" + _reversed_alternation(TITLES) + r")\s+)?[,:;]?"
    r"(?:(?P<strong>" + _reversed_alternation(STRONG_CUES) + r")"
    r"|(?P<weak>" + _reversed_alternation(WEAK_CUES) + r"))(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
_PARTICLES = frozenset({"de", "del", "la", "los", "las", "y", "i"})


def _name_at(text: str, start: int, weak: bool, keep: Collection[str]) -> PiiMatch | None:
    m = _NAME_AT.match(text, start)
    if m is None:
        return None
    kept: list[tuple[int, int, str]] = []
    for w in _WORD.finditer(m.group()):
        word = w.group()
        bare = word.rstrip(".")
        if bare in NOT_NAMES or bare in keep:
            break
        kept.append((start + w.start(), start + w.end(), word))
    while kept and (kept[-1][2] in _PARTICLES or kept[-1][2].endswith(".")):
        kept.pop()  # a name does not end with "de" or an initial
    if not kept or (weak and kept[0][2] not in FIRST_NAMES):
        return None
    return PiiMatch("NOMBRE", kept[0][0], kept[-1][1])


def _find_names(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    done = 0
    for cap in _CAPITAL.finditer(text):
        start = cap.start()
        if start < done:
            continue
        window = text[max(0, start - _CUE_WINDOW) : start][::-1]
        cue = _CUE_BEFORE.match(window)
        if cue is None:
            continue
        left = start - cue.end() - 1
        if cue.end() == len(window) and left >= 0 and text[left].isalnum():
            continue  # the window cut a longer word ("...xsoy")
        weak = cue.group("weak") is not None and cue.group("title") is None
        found = _name_at(text, start, weak, keep)
        if found is not None:
            done = found.end
            yield found


# ---------------------------------------------------------------- public API


def _detect(text: str, keep: Collection[str]) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    if "@" in text:
        found.extend(PiiMatch("EMAIL", m.start(), m.end()) for m in _EMAIL.finditer(text))
    if _LONG_NUMBER.search(text):
        found.extend(_find_iban(text))
        found.extend(_find_card(text))
        found.extend(_find_curp(text))
        found.extend(_find_rfc(text))
        found.extend(_find_nie(text))
        found.extend(_find_dni(text))
        found.extend(_find_phone(text))
    found.extend(_find_names(text, keep))
    if len(found) < 2:
        return found
    # Keep the strongest detection where two overlap, then the longest.
    found.sort(key=lambda p: (_PRECEDENCE[p.kind], p.start - p.end))
    # Chosen spans are disjoint, kept sorted by start: a candidate only needs
    # checking against its two neighbours (a long text can hold 100k matches).
    chosen: list[PiiMatch] = []
    starts: list[int] = []
    for cand in found:
        at = bisect.bisect_right(starts, cand.start)
        if at > 0 and chosen[at - 1].end > cand.start:
            continue
        if at < len(chosen) and chosen[at].start < cand.end:
            continue
        chosen.insert(at, cand)
        starts.insert(at, cand.start)
    return chosen


def _replace(text: str, matches: list[PiiMatch]) -> str:
    parts: list[str] = []
    cursor = 0
    for match in matches:
        parts.append(text[cursor : match.start])
        parts.append(f"[{match.kind}]")
        cursor = match.end
    parts.append(text[cursor:])
    return "".join(parts)


def find_pii(text: str, *, keep_names: Collection[str] = ()) -> list[PiiMatch]:
    """Find personal data in a text.

    Args:
        text: Text to scan.
        keep_names: Capitalised words that are never names here (brands,
            product names), in addition to the built-in list.

    Returns:
        Non-overlapping matches sorted by start offset.
    """
    if not text:
        return []
    return _detect(text, keep_names)


def redact_pii(text: str, *, keep_names: Collection[str] = ()) -> str:
    """Replace personal data by placeholders such as ``[EMAIL]`` or ``[TELEFONO]``.

    Detected kinds: e-mail addresses; phone numbers of Spain, Mexico,
    Colombia, Argentina, Chile and Peru (national or with +CC), and other
    numbers written with a "+" country code; DNI and NIE with a valid letter;
    Mexican RFC and CURP; IBAN with a valid mod-97 check; payment cards with a
    valid Luhn digit; person names after self-introductions ("me llamo"),
    signatures ("Un saludo, Lucía Gómez"), titles ("Sra. Ruiz"), staff words
    ("el agente Carlos") and greetings followed by a known first name.

    Args:
        text: Text to redact.
        keep_names: Capitalised words that are never names here (brands,
            product names), in addition to the built-in list.

    Returns:
        The redacted text. Redacting it again changes nothing. (Where one
        replacement exposes another piece of data, :func:`redact_pii` finds
        it in a further pass, which :func:`find_pii` does not make.)
    """
    if not text:
        return text
    for _ in range(_MAX_PASSES):
        matches = _detect(text, keep_names)
        if not matches:
            break
        text = _replace(text, matches)
    return text
