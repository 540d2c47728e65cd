"""National identity numbers of Spain, Mexico, Argentina, Colombia, Chile and Peru.

Where a format carries a check, it is verified, and the number is then found
wherever it stands: the DNI/NIE letter (mod 23), the date inside an RFC or
CURP, the RUT's check digit (mod 11), the CUIT/CUIL's last digit (mod 11).
Numbers without a check (Argentina's and Peru's DNI, Colombia's cédula, a
Spanish DNI written without its letter) look like any other number, so they
are taken only after a word that names them ("DNI", "D.N.I.", "documento",
"cédula", "C.C.", "RUT", "CUIT", ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxnlp.text._pii_common import REFERENCE_WORD, SPACE, PiiMatch

__all__ = ["find_ids"]

# ------------------------------------------------------------------ DNI / NIE

_ID_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# "12345678Z", "12.345.678-Z", "12345678-z", "12345678 Z"; a letter after a blank
# must be a capital, or "pedí 12345678 y" would be a DNI one time in 23.
_DNI = re.compile(
    rf"(?<![\w.,/-])(\d{{1,2}}\.?\d{{3}}\.?\d{{3}})"
    rf"(?:([A-Za-z])|-([A-Za-z])|(?:{SPACE}-?{SPACE}?)([A-Z]))(?!\w)"
)
# Blanks inside a NIE only with capitals, as with the DNI ("y 1234567 a" is prose).
_NIE = re.compile(
    r"(?<![\w.-])(?:([XYZ])[ -]?(\d{7})[ -]?([A-Z])|([XYZxyz])-?(\d{7})-?([A-Za-z]))(?!\w)"
)


def _id_letter_ok(number: int, letter: str) -> bool:
    return _ID_LETTERS[number % 23] == letter.upper()


def _find_dni(text: str) -> Iterator[PiiMatch]:
    for m in _DNI.finditer(text):
        digits = m.group(1).replace(".", "")
        letter = m.group(2) or m.group(3) or m.group(4)
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


# ------------------------------------------------------------- RUT and CUIT

_DASHES = "-\u2010\u2011\u2012\u2013"
_DASH = r"\-\u2010\u2011\u2012\u2013"  # the same, for a character class
# Chile's RUT/RUN: "12.345.678-5", "7.654.321-K", "12345678-5"; the check digit
# after a dash (without one, a RUT is taken only after its keyword, below).
_RUT = re.compile(
    rf"(?<![\w.,/#{_DASH}])(\d{{1,2}}\.\d{{3}}\.\d{{3}}|\d{{7,8}})[{_DASH}]([\dkK])(?![\w{_DASH}]|[.,]\d)"
)
# Argentina's CUIT/CUIL: "20-12345678-3" (type, DNI, check digit).
_CUIT = re.compile(
    rf"(?<![\w.,/#{_DASH}])(20|23|24|27|30|33|34)[{_DASH} .]?(\d{{2}}\.?\d{{3}}\.?\d{{3}})"
    rf"[{_DASH} .]?(\d)(?![\w{_DASH}]|[.,]\d)"
)
_CUIT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def rut_check_digit(body: str) -> str:
    """The mod-11 check digit of a Chilean RUT body ("12345678" -> "5")."""
    total, factor = 0, 2
    for ch in reversed(body):
        total += int(ch) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return "0" if rest == 11 else "K" if rest == 10 else str(rest)


def cuit_check_digit(first_ten: str) -> str | None:
    """The mod-11 check digit of an Argentine CUIT/CUIL, or None where none is valid."""
    rest = 11 - sum(int(d) * w for d, w in zip(first_ten, _CUIT_WEIGHTS, strict=True)) % 11
    return "0" if rest == 11 else None if rest == 10 else str(rest)


def _find_rut(text: str) -> Iterator[PiiMatch]:
    for m in _RUT.finditer(text):
        body = m.group(1).replace(".", "")
        if rut_check_digit(body) != m.group(2).upper():
            continue
        # "pedido 4500123-2": undotted, after a reference word, is an order code
        # that happens to pass the check (one time in eleven).
        if "." not in m.group(1) and REFERENCE_WORD.search(text, max(0, m.start() - 40), m.start()):
            continue
        yield PiiMatch("RUT", m.start(), m.end())


def _find_cuit(text: str) -> Iterator[PiiMatch]:
    for m in _CUIT.finditer(text):
        ten = m.group(1) + m.group(2).replace(".", "")
        separated = m.group(0)[2] in _DASHES + " ."
        if separated and cuit_check_digit(ten) == m.group(3):
            yield PiiMatch("CUIT", m.start(), m.end())


# ----------------------------------------------------- numbers after a keyword

# The keyword, then what may stand between it and the number ("DNI nº:",
# "cédula de ciudadanía número", "mi RUT es el").
_KEYWORD = re.compile(
    r"(?<![^\W\d_])(?:"
    r"(?P<dni>d\.?n\.?i\.?|n\.?i\.?f\.?|documento(?:\s+(?:nacional\s+)?de\s+identidad)?|doc\.?"
    r"|identificaci[oó]n|carn[eé]t?(?:\s+de\s+identidad)?)"
    r"|(?P<cedula>c[eé]dula(?:\s+de\s+(?:ciudadan[ií]a|extranjer[ií]a|identidad))?|c\.\s?[ci]\.|cc)"
    r"|(?P<rut>r\.?u\.?[tn]\.?)"
    r"|(?P<cuit>cuit|cuil|c\.u\.i\.[tl]\.)"
    r")"
    r"(?:\s*(?:n[º°o]\.?|nro\.?|n[uú]m(?:ero|\.)?|#))?[\s:.]*(?:es\s+)?(?:el\s+)?",
    re.IGNORECASE,
)
_KEYWORD_CI = re.compile(r"(?<![^\W\d_])CI\b(?:\s*(?:n[º°o]\.?|#))?[\s:.]*")
_NUMBER = re.compile(
    rf"(\d{{1,3}}(?:[. \u00a0\u202f]\d{{3}}){{1,3}}|\d{{6,11}})"
    rf"(?:{SPACE}?[{_DASH}]{SPACE}?([\dkK])|{SPACE}?-?{SPACE}?([A-Za-z]))?(?![\w]|[.,]\d)"
)
_BLANK_CHECK = re.compile(rf"{SPACE}([\dkK])(?!\w)")
_KINDS = {"dni": "DNI", "cedula": "CEDULA", "rut": "RUT", "cuit": "CUIT"}


def _find_after_keyword(text: str) -> Iterator[PiiMatch]:
    hits = [(m, _KINDS[str(m.lastgroup)]) for m in _KEYWORD.finditer(text)]
    hits += [(m, "CEDULA") for m in _KEYWORD_CI.finditer(text)]
    for key, kind in hits:
        number = _NUMBER.match(text, key.end())
        if number is None:
            continue
        digits = re.sub(r"\D", "", number.group(1))
        if not 6 <= len(digits) <= 11:
            continue
        end = number.end()
        letter = number.group(3)
        if letter is not None and not (
            len(digits) in (7, 8) and _id_letter_ok(int(digits), letter)
        ):
            end = number.end(1)  # "DNI 12345678 y": the word is not the DNI's letter
        if kind == "RUT" and number.group(2) is None:
            # "RUT 12.345.678 K": the check digit after a blank, where it is the right one
            check = _BLANK_CHECK.match(text, number.end(1))
            if check is not None and check.group(1).upper() == rut_check_digit(digits):
                end = check.end()
        yield PiiMatch(kind, number.start(), end)


# ---------------------------------------------------------------------- all


def find_ids(text: str) -> Iterator[PiiMatch]:
    """Yield every identity number of ``text`` (digits in ASCII)."""
    yield from _find_curp(text)
    yield from _find_rfc(text)
    yield from _find_nie(text)
    yield from _find_dni(text)
    yield from _find_cuit(text)
    yield from _find_rut(text)
    yield from _find_after_keyword(text)
