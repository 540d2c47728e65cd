"""Person names that the writer introduces: "me llamo ...", "mi nombre es ...", "soy ...".

In any case ("mi nombre es ramiro etxeberria", "SOY LAURA GÓMEZ"): after "mi
nombre es" any word that is not a common word; after "me llamo" and "les
escribe" a known first name or two such words; after "soy" a known first name
that is not also a common word. One-letter typos of "me llamo", "mi nombre es"
and "les escribe" count like "me llamo". Used by :mod:`cxnlp.text.pii_names`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from cxnlp.text._names import AMBIGUOUS_NAMES, COMMON_WORDS, FIRST_NAMES, NOT_NAMES
from cxnlp.text._pii_common import PiiMatch, fold

__all__ = ["FIRST_FOLDED", "NOT_FOLDED", "find_introductions", "find_typo_introductions"]

# known first names and the words that are never names, folded (no accents, lower case)
FIRST_FOLDED = frozenset(fold(n) for n in FIRST_NAMES)
NOT_FOLDED = frozenset(fold(n) for n in NOT_NAMES) | COMMON_WORDS

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
        if word is None or fold(word.group()) in NOT_FOLDED:
            break
        spans.append(word.span())
        gap = _GAP.match(text, word.end())
        if gap is None:
            break
        pos = gap.end()
    return spans


# One-letter typos of the introductions ("m llamo", "me lalmo", "mi nonbre es",
# "les esscribe"): every spelling one edit away (a letter dropped, doubled,
# swapped or changed, a blank dropped) is in a set, and the words of a text
# are looked up one, two and three at a time, so the cost is linear. Spellings
# that are other words ("me llama", "te llamo", "les escribo") are left out.
_TYPO_CUES = ("me llamo", "mi nombre es", "les escribe")
_TYPO_LETTERS = "abcdefghijklmnopqrstuvwxyzñ"
_NOT_TYPOS = frozenset(
    """
    me llama|me llame|me llamas|me llaman|te llamo|se llamo|le llamo|lo llamo|la llamo|mi llamo
    me calmo|me llamó|ne llamo|mi nombre en|mi nombre el|mi nombre a|mi nombre y|mi nombre de
    su nombre es|mi hombre es|les escribo|les escribi|les escriba|les describe|los escribe
    las escribe|les escriben|le escribe|les escribí|se escribe|les inscribe
    """.replace("\n", "|").split("|")
)


def _one_edit(phrase: str) -> set[str]:
    out: set[str] = set()
    for i in range(len(phrase) + 1):
        out.update(phrase[:i] + c + phrase[i:] for c in _TYPO_LETTERS)
        if i < len(phrase):
            out.add(phrase[:i] + phrase[i + 1 :])
            out.update(phrase[:i] + c + phrase[i + 1 :] for c in _TYPO_LETTERS)
        if i + 1 < len(phrase):
            out.add(phrase[:i] + phrase[i + 1] + phrase[i] + phrase[i + 2 :])
    return out


_CUE_TYPOS = frozenset(
    v.strip()
    for cue in _TYPO_CUES
    for v in _one_edit(cue)
    if v.strip() != cue and v.strip() not in {n.strip() for n in _NOT_TYPOS}
)
_TYPO_WORD = re.compile(r"[^\W\d_]+")
_TYPO_AFTER = re.compile(r"[ \t]*[,:]?[ \t]+")


def find_typo_introductions(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    words = list(_TYPO_WORD.finditer(text))
    for i in range(len(words)):
        for size in (1, 2, 3):
            last = words[min(i + size, len(words)) - 1]
            if (
                i + size > len(words)
                or not text[words[i].start() : last.end()].count(" ") == size - 1
            ):
                break
            phrase = text[words[i].start() : last.end()].lower()
            if not 6 <= len(phrase) <= 13:
                continue
            if not phrase.isascii():
                phrase = fold(phrase)
            if phrase not in _CUE_TYPOS:
                continue
            if words[i].start() > 0 and text[words[i].start() - 1].isalnum():
                break
            after = _TYPO_AFTER.match(text, last.end())
            if after is None:
                break
            spans = _loose_words(text, after.end())
            if not spans or text[spans[0][0] : spans[0][1]] in keep:
                break
            if fold(text[spans[0][0] : spans[0][1]]) in FIRST_FOLDED or len(spans) >= 2:
                yield PiiMatch("NOMBRE", spans[0][0], spans[-1][1])
            break


def find_introductions(text: str, keep: Collection[str]) -> Iterator[PiiMatch]:
    for intro in _INTRO.finditer(text):
        spans = _loose_words(text, intro.end())
        if not spans or text[spans[0][0] : spans[0][1]] in keep:
            continue
        first = text[spans[0][0] : spans[0][1]]
        known = fold(first) in FIRST_FOLDED
        if intro.group("soy") is not None:
            ok = known and fold(first) not in AMBIGUOUS_NAMES
        elif intro.group("name") is not None:
            ok = known or len(spans) >= 2
        else:
            ok = True
        if ok:
            yield PiiMatch("NOMBRE", spans[0][0], spans[-1][1])
