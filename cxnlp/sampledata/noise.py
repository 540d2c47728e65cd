"""The imperfections of real typing: typos, missing accents, chat spelling, shouting.

The one home of the project's Spanish noise: the sample generator uses the
numpy-stream functions, the training corpus (``training/corpus``) the
``random.Random`` ones at the end of the module.
"""

from __future__ import annotations

import random
import re
import unicodedata

import numpy as np

_ACCENTS = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")
# Words worth mangling; handles, hashtags and links are left alone.
_WORD = re.compile(r"(?<![@#/\w.])[A-Za-zÁÉÍÓÚáéíóúñÑü]{4,}")
_CHAT = (
    (re.compile(r"\bporque\b"), ("xq", "porq", "pq")),
    (re.compile(r"\bque\b"), ("q", "k", "que")),
    (re.compile(r"\bpor favor\b"), ("porfa", "x fa", "porfi")),
    (re.compile(r"\btambién\b"), ("tb", "tmb")),
    (re.compile(r"\bpara\b"), ("pa", "para")),
    (re.compile(r"\bestoy\b"), ("toy", "estoy")),
    (re.compile(r"\bnada\b"), ("na", "nada")),
)
_ELONGATE = re.compile(
    r"\b(pésimo|holaa?|gracias|no|porfa|nada|genial|vergüenza|por fin|mal|ya)\b", re.IGNORECASE
)


def _pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


def strip_accents(text: str) -> str:
    """Return ``text`` without acute accents (ñ and ü stay)."""
    return text.translate(_ACCENTS)


def add_typos(rng: np.random.Generator, text: str, n: int = 1) -> str:
    """Return ``text`` with ``n`` slips of the finger in random longer words."""
    for _ in range(n):
        words = list(_WORD.finditer(text))
        if not words:
            break
        m = words[int(rng.integers(len(words)))]
        w = m.group(0)
        i = int(rng.integers(1, len(w) - 1))
        kind = int(rng.integers(4))
        if kind == 0:  # swap two neighbours
            w = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]
        elif kind == 1:  # drop a letter
            w = w[:i] + w[i + 1 :]
        elif kind == 2:  # double a letter
            w = w[:i] + w[i] + w[i:]
        else:  # b/v, s/c, ll/y confusions
            w = (
                w.replace("v", "b", 1)
                if "v" in w
                else w.replace("ll", "y", 1).replace("ce", "se", 1)
            )
        text = text[: m.start()] + w + text[m.end() :]
    return text


def chat_spelling(rng: np.random.Generator, text: str) -> str:
    """Return ``text`` with some words in chat spelling (q, xq, porfa, tb)."""
    for pattern, options in _CHAT:
        if rng.random() < 0.5:

            def replace(_m: re.Match[str], opts: tuple[str, ...] = options) -> str:
                return _pick(rng, opts)

            text = pattern.sub(replace, text)
    return text


def elongate(rng: np.random.Generator, text: str) -> str:
    """Stretch the last letter of an emphatic word ("pésimooo", "holaaaa")."""
    matches = list(_ELONGATE.finditer(text))
    if matches:
        m = matches[int(rng.integers(len(matches)))]
        w = m.group(0)
        text = text[: m.end()] + w[-1] * int(rng.integers(2, 5)) + text[m.end() :]
        return text
    words = list(_WORD.finditer(text))
    if not words:
        return text
    m = words[int(rng.integers(len(words)))]
    if m.group(0)[-1] in "aeiouso":
        text = text[: m.end()] + m.group(0)[-1] * int(rng.integers(2, 4)) + text[m.end() :]
    return text


def shout(rng: np.random.Generator, text: str) -> str:
    """Write one longer word, or the whole text when short, in capitals."""
    if len(text) < 40 and rng.random() < 0.5:
        return text.upper()
    words = list(_WORD.finditer(text))
    if not words:
        return text
    m = words[int(rng.integers(len(words)))]
    return text[: m.start()] + m.group(0).upper() + text[m.end() :]


def degrade(rng: np.random.Generator, text: str, level: float) -> str:
    """Apply the everyday imperfections with strength ``level`` (0 clean, 1 very sloppy)."""
    if rng.random() < 0.35 * level:
        text = strip_accents(text)
    if rng.random() < 0.5 * level:
        text = add_typos(rng, text, 1 + int(rng.random() < 0.3))
    if rng.random() < 0.4 * level:
        text = chat_spelling(rng, text)
    if rng.random() < 0.3 * level:
        text = text[:1].lower() + text[1:]
    return text


# --------------------------------------------------------------------------- stdlib streams
# The labelled training corpus (``python -m training.corpus.generate_corpus``)
# draws its noise from ``random.Random``, not from numpy: its rows, whose sha1
# the shipped model cards give, depend on these exact draws. Changing one of
# these functions changes that corpus; changing those above changes the sample.

CHAT_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"\bque\b", "q"),
    (r"\bporque\b", "xq"),
    (r"\bpor qué\b", "pq"),
    (r"\bpor favor\b", "porfa"),
    (r"\btambién\b", "tb"),
    (r"\bmuy\b", "mui"),
    (r"\bgracias\b", "grax"),
    (r"\bdías\b", "dias"),
    (r"\bpara\b", "pa"),
    (r"\bnada\b", "na"),
)


def strip_marks(text: str, keep_n: bool) -> str:
    """Drop every diacritic (ü, à and capitals too) as fast typists do; ñ stays if ``keep_n``."""
    decomposed = unicodedata.normalize("NFD", text.replace("ñ", "\0"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return bare.replace("\0", "ñ" if keep_n else "n")


def abbreviate(rng: random.Random, text: str, n: int = 3) -> str:
    """Apply ``n`` chat abbreviations drawn from :data:`CHAT_ABBREVIATIONS`."""
    for pattern, short in rng.sample(CHAT_ABBREVIATIONS, n):
        text = re.sub(pattern, short, text)
    return text


def swap_letters(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters in one longer word."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def stretch_vowel(rng: random.Random, text: str) -> str:
    """Stretch the final vowel of one word ("muuuuy", "graciaaas")."""
    words = text.split()
    idx = [i for i, w in enumerate(words) if re.search(r"[aeiouy]$", w.lower()) and len(w) > 2]
    if not idx:
        return text
    i = rng.choice(idx)
    words[i] = words[i] + words[i][-1] * rng.randint(2, 5)
    return " ".join(words)
