"""Decode the bytes of an export whose encoding nobody wrote down.

Survey and ticket exports arrive as UTF-8 (with or without a BOM), UTF-16 (what
Excel calls "Unicode text"), or a Windows code page (Excel's "CSV" on a Spanish
Windows is cp1252, the old "CSV (MS-DOS)" is cp850). Detection is ordered from
the most to the least certain evidence: a BOM, strict UTF-8, UTF-16 without a
BOM, the Windows code pages judged by how Spanish the result looks, and only
then charset-normalizer, whose statistical guesses are wrong too often on
short Spanish text to go first.

One bad byte must not turn a UTF-8 file into cp1252 (every accent garbled): a
reader that can set rows aside asks for ``escape_invalid=True`` and gets the
file as UTF-8 with each undecodable byte kept as a lone surrogate (Python's
``surrogateescape``), to find with :func:`has_invalid_bytes` and show with
:func:`show_invalid_bytes`.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from cxnlp.errors import SourceError

__all__ = ["decode_bytes", "has_invalid_bytes", "show_invalid_bytes"]

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Non-ASCII characters a Spanish (or Catalan, Galician, Portuguese) text uses,
# including the typographic marks Word and Excel put in cp1252 files.
_EXPECTED = frozenset("áéíóúüñçàèìòùâêôãõïÁÉÍÓÚÜÑÇÀÈÒÍÏ¿¡ºª€«»°“”‘’–—…•")

# Share of control characters above which bytes are taken for a binary file.
_MAX_CONTROL_SHARE = 0.01

# An undecodable byte under "surrogateescape": U+DC80..U+DCFF, never valid text.
_ESCAPED = re.compile("[\udc80-\udcff]+")


def has_invalid_bytes(text: str) -> bool:
    """Return True if ``text`` holds bytes that were not valid UTF-8 (escaped surrogates)."""
    return _ESCAPED.search(text) is not None


def show_invalid_bytes(text: str) -> str:
    """Return ``text`` with each escaped invalid byte written as ``\\xNN`` (safe to store)."""
    return _ESCAPED.sub(lambda m: "".join(f"\\x{ord(c) - 0xDC00:02x}" for c in m.group()), text)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return bad / len(text)


def _oddness(text: str) -> int:
    """Count signs of a wrong single-byte code page (lower is more plausible).

    Text decoded with the wrong code page shows symbols, spaces and
    punctuation inside words ("canci¢n", "canci≤n") or capitals in the middle
    of lower-case words ("QuÚ"); the right one shows plain accented letters.
    """
    score = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i < last else " "
        if ch in _EXPECTED:
            if ch in "¿¡" and prev.isalpha():
                score += 1
            elif ch.isupper() and prev.islower():
                score += 1
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "SC":
            score += 2
        elif cat[0] in "PZ" and prev.isalpha() and nxt.isalpha():
            score += 2
        elif cat[0] == "L":
            score += 1
    return score


def _looks_like_utf16(data: bytes) -> str | None:
    """Return the UTF-16 byte order if NULs sit on alternate bytes, as in ASCII-heavy UTF-16."""
    if len(data) < 4:
        return None
    sample = data[: min(4000, len(data) - len(data) % 2)]  # an odd length: a file cut short
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


def _try_cut(data: bytes, codec: str) -> str | None:
    """Decode, forgiving only a character cut at the very end (a truncated file)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason in ("truncated data", "unexpected end of data") and exc.end >= len(data):
            return _try(data[: exc.start], codec)
        return None


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return text, best.encoding


def _utf8(data: bytes) -> str | None:
    """Strict UTF-8, forgiving only a character cut at the very end of a sample."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8", errors="strict")
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few invalid bytes escaped, when valid multi-byte characters dominate.

    Spanish text in a code page almost never forms valid UTF-8 sequences ("canción"
    in cp1252 is ``canci\\xf3n``), so a file with more well-formed accented
    characters than invalid runs is UTF-8 with a few damaged rows.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = sum(1 for ch in text if ord(ch) >= 0x80) - sum(len(m) for m in _ESCAPED.findall(text))
    if bad == 0 or good <= bad:
        return None
    if _control_share(_ESCAPED.sub("", text)) > _MAX_CONTROL_SHARE:
        return None
    return text


def _code_page(data: bytes) -> tuple[str, str] | None:
    """Pick cp1252 or cp850 by plausibility; ask charset-normalizer only if both look odd."""
    candidates: list[tuple[int, int, str, str]] = []
    for rank, codec in enumerate(("cp1252", "cp850")):
        text = _try(data, codec)
        if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
            candidates.append((_oddness(text), rank, text, codec))
    best = min(candidates) if candidates else None
    if best is not None and best[0] == 0:
        return best[2], best[3]
    guess = _charset_normalizer(data)
    if guess is not None and (best is None or _oddness(guess[0]) < best[0]):
        return guess
    return (best[2], best[3]) if best is not None else None


def decode_bytes(data: bytes, *, source: str = "", escape_invalid: bool = False) -> tuple[str, str]:
    """Decode bytes of unknown encoding into text.

    Args:
        data: The raw bytes (a whole file or a sample of one).
        source: Where the bytes came from, for the error message.
        escape_invalid: read mostly-valid UTF-8 as UTF-8, keeping each invalid
            byte as a lone surrogate (see :func:`has_invalid_bytes`), instead of
            falling back to a code page. Only for callers that set such text aside.

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
            text = _try_cut(data[len(bom) :], codec)
            if text is not None:
                return text, name
            if escape_invalid and codec == "utf-8":
                escaped = _mostly_utf8(data[len(bom) :])
                if escaped is not None:
                    return escaped, name
            break
    utf8 = _utf8(data)
    if utf8 is not None and _control_share(utf8) <= _MAX_CONTROL_SHARE:
        return utf8, "utf-8"
    if utf8 is None and escape_invalid:
        escaped = _mostly_utf8(data)
        if escaped is not None:
            logger.debug("decoded %s as utf-8 with invalid bytes", source or "bytes")
            return escaped, "utf-8"
    found: tuple[str, str] | None = None
    order = _looks_like_utf16(data)
    if order is not None:
        text = _try_cut(data, order)
        if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
            found = text, order
    if found is None and utf8 is None:
        # Valid UTF-8 full of control characters is binary; only invalid UTF-8
        # can be a single-byte code page.
        found = _code_page(data)
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
