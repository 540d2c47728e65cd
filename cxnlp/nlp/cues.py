"""Cheap text features that embeddings blur: emojis, negation, irony, shouting.

Sentence embeddings average a text's meaning, so a trailing 🙃 or a "no" can
get lost; these counts give a head direct access to them. The word lists are
short, hand-written and Spanish (both Spain and Latin America).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

_EMOJI_GROUPS: dict[str, str] = {
    "pos": "😊🙌👏❤😍👍🥰💯😁✨🎉😀😃😄🤗💪🔝👌💙💚💜🙏🏻☺😎🥳",
    "neg": "😡🤬👎😤😒💩😠😾",
    "irony": "🙃🤡😑🙄",
    "laugh": "😂🤣😆😅",
    "sad": "😢😭😔💔😞😿🥺😥😓",
    "fear": "😰😨😱😬😟",
    "surprise": "😮😲🤯😳‼⁉😯",
    "disgust": "🤢🤮😖😷",
}

_WORDS: dict[str, tuple[str, ...]] = {
    "negation": ("no", "nunca", "nadie", "ni", "nada", "jamas", "tampoco", "sin"),
    "pos": (
        "gracias",
        "excelente",
        "genial",
        "perfecto",
        "encanta",
        "encantado",
        "encantada",
        "feliz",
        "recomiendo",
        "buenisimo",
        "buenisima",
        "maravilla",
        "mejor",
        "amable",
        "rapido",
        "rapida",
        "felicidades",
        "enhorabuena",
        "bien",
        "bueno",
        "buena",
        "guay",
        "chevere",
        "padre",
        "bacan",
        "barbaro",
        "alegria",
        "contento",
        "contenta",
        "gusto",
    ),
    "neg": (
        "pesimo",
        "pesima",
        "verguenza",
        "ladrones",
        "estafa",
        "harto",
        "harta",
        "fatal",
        "horrible",
        "desastre",
        "peor",
        "nunca",
        "mal",
        "mala",
        "malo",
        "basura",
        "abuso",
        "robo",
        "indignante",
        "indignado",
        "indignada",
        "asco",
        "queja",
        "reclamo",
        "cobran",
        "cobraron",
        "cancelado",
        "retraso",
        "perdida",
        "perdieron",
        "roto",
        "rota",
        "tarde",
    ),
    "sad": (
        "triste",
        "tristeza",
        "pena",
        "lastima",
        "decepcion",
        "decepcionado",
        "decepcionada",
        "llorar",
        "lloro",
        "echo",
        "extrano",
        "perdimos",
        "dolor",
        "corazon",
        "descanse",
    ),
    "fear": (
        "miedo",
        "preocupa",
        "preocupado",
        "preocupada",
        "panico",
        "asusta",
        "asustado",
        "temo",
        "nervios",
        "nervioso",
        "angustia",
        "angustiada",
        "ojala",
    ),
    "surprise": (
        "increible",
        "sorpresa",
        "wow",
        "alucino",
        "flipo",
        "serio",
        "creer",
        "creo",
        "esperaba",
        "impresionante",
        "sorprendido",
        "sorprendida",
    ),
    "disgust": ("asco", "asqueroso", "asquerosa", "repugnante", "vomitivo", "nauseas", "podrido"),
    "anger": (
        "rabia",
        "harto",
        "harta",
        "indignado",
        "indignada",
        "verguenza",
        "basta",
        "sinverguenzas",
        "ladrones",
        "coraje",
        "bronca",
        "cabreo",
        "cabreado",
    ),
    "question": ("como", "cuando", "donde", "cuanto", "cual", "que", "quien", "pueden", "podrian"),
}
_IRONY_OPENERS = (
    "genial",
    "fantastico",
    "bravo",
    "que maravilla",
    "gracias por nada",
    "ole",
    "que bien",
    "me encanta",
    "menos mal",
)

CUE_NAMES: tuple[str, ...] = (
    *(f"emoji_{k}" for k in _EMOJI_GROUPS),
    *(f"word_{k}" for k in _WORDS),
    "irony_opener",
    "exclamations",
    "questions",
    "ellipsis",
    "elongation",
    "caps_ratio",
    "has_url",
    "has_handle",
    "has_hashtag",
    "log_length",
)

_TOKEN = re.compile(r"[a-zñ]+")


def _fold(text: str) -> str:
    """Lower case, accents off (ñ kept): the form the word lists are written in."""
    text = text.lower().replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.replace("\0", "ñ")


def _cue_row(text: str) -> list[float]:
    folded = _fold(text)
    tokens = _TOKEN.findall(folded)
    token_set = set(tokens)
    row: list[float] = []
    for chars in _EMOJI_GROUPS.values():
        row.append(float(min(sum(text.count(c) for c in chars), 3)))
    for words in _WORDS.values():
        row.append(float(min(sum(1 for t in tokens if t in words), 3)))
    stripped = re.sub(r"^(@\w+\s*)+", "", folded).lstrip(" ,.!¡")
    row.append(
        float(
            stripped.startswith(_IRONY_OPENERS)
            and bool(token_set & set(_WORDS["neg"]))
            or stripped.startswith(_IRONY_OPENERS)
            and any(c in text for c in "🙃🤡🙄")
        )
    )
    row.append(float(min(text.count("!"), 3)))
    row.append(float(min(text.count("?"), 3)))
    row.append(float("..." in text or "…" in text))
    row.append(float(bool(re.search(r"([a-zñ])\1\1", folded))))
    letters = [c for c in text if c.isalpha()]
    row.append(sum(c.isupper() for c in letters) / len(letters) if letters else 0.0)
    row.append(float("http" in folded or "www." in folded))
    row.append(float("@" in text))
    row.append(float("#" in text))
    row.append(float(np.log1p(len(tokens)) / 5.0))
    return row


def extract_cues(texts: Sequence[str]) -> np.ndarray:
    """Return the :data:`CUE_NAMES` features of each text as a float32 array."""
    if not len(texts):
        return np.zeros((0, len(CUE_NAMES)), dtype=np.float32)
    return np.asarray([_cue_row(t or "") for t in texts], dtype=np.float32)


def char_ngram_vectorizer(n_features: int, ngram_max: int = 5) -> HashingVectorizer:
    """Return the stateless hashing vectorizer of character n-grams (no vocabulary to save)."""
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, ngram_max),
        n_features=n_features,
        alternate_sign=False,
        norm="l2",
        preprocessor=_fold,
    )


def extract_char_ngrams(
    texts: Sequence[str], n_features: int, ngram_max: int = 5
) -> sparse.csr_matrix:
    """Return L2-normalised hashed character n-gram counts of each text."""
    vectorizer = char_ngram_vectorizer(n_features, ngram_max)
    return vectorizer.transform(["" if t is None else str(t) for t in texts]).tocsr()
