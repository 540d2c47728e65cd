"""Write one comment of the held-out sample from its themes, region and style."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from .plan import PII_RATE, TYPO_RATE, load_style, load_themes

_SLOT = re.compile(r"\{([A-Za-z_]+)\}")
_POLARITY = {"negative": "negative", "positive": "positive"}


def _pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def _fill(rng: np.random.Generator, text: str, slots: dict[str, Sequence[str]]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in slots:
            raise KeyError(f"slot {{{name}}} has no filler (in {text!r})")
        return str(_pick(rng, slots[name]))

    return _SLOT.sub(one, text)


def _lower_first(text: str) -> str:
    if text.startswith("¿") or text.startswith("¡"):
        return text[0] + _lower_first(text[1:])
    # keep acronyms and proper nouns that open a template ("QR", "La aeromoza" stays lower)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    if text.startswith("¿") or text.startswith("¡"):
        return text[0] + _upper_first(text[1:])
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = _upper_first(text.strip())
    return text if text[-1:] in ".?!" else text + "."


def compose_comment(
    rng: np.random.Generator, themes: Sequence[str], region: str
) -> tuple[str, list[str]]:
    """Return a comment telling ``themes`` (one or two ids) in ``region``'s voice, and its tags.

    Tags name the style choices: ``short``/``long``, ``context``, ``opener``, ``aside``,
    ``typo``, ``pii`` and, per theme, ``family:<theme>:<family>``.
    """
    style = load_style()
    catalogue = load_themes()
    dialect = style["regions"][region]
    slots: dict[str, Sequence[str]] = {
        **style["shared_slots"],
        **dialect["slots"],
        "num": [str(int(rng.integers(100, 1000)))],
        "dia_mes": [str(int(rng.integers(1, 29)))],
    }
    tags: list[str] = []
    u = rng.random()
    length = "short" if u < 0.17 else ("long" if u < 0.42 else "normal")
    if length != "normal":
        tags.append(length)

    parts: list[str] = []
    for theme_id in themes:
        family = _pick(rng, catalogue[theme_id].families)
        tags.append(f"family:{theme_id}:{family.name}")
        own = {**slots, **family.fillers}
        pool = family.short if length == "short" else family.templates
        clause = _fill(rng, _pick(rng, pool), own)
        if length == "long":
            clause = (
                _sentence(clause) + " " + _sentence(_fill(rng, _pick(rng, family.details), own))
            )
        parts.append(clause)

    if len(parts) == 1:
        text = parts[0]
    elif length == "short":
        text = parts[0].rstrip(".") + _pick(rng, style["short_connectors"]) + _lower_first(parts[1])
    else:
        connector = _pick(rng, style["connectors"])
        first = parts[0].rstrip(".") if connector["join"][0] == "," else _sentence(parts[0])[:-1]
        second = _lower_first(parts[1]) if connector["lower"] else _sentence(parts[1])
        text = first + connector["join"] + second
    if length == "short":
        text += str(_pick(rng, style["short_tails"]))
    else:
        text = _sentence(text)
        if rng.random() < 0.55:
            text = _fill(rng, str(_pick(rng, style["contexts"])), slots) + " " + _lower_first(text)
            tags.append("context")

    kind = catalogue[themes[0]].kind
    polarity = _POLARITY.get(kind, "neutral")
    if length != "short" and rng.random() < 0.3:
        text = str(_pick(rng, style["openers"])) + " " + _lower_first(text)
        tags.append("opener")
    if (length == "long" and len(themes) == 1) or (length == "normal" and rng.random() < 0.35):
        text += " " + str(_pick(rng, style["closers"][polarity]))
    if length != "short" and rng.random() < 0.2:
        text += " " + str(_pick(rng, dialect["asides"][polarity]))
        tags.append("aside")
    if rng.random() < TYPO_RATE:
        text = add_typos(rng, text)
        tags.append("typo")
    if rng.random() < PII_RATE:
        pii = style["pii"]
        text += " " + _fill(rng, _pick(rng, pii["templates"]), {
            "phone": pii["phones"], "email": pii["emails"],
        })  # fmt: skip
        tags.append("pii")
    return text, tags


def strip_accents(text: str) -> str:
    """``text`` without accents (ñ kept: a typist who drops accents still types ñ)."""
    out = []
    for ch in text:
        if ch in "ñÑ":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    return "".join(out)


def add_typos(rng: np.random.Generator, text: str) -> str:
    """Hasty typing: missing accents, a dropped or swapped letter, 'q' for 'que', no capitals."""
    if rng.random() < 0.7:
        text = strip_accents(text)
    words = text.split(" ")
    for _ in range(1 + int(rng.integers(2))):
        i = int(rng.integers(len(words)))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = 1 + int(rng.integers(len(w) - 2))
            if rng.random() < 0.5:
                words[i] = w[:j] + w[j + 1 :]
            else:
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    text = " ".join(words)
    if rng.random() < 0.4:
        text = re.sub(r"\bque\b", "q", text)
    if rng.random() < 0.4:
        text = text.lower()
    return text
