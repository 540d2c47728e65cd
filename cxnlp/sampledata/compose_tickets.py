"""Compose a support ticket: a subject and a description of a few sentences.

The ticket's wording follows its cause: routine requests for the background,
questions for the neutral topic, and for a planted cause its complaint, two
details, an escalation, a consequence and what the customer asks for.
"""

from __future__ import annotations

import numpy as np

from . import vocab_neutral as neutral
from . import vocab_tickets as tickets
from .causes import BACKGROUND_ID, CAUSE_BY_ID
from .compose import _maybe, _pick, _question, _render
from .dialects import Slots
from .noise import degrade
from .vocab_causes import VOCAB


def compose_ticket(rng: np.random.Generator, slots: Slots, cause_id: str) -> tuple[str, str]:
    """Return the subject and description of a support ticket for this cause."""
    greeting = _maybe(rng, 0.7, tickets.GREETINGS)
    sep = "\n\n" if rng.random() < 0.4 else " "
    if cause_id == BACKGROUND_ID:
        subject = _pick(rng, tuple(tickets.ROUTINE))
        body = [
            _pick(rng, tickets.ROUTINE[subject]),
            _maybe(rng, 0.3, neutral.DETAILS),
            _pick(rng, tickets.ROUTINE_REQUESTS),
            _maybe(rng, 0.7, tickets.SIGNOFFS),
        ]
    elif CAUSE_BY_ID[cause_id].neutral:
        subject = _pick(rng, neutral.TICKET_SUBJECTS)
        body = [
            _question(rng),
            _maybe(rng, 0.5, neutral.DETAILS),
            _pick(rng, neutral.TICKET_REQUESTS),
        ]
    else:
        v = VOCAB[cause_id]
        subject = _pick(rng, v.subjects)
        details = rng.choice(len(v.details), size=2, replace=False)
        body = [
            _pick(rng, v.core_neg),
            v.details[int(details[0])],
            v.details[int(details[1])] if rng.random() < 0.5 else "",
            _maybe(rng, 0.35, tickets.ESCALATIONS),
            _maybe(rng, 0.3, v.consequences),
            _pick(rng, v.requests),
            _maybe(rng, 0.7, tickets.SIGNOFFS),
        ]
    subject_text = _render([subject], slots)
    description = _render(body, slots)
    if greeting:
        opening = _render([greeting], slots)
        if sep == " " and opening.endswith(","):
            description = description[:1].lower() + description[1:]
        description = opening + sep + description
    return degrade(rng, subject_text, 0.05), degrade(rng, description, 0.1)
