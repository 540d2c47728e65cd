"""Spanish words for topic keywords: tokens, stop-words, stems, n-grams, display forms.

The analyzer turns a redacted comment into keys that c-TF-IDF counts:

- unigrams: content words, stemmed, so "cobraron", "cobro" and "cobros" are one key;
- bigrams: two adjacent content words ("cobro duplicado") or "no" + a content word
  ("no llega");
- trigrams: content + connector + content, so "de" survives inside "tarjeta de
  crédito" while it never stands alone or at an edge; or three content words.

Stop-words (``stopwords_es.txt``, plus config extras such as brand names) and
redaction placeholders (``[URL]``, ``<EMAIL>``, ``@usuario``) never become keys,
and they, punctuation and digits break n-grams, so no key spans two sentences
or a removed word. Keys are shown to people as the surface form customers
wrote most often (:func:`choose_display`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cxnlp.topics.stemmer import stem, strip_accents

# Words kept inside a trigram between two content words ("tarjeta de crédito").
CONNECTORS = frozenset({"de", "del", "en", "con", "sin", "para", "por", "a", "al"})
NEGATION = "no"

_TOKEN_RE = re.compile(
    r"""
    (?P<drop>\[[^\]\n]{0,40}\]|<[^>\n]{0,40}>|\{[^}\n]{0,40}\}
        |https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+)
   |(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)
   |(?P<brk>[^\w\s]|\d+|\n)
    """,
    re.VERBOSE,
)
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-záéíóúüñ])(?=[A-ZÁÉÍÓÚÜÑ])")
_PLAIN_WORD = re.compile(r"^[a-zñ]+(?:['-][a-zñ]+)*$")
_LAUGHTER = re.compile(r"^[aeiksh]*j[aeiksh]*j[aeijksh]*$")  # jaja, jsjsjs, ajajaj
_ELONGATION = re.compile(r"(.)\1{2,}")

CONTENT, CONNECTOR, NEG, STOP, BREAK = "content", "connector", "neg", "stop", "break"

# Endings of conjugated verbs and infinitives: a key is shown as its noun-like form when
# customers wrote one ("cobro" rather than "cobraron").
_VERB_ENDINGS = (
    "aron", "ieron", "aban", "aba", "ando", "iendo", "amos", "imos", "emos", "aste", "iste",
    "ían", "ía", "ó", "é", "í", "ar", "er", "ir", "an", "en",
)  # fmt: skip


@lru_cache(maxsize=1)
def default_stopwords() -> frozenset[str]:
    """The shipped Spanish stop-word list, lower-case and without acute accents."""
    text = resources.files("cxnlp.topics").joinpath("stopwords_es.txt").read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words.update(strip_accents(word) for word in line.split())
    return frozenset(words)


@dataclass(frozen=True)
class Token:
    """One token of a comment: its role, the word as written (lower-case) and its key."""

    kind: str
    surface: str = ""
    key: str = ""


class TopicAnalyzer:
    """Callable ``text -> list of keys`` for scikit-learn's ``CountVectorizer(analyzer=...)``.

    Args:
        ngram_max: longest n-gram (1-3).
        extra_stopwords: more words to drop (brand names, product codes).
    """

    def __init__(self, ngram_max: int = 3, extra_stopwords: Iterable[str] = ()) -> None:
        self.ngram_max = ngram_max
        self.extra_stopwords = tuple(sorted(strip_accents(w) for w in extra_stopwords))
        self._stop = default_stopwords() | frozenset(self.extra_stopwords)

    def __repr__(self) -> str:
        return f"TopicAnalyzer(ngram_max={self.ngram_max}, extra_stopwords={list(self.extra_stopwords)})"

    def __call__(self, text: str) -> list[str]:
        return [key for key, _ in self.grams(text)]

    def is_stopword(self, word: str) -> bool:
        """Whether ``word`` (any case, accents allowed) is dropped from keywords."""
        return strip_accents(word) in self._stop

    def tokens(self, text: str) -> list[Token]:
        """Split ``text`` into content words, connectors, negations, stop-words and breaks."""
        out: list[Token] = []
        # "#DondeEstaMiPedido" -> its words, fenced off by breaks.
        text = _HASHTAG.sub(lambda m: " | " + _CAMEL.sub(" ", m.group(1)) + " | ", text)
        for match in _TOKEN_RE.finditer(text.lower()):
            word = match.group("word")
            if word is None:
                out.append(Token(BREAK))
                continue
            word = _ELONGATION.sub(r"\1", word.replace("’", "'"))
            plain = strip_accents(word)
            if plain == NEGATION:
                out.append(Token(NEG, word, NEGATION))
            elif plain in CONNECTORS:
                out.append(Token(CONNECTOR, word, plain))
            elif (
                plain in self._stop
                or len(plain) < 2
                or not _PLAIN_WORD.match(plain)
                or _LAUGHTER.match(plain)
            ):
                out.append(Token(STOP, word))
            else:
                out.append(Token(CONTENT, word, stem(word)))
        return out

    def grams(self, text: str) -> list[tuple[str, str]]:
        """Return ``(key, surface)`` for every unigram and allowed n-gram of ``text``."""
        return self.grams_of_tokens(self.tokens(text))

    def grams_of_tokens(self, toks: Sequence[Token]) -> list[tuple[str, str]]:
        """:meth:`grams` of an already tokenized comment."""
        out: list[tuple[str, str]] = []
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok.kind != CONTENT and tok.kind != NEG:
                continue
            if tok.kind == CONTENT:
                out.append((tok.key, tok.surface))
            if self.ngram_max < 2 or i + 1 >= n:
                continue
            nxt = toks[i + 1]
            if nxt.kind == CONTENT:
                out.append((f"{tok.key} {nxt.key}", f"{tok.surface} {nxt.surface}"))
            if self.ngram_max < 3 or i + 2 >= n or tok.kind != CONTENT:
                continue
            last = toks[i + 2]
            if last.kind == CONTENT and nxt.kind in (CONTENT, CONNECTOR):
                out.append(
                    (
                        f"{tok.key} {nxt.key} {last.key}",
                        f"{tok.surface} {nxt.surface} {last.surface}",
                    )
                )
        return out

    def key_of(self, phrase: str) -> str | None:
        """The key of a seed word or phrase, or None when it is only stop-words."""
        grams = self.grams(phrase)
        if not grams:
            return None
        return max(grams, key=lambda item: len(item[0].split()))[0]


def _verbish(form: str) -> bool:
    return " " not in form and len(form) > 4 and form.endswith(_VERB_ENDINGS)


def choose_display(forms: Counter[str]) -> str:
    """The surface form a person should see for one key.

    Prefers, in order: a form that does not look like a conjugated verb, a singular
    over its plural, the most frequent form, then alphabetical order (deterministic).
    """
    present = set(forms)

    def rank(form: str) -> tuple[int, int, int, str]:
        plural = form.endswith("s") and (form[:-1] in present or form[:-2] in present)
        return (int(_verbish(form)), int(plural), -forms[form], form)

    return min(forms, key=rank)
