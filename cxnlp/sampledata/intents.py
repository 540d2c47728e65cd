"""Intent sentences added to a few detractors' survey comments (issue 21).

A detractor sometimes says they are leaving ("me doy de baja"), will escalate
("lo llevo a la PROFECO") or had to insist ("es la tercera vez que llamo").
The sentence is appended to the comment already composed, drawn from a
stream of its own so every other draw of the day (scores, causes, PII) stays
as it was, and the row's truth is tagged with the intent.

The sentences are data: ``intents`` in ``data/background.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

import numpy as np

from .tables import string_map

# Share of detractor comments (NPS 0-6, with a comment) given each sentence. Off by
# default: even 1% / 0.5% / 1% grew extra issue topics in the e2e test's 45-day sample
# (tests/test_e2e.py, one backlog item per planted cause), and the demo's own wording
# already carries churn, escalation and effort comments (docs/intents.md).
INTENT_RATES: dict[str, float] = {"churn": 0.0, "escalation": 0.0, "effort": 0.0}
# The rates tried, for tests and for a sample that wants more intent comments.
SUGGESTED_RATES: dict[str, float] = {"churn": 0.03, "escalation": 0.015, "effort": 0.03}
INTENT_SENTENCES: dict[str, tuple[str, ...]] = string_map("background", "intents")


def intent_stream(seed: int, source_code: int, ordinal: int) -> np.random.Generator:
    """The day's own stream for intent sentences (apart from the day's main stream)."""
    return np.random.default_rng([seed, source_code, ordinal, 21])


def add_intent(rng: np.random.Generator, comment: str, nps: int) -> tuple[str, str | None]:
    """Maybe append an intent sentence to a detractor's comment.

    One draw per call whatever the outcome, so the stream stays aligned.

    Returns:
        The comment (changed or not) and the intent added (None when none).
    """
    draw, pick = rng.random(), rng.random()
    if not comment or nps > 6:
        return comment, None
    edge = 0.0
    for intent, rate in INTENT_RATES.items():
        edge += rate
        if draw < edge:
            options = INTENT_SENTENCES[intent]
            sentence = options[int(pick * len(options))]
            joint = "" if comment.endswith((".", "!", "?", "…")) else "."
            return f"{comment}{joint} {sentence}", intent
    return comment, None
