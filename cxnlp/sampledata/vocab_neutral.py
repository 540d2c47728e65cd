"""Wording of the neutral topic: questions and requests for information.

These texts share words with the complaints on purpose ("factura", "plan",
"tienda") but carry no judgement, and their scores come from the background
distribution: a topic with volume and no impact.

The tables are data: ``data/neutral.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

from .tables import strings

QUESTIONS: tuple[str, ...] = strings("neutral", "questions")

# Generated questions: an asking form around an action.
ASK_FORMS: tuple[str, ...] = strings("neutral", "ask_forms")
ACTIONS: tuple[str, ...] = strings("neutral", "actions")
HOURS_FORMS: tuple[str, ...] = strings("neutral", "hours_forms")
WHEN: tuple[str, ...] = strings("neutral", "when")
OPENERS: tuple[str, ...] = strings("neutral", "openers")
DETAILS: tuple[str, ...] = strings("neutral", "details")
CLOSINGS: tuple[str, ...] = strings("neutral", "closings")
SOCIAL: tuple[str, ...] = strings("neutral", "social")
TICKET_SUBJECTS: tuple[str, ...] = strings("neutral", "ticket_subjects")
TICKET_REQUESTS: tuple[str, ...] = strings("neutral", "ticket_requests")
