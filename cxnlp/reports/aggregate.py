"""Pure aggregations behind the report pages (no HTML, no Plotly here).

Conventions, shared with :mod:`cxnlp.metrics`: duplicates (``dup_of`` set)
count for volume but not for scores or mixes; NPS runs from -100 to 100; CSAT
is the top-2-box share in percent, whatever the answer's scale.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.metrics import Estimate, nps, wilson_interval

__all__ = [
    "NO_VALUE",
    "compare_topic_to_rest",
    "count_daily",
    "originals",
    "pick_representatives",
    "satisfied_flags",
    "share_mix",
    "summarise_weekly",
    "tally_values",
    "text_key",
]

NO_VALUE = "(sin dato)"


_HANDLE = re.compile(r"(@\w+|https?://\S+|#\w+|\brt\b)", re.IGNORECASE)
_NON_WORD = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """A comment's text reduced for spotting copies: no handles, links, hashtags, case or
    punctuation, so a tweet copied with another ``@mention`` or an ``RT`` counts once."""
    return _NON_WORD.sub(" ", _HANDLE.sub(" ", text.lower())).strip()


def originals(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that are not duplicates of another: the ones scores rest on."""
    if "dup_of" not in frame.columns:
        return frame
    return frame[frame["dup_of"].isna()]


def satisfied_flags(frame: pd.DataFrame) -> pd.Series:
    """Per row: 1.0 if the CSAT answer is in its scale's top two points, 0.0 if not, NaN if none."""
    if "csat" not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    csat = pd.to_numeric(frame["csat"], errors="coerce")
    if "csat_scale" in frame.columns:
        scale = pd.to_numeric(frame["csat_scale"], errors="coerce").fillna(5)
    else:
        scale = pd.Series(5.0, index=frame.index)
    flags = (csat >= scale - 1).astype(float)
    return flags.where(csat.notna())


def _nps_of(frame: pd.DataFrame) -> Estimate:
    if "nps" not in frame.columns:
        return Estimate(math.nan, math.nan, math.nan, 0)
    return nps(pd.to_numeric(frame["nps"], errors="coerce"))


def _csat_of(frame: pd.DataFrame) -> Estimate:
    flags = satisfied_flags(frame).dropna()
    n = int(flags.size)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    hits = int(flags.sum())
    lo, hi = wilson_interval(hits, n)
    return Estimate(100.0 * hits / n, 100.0 * lo, 100.0 * hi, n)


def compare_topic_to_rest(
    frame: pd.DataFrame, topic_id: int
) -> dict[str, tuple[Estimate, Estimate]]:
    """NPS and CSAT of a topic's comments against all other comments.

    Args:
        frame: The enriched frame (duplicates are left out here).
        topic_id: The topic.

    Returns:
        ``{"nps": (topic, rest), "csat": (topic, rest)}``, estimates with 95 % intervals.
    """
    scored = originals(frame)
    inside = scored["topic_id"] == topic_id
    return {
        "nps": (_nps_of(scored[inside]), _nps_of(scored[~inside])),
        "csat": (_csat_of(scored[inside]), _csat_of(scored[~inside])),
    }


def share_mix(frame: pd.DataFrame, column: str, labels: Sequence[str]) -> dict[str, float]:
    """Percent of (original) rows per label of ``column``, in ``labels`` order; NaN rows ignored."""
    if column not in frame.columns:
        return {label: 0.0 for label in labels}
    values = originals(frame)[column].dropna()
    total = len(values)
    counts = values.value_counts()
    return {label: (100.0 * counts.get(label, 0) / total if total else 0.0) for label in labels}


def tally_values(frame: pd.DataFrame, column: str, k: int = 5) -> list[dict[str, Any]]:
    """The ``k`` commonest values of ``column`` with count and percent (all rows count)."""
    if column not in frame.columns or frame.empty:
        return []
    values = frame[column].fillna(NO_VALUE).astype(str)
    counts = values.value_counts()
    total = int(counts.sum())
    return [
        {"value": value, "n": int(n), "pct": 100.0 * n / total}
        for value, n in counts.head(k).items()
    ]


def count_daily(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Rows per calendar day (all rows, duplicates included), optionally per ``by`` value.

    Returns:
        Columns ``date``, ``n`` (and ``by``); every day of the frame's span is
        present for every group, with 0 where nothing was written.
    """
    created = pd.to_datetime(frame["created_at"]).dt.normalize()
    keep = created.notna()
    if not keep.any():
        cols = ["date", by, "n"] if by else ["date", "n"]
        return pd.DataFrame(columns=cols)
    days = pd.date_range(created[keep].min(), created[keep].max(), freq="D", name="date")
    if by is None:
        counts = created[keep].value_counts().reindex(days, fill_value=0)
        return counts.rename("n").rename_axis("date").reset_index()
    groups = frame.loc[keep, by].fillna(NO_VALUE)
    wide = pd.crosstab(created[keep], groups).reindex(days, fill_value=0)
    wide.index.name = "date"
    wide.columns.name = by
    return wide.stack().rename("n").reset_index()[["date", by, "n"]]


def summarise_weekly(frame: pd.DataFrame) -> pd.DataFrame:
    """Volume, NPS and CSAT (top-2 %) per ISO week starting Monday.

    Returns:
        Columns ``week`` (the Monday), ``n`` (all rows), ``nps``, ``csat``
        (NaN where the week has no answers).
    """
    created = pd.to_datetime(frame["created_at"])
    week = (created.dt.normalize() - pd.to_timedelta(created.dt.weekday, unit="D")).rename("week")
    rows = []
    for monday, group in frame.groupby(week, sort=True):
        rows.append(
            {
                "week": monday,
                "n": len(group),
                "nps": _nps_of(originals(group)).value,
                "csat": _csat_of(originals(group)).value,
            }
        )
    return pd.DataFrame(rows, columns=["week", "n", "nps", "csat"])


def pick_representatives(
    frame: pd.DataFrame,
    representative_ids: Sequence[str] | None,
    representative_texts: Sequence[str] | None,
    *,
    topic_id: int,
    k: int = 5,
) -> list[dict[str, Any]]:
    """Up to ``k`` representative comments of a topic, redacted text only.

    Comments named by the topic model come first (looked up in the frame for
    their metadata); the rest are filled with the topic's most confident
    original comments. A text is shown once: copies (the same words with
    another handle, link or ``RT``, see :func:`text_key`) are skipped.

    Returns:
        Dicts with ``text`` and, where known, ``created_at``, ``source``,
        ``channel``, ``region``, ``journey_stage``, ``nps``, ``sentiment``,
        ``emotion``.
    """
    meta_cols = ["source", "channel", "region", "product", "journey_stage", "sentiment", "emotion"]
    by_id = frame.set_index("feedback_id", drop=False) if "feedback_id" in frame.columns else None
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def _from_row(row: pd.Series) -> dict[str, Any]:
        item: dict[str, Any] = {"text": str(row["text"])}
        for col in meta_cols:
            value = row.get(col)
            item[col] = None if value is None or pd.isna(value) else str(value)
        score = row.get("nps")
        item["nps"] = None if score is None or pd.isna(score) else int(score)
        created = row.get("created_at")
        item["created_at"] = None if created is None or pd.isna(created) else created
        return item

    def _fresh(text: Any) -> bool:
        """True (and remembered) for a non-blank text not already shown, copies included."""
        if not isinstance(text, str) or not text.strip():
            return False
        key = text_key(text) or text.strip()
        if key in seen:
            return False
        seen.add(key)
        return True

    ids = list(representative_ids or [])
    texts = list(representative_texts or [])
    for i, fid in enumerate(ids):
        if len(out) >= k:
            break
        if by_id is not None and fid in by_id.index:
            row = by_id.loc[fid]
            if isinstance(row, pd.DataFrame):
                row = row.iloc[0]
            if isinstance(row["text"], str) and row["text"].strip():
                if _fresh(row["text"]):
                    out.append(_from_row(row))
                continue
        if i < len(texts) and _fresh(texts[i]):
            out.append({"text": texts[i]} | {c: None for c in [*meta_cols, "nps", "created_at"]})
    if len(out) < k:
        pool = originals(frame)
        pool = pool[(pool["topic_id"] == topic_id) & pool["text"].notna()]
        if {"p_POS", "p_NEU", "p_NEG"} <= set(pool.columns):
            confidence = pool[["p_POS", "p_NEU", "p_NEG"]].max(axis=1)
            pool = pool.assign(_conf=confidence).sort_values("_conf", ascending=False)
        for _, row in pool.iterrows():
            if len(out) >= k:
                break
            if _fresh(str(row["text"])):
                out.append(_from_row(row))
    return out
