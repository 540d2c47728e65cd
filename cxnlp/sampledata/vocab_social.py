"""Social-media register: emojis, laughter, hashtags, background posts, handles.

The tables are data: ``data/social.json``, read by :mod:`.tables`.
"""

from __future__ import annotations

from .tables import floats, string_map, strings

EMOJI: dict[str, tuple[str, ...]] = string_map("social", "emoji")
LAUGHS: tuple[str, ...] = strings("social", "laughs")
GENERIC_TAGS: dict[str, tuple[str, ...]] = string_map("social", "generic_tags")
INTERJECTIONS_NEG: tuple[str, ...] = strings("social", "interjections_neg")
INTERJECTIONS_POS: tuple[str, ...] = strings("social", "interjections_pos")
PRAISE: tuple[str, ...] = strings("social", "praise")
CHATTER: tuple[str, ...] = strings("social", "chatter")
JOKES: tuple[str, ...] = strings("social", "jokes")
MISC_NEG: tuple[str, ...] = strings("social", "misc_neg")
REVIEW_POS: tuple[str, ...] = strings("social", "review_pos")
REVIEW_MIXED: tuple[str, ...] = strings("social", "review_mixed")
REVIEW_NEG: tuple[str, ...] = strings("social", "review_neg")
NAME_PARTS: tuple[str, ...] = strings("social", "name_parts")
NAME_TAILS: tuple[str, ...] = strings("social", "name_tails")
NAME_WORDS: tuple[str, ...] = strings("social", "name_words")
PLATFORMS: tuple[str, ...] = strings("social", "platforms")
PLATFORM_WEIGHTS: tuple[float, ...] = floats("social", "platform_weights")
