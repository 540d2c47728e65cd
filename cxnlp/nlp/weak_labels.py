"""Weak sentiment labels from the scores customers gave next to their comments.

An NPS of 0-4 with a comment is rarely praise and a 9-10 rarely a complaint, so
a score says something about the comment's tone without anybody reading it.
The bands are ``models.adapt.nps_bands`` / ``csat_bands``; see docs/models.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxnlp.nlp.config import AdaptConfig


def _band_of(scores: pd.Series, bands: dict[str, list[int]]) -> pd.Series:
    lookup = {score: label for label, members in bands.items() for score in members}
    whole = scores.where(np.isclose(scores, scores.round()))
    return whole.round().map(lambda v: lookup.get(int(v)) if pd.notna(v) else None)


def csat_on_five(csat: pd.Series, scale: pd.Series) -> pd.Series:
    """CSAT (or stars) put on a 1-5 scale, rounded; NaN when there is no score."""
    value = pd.to_numeric(csat, errors="coerce").astype(float)
    top = pd.to_numeric(scale, errors="coerce").astype(float).fillna(5.0)
    on_five = 1.0 + 4.0 * (value - 1.0) / (top - 1.0).where(top > 1)
    return on_five.round().where(on_five.between(1, 5))


def weak_sentiment(frame: pd.DataFrame, config: AdaptConfig) -> pd.Series:
    """The weak sentiment label of each row (None when its scores say nothing or disagree).

    Args:
        frame: rows with ``nps`` and/or ``csat`` and ``csat_scale``.
        config: the bands.

    Returns:
        ``POS``/``NEU``/``NEG`` or None per row, on ``frame``'s index.
    """
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    votes = []
    if "nps" in frame.columns:
        nps = pd.to_numeric(frame["nps"], errors="coerce").astype(float)
        votes.append(_band_of(nps.where(nps.between(0, 10)), config.nps_bands))
    if "csat" in frame.columns:
        scale = frame["csat_scale"] if "csat_scale" in frame.columns else pd.Series(5, frame.index)
        votes.append(_band_of(csat_on_five(frame["csat"], scale), config.csat_bands))
    for vote in votes:
        agree = out.isna() | vote.isna() | (out == vote)
        out = out.where(vote.isna(), vote).where(agree, "conflict")
    return out.where(out != "conflict", None).astype(object)
