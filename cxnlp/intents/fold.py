"""Text folding and clause splitting shared by the intent patterns.

Patterns are written once against folded text: lower case, no accents (so
"cancelaré", "cancelare" and "CANCELARÉ" read alike), letters repeated three
or more times cut to one ("nooo" -> "no"), and whitespace collapsed. Folding
keeps every character's position meaningful only within the folded string;
cue words reported to users come from that string.
"""

from __future__ import annotations

import re
import unicodedata

_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['\u2019`]")
# Chat shorthand read as the words it stands for ("q" -> "que", "xq" -> "porque").
_SHORTHAND = {
    "q": "que",
    "k": "que",
    "pa": "para",
    "xq": "porque",
    "pq": "porque",
    "porq": "porque",
    "tb": "tambien",
    "tmb": "tambien",
    "d": "de",
    "toy": "estoy",
    "nd": "nada",
}
_SHORT = re.compile(r"\b(?:" + "|".join(_SHORTHAND) + r")\b")
# Clause boundaries: sentence punctuation and the connectives that end a
# negation's reach ("no funciona y me doy de baja" is churn) ("no quiero irme, pero si siguen así me doy de baja").
_CLAUSE_BREAK = re.compile(
    r"[.;:!?¡¿\n()]+|,|\b(?:y|e|pero|aunque|sino|asi que|por eso|entonces|porque|ademas)\b"
)


def fold(text: str) -> str:
    """Lower-case, strip accents (ñ -> n), cut letter runs and collapse spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    plain = _APOSTROPHES.sub("", plain)  # "pa'" -> "pa" -> "para"
    plain = _REPEATS.sub(r"\1", plain)
    plain = _SHORT.sub(lambda m: _SHORTHAND[m.group(0)], plain)
    return _SPACES.sub(" ", plain).strip()


def clause_start(folded: str, pos: int) -> int:
    """Index where the clause holding ``pos`` begins (0 when none ends before it)."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(folded, 0, pos):
        start = match.end()
    return start
