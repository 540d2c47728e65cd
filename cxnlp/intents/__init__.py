"""Intent and effort cues read from comment text (issue 21).

Four flags per comment: ``churn`` (cancel, switch provider, portability),
``escalation`` (consumer agency, lawyer, press or social-media threat),
``effort`` (repeated contact, transfers, nobody solving) and ``urgent``
(fraud, theft, safety). They come from explicit Spanish patterns with regional
variants, accent folding and negation scope; see ``docs/intents.md`` for the
measured precision and recall.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxnlp.intents.head import IntentHead
from cxnlp.intents.match import find_cues, find_cues_and_negations
from cxnlp.intents.patterns import RULES_VERSION

INTENTS: tuple[str, ...] = ("churn", "escalation", "effort", "urgent")

__all__ = ["INTENTS", "RULES_VERSION", "find_cues", "flag_intents", "negated_intents"]


def _cue_text(found: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{intent}: {', '.join(found[intent])}" for intent in INTENTS if intent in found
    )


def flag_intents(
    texts: Sequence[str], vectors: np.ndarray | None = None, head: IntentHead | None = None
) -> pd.DataFrame:
    """Flag churn, escalation, effort and urgency cues in each text.

    Args:
        texts: Comments (raw or normalised; ``None`` or non-strings read as empty).
            A pandas Series keeps its index in the result.
        vectors: The texts' sentence embeddings, one row per text, for ``head``.
        head: An intent head (:mod:`cxnlp.intents.head`) trained on the embedder
            of ``vectors``; for its intents it adds flags to the rules' (cue
            "(modelo)") and, with a veto, drops rule hits it reads as another
            sense (:meth:`~cxnlp.intents.head.IntentHead.combine`). Without
            both, the rules work alone.

    Returns:
        One row per text, index aligned with the input: a bool column per
        intent of :data:`INTENTS` and ``intent_cues``, the matched cue words
        ("churn: me doy de baja; effort: tercera vez que"), "" when none.
    """
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    both = [find_cues_and_negations(t if isinstance(t, str) else "") for t in texts]
    rows = [found for found, _ in both]
    if head is not None and vectors is not None and len(rows):
        rule_hits = np.array([[i in found for i in head.intents] for found in rows], dtype=bool)
        negated = np.array([[i in neg for i in head.intents] for _, neg in both], dtype=bool)
        final = head.combine(rule_hits, head.predict_proba(vectors), negated)
        for found, hits, flags in zip(rows, rule_hits, final, strict=True):
            for intent, hit, flag in zip(head.intents, hits, flags, strict=True):
                if flag and not hit:
                    found[intent] = ["(modelo)"]
                elif hit and not flag:
                    del found[intent]  # vetoed: the head reads another sense
    frame = pd.DataFrame(
        {intent: [intent in found for found in rows] for intent in INTENTS}, index=index
    )
    frame["intent_cues"] = [_cue_text(found) for found in rows]
    return frame.astype({intent: bool for intent in INTENTS})


def negated_intents(texts: Sequence[str]) -> pd.DataFrame:
    """One bool column per intent: the text holds that intent's cue, negated, and no other.

    Index aligned with the input like :func:`flag_intents`.
    """
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    negs = [find_cues_and_negations(t if isinstance(t, str) else "")[1] for t in texts]
    return pd.DataFrame({i: [i in n for n in negs] for i in INTENTS}, index=index, dtype=bool)
