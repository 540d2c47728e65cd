"""Readable topic keywords, labels and representative comments.

A label is built from a topic's best keywords and the comments themselves:
the best phrase among the top keywords (a bigram or "X de Y" trigram when one
scores well) is joined to the next keyword that adds something, using the words
customers put between them most often ("cobro duplicado" + "factura" ->
"Cobro duplicado en la factura"). When customers never write them together,
the label is "phrase · keyword". Labels never hold digits, underscores or only
stop-words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from cxnlp.topics.spanish import BREAK, CONTENT, TopicAnalyzer, Token, choose_display
from cxnlp.topics.stemmer import strip_accents

EMPTY_LABEL = "Comentarios sin palabras clave"
MAX_LABEL_CHARS = 60
MAX_GAP = 3  # words allowed between the two parts of a label ("en la")
# What may stand between them: connectors ("de", "en", "con") and articles/possessives.
_GAP_WORDS = frozenset(
    "de del en con sin para por a al el la los las un una unos unas mi mis su sus tu tus".split()
)
_BAD = re.compile(r"[\d_]")


def keyword_displays(
    analyzer: TopicAnalyzer, texts: Sequence[str], keys: Sequence[str]
) -> dict[str, str]:
    """How to show each key: the form customers of this topic wrote it in most often."""
    wanted = set(keys)
    counts: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    for text in texts:
        for key, surface in analyzer.grams(text):
            if key in wanted:
                counts[key][surface] += 1
    return {key: choose_display(c) if c else key for key, c in counts.items()}


def readable_keywords(
    keys: Sequence[str], displays: dict[str, str], analyzer: TopicAnalyzer, n: int
) -> list[str]:
    """The first ``n`` distinct displays of ``keys`` that a person can read."""
    out: list[str] = []
    for key in keys:
        shown = displays.get(key, "")
        if not shown or _BAD.search(shown) or shown in out:
            continue
        if all(analyzer.is_stopword(word) for word in shown.split()):
            continue
        out.append(shown)
        if len(out) == n:
            break
    return out


def _key_tokens(key: str) -> set[str]:
    return {part for part in key.split() if len(part) > 2 and part != "no"}


def _occurrences(tokens: list[Token], parts: list[str]) -> list[tuple[int, int]]:
    n = len(parts)
    return [
        (i, i + n)
        for i in range(len(tokens) - n + 1)
        if all(tokens[i + j].key == parts[j] and tokens[i + j].kind != BREAK for j in range(n))
    ]


def _join_spans(analyzer: TopicAnalyzer, texts: Sequence[str], first: str, second: str) -> Counter[str]:
    """Count the surface spans where ``first`` and ``second`` meet across a few stop-words."""
    spans: Counter[str] = Counter()
    a_parts, b_parts = first.split(), second.split()
    for text in texts:
        tokens = analyzer.tokens(text)
        a_occ = _occurrences(tokens, a_parts)
        if not a_occ:
            continue
        b_occ = _occurrences(tokens, b_parts)
        for a_start, a_end in a_occ:
            for b_start, b_end in b_occ:
                if b_start >= a_end:
                    lo, hi, gap = a_start, b_end, tokens[a_end:b_start]
                elif a_start >= b_end:
                    lo, hi, gap = b_start, a_end, tokens[b_end:a_start]
                else:
                    continue
                if len(gap) > MAX_GAP or any(
                    t.kind in (BREAK, CONTENT) or strip_accents(t.surface) not in _GAP_WORDS
                    for t in gap
                ):
                    continue
                spans[" ".join(t.surface for t in tokens[lo:hi])] += 1
    return spans


def _tidy(label: str) -> str:
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        label = label[:MAX_LABEL_CHARS].rsplit(" ", 1)[0]
    return label[:1].upper() + label[1:]


def make_label(
    ranked_keys: Sequence[tuple[str, float]],
    displays: dict[str, str],
    texts: Sequence[str],
    analyzer: TopicAnalyzer,
) -> str:
    """A short Spanish label for one topic.

    Args:
        ranked_keys: the topic's c-TF-IDF keys with their scores, best first.
        displays: key -> readable form (:func:`keyword_displays`).
        texts: the topic's comments (redacted), most representative first.
        analyzer: the analyzer the keys came from.
    """
    usable = [
        (k, s) for k, s in ranked_keys if k and displays.get(k) and not _BAD.search(displays[k])
    ][:6]
    if not usable:
        return EMPTY_LABEL
    top_score = usable[0][1]
    head = next(
        (k for k, s in usable if len(k.split()) > 1 and s >= 0.4 * top_score), usable[0][0]
    )
    head_tokens = _key_tokens(head)
    second = next(
        (k for k, _ in usable if k != head and not (_key_tokens(k) & head_tokens)), None
    )
    if second is None:
        return _tidy(displays[head])
    spans = _join_spans(analyzer, texts, head, second)
    if spans:
        span, count = min(spans.items(), key=lambda item: (-item[1], item[0]))
        if count >= max(2, 0.03 * len(texts)) and not _BAD.search(span):
            return _tidy(span)
    return _tidy(f"{displays[head]} · {displays[second]}")


def dedupe_labels(labels: list[str], keywords: list[list[str]]) -> list[str]:
    """Make labels unique by adding the next keyword not already in a repeated label."""
    out = list(labels)
    for _ in range(3):
        counts = Counter(out)
        if all(c == 1 for c in counts.values()):
            break
        for i, label in enumerate(out):
            if counts[label] > 1:
                extra = next((kw for kw in keywords[i] if kw.lower() not in label.lower()), None)
                if extra:
                    out[i] = f"{label} · {extra}"
    return out


def representative_indices(
    member_rows: np.ndarray,
    embeddings: np.ndarray,
    centroid: np.ndarray,
    texts: Sequence[str],
    n: int,
) -> list[int]:
    """Rows of the ``n`` members closest to the centroid, one per distinct text."""
    if len(member_rows) == 0:
        return []
    sims = embeddings[member_rows] @ centroid
    order = member_rows[np.lexsort((member_rows, -sims))]
    chosen: list[int] = []
    seen: set[str] = set()
    for row in order:
        norm = " ".join(str(texts[row]).lower().split())
        if not norm or norm in seen:
            continue
        seen.add(norm)
        chosen.append(int(row))
        if len(chosen) == n:
            break
    return chosen
