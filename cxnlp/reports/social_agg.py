"""Aggregations of the social-listening review: loudest mentions, emerging topics.

Pure functions on the enriched frame (no HTML, no Plotly), split from
:mod:`cxnlp.reports.aggregate`, whose conventions they share.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
from scipy import stats

from cxnlp.reports.aggregate import originals

__all__ = [
    "find_emerging_social",
    "guess_language",
    "mask_handle",
    "split_language",
    "top_reach_mentions",
]


def mask_handle(author: Any) -> str:
    """Show only the start of a social handle: ``@cliente_x`` -> ``@cl…``."""
    if author is None or (isinstance(author, float) and math.isnan(author)):
        return "—"
    text = str(author).strip()
    if not text:
        return "—"
    prefix = "@" if text.startswith("@") else ""
    body = text.lstrip("@")
    return f"{prefix}{body[:2]}…"


def top_reach_mentions(frame: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The ``k`` negative social mentions with the largest reach.

    Reach is followers + likes + shares (missing counts as 0). Duplicates are
    left out so that one viral text is listed once.

    Returns:
        Columns ``created_at``, ``platform``, ``author`` (masked), ``text``
        (redacted), ``reach``, ``followers``, ``likes``, ``shares``, ``topic_id``,
        ``emotion``, ``url``; largest reach first.
    """
    social = originals(frame)
    if "source_kind" in social.columns:
        social = social[social["source_kind"] == "social"]
    if "sentiment" not in social.columns:
        social = social.iloc[0:0]
    social = social[social["sentiment"] == "NEG"] if len(social) else social
    parts = {}
    for col in ("followers", "likes", "shares"):
        parts[col] = (
            pd.to_numeric(social[col], errors="coerce").fillna(0).astype("int64")
            if col in social.columns
            else pd.Series(0, index=social.index, dtype="int64")
        )
    reach = parts["followers"] + parts["likes"] + parts["shares"]
    out = pd.DataFrame(
        {
            "created_at": social["created_at"],
            "platform": social["platform"] if "platform" in social.columns else None,
            "author": (
                social["author"]
                if "author" in social.columns
                else pd.Series(None, index=social.index)
            ).map(mask_handle),
            "text": social["text"],
            "reach": reach,
            **parts,
            "topic_id": social["topic_id"],
            "emotion": social["emotion"] if "emotion" in social.columns else None,
            "url": social["url"] if "url" in social.columns else None,
        },
        index=social.index,
    )
    return (
        out.sort_values(["reach", "created_at"], ascending=[False, False])
        .head(k)
        .reset_index(drop=True)
    )


def find_emerging_social(
    frame: pd.DataFrame,
    *,
    recent_days: int = 14,
    alpha: float = 0.05,
    min_recent: int = 5,
    min_growth: float = 1.5,
) -> pd.DataFrame:
    """Topics whose social mentions grew in the last ``recent_days``, on social data alone.

    Under a constant daily rate, a topic's recent mentions out of all its
    mentions follow a binomial with ``p = recent_days / span_days``; a one-sided
    binomial test says whether the recent share is higher than that. A topic is
    emerging when the test rejects at ``alpha``, it has at least ``min_recent``
    recent mentions and its daily rate grew at least ``min_growth`` times.

    Returns:
        One row per topic (topic -1 left out): ``topic_id``, ``n_recent``,
        ``n_prev``, ``rate_recent``, ``rate_prev`` (mentions per day),
        ``growth`` (inf when new), ``p_value``, ``emerging``; emerging first,
        then by p-value.
    """
    columns = [
        "topic_id",
        "n_recent",
        "n_prev",
        "rate_recent",
        "rate_prev",
        "growth",
        "p_value",
        "emerging",
    ]
    social = frame
    if "source_kind" in social.columns:
        social = social[social["source_kind"] == "social"]
    social = social[(social["topic_id"] != -1) & social["created_at"].notna()]
    if social.empty:
        return pd.DataFrame(columns=columns)
    day = pd.to_datetime(social["created_at"]).dt.normalize()
    last, first = day.max(), day.min()
    cut = last - pd.Timedelta(days=recent_days - 1)
    span_days = int((last - first).days) + 1
    prev_days = max(span_days - recent_days, 0)
    rows = []
    for topic_id, days in day.groupby(social["topic_id"]):
        n_recent = int((days >= cut).sum())
        n_prev = int((days < cut).sum())
        rate_recent = n_recent / recent_days
        rate_prev = n_prev / prev_days if prev_days else math.nan
        if prev_days == 0:
            growth, p_value = math.nan, math.nan
        else:
            growth = rate_recent / rate_prev if rate_prev > 0 else math.inf
            p0 = recent_days / (recent_days + prev_days)
            total = n_recent + n_prev
            p_value = float(stats.binomtest(n_recent, total, p0, alternative="greater").pvalue)
        emerging = bool(
            prev_days > 0 and p_value < alpha and n_recent >= min_recent and growth >= min_growth
        )
        rows.append(
            [int(topic_id), n_recent, n_prev, rate_recent, rate_prev, growth, p_value, emerging]
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(
        ["emerging", "p_value"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


# Function words of each language; words two of them share ("de", "que", "para", "a",
# "o" is Spanish "or") are dropped below, so each list only holds words that tell.
_WORDS_ES = frozenset(
    "el la los las del y en un una es por con no lo al se muy pero mi me ya hay está "
    "están esto esta este nos su sus más como cuando porque otra vez qué dónde tengo".split()
)
_WORDS_PT = frozenset(
    "os da do das dos não é em um uma com não mas muito meu minha você vocês "
    "está estão isso essa esse ao na no nas nos pelo pela mais já tem foi sem ainda "
    "obrigado obrigada também quero estou vou sou fiquei atendimento".split()
)
_WORDS_EN = frozenset(
    "the and of to is in it you that for with my was this on not but are have be "
    "your they at so what just can get i'm don't been nobody very".split()
)
_ONLY = {
    "es": _WORDS_ES - _WORDS_PT - _WORDS_EN,
    "pt": _WORDS_PT - _WORDS_ES - _WORDS_EN,
    "en": _WORDS_EN - _WORDS_ES - _WORDS_PT,
}
_WORD = re.compile(r"[a-záéíóúâêôãõàçüñ']+")
LANGUAGE_NAMES = {"pt": "portugués", "en": "inglés"}


def guess_language(text: Any) -> str:
    """``es``, ``pt`` or ``en`` from function words (a cheap check, no model).

    Each language scores one point per word of its own (``_ONLY``: "el",
    "muy", "porque" for Spanish; "não", "você", "muito" for Portuguese; "the",
    "and", "with" for English; words two languages share count for none);
    Spanish also scores for ``ñ``, ``¿`` or ``¡``, Portuguese for a word with
    ``ç``, ``ã`` or ``õ``. A post is Portuguese or English only when that
    language scores more than Spanish: a post with no telling word stays
    Spanish.
    """
    if not isinstance(text, str):
        return "es"
    lowered = text.lower()
    words = _WORD.findall(lowered)
    score = {lang: sum(w in only for w in words) for lang, only in _ONLY.items()}
    score["es"] += sum(ch in lowered for ch in "ñ¿¡")
    score["pt"] += sum(any(ch in w for ch in "çãõ") for w in words)
    best = max(("pt", "en"), key=lambda lang: score[lang])
    return best if score[best] > score["es"] else "es"


def split_language(social: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The Spanish posts, and how many others were left out, by language.

    Uses :func:`guess_language` only: the ingestion's ``is_spanish`` flag takes
    short Spanish posts with a typo or an emoji for Galician, Catalan or Italian,
    and this page would lose them.
    """
    if social.empty:
        return social, {}
    guessed = social["text"].map(guess_language)
    keep = guessed == "es"
    left = guessed[~keep].value_counts()
    return social[keep], {LANGUAGE_NAMES.get(str(k), str(k)): int(v) for k, v in left.items()}
