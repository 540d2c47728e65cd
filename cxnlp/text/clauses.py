"""Split a Spanish comment into clauses, so a comment that names two problems counts for both.

"El pedido llegó tarde y encima me cobraron dos veces" is two complaints. The
split is on sentence ends (``.``, ``!``, ``?``, ``;``, new lines) and on the
connectors customers use to add a second point ("y encima", "además", "por otro
lado", "pero", "aparte", "para colmo", "sin embargo"). A piece with fewer than
:data:`MIN_WORDS` words ("pero bueno", "gracias") is glued back to its
neighbour, so only clauses that can carry a complaint of their own are kept.
A comment with one clause is returned whole: nothing changes for it.
"""

from __future__ import annotations

import re

MIN_WORDS = 3
MAX_CLAUSES = 4

_SENTENCE = re.compile(r"(?<=[.!?;…])\s+|\n+")
_CONNECTOR = re.compile(
    r"\s*,?\s*\b(?:y\s+encima|y\s+adem[aá]s|adem[aá]s|por\s+otro\s+lado|aparte\s+de\s+eso|"
    r"aparte|y\s+para\s+colmo|para\s+colmo|encima|sin\s+embargo|pero)\b\s*,?\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def split_clauses(text: str | None, *, max_clauses: int = MAX_CLAUSES) -> list[str]:
    """The clauses of ``text`` in order; ``[text]`` for a one-clause comment, ``[]`` for none.

    Args:
        text: A comment (redacted text is what the pipeline passes).
        max_clauses: Clauses beyond this many are joined to the last one (a long
            ticket narrative is not split into a dozen pieces).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    pieces: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        pieces.extend(p for p in _CONNECTOR.split(sentence) if p and p.strip(" ,.;:"))
    clauses: list[str] = []
    for piece in (p.strip(" ,;:") for p in pieces):
        if clauses and _words(piece) < MIN_WORDS:
            clauses[-1] = f"{clauses[-1]} {piece}".strip()
        elif clauses and _words(clauses[-1]) < MIN_WORDS:
            clauses[-1] = f"{clauses[-1]} {piece}".strip()
        else:
            clauses.append(piece)
    if len(clauses) > max_clauses:
        clauses = [*clauses[: max_clauses - 1], " ".join(clauses[max_clauses - 1 :])]
    if len(clauses) <= 1:
        return [text.strip()]
    return clauses


def _words(text: str) -> int:
    return len(_WORD.findall(text))
