"""Compose one comment, mention or ticket from fragments, in the tone its score calls for.

A survey comment is built from an optional opener, a complaint or praise
core, details with numbers and dates, a consequence and a closing, each drawn
with some probability, so that lengths range from three words to a paragraph
and exact repeats stay rare. The tone follows the score (detractors write
negative text, promoters positive), and social posts add the platform's
register on top.
"""

from __future__ import annotations

import numpy as np

from . import vocab_background as bg
from . import vocab_neutral as neutral
from . import vocab_social as social
from .causes import BACKGROUND_ID, CAUSE_BY_ID
from .dialects import Slots
from .noise import degrade, elongate, shout
from .vocab_causes import VOCAB, CauseVocab

_NEG_EMOTIONS_HARD = ("anger", "anger", "anger", "disgust", "surprise", "sadness", "fear")
_NEG_EMOTIONS_SOFT = ("sadness", "sadness", "fear", "anger", "surprise")
_SHORT_TAILS_NEG = (
    "",
    ".",
    "!!",
    "...",
    ". Fatal.",
    ". Qué mal.",
    " 👎",
    ". Así no.",
    ". Otra vez.",
    "!",
)
_SHORT_TAILS_POS = (
    "",
    ".",
    "!",
    "!!",
    " 👍",
    ". Gracias.",
    ". ¡Gracias!",
    " :)",
    ". Muy bien.",
    " 😊",
)


def tone_of(nps: int) -> str:
    """Return the tone a respondent with this NPS writes in (neg, mild, pos)."""
    if nps <= 6:
        return "neg"
    if nps <= 8:
        return "mild"
    return "pos"


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def _cap(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if ch not in "¿¡'\"(« ":
            return text
    return text


def _render(parts: list[str], slots: Slots, capitalise: bool = True) -> str:
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        text = part.format_map(slots)
        out.append(_cap(text) if capitalise else text)
    return " ".join(out)


def _closing_neg(rng: np.random.Generator, hard: bool) -> str:
    emotion = _pick(rng, _NEG_EMOTIONS_HARD if hard else _NEG_EMOTIONS_SOFT)
    return _pick(rng, bg.CLOSE_NEG[emotion])


def _maybe(rng: np.random.Generator, p: float, options: tuple[str, ...]) -> str:
    return _pick(rng, options) if rng.random() < p else ""


# --------------------------------------------------------------------------- surveys


def compose_survey(rng: np.random.Generator, slots: Slots, cause_id: str, nps: int) -> str:
    """Return a survey comment for a respondent with this cause and NPS."""
    tone = tone_of(nps)
    if cause_id == BACKGROUND_ID:
        text = _survey_background(rng, slots, tone, nps)
    elif CAUSE_BY_ID[cause_id].neutral:
        # Questions keep their neutral wording whatever the score.
        return degrade(rng, _neutral_question(rng, slots), 0.2)
    else:
        text = _survey_cause(rng, slots, VOCAB[cause_id], tone, nps)
    return degrade(rng, _vary_ending(rng, text, tone), 0.2)


def _vary_ending(rng: np.random.Generator, text: str, tone: str) -> str:
    """Respondents end differently: no full stop, exclamations, a smiley."""
    if not text.endswith(".") or rng.random() < 0.6:
        return text
    endings = {
        "pos": ("", "!", "!!", " :)", " 😊", " 👍"),
        "neg": ("", "!", "!!!", "...", " 😡", " 👎"),
    }
    return text[:-1] + _pick(rng, endings.get(tone, ("", "...", "!")))


def _survey_cause(
    rng: np.random.Generator, slots: Slots, v: CauseVocab, tone: str, nps: int
) -> str:
    r = rng.random()
    if tone == "neg":
        hard = nps <= 3
        if r < 0.07:
            return _render([_pick(rng, v.short) + _pick(rng, _SHORT_TAILS_NEG)], slots)
        if r < 0.60:
            parts = [
                _maybe(rng, 0.35, bg.OPEN_NEG),
                _pick(rng, v.core_neg),
                _pick(rng, v.details) if rng.random() < 0.5 else _maybe(rng, 0.5, v.consequences),
                _closing_neg(rng, hard) if rng.random() < 0.4 else "",
            ]
            return _render(parts, slots)
        details = rng.choice(len(v.details), size=2, replace=False)
        parts = [
            _maybe(rng, 0.5, bg.OPEN_NEG),
            _pick(rng, v.core_neg),
            v.details[int(details[0])],
            v.details[int(details[1])] if rng.random() < 0.4 else "",
            _pick(rng, v.consequences),
            _closing_neg(rng, hard) if rng.random() < 0.7 else "",
        ]
        return _render(parts, slots)
    if tone == "mild":
        if r < 0.06:
            return _render(
                [_pick(rng, v.short) + _pick(rng, ("...", ", pero bien", ". Por lo demás bien."))],
                slots,
            )
        parts = [
            _maybe(rng, 0.25, bg.OPEN_MILD),
            _pick(rng, v.core_mild),
            _maybe(rng, 0.45, v.details),
            praise_sentence(rng) if rng.random() < 0.25 else "",
            _maybe(rng, 0.6, bg.CLOSE_MILD),
        ]
        return _render(parts, slots)
    parts = [
        _maybe(rng, 0.3, bg.OPEN_POS),
        _pick(rng, v.core_pos),
        _maybe(rng, 0.35, v.details),
        praise_sentence(rng) if rng.random() < 0.4 else "",
        _maybe(rng, 0.5, bg.PRAISE_EXTRA),
    ]
    return _render(parts, slots)


def _survey_background(rng: np.random.Generator, slots: Slots, tone: str, nps: int) -> str:
    r = rng.random()
    if tone == "pos":
        if r < 0.03:
            return _render([_pick(rng, bg.PRAISE_SHORT) + _pick(rng, _SHORT_TAILS_POS)], slots)
        first = praise_sentence(rng) if rng.random() < 0.9 else _pick(rng, bg.PRAISE)
        second = (
            (praise_sentence(rng) if rng.random() < 0.5 else _pick(rng, bg.PRAISE))
            if rng.random() < 0.3
            else ""
        )
        parts = [_maybe(rng, 0.3, bg.OPEN_POS), first, second, _maybe(rng, 0.5, bg.PRAISE_EXTRA)]
        return _render(parts, slots)
    if tone == "mild":
        core = mixed_sentence(rng) if rng.random() < 0.9 else _pick(rng, bg.MIXED)
        parts = [
            _maybe(rng, 0.2, bg.OPEN_MILD),
            core,
            praise_sentence(rng) if rng.random() < 0.2 else "",
            _maybe(rng, 0.5, bg.CLOSE_MILD),
        ]
        return _render(parts, slots)
    first, second = rng.choice(len(bg.MISC_NEG), size=2, replace=False)
    parts = [
        _maybe(rng, 0.4, bg.OPEN_NEG),
        bg.MISC_NEG[int(first)],
        bg.MISC_NEG[int(second)] if rng.random() < 0.3 else "",
        _maybe(rng, 0.45, bg.MISC_NEG_EXTRA),
        _closing_neg(rng, nps <= 3) if rng.random() < 0.6 else "",
    ]
    return _render(parts, slots)


def praise_sentence(rng: np.random.Generator) -> str:
    """Return a generated compliment about a person, a process or the service."""
    kind = int(rng.integers(3))
    tail = _pick(rng, bg.PRAISE_TAILS)
    if kind == 2:
        return f"{_pick(rng, bg.SERVICE)} {_pick(rng, bg.SERVICE_PRED)}{tail}."
    gender = "m" if rng.random() < 0.5 else "f"
    subjects, preds = (bg.PEOPLE, bg.PEOPLE_PRED) if kind == 0 else (bg.PROCESS, bg.PROCESS_PRED)
    pred = _pick(rng, preds[gender])
    if rng.random() < 0.25:
        other = _pick(rng, preds[gender])
        if other != pred:
            pred = f"{pred} y {other}"
    return f"{_pick(rng, subjects[gender])} {_pick(rng, bg.PAST_VERBS)} {pred}{tail}."


def mixed_sentence(rng: np.random.Generator) -> str:
    """Return a generated passive's comment: something good, but a gripe."""
    link = _pick(rng, bg.MIXED_LINK)
    gripe = _pick(rng, bg.MIXED_GRIPE)
    if link.startswith("."):
        gripe = gripe[:1].lower() + gripe[1:]
    return f"{_pick(rng, bg.MIXED_GOOD)}{link} {gripe}{_pick(rng, bg.MIXED_TAILS)}."


def _neutral_question(rng: np.random.Generator, slots: Slots) -> str:
    parts = [
        _maybe(rng, 0.35, neutral.OPENERS),
        _question(rng),
        _question(rng) if rng.random() < 0.2 else "",
        _maybe(rng, 0.45, neutral.DETAILS),
        _maybe(rng, 0.35, neutral.CLOSINGS),
    ]
    return _render(parts, slots)


def _question(rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.55:
        return _pick(rng, neutral.ASK_FORMS).replace("{a}", _pick(rng, neutral.ACTIONS))
    if r < 0.9:
        return _pick(rng, neutral.HOURS_FORMS).replace("{when}", _pick(rng, neutral.WHEN))
    return _pick(rng, neutral.QUESTIONS)


# --------------------------------------------------------------------------- social


def compose_social(
    rng: np.random.Generator, slots: Slots, cause_id: str, platform: str
) -> tuple[str, list[str]]:
    """Return a social mention for this cause on this platform, and its tags (irony, copypaste)."""
    tags: list[str] = []
    if platform == "google_reviews":
        return _review(rng, slots, cause_id), tags
    if cause_id == BACKGROUND_ID:
        text, mood = _social_background(rng, slots)
    elif CAUSE_BY_ID[cause_id].neutral:
        text, mood = _render([_pick(rng, neutral.SOCIAL)], slots, capitalise=False), "neutral"
    else:
        v = VOCAB[cause_id]
        r = rng.random()
        if r < 0.07:
            return _chain_copy(rng, slots, v), ["copypaste"]
        if r < 0.19:
            text, mood = _render([_pick(rng, v.irony)], slots, capitalise=False), "irony"
            tags.append("irony")
        elif r < 0.25:
            text, mood = _render([_pick(rng, v.core_mild)], slots), "mild"
        else:
            core = _pick(rng, v.social) if rng.random() < 0.65 else _pick(rng, v.core_neg)
            parts = [core, _maybe(rng, 0.25, v.details), _maybe(rng, 0.15, v.consequences)]
            text, mood = _render(parts, slots, capitalise=rng.random() < 0.4), "neg"
        if rng.random() < 0.5:
            text += " " + " ".join(
                rng.choice(v.hashtags, size=1 + int(rng.random() < 0.3), replace=False)
            )
    return _social_register(rng, slots, text, mood, platform), tags


def _social_background(rng: np.random.Generator, slots: Slots) -> tuple[str, str]:
    r = rng.random()
    if r < 0.35:
        extra = praise_sentence(rng) if rng.random() < 0.25 else ""
        return _render([_pick(rng, social.PRAISE), extra], slots, capitalise=False), "pos"
    if r < 0.62:
        return _render([_pick(rng, social.CHATTER)], slots, capitalise=False), "neutral"
    if r < 0.75:
        return _render([_pick(rng, social.JOKES)], slots, capitalise=False), "joke"
    extra = _maybe(rng, 0.3, bg.MISC_NEG_EXTRA)
    return _render([_pick(rng, social.MISC_NEG), extra], slots, capitalise=False), "neg"


def _social_register(
    rng: np.random.Generator, slots: Slots, text: str, mood: str, platform: str
) -> str:
    if "@" not in text and rng.random() < 0.7:
        text = f"{slots['handle']} {text}" if rng.random() < 0.6 else f"{text} {slots['handle']}"
    if mood in ("neg", "pos") and rng.random() < 0.3:
        inter = _pick(rng, social.INTERJECTIONS_NEG if mood == "neg" else social.INTERJECTIONS_POS)
        text = (
            f"{inter.format_map(slots)}, {text}"
            if rng.random() < 0.5
            else f"{text} {inter.format_map(slots)}"
        )
    if mood in ("neg", "pos") and rng.random() < 0.2:
        text = elongate(rng, text)
    if mood in ("joke", "irony") or (mood == "neutral" and rng.random() < 0.15):
        if rng.random() < 0.6:
            text += " " + _pick(rng, social.LAUGHS)
    if mood == "neg" and rng.random() < 0.12:
        text = shout(rng, text)
    emoji_key = {
        "neg": "neg",
        "pos": "pos",
        "irony": "irony",
        "joke": "irony",
        "mild": "neutral",
    }.get(mood, "neutral")
    if rng.random() < (0.6 if mood != "neutral" else 0.25):
        n = 1 + int(rng.random() < 0.35) + int(rng.random() < 0.1)
        text += " " + "".join(_pick(rng, social.EMOJI[emoji_key]) for _ in range(n))
    if mood in ("pos", "neg", "neutral") and rng.random() < 0.12:
        text += " " + _pick(rng, social.GENERIC_TAGS["neutral" if mood == "neutral" else mood])
    level = {"twitter": 0.6, "tiktok": 0.8, "instagram": 0.5, "facebook": 0.3}.get(platform, 0.2)
    return degrade(rng, text, level)


def _chain_copy(rng: np.random.Generator, slots: Slots, v: CauseVocab) -> str:
    """A copy-pasted complaint: the same chain text with a small personal edit."""
    text = _pick(rng, v.chains).format_map(slots)
    edit = int(rng.integers(5))
    if edit == 0:
        text = "Yo también. " + text
    elif edit == 1:
        text += " " + _pick(rng, social.EMOJI["neg"])
    elif edit == 2:
        text = text.replace(". ", ", ", 1)
    elif edit == 3:
        text = "+1 " + text
    return text


def _review(rng: np.random.Generator, slots: Slots, cause_id: str) -> str:
    if cause_id == BACKGROUND_ID:
        r = rng.random()
        pool = (
            social.REVIEW_POS if r < 0.55 else social.REVIEW_MIXED if r < 0.8 else social.REVIEW_NEG
        )
        extra = _maybe(rng, 0.3, bg.PRAISE_EXTRA) if pool is social.REVIEW_POS else ""
        parts = [_pick(rng, pool), extra]
    elif CAUSE_BY_ID[cause_id].neutral:
        parts = [_question(rng), _maybe(rng, 0.3, neutral.DETAILS)]
    else:
        v = VOCAB[cause_id]
        parts = [_pick(rng, v.core_neg), _pick(rng, v.details), _maybe(rng, 0.6, v.consequences)]
    return degrade(rng, _render(parts, slots), 0.15)


def compose_foreign(rng: np.random.Generator, language: str, nps: int | None) -> str:
    """Return a comment in English (``en``) or Portuguese (``pt``) in the tone of ``nps``."""
    pool = bg.ENGLISH if language == "en" else bg.PORTUGUESE
    tone = "neutral" if nps is None else tone_of(nps)
    options = pool[tone]
    if len(options) > 1 and rng.random() < 0.5:
        first, second = rng.choice(len(options), size=2, replace=False)
        return f"{options[int(first)]} {options[int(second)]}"
    return _pick(rng, options)
