"""What the personal-data detectors share: the match type and a few patterns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data: its kind and its ``[start, end)`` span in the text."""

    kind: str
    start: int
    end: int


SPACE = r"[ \u00a0\u202f]"
# Emoji and pictographs (for a character class), with the joiner, variation
# selector and keycap that glue them into one symbol.
EMOJI = (
    "\U0001f000-\U0001faff\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf"
    "\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299\ufe0f\u200d\u20e3"
)
DIGIT_RUN = re.compile(r"\d+")
# Words that introduce a reference (order, ticket, claim), not a person's number.
REFERENCE_WORD = re.compile(
    r"(?<![^\W\d_])(?:pedido|orden|order|factura|albar[aá]n|referencia|ref|localizador|seguimiento"
    r"|tracking|env[ií]o|ticket|incidencia|incidente|caso|reserva|expediente|contrato"
    r"|reclamaci[oó]n|reclamo|solicitud|n[º°]|n[uú]m\.?|nro|folio|gu[ií]a|c[oó]digo|p[oó]liza)"
    r"\.?\s*(?:de\s+\w+\s*)?[:#]?\s*$",
    re.IGNORECASE,
)


def fold(word: str) -> str:
    """Lower case without accents (ñ kept): how word lists are compared."""
    word = word.casefold().replace("ñ", "\0")
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bare.replace("\0", "ñ")


def _ascii_table() -> dict[int, str]:
    # Full-width forms (U+FF01-FF5E) map one to one onto ASCII, and every other
    # decimal digit (Arabic-Indic, Devanagari, ...) onto 0-9: one code point for
    # one, so offsets found on the folded text hold for the original.
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "  # ideographic space
    for code in range(0x80, 0x20000):
        ch = chr(code)
        if code not in table and unicodedata.category(ch) == "Nd":
            table[code] = str(unicodedata.digit(ch))
    return table


ASCII_FOLD = _ascii_table()


def ascii_view(text: str) -> str:
    """The text with full-width characters and non-ASCII digits as ASCII, same length."""
    if text.isascii():
        return text
    return text.translate(ASCII_FOLD)
