"""Support-ticket register: greetings, sign-offs and everyday requests.

The tables are data: ``data/tickets.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

from .tables import floats, string_map, strings

GREETINGS: tuple[str, ...] = strings("tickets", "greetings")
SIGNOFFS: tuple[str, ...] = strings("tickets", "signoffs")
ESCALATIONS: tuple[str, ...] = strings("tickets", "escalations")

# Everyday tickets with no planted cause: subject -> bodies.
ROUTINE: dict[str, tuple[str, ...]] = string_map("tickets", "routine")
ROUTINE_REQUESTS: tuple[str, ...] = strings("tickets", "routine_requests")
CHANNELS: tuple[str, ...] = strings("tickets", "channels")
CHANNEL_WEIGHTS: tuple[float, ...] = floats("tickets", "channel_weights")
PRIORITIES: tuple[str, ...] = strings("tickets", "priorities")
