"""Find and replace personal data in Spanish customer feedback.

Each kind of personal data has a detector: a precompiled regular expression,
then a check in Python where the format has one (the DNI/NIE letter, the
RUT and CUIT check digits, the IBAN mod-97, the Luhn digit of a card, the
date inside an RFC or CURP). The detectors live by concern in
:mod:`cxnlp.text.pii_ids`, :mod:`cxnlp.text.pii_phones`,
:mod:`cxnlp.text.pii_web` and :mod:`cxnlp.text.pii_names`; IBANs and cards
are here. Detectors are tuned to leave alone the numbers analysts need:
amounts ("45,90 €"), dates, years, percentages, and order or ticket numbers
that cannot be a phone ("pedido 4500123", "PED-2026-00017"; see
:mod:`cxnlp.text.pii_phones` for the rule).

Detection reads a copy of the text where full-width characters and non-ASCII
digits are ASCII ("６１２３４５６７８" is a phone); the copy has the same length,
so the spans found there are replaced in the original.

Replacement puts a placeholder where the data was (``[EMAIL]``,
``[TELEFONO]``, ``[DNI]``, ``[NIE]``, ``[RFC]``, ``[CURP]``, ``[CUIT]``,
``[RUT]``, ``[CEDULA]``, ``[IBAN]``, ``[TARJETA]``, ``[NOMBRE]``, and
``[PARAMETROS]`` for a link's query string) and keeps everything else, so
the text still reads naturally for people and models.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator

from cxnlp.text._pii_common import DIGIT_RUN, PiiMatch, ascii_view
from cxnlp.text.pii_ids import find_ids
from cxnlp.text.pii_names import find_names
from cxnlp.text.pii_phones import find_phones
from cxnlp.text.pii_web import find_emails, find_link_data

__all__ = ["PII_KINDS", "PiiMatch", "find_pii", "redact_pii", "redact_quoting"]

# In order of precedence when two detections overlap: a link's query string
# first (it holds the e-mails and phones inside it), names last. A RUT comes
# before a DNI: "34.346.634-K" passes both checks, and its dotted form with a
# dash and a "K" is Chile's.
PII_KINDS = (
    "PARAMETROS", "EMAIL", "IBAN", "TARJETA", "CURP", "RFC", "NIE", "RUT", "DNI", "CUIT",
    "CEDULA", "TELEFONO", "NOMBRE",
)  # fmt: skip
_PRECEDENCE = {kind: rank for rank, kind in enumerate(PII_KINDS)}

# Redaction repeats until a pass finds nothing: a replacement can free a
# neighbour ("x@y.com612345678" shows its phone once the e-mail is gone; the
# rest of a digit run cut short to fit a phone may hold another). Placeholders
# never match, so every pass shrinks what is left to scan and this ends.
_MAX_PASSES = 8

# Every numeric kind needs six digits or more, possibly with single separators
# between them; texts with only prices, dates and years skip those detectors.
_LONG_NUMBER = re.compile(r"\d(?:[ .\-\u00a0\u202f]?\d){5}")
# Spelled-out or blank-padded e-mails ("ana (at) correo.es", "ana arroba gmail punto com").
_MAYBE_EMAIL = re.compile(r"@|\bat\b|arroba", re.IGNORECASE)

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
        groups = list(DIGIT_RUN.finditer(m.group(0)))
        # "4111 1111 1111 1111 2 veces": the last group may not belong to the card.
        for keep in (len(groups), len(groups) - 1):
            if keep < 1:
                break
            digits = "".join(g.group() for g in groups[:keep])
            if 13 <= len(digits) <= 19 and len(set(digits)) > 1 and _luhn_ok(digits):
                yield PiiMatch("TARJETA", m.start(), m.start() + groups[keep - 1].end())
                break


# ---------------------------------------------------------------- public API


def _detect(text: str, keep: Collection[str]) -> list[PiiMatch]:
    view = ascii_view(text)
    found: list[PiiMatch] = []
    if _MAYBE_EMAIL.search(view):
        found.extend(find_emails(view))
    found.extend(find_link_data(view))
    if _LONG_NUMBER.search(view):
        found.extend(_find_iban(view))
        found.extend(_find_card(view))
        found.extend(find_ids(view))
        found.extend(find_phones(view))
    found.extend(find_names(view, keep))
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

    Detected kinds: e-mail addresses, plain or disguised ("ana (at) correo.es",
    "ana arroba gmail punto com"); phone numbers of Spain, Mexico, Colombia,
    Argentina, Chile and Peru (national or with +CC, whatever word precedes a
    phone-shaped number), and other numbers written with a "+" country code;
    DNI and NIE with a valid letter; Mexican RFC and CURP; Chilean RUT and
    Argentine CUIT/CUIL with a valid check digit; Argentine and Peruvian DNI
    and Colombian cédula after the word that names them; IBAN with a valid
    mod-97 check; payment cards with a valid Luhn digit; the query string of
    a link that carries personal data; person names after self-introductions
    ("me llamo", also in lower case), in signatures ("Un saludo, Lucía Gómez",
    "— Laura Gómez", a last line holding only a name), after titles ("Sra.
    Ruiz"), staff words ("el agente Carlos") and greetings followed by a known
    first name.

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


def redact_quoting(message: str, value: object, *, keep_names: Collection[str] = ()) -> str:
    """Redact a message that may quote ``value`` whole or cut short, as error reasons do.

    A reason such as ``nps='Llamadme al 612 345...' not a number`` quotes the
    start of a value; cut there, a phone or an e-mail may no longer look like
    one. Where ``value`` holds personal data, the longest start of it that the
    message quotes (as written, or escaped as ``repr`` writes it) is replaced
    by the same length of the redacted value, never ending inside a
    placeholder; then the whole message is redacted.

    Args:
        message: Text that may quote the value.
        value: The value it is about (any type; ``None`` for none).
        keep_names: As for :func:`redact_pii`.

    Returns:
        The redacted message.
    """
    if value is not None and message:
        raw = str(value)
        redacted = redact_pii(raw, keep_names=keep_names)
        if redacted != raw:
            for form in (raw, repr(raw)[1:-1]):
                size = _longest_quoted_prefix(message, form)
                if size >= 4:
                    at = message.find(form[:size])
                    message = message[:at] + _cut_redacted(redacted, size) + message[at + size :]
                    break
    return redact_pii(message, keep_names=keep_names)


def _longest_quoted_prefix(message: str, value: str) -> int:
    # If a start of the value is in the message, so is every shorter one: bisect.
    low, high = 0, len(value)
    while low < high:
        mid = (low + high + 1) // 2
        if value[:mid] in message:
            low = mid
        else:
            high = mid - 1
    return low


def _cut_redacted(redacted: str, size: int) -> str:
    cut = redacted[:size]
    opened = cut.rfind("[")
    if opened > cut.rfind("]") and redacted[opened:].split("]", 1)[0][1:] in PII_KINDS:
        cut = cut[:opened]  # not "[TELEF"
    return cut
