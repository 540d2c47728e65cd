"""Wording of comments without a planted cause, and the tone pieces every text shares.

Background comments follow their score: promoters praise, passives mix a
compliment with a small gripe, detractors complain about many small things
(prices, coverage, staff), so that no background theme grows into a cause.

The tables are data: ``data/background.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

from .tables import string_map, strings

PRAISE: tuple[str, ...] = strings("background", "praise")
PRAISE_SHORT: tuple[str, ...] = strings("background", "praise_short")
PRAISE_EXTRA: tuple[str, ...] = strings("background", "praise_extra")
MIXED: tuple[str, ...] = strings("background", "mixed")
MISC_NEG: tuple[str, ...] = strings("background", "misc_neg")
OPEN_NEG: tuple[str, ...] = strings("background", "open_neg")
OPEN_MILD: tuple[str, ...] = strings("background", "open_mild")
OPEN_POS: tuple[str, ...] = strings("background", "open_pos")

# Closings by emotion, so that detractor texts spread over the EmoEvent labels.
CLOSE_NEG: dict[str, tuple[str, ...]] = string_map("background", "close_neg")
CLOSE_MILD: tuple[str, ...] = strings("background", "close_mild")
CLOSE_POS: tuple[str, ...] = strings("background", "close_pos")
ENGLISH: dict[str, tuple[str, ...]] = string_map("background", "english")
PORTUGUESE: dict[str, tuple[str, ...]] = string_map("background", "portuguese")

# Pieces of generated praise: subject (by gender) + verb + predicate + tail.
PEOPLE: dict[str, tuple[str, ...]] = string_map("background", "people")
PEOPLE_PRED: dict[str, tuple[str, ...]] = string_map("background", "people_pred")
PROCESS: dict[str, tuple[str, ...]] = string_map("background", "process")
PROCESS_PRED: dict[str, tuple[str, ...]] = string_map("background", "process_pred")
PAST_VERBS: tuple[str, ...] = strings("background", "past_verbs")
SERVICE: tuple[str, ...] = strings("background", "service")
SERVICE_PRED: tuple[str, ...] = strings("background", "service_pred")
PRAISE_TAILS: tuple[str, ...] = strings("background", "praise_tails")

# Pieces of generated mixed comments: a good side, a connector, a gripe.
MIXED_GOOD: tuple[str, ...] = strings("background", "mixed_good")
MIXED_LINK: tuple[str, ...] = strings("background", "mixed_link")
MIXED_GRIPE: tuple[str, ...] = strings("background", "mixed_gripe")
MIXED_TAILS: tuple[str, ...] = strings("background", "mixed_tails")
MISC_NEG_EXTRA: tuple[str, ...] = strings("background", "misc_neg_extra")
