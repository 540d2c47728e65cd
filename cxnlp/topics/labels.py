"""Readable topic keywords, labels and representative comments.

Keywords are the topic's c-TF-IDF keys shown as customers wrote them, without
digits, stop-word-only phrases or misspelt repeats of a better-ranked keyword
("factra" after "factura").

A label is the phrase customers of the topic write most that joins two of its
best keywords across at most a few connecting words ("cobro duplicado" +
"factura" -> "Cobro duplicado en la factura", "app" + "cierra" -> "App se
cierra"): each candidate phrase scores the share of the topic's comments that
contain it times the c-TF-IDF weight of the keywords it joins. A strong
multi-word keyword can be the label on its own. When no phrase is common
enough, the label is "best keyword · next keyword". Labels never hold digits,
underscores or only stop-words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from cxnlp.topics.spanish import BREAK, CONTENT, Token, TopicAnalyzer, choose_display
from cxnlp.topics.stemmer import strip_accents

EMPTY_LABEL = "Comentarios sin palabras clave"
MAX_LABEL_CHARS = 60
MAX_GAP = 3  # words allowed between the two parts of a label ("en la")
LABEL_KEYS = 6  # best keywords a label may be built from
MIN_PHRASE_SHARE = 0.03  # share of the topic's comments a label phrase must appear in
# What may stand between two keywords in a label: a linking word (preposition, the
# reflexive "se"/"me" as in "la app se cierra", or "no"), optionally followed by articles
# or possessives. An article alone ("fin una compañía") marks a phrase boundary instead.
_LINK_WORDS = frozenset("de del en con sin para por a al se me no".split())
_GAP_WORDS = _LINK_WORDS | frozenset("el la los las un una unos unas mi mis su sus tu tus".split())
_BAD = re.compile(r"[\d_]")


def keyword_displays(
    analyzer: TopicAnalyzer, token_lists: Sequence[Sequence[Token]], keys: Sequence[str]
) -> dict[str, str]:
    """How to show each key: the form customers of this topic wrote it in most often."""
    wanted = set(keys)
    counts: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    for tokens in token_lists:
        for key, surface in analyzer.grams_of_tokens(tokens):
            if key in wanted:
                counts[key][surface] += 1
    return {key: choose_display(c) if c else key for key, c in counts.items()}


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def is_variant(shown: str, kept: Sequence[str]) -> bool:
    """Whether ``shown`` looks like a misspelling of one of ``kept`` (5+ letters, one edit)."""
    plain = strip_accents(shown)
    if len(plain) < 5:
        return False
    return any(
        len(other) >= 5 and _edit_distance_at_most_one(plain, other)
        for other in (strip_accents(k) for k in kept)
    )


def select_keywords(
    ranked: Sequence[tuple[str, float]], displays: dict[str, str], analyzer: TopicAnalyzer
) -> list[tuple[str, float]]:
    """The ranked keys a person should see: readable, distinct, no misspelt repeats."""
    out: list[tuple[str, float]] = []
    shown_so_far: list[str] = []
    for key, score in ranked:
        shown = displays.get(key, "")
        if not shown or _BAD.search(shown) or shown in shown_so_far:
            continue
        if all(analyzer.is_stopword(word) for word in shown.split()):
            continue
        if is_variant(shown, shown_so_far):
            continue
        out.append((key, score))
        shown_so_far.append(shown)
    return out


def readable_keywords(
    keys: Sequence[str], displays: dict[str, str], analyzer: TopicAnalyzer, n: int
) -> list[str]:
    """The first ``n`` keywords of ``keys`` as a person should see them."""
    chosen = select_keywords([(k, 1.0) for k in keys], displays, analyzer)
    return [displays[k] for k, _ in chosen[:n]]


def _key_tokens(key: str) -> set[str]:
    return {part for part in key.split() if len(part) > 2 and part != "no"}


def _occurrences(tokens: Sequence[Token], parts: list[str]) -> list[tuple[int, int]]:
    n = len(parts)
    return [
        (i, i + n)
        for i in range(len(tokens) - n + 1)
        if all(tokens[i + j].key == parts[j] and tokens[i + j].kind != BREAK for j in range(n))
    ]


def _join_spans(
    tokens: Sequence[Token], a_occ: list[tuple[int, int]], b_occ: list[tuple[int, int]]
) -> set[str]:
    """Surface spans of one comment where two keys meet across a few connecting words."""
    spans: set[str] = set()
    for a_start, a_end in a_occ:
        for b_start, b_end in b_occ:
            if b_start >= a_end:
                lo, hi, gap = a_start, b_end, tokens[a_end:b_start]
            elif a_start >= b_end:
                lo, hi, gap = b_start, a_end, tokens[b_end:a_start]
            else:
                continue
            words = [strip_accents(t.surface) for t in gap]
            if len(gap) > MAX_GAP or any(
                t.kind in (BREAK, CONTENT) or w not in _GAP_WORDS
                for t, w in zip(gap, words, strict=True)
            ):
                continue
            if words and words[0] not in _LINK_WORDS:
                continue
            spans.add(" ".join(t.surface for t in tokens[lo:hi]))
    return spans


def _tidy(label: str) -> str:
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        label = label[:MAX_LABEL_CHARS].rsplit(" ", 1)[0]
    return label[:1].upper() + label[1:]


def make_label(
    selected: Sequence[tuple[str, float]],
    displays: dict[str, str],
    token_lists: Sequence[Sequence[Token]],
) -> str:
    """A short Spanish label for one topic.

    Args:
        selected: the topic's keys with their c-TF-IDF scores, best first, as
            returned by :func:`select_keywords`.
        displays: key -> readable form (:func:`keyword_displays`).
        token_lists: the topic's comments, tokenized (``TopicAnalyzer.tokens``).
    """
    top = [(k, s) for k, s in selected if k in displays][:LABEL_KEYS]
    if not top:
        return EMPTY_LABEL
    top_score = top[0][1] or 1.0
    weight = {k: s / top_score for k, s in top}
    n_texts = max(1, len(token_lists))
    occurrences = {k: [_occurrences(tokens, k.split()) for tokens in token_lists] for k, _ in top}
    candidates: dict[str, float] = {}
    min_count = max(2, MIN_PHRASE_SHARE * len(token_lists))
    for (a, _), (b, _) in combinations(top, 2):
        if _key_tokens(a) & _key_tokens(b):
            continue
        counts: Counter[str] = Counter()
        for tokens, a_occ, b_occ in zip(token_lists, occurrences[a], occurrences[b], strict=True):
            if a_occ and b_occ:
                counts.update(_join_spans(tokens, a_occ, b_occ))
        for span, count in counts.items():
            if count >= min_count and not _BAD.search(span):
                value = count / n_texts * (weight[a] + weight[b])
                candidates[span] = max(candidates.get(span, 0.0), value)
    for key, _ in top:
        if len(key.split()) > 1:
            share = sum(1 for occ in occurrences[key] if occ) / n_texts
            if share * len(token_lists) >= min_count:
                candidates[displays[key]] = max(
                    candidates.get(displays[key], 0.0), share * weight[key]
                )
    if candidates:
        best = min(candidates.items(), key=lambda item: (-item[1], item[0]))[0]
        return _tidy(best)
    head = top[0][0]
    second = next((k for k, _ in top[1:] if not (_key_tokens(k) & _key_tokens(head))), None)
    if second is None:
        return _tidy(displays[head])
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
