"""Find the intent cues in one text, honouring negation scope."""

from __future__ import annotations

import re

from cxnlp.intents.fold import clause_start, fold
from cxnlp.intents.patterns import (
    AS_NEGATION,
    CUES,
    DENIAL_ONLY,
    GAP_WORDS,
    NEGATION_WINDOW,
    NEGATORS,
    NOT_A_NEGATION,
)
from cxnlp.intents.rules_churn_not import churn_denials, denies

_WORD = re.compile(r"[a-z0-9_]+")


def _blank(match: re.Match[str]) -> str:
    return "_" * len(match.group(0))


def is_negated(folded: str, start: int) -> bool:
    """Whether a negation governs the cue that begins at ``start``.

    Walks back over the words of the cue's clause: a negator found before any
    word outside :data:`GAP_WORDS` (and within :data:`NEGATION_WINDOW` words)
    negates the cue.
    """
    before = folded[clause_start(folded, start) : start]
    words = _WORD.findall(before)
    for word in reversed(words[-NEGATION_WINDOW:]):
        if word in NEGATORS:
            return True
        if word not in GAP_WORDS:
            return False
    return False


def _add(words: list[str], snippet: str) -> None:
    """Keep the longest of overlapping snippets ("de un agente a otro" in "me pasaron de ...")."""
    if any(snippet in w for w in words):
        return
    words[:] = [w for w in words if w not in snippet]
    words.append(snippet)


def find_cues(text: str) -> dict[str, list[str]]:
    """The cue words found in ``text``, per intent (intents without cues are absent).

    Args:
        text: One comment, raw or normalised (it is folded here).

    Returns:
        Intent name -> the matched cue strings (folded), in order of appearance.
    """
    return find_cues_and_negations(text)[0]


def find_cues_and_negations(text: str) -> tuple[dict[str, list[str]], set[str]]:
    """:func:`find_cues` plus the intents whose cue was found *negated* ("no pienso cancelar").

    An intent in the second set had a cue the writer denied; the intent head
    does not add that intent back from the vectors (a sentence embedding reads
    "no pienso cancelar" close to "cancelo").
    """
    folded = fold(text)
    if not folded:
        return {}, set()
    scan = NOT_A_NEGATION.sub(_blank, folded)
    scan = AS_NEGATION.sub(lambda m: "no".ljust(len(m.group(0))), scan)
    found: dict[str, list[str]] = {}
    negated: set[str] = set()
    # Churn verbs on another object ("dar de baja el celular") or a writer who stays.
    spans, stay_end = churn_denials(folded)
    if spans or stay_end >= 0:
        negated.add("churn")
    for cue in CUES:
        for match in cue.pattern.finditer(folded):
            if cue.intent == "churn" and denies(spans, stay_end, *match.span()):
                continue
            if cue.negatable and is_negated(scan, match.start()):
                negated.add(cue.intent)
                continue
            _add(found.setdefault(cue.intent, []), match.group(0).strip())
            break
    for cue in DENIAL_ONLY:
        if cue.intent in found or cue.intent in negated:
            continue
        if any(is_negated(scan, m.start()) for m in cue.pattern.finditer(folded)):
            negated.add(cue.intent)
    return found, negated - set(found)
