"""Person names: after cues, in signatures, and in introductions of any case.

A name is taken where the text says it is one, never from a word list alone:

- After a cue ("me llamo", "Atte.", "el agente", "Sra.") a run of capitalised
  words is a name. After a weak cue ("Hola", "Gracias,", "hablé con") only a
  known first name counts, because brands follow those as often ("Hola
  Iberia"), unless the cue ends its line and the name fills the next one
  ("Gracias,\\nCasimiro Urquiza": a signature).
- A signature: a dash ("—", "–", "-", "--") opening a line or following a
  sentence, then capitalised words that end the line ("— Laura Gómez").
  A dash between two capitalised words ("Sevilla - Puerto Real") is a route.
- The last line of a comment when it holds only a name: a known first name
  and what follows, or two to four capitalised words after a finished sentence.
  Lines of decoration below it ("🙏", ":)") do not count as the last line.
- Where a name must end its line, decoration may follow it there, but no word:
  "— Kiara Huaranga !!!", "Eustaquio Agirre 😤", "Ana Ruiz (cliente)", "u.u".
- An introduction in lower case or capitals ("mi nombre es ramiro
  etxeberria", "SOY LAURA GÓMEZ"): after "mi nombre es" any word that is not
  a common word; after "me llamo" and "les escribe" a known first name or two
  such words; after "soy" a known first name that is not also a common word
  ("soy clara con ustedes").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from cxnlp.text._names import (
    AMBIGUOUS_NAMES,
    COMMON_WORDS,
    FIRST_NAMES,
    NOT_NAMES,
    STRONG_CUES,
    TITLES,
    WEAK_CUES,
)
from cxnlp.text._pii_common import EMOJI, PiiMatch, fold

__all__ = ["find_names"]

_FIRST_FOLDED = frozenset(fold(n) for n in FIRST_NAMES)
_NOT_FOLDED = frozenset(fold(n) for n in NOT_NAMES) | COMMON_WORDS

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
_WORD = re.compile(r"\S+")
_PARTICLES = frozenset({"de", "del", "la", "los", "las", "y", "i"})
# What may follow a name that ends its line: decoration, not words. Any blank,
# punctuation, symbol or emoji ("!!!", "...", "😤", "‼️", ":)"), a lone letter
# inside an emoticon ("u.u", "T_T", ":c", "x("), "xD", "<3" and laughter, a short
# note in parentheses ("(cliente)") and hashtags. The loop is possessive and
# each turn eats a character at least, so a long run of decoration costs one
# pass.
_DECORATION = (
    r"\([^()\n]{1,40}\)"
    r"|(?<![^\W\d_])(?:[xX][dD]+|[jJ](?:[aeiAEI][jJ])+[aeiAEI]?)(?![^\W\d_])"
    r"|#[^\W\d_]\w*"
    r"|<3+"
    r"|(?<![^\W\d_])[^\W\d_](?![^\W\d_])"
    r"|[^\w\n]|_"
)
_LINE_END = re.compile(rf"(?:{_DECORATION})*+(?:\n|\Z)")
# A last line of decoration alone ("🙏", ":)") does not hide the signature above it.
_DECORATION_LINE = re.compile(rf"\n(?:{_DECORATION})++\Z")


def _reversed_alternation(phrases: tuple[str, ...]) -> str:
    # Longest first, so "muchas gracias" is preferred to "gracias".
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w[::-1]) for w in p.split(" ")[::-1]) for p in ordered)


# Cues are matched on the reversed text left of a capital, anchored at that
# capital: one anchored match per capital instead of an alternation of ~300
# phrases tried at every position of every text.
_CUE_BEFORE = re.compile(
    r"(?P<blank>\s+)(?:(?P<title>" + _reversed_alternation(TITLES) + r")\s+)?[,:;]?"
    r"(?:(?P<strong>" + _reversed_alternation(STRONG_CUES) + r")"
    r"|(?P<weak>" + _reversed_alternation(WEAK_CUES) + r"))(?!\w)",
    re.IGNORECASE,
)


def _known(word: str) -> bool:
    return word in FIRST_NAMES or fold(word) in _FIRST_FOLDED


def _name_words(text: str, start: int, keep: Collection[str]) -> list[tuple[int, int, str]]:
    """The capitalised words of a name starting at ``start``, up to a word that is no name."""
    m = _NAME_AT.match(text, start)
    if m is None:
        return []
    kept: list[tuple[int, int, str]] = []
    for w in _WORD.finditer(m.group()):
        word = w.group()
        bare = word.rstrip(".")
        if bare in NOT_NAMES or bare in keep:
            break
        kept.append((start + w.start(), start + w.end(), word))
    while kept and (kept[-1][2] in _PARTICLES or kept[-1][2].endswith(".")):
        kept.pop()  # a name does not end with "de" or an initial
    return kept


def _ends_line(text: str, end: int) -> bool:
    return _LINE_END.match(text, end) is not None


def _find_cued(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
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
        words = _name_words(text, start, keep)
        if not words:
            continue
        weak = cue.group("weak") is not None and cue.group("title") is None
        if weak and not _known(words[0][2]):
            # "Gracias,\nCasimiro Urquiza": a weak cue closing its line, then a
            # line that holds only the name, is a signature.
            signature = "\n" in cue.group("blank") and _ends_line(text, words[-1][1])
            if not (signature and len(words) >= 2):
                continue
        done = words[-1][1]
        yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


# ------------------------------------------------------------------ signatures

_DASH_MARK = re.compile(rf"(?:^|(?<=\s))(?:-{{1,2}}|[—–―~])[ \t]*(?=[{_UPPER}])", re.MULTILINE)
_LAST_WORD = re.compile(r"(\S+)[ \t]*\Z")


def _find_dash_signatures(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    if "-" not in text and "—" not in text and "–" not in text and "―" not in text:
        return
    for mark in _DASH_MARK.finditer(text):
        line_start = text.rfind("\n", max(0, mark.start() - 80), mark.start()) + 1
        before = _LAST_WORD.search(text, max(line_start, mark.start() - 40), mark.start())
        if before is not None:
            word = before.group(1)
            if word[0].isupper() and word.isalpha() and word not in NOT_NAMES:
                continue  # "Sevilla - Puerto Real"
        words = _name_words(text, mark.end(), keep)
        if not words or not _ends_line(text, words[-1][1]):
            continue
        if len(words) >= 2 or _known(words[0][2]):
            yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


_SENTENCE_END = re.compile(rf"[.!?…,;:)\]{EMOJI}][ \t]*\n[ \t\n]*\Z")
_MAX_DECORATION_LINES = 3


def _closing_body(text: str) -> str:
    """The text without trailing blanks and up to three trailing lines of decoration."""
    body = text.rstrip()
    for _ in range(_MAX_DECORATION_LINES):
        cut = body.rfind("\n")
        if cut < 0 or _DECORATION_LINE.match(body, cut) is None:
            break
        body = body[:cut].rstrip()
    return body


def _find_closing_line(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    body = _closing_body(text)
    cut = body.rfind("\n")
    if cut <= 0:
        return
    start = cut + 1
    while start < len(body) and body[start] in " \t":
        start += 1
    words = _name_words(body, start, keep)
    if not words or not _ends_line(body, words[-1][1]):
        return
    previous = body[:start].rstrip(" \t")
    finished = _SENTENCE_END.search(previous + "\n") is not None
    if _known(words[0][2]) or (2 <= len(words) <= 4 and finished):
        yield PiiMatch("NOMBRE", words[0][0], words[-1][1])


# --------------------------------------------------------------- introductions

_INTRO = re.compile(
    r"(?<![^\W\d_])(?:"
    r"(?P<open>mi[ \t]+nombre[ \t]+es|mi[ \t]+nombre[ \t]*:|nombre[ \t]*:)"
    r"|(?P<name>me[ \t]+llamo|(?:les?|te|os)[ \t]+(?:escribe|habla|saluda))"
    r"|(?P<soy>soy)"
    r")[ \t]*[,:]?[ \t]+",
    re.IGNORECASE,
)
_LOOSE_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'’][^\W\d_]{2,})?(?![\w@])")
_GAP = re.compile(r"[ \t]+")
_LOOSE_PARTICLE = re.compile(r"(?:de[ \t]+la|de[ \t]+los|de[ \t]+las|del|de|y)[ \t]+", re.I)


def _loose_words(text: str, pos: int) -> list[tuple[int, int]]:
    """Up to four words from ``pos`` that could be a name, in any case."""
    spans: list[tuple[int, int]] = []
    while len(spans) < 4:
        particle = _LOOSE_PARTICLE.match(text, pos) if len(spans) >= 2 else None
        word = _LOOSE_WORD.match(text, particle.end() if particle else pos)
        if word is None or fold(word.group()) in _NOT_FOLDED:
            break
        spans.append(word.span())
        gap = _GAP.match(text, word.end())
        if gap is None:
            break
        pos = gap.end()
    return spans


def _find_introductions(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    for intro in _INTRO.finditer(text):
        spans = _loose_words(text, intro.end())
        if not spans or text[spans[0][0] : spans[0][1]] in keep:
            continue
        first = text[spans[0][0] : spans[0][1]]
        known = fold(first) in _FIRST_FOLDED
        if intro.group("soy") is not None:
            ok = known and fold(first) not in AMBIGUOUS_NAMES
        elif intro.group("name") is not None:
            ok = known or len(spans) >= 2
        else:
            ok = True
        if ok:
            yield PiiMatch("NOMBRE", spans[0][0], spans[-1][1])


def find_names(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    """Yield the person names of ``text`` as ``NOMBRE`` matches (they may overlap)."""
    yield from _find_cued(text, keep)
    yield from _find_dash_signatures(text, keep)
    yield from _find_closing_line(text, keep)
    yield from _find_introductions(text, keep)
