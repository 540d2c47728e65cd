"""Text hygiene: a display version for people and a normalised version for models.

:func:`clean_display_text` only removes what nobody wants to see (control and
invisible characters, HTML left-overs, runs of blanks). :func:`normalize_text`
goes further for the models, removing surface variation that carries no
meaning for them (URLs, handles, hashtag casing, elongated words, laughter
spelled twenty ways) while keeping what does (emojis, accents, case,
punctuation, "!!").

Both are pure and idempotent: applying them twice gives the same text as
applying them once, so reprocessing stored text never drifts.
"""

from __future__ import annotations

import html
import re
import unicodedata

from cxnlp.errors import ConfigError

__all__ = [
    "DEFAULT_MAX_CHARS",
    "clean_display_text",
    "emoji_to_text",
    "normalize_text",
    "truncate_text",
]

DEFAULT_MAX_CHARS = 5_000

# Joiners and selectors that build emoji sequences; every other invisible format
# character (zero-width space, BOM, bidi marks, soft hyphen) is removed.
_KEEP_FORMAT = frozenset("\u200d\ufe0f\ufe0e")

_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|p|br|hr|div|span|strong|em|ul|ol|li|table|tbody|thead|tr|td|th|font|img"
    r"|h[1-6]|blockquote|pre|code|body|html|head|meta|style|center|small|big|sup|sub)"
    r"(?:\s[^<>]{0,300})?/?>",
    re.IGNORECASE,
)
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")

_RETWEET = re.compile(r"^(?:\s*RT\s+@\w+\s*:?\s*)+", re.IGNORECASE)
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\d{0,3}\.)[^\s<>\"'«»“”]+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?¡¿)]}'\"…"
_HANDLE = re.compile(r"(?<![\w@.])@(?!usuario\b)[A-Za-z0-9_]{1,30}\b")
_HASHTAG = re.compile(r"(?<![\w#&@])#([^\W\d_][\w]*)")
_CAMEL = re.compile(
    r"(?<=[a-záéíóúüñçàèìòù])(?=[A-ZÁÉÍÓÚÜÑÇÀÈÌÒÙ])"  # pésimoServicio
    r"|(?<=[A-ZÁÉÍÓÚÜÑÇ])(?=[A-ZÁÉÍÓÚÜÑÇ][a-záéíóúüñç])"  # ATTFail -> ATT Fail
    r"|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])"  # covid19 -> covid 19
)

# A letter three or more times in a row (case-insensitive): "pésimooo", "NOOOO".
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}", re.IGNORECASE)
# Doubled in ordinary Spanish words (llamar, carro, acción, leer, cooperar, innovar):
# inside a word these keep two letters, at the end of a word one.
_DOUBLE_OK = frozenset("lrcn")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_PUNCT_RUN = re.compile(r"([!?¡¿])\1{2,}")
_DOTS = re.compile(r"\.{4,}")

# Laughter: jaja, jajjaja, JAJAJA, jsjsjs, jeje, jiji, ajajaj, hahaha.
_LAUGH = re.compile(
    r"(?<!\w)a?(?:(?:j+|h+)a+|(?:j+|h+)e+|(?:j+|h+)i+|j+o+|j+s+){2,}(?:j+|h+)?(?!\w)",
    re.IGNORECASE,
)
_SPACED_LAUGH = re.compile(r"(?<!\w)(j[aei])(?:\s+\1){1,}(?!\w)", re.IGNORECASE)
# Cheap tests that rule out most texts before the patterns above are tried.
_MAYBE_RUN = re.compile(r"(.)\1\1")
_MAYBE_LAUGH = re.compile(r"[jJhH][aeiouAEIOUsS][jJhH]|[jJ][aeiAEI]\s+[jJ]")


def _char_class(chars: list[int]) -> str:
    """A regex character class for the given code points, as ranges."""
    parts: list[str] = []
    start = prev = chars[0]
    for code in [*chars[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = code
    return "[" + "".join(parts) + "]"


def _invisible_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    to_newline = [0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
    to_space: list[int] = []
    drop: list[int] = []
    for code in range(0x10000):
        if code in to_newline or chr(code) in "\n\t":
            continue
        cat = unicodedata.category(chr(code))
        if cat == "Cc":
            to_space.append(code)
        elif (cat == "Cf" and chr(code) not in _KEEP_FORMAT) or cat == "Cs":
            drop.append(code)
    # Format characters outside the BMP, except the tag characters that build
    # subdivision flags (U+E0020-E007F).
    drop += [0x110BD, 0x110CD, *range(0x13430, 0x13440), *range(0x1BCA0, 0x1BCA4)]
    drop += [*range(0x1D173, 0x1D17B), 0xE0001]
    return (
        re.compile(_char_class(to_newline)),
        re.compile(_char_class(to_space)),
        re.compile(_char_class(drop)),
    )


_TO_NEWLINE, _TO_SPACE, _INVISIBLE = _invisible_patterns()


def _strip_invisible(text: str) -> str:
    """Replace control characters by blanks and drop invisible format characters.

    Unassigned and private-use code points stay: emojis newer than this
    Python's Unicode tables are unassigned to it.
    """
    text = _TO_NEWLINE.sub("\n", text)
    text = _TO_SPACE.sub(" ", text)
    return _INVISIBLE.sub("", text)


def _unescape(text: str) -> str:
    # Exports double-escape ("&amp;amp;"); unescaping to a fixed point keeps the
    # function idempotent. Each pass shortens the text, so this terminates.
    while "&" in text:
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _hygiene(text: str) -> str:
    """Unescape entities, drop tags and invisible characters, to a fixed point.

    Each step can expose work for another ("<b\u200br>" becomes a tag once the
    zero-width space goes), so the steps repeat until nothing changes; every
    pass that changes anything shortens the text, so the loop ends.
    """
    text = text.replace("\r\n", "\n")
    if text.isascii() and text.isprintable() and "&" not in text and "<" not in text:
        return text  # nothing any step below would change
    while True:
        cleaned = unicodedata.normalize("NFC", text)
        cleaned = _unescape(cleaned)
        cleaned = _HTML_TAG.sub(" ", cleaned)
        cleaned = unicodedata.normalize("NFC", _strip_invisible(cleaned))
        if cleaned == text:
            return cleaned
        text = cleaned


def clean_display_text(text: str, *, keep_newlines: bool = True) -> str:
    """Return text fit to show to people: same words, no invisible junk.

    Removes control and invisible characters, decodes HTML entities, drops
    common HTML tags, collapses runs of blanks and trims. No placeholders are
    introduced and nothing else changes.

    Args:
        text: Any text.
        keep_newlines: Keep line breaks (at most one blank line in a row);
            if false every run of whitespace becomes one space.

    Returns:
        The cleaned text.
    """
    if not text:
        return ""
    text = _hygiene(text)
    if not keep_newlines:
        return _ANY_SPACE.sub(" ", text).strip()
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _SPACE_AROUND_NEWLINE.sub("\n", text)
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


def _url(match: re.Match[str]) -> str:
    url = match.group(0)
    stripped = url.rstrip(_URL_TRAILING)
    return "[URL]" + url[len(stripped) :]


def _hashtag(match: re.Match[str]) -> str:
    words = _CAMEL.sub(" ", match.group(1).replace("_", " "))
    # Lower-casing can join a mixed-case run ("oOoo" -> "oooo"): shorten it here.
    return _reduce_elongations(" ".join(words.split()).lower())


def _laugh(match: re.Match[str]) -> str:
    # One vowel throughout: "jajaja", "jejeje" are laughter, "hijo" is a word.
    vowels = {ch for ch in match.group(0).lower() if ch in "aeiou"}
    if len(vowels) > 1:
        return match.group(0)
    return "jaja"


def _elongation(match: re.Match[str]) -> str:
    run = match.group(0)
    letter = run[0]
    text = match.string
    end = match.end()
    at_word_end = end >= len(text) or not text[end].isalpha()
    if letter.lower() in _DOUBLE_OK and not at_word_end:
        return run[:2]
    return letter


def _reduce_elongations(text: str) -> str:
    # Case-sensitive pre-test: a run only in mixed case ("oOo") is left alone,
    # which keeps the function idempotent since nothing else would shorten it.
    if not any(m.group(1).isalpha() for m in _MAYBE_RUN.finditer(text)):
        return text
    words = text.split(" ")
    for i, word in enumerate(words):
        if _ROMAN.match(word.strip(".,;:!?()")):
            continue  # Felipe III, XXX
        words[i] = _ELONGATION.sub(_elongation, word)
    return " ".join(words)


def _check_max_chars(max_chars: int) -> None:
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise ConfigError(
            f"max_chars={max_chars!r} is not usable; expected a positive number of characters"
        )


def truncate_text(text: str, max_chars: int) -> str:
    """Cut text to at most ``max_chars`` characters, at a word boundary when one is near.

    Args:
        text: Text to cut.
        max_chars: Maximum length; must be positive.

    Returns:
        ``text`` unchanged if short enough, else its head ending at the last
        space before the limit (or exactly at the limit when the last word is
        longer than half of it).

    Raises:
        ConfigError: if ``max_chars`` is not positive.
    """
    _check_max_chars(max_chars)
    if len(text) <= max_chars:
        return text
    head = text[: max_chars + 1]
    cut = head.rfind(" ")
    if cut < max_chars // 2:
        return text[:max_chars].rstrip()
    return head[:cut].rstrip()


def emoji_to_text(text: str) -> str:
    """Spell emojis as Spanish words ("😡" -> "cara cabreada") for word-based models.

    Args:
        text: Text possibly containing emojis.

    Returns:
        The text with each emoji replaced by its Spanish CLDR name, padded by spaces.
    """
    import emoji

    # NUL marks where a name starts and ends, so a NUL of the input must go first.
    text = text.replace("\x00", " ")
    spelled = emoji.demojize(text, language="es", delimiters=(" \x00", "\x00 "))
    spelled = re.sub(r"\x00([^\x00]*)\x00", lambda m: m.group(1).replace("_", " "), spelled)
    return " ".join(spelled.split())


def normalize_text(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Normalise (already redacted) text for the models, keeping its meaning.

    Steps: the hygiene of :func:`clean_display_text`; a leading "RT @x:"
    removed; URLs become ``[URL]`` and @handles ``@usuario``; hashtags become
    their words ("#PésimoServicio" -> "pésimo servicio"); letters repeated three
    or more times are cut ("pésimooo" -> "pésimo", "carrrro" -> "carro"), "!!!!"
    becomes "!!" and "....." "..."; laughter becomes "jaja"; all whitespace
    becomes single spaces; the result is cut at ``max_chars`` on a word
    boundary. Case, accents, emojis and placeholders such as ``[EMAIL]`` stay.

    Args:
        text: Text to normalise.
        max_chars: Maximum length of the result.

    Returns:
        The normalised text ("" for empty input). ``normalize_text`` applied
        to its own output returns it unchanged.

    Raises:
        ConfigError: if ``max_chars`` is not positive.
    """
    _check_max_chars(max_chars)
    if not text:
        return ""
    out = _normalize_once(text, max_chars)
    # Shortening a word can complete an HTML entity ("&aaamp;" -> "&amp;"), which
    # the next call would decode; texts with "&" are rare, so repeat for them only.
    for _ in range(8):
        if "&" not in out:
            break
        again = _normalize_once(out, max_chars)
        if again == out:
            break
        out = again
    return out


def _normalize_once(text: str, max_chars: int) -> str:
    text = _hygiene(text)
    text = _ANY_SPACE.sub(" ", text).strip()
    # Order matters for idempotence: links first (so "www" is not shortened),
    # elongations before hashtags and "RT" (so "RTTT @x:" and "#RT @x:" are
    # caught in one pass), handles last ("@" + "#Hola" must not become one).
    if "://" in text or "ww" in text or "WW" in text:
        text = _URL.sub(_url, text)
    text = _reduce_elongations(text)
    if "#" in text:
        text = _HASHTAG.sub(_hashtag, text)
    if text[:2] in ("RT", "rt", "Rt", "rT"):
        text = _RETWEET.sub("", text)
    if "@" in text:
        text = _HANDLE.sub("@usuario", text)
    text = _PUNCT_RUN.sub(r"\1\1", text)
    if "...." in text:
        text = _DOTS.sub("...", text)
    if _MAYBE_LAUGH.search(text):
        text = _SPACED_LAUGH.sub("jaja", text)
        text = _LAUGH.sub(_laugh, text)
    text = _ANY_SPACE.sub(" ", text).strip()
    return truncate_text(text, max_chars)
