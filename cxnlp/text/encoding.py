"""Decode the bytes of an export whose encoding nobody wrote down.

Survey and ticket exports arrive as UTF-8 (with or without a BOM), UTF-16 (what
Excel calls "Unicode text"), or a Windows code page (Excel's "CSV" on a Spanish
Windows is cp1252, the old "CSV (MS-DOS)" is cp850). Detection is ordered from
the most to the least certain evidence: a BOM, strict UTF-8, UTF-16 without a
BOM, the Windows code pages judged by how Spanish the result looks, and only
then charset-normalizer, whose statistical guesses are wrong too often on
short Spanish text to go first.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata

from cxnlp.errors import SourceError

__all__ = ["decode_bytes"]

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Letters and marks a Spanish (or Catalan, Galician, Portuguese) text uses.
_EXPECTED = frozenset("áéíóúüñçàèìòùâêôãõïÁÉÍÓÚÜÑÇÀÈÒÍÏ¿¡ºª€«»°·")

# Share of control characters above which bytes are taken for a binary file.
_MAX_CONTROL_SHARE = 0.01


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / len(text)


def _oddness(text: str) -> int:
    """Count signs of a wrong single-byte code page (lower is more plausible)."""
    score = 0
    prev = ""
    length = len(text)
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            prev = ch
            continue
        if ch in _EXPECTED:
            # An upper-case accented letter inside a lower-case word ("QuÚ") is
            # what cp1252 bytes look like when read as cp850.
            nxt = text[i + 1] if i + 1 < length else ""
            if ch.isupper() and prev.islower() and (nxt.islower() or not nxt.isalpha()):
                score += 1
        else:
            cat = unicodedata.category(ch)
            if cat[0] in "SC" or (cat[0] == "P" and prev.isalpha()):
                score += 2
            elif cat[0] == "L":
                score += 1
        prev = ch
    return score


def _looks_like_utf16(data: bytes) -> str | None:
    """Return the UTF-16 byte order if NULs sit on alternate bytes, as in ASCII-heavy UTF-16."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _code_page(data: bytes) -> tuple[str, str] | None:
    candidates: list[tuple[int, int, str, str]] = []
    for rank, codec in enumerate(("cp1252", "cp850")):
        text = _try(data, codec)
        if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
            candidates.append((_oddness(text), rank, text, codec))
    if not candidates:
        return None
    odd, _, text, codec = min(candidates)
    if odd and codec == "cp1252" and len(candidates) == 1:
        return None  # cp850 was not plausible either; let the statistical guess try
    return text, codec


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return text, best.encoding


def decode_bytes(data: bytes, *, source: str = "") -> tuple[str, str]:
    """Decode bytes of unknown encoding into text.

    Args:
        data: The raw bytes (a whole file or a sample of one).
        source: Where the bytes came from, for the error message.

    Returns:
        ``(text, encoding)``; a BOM is never part of ``text``. ``encoding`` is
        a Python codec name such as ``"utf-8"``, ``"utf-8-sig"``,
        ``"utf-16"``, ``"cp1252"`` or ``"cp850"``.

    Raises:
        SourceError: if no encoding gives plausible text (a binary file, for
            example an XLSX read as CSV).
    """
    if not data:
        return "", "utf-8"
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], codec)
            if text is not None:
                return text, name
            break
    text = _try(data, "utf-8")
    if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
        return text, "utf-8"
    order = _looks_like_utf16(data)
    if order is not None:
        text = _try(data, order)
        if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
            return text, order
    if text is None or _control_share(text) <= _MAX_CONTROL_SHARE:
        found = _code_page(data) or _charset_normalizer(data)
    else:
        found = None
    if found is None:
        where = f" from {source}" if source else ""
        head = data[:16].hex(" ")
        raise SourceError(
            f"could not decode {len(data)} bytes{where} (first bytes: {head}); "
            "accepted: UTF-8 (with or without BOM), UTF-16/32 with BOM, cp1252, cp850, "
            "or another text encoding charset-normalizer recognises; binary files such as "
            "XLSX must be read with their own connector"
        )
    logger.debug("decoded %s as %s", source or "bytes", found[1])
    return found
