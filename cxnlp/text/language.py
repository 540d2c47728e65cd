"""Language identification tuned for Spanish customer feedback.

``langid`` is restricted to the languages our customers write in, given a
prior that favours Spanish (the feedback is Spanish unless the text says
otherwise), and fed a cleaned copy of the text: placeholders, URLs, handles,
numbers and emojis removed, and chat abbreviations ("q", "xq", "tmb") spelled
out, because those are what make langid call a Spanish tweet Catalan or
Portuguese. Texts too short to judge are Spanish with confidence 0.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from cxnlp.errors import ConfigError

__all__ = [
    "DEFAULT_SPANISH_PRIOR",
    "LANGUAGES",
    "SHORT_TEXT_CONFIDENCE",
    "detect_language",
    "detect_languages",
    "is_spanish",
]

logger = logging.getLogger(__name__)

LANGUAGES = ("es", "en", "pt", "ca", "fr", "it", "de", "gl", "eu")
DEFAULT_SPANISH_PRIOR = 0.8
SHORT_TEXT_CONFIDENCE = 0.0
# Fewer letters or words than this and the text is not judged.
_MIN_LETTERS = 10
_MIN_WORDS = 2
# langid's cost grows with length; the opening of a comment tells its language.
_MAX_CHARS = 600

_STRIP = re.compile(
    r"\[[A-Z]+\]"  # placeholders: [URL], [EMAIL], [NOMBRE]
    r"|(?:https?://|www\.)\S+"
    r"|@\w+"
    r"|[^\w\s'’]"  # emojis, symbols, punctuation (and '#', keeping the hashtag's word)
    r"|\d+"
    r"|_",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")

# Chat spellings -> words langid knows. Only for detection; the text is not changed.
_CHAT = {
    "q": "que", "k": "que", "ke": "que", "xq": "porque", "xk": "porque", "pq": "porque",
    "porq": "porque", "tmb": "también", "tb": "también", "tbn": "también", "tmbn": "también",
    "x": "por", "d": "de", "ntp": "no te preocupes", "xfa": "por favor", "porfa": "por favor",
    "bn": "bien", "mxo": "mucho", "dnd": "donde", "sq": "es que", "ps": "pues", "nd": "nada",
    "grax": "gracias", "aki": "aquí", "toy": "estoy", "pa": "para", "salu": "saludos",
    "tqm": "te quiero mucho", "xd": "", "alv": "", "lol": "", "jaja": "", "jajaja": "",
    "ok": "", "wtf": "", "omg": "",
}  # fmt: skip

_lock = threading.Lock()
_identifier: Any = None


def _langid() -> Any:
    """Load langid's model once, restricted to :data:`LANGUAGES`."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from langid.langid import LanguageIdentifier, model

                identifier = LanguageIdentifier.from_modelstring(model, norm_probs=False)
                identifier.set_languages(list(LANGUAGES))
                _identifier = identifier
                logger.debug("langid loaded for %s", ", ".join(LANGUAGES))
    return _identifier


def _prepare(text: str) -> str:
    """Return the words langid should see (lower case, chat spellings expanded)."""
    if not text.isascii():
        # Styled letters ("𝗆𝗎𝗇𝖽𝗈") and full-width forms become plain ones.
        text = unicodedata.normalize("NFKC", text)
    words = _SPACES.sub(" ", _STRIP.sub(" ", text[:_MAX_CHARS])).lower().split()
    out = [_CHAT.get(w, w) for w in words]
    return " ".join(w for w in out if w)


def _log_priors(spanish_prior: float, classes: Sequence[str]) -> np.ndarray:
    if not 0.0 < spanish_prior < 1.0:
        raise ConfigError(
            f"spanish_prior={spanish_prior!r} is not usable; expected a probability strictly "
            "between 0 and 1 (1/9 = no preference among the languages)"
        )
    other = (1.0 - spanish_prior) / (len(classes) - 1)
    return np.array([math.log(spanish_prior if c == "es" else other) for c in classes])


def detect_language(
    text: str | None, *, spanish_prior: float = DEFAULT_SPANISH_PRIOR
) -> tuple[str, float]:
    """Guess the language of a text.

    Args:
        text: Any text (redacted or not; placeholders are ignored).
        spanish_prior: Prior probability that a text is Spanish; the rest is
            shared equally by the other languages of :data:`LANGUAGES`.

    Returns:
        ``(iso_639_1_code, probability)``. Texts with fewer than two words or
        ten letters once emojis, numbers, links and placeholders are gone
        return ``("es", 0.0)``: too little to judge, and Spanish is the
        likeliest language of our feedback.

    Raises:
        ConfigError: if ``spanish_prior`` is not strictly between 0 and 1.
    """
    identifier = _langid()
    priors = _log_priors(spanish_prior, identifier.nb_classes)
    words = _prepare(text or "")
    # Only letters, apostrophes and single spaces are left at this point.
    letters = len(words) - words.count(" ") - words.count("'") - words.count("’")
    if letters < _MIN_LETTERS or words.count(" ") + 1 < _MIN_WORDS:
        return "es", SHORT_TEXT_CONFIDENCE
    scores = identifier.nb_classprobs(identifier.instance2fv(words)) + priors
    scores = np.exp(scores - scores.max())
    probs = scores / scores.sum()
    best = int(np.argmax(probs))
    return str(identifier.nb_classes[best]), float(probs[best])


def is_spanish(text: str | None, *, spanish_prior: float = DEFAULT_SPANISH_PRIOR) -> bool:
    """Whether :func:`detect_language` calls the text Spanish (short texts are)."""
    return detect_language(text, spanish_prior=spanish_prior)[0] == "es"


def detect_languages(
    texts: Iterable[str | None], *, spanish_prior: float = DEFAULT_SPANISH_PRIOR
) -> list[tuple[str, float]]:
    """Detect the language of many texts; repeated texts are judged once.

    Args:
        texts: Texts (``None`` allowed: judged as empty).
        spanish_prior: See :func:`detect_language`.

    Returns:
        One ``(code, probability)`` per text, in order.
    """
    cache: dict[str, tuple[str, float]] = {}
    out: list[tuple[str, float]] = []
    for text in texts:
        key = text or ""
        found = cache.get(key)
        if found is None:
            found = detect_language(key, spanish_prior=spanish_prior)
            cache[key] = found
        out.append(found)
    return out
