"""The scored rows grouped by topic-membership pattern, with the sums the estimators need.

A *pattern* is the set of ranked topics a comment belongs to; with one topic
per comment there is one pattern per topic plus the empty pattern (answers in
no ranked topic: outliers, small topics, answers without a comment). All
leave-one-out and key-driver estimates are functions of per-pattern sums of
the columns below, for each outcome (``nps`` and ``csat``):

``has`` (1 when the answer exists), ``y`` (the coded score, 0 when missing),
``s``, ``ss``, ``sy`` (tone covariate, its square and its product with ``y``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import Coded

OUTCOMES = ("nps", "csat")
SUM_FIELDS = ("has", "y", "s", "ss", "sy")


def column_index(outcome: str, field: str) -> int:
    """Position of an outcome's summed field in :attr:`ScoreDesign.values`."""
    return OUTCOMES.index(outcome) * len(SUM_FIELDS) + SUM_FIELDS.index(field)


@dataclass(frozen=True)
class ScoreDesign:
    """Scored rows ready for group-sum estimators.

    Attributes:
        topic_ids: The ranked topics, in column order of ``patterns``.
        patterns: ``(G, k)`` 0/1 matrix: which topics each pattern contains.
        groups: Pattern index of every scored row.
        values: ``(n, 10)`` summed columns (see :func:`column_index`).
    """

    topic_ids: np.ndarray
    patterns: np.ndarray
    groups: np.ndarray
    values: np.ndarray

    @property
    def n_groups(self) -> int:
        """Number of patterns."""
        return int(self.patterns.shape[0])


def build_design(
    coded: Coded,
    long: pd.DataFrame,
    topic_ids: np.ndarray,
    *,
    tone: Literal["residual", "raw", "none"] = "residual",
) -> ScoreDesign:
    """Group the scored rows by membership pattern over ``topic_ids``.

    Args:
        coded: The coded frame.
        long: Membership table ``(row, topic_id)``.
        topic_ids: The topics to model (ranked topics).
        tone: How the tone covariate is built (see ``RankingConfig.keydriver_tone``).

    Returns:
        The design.
    """
    k = len(topic_ids)
    scored_rows = np.flatnonzero(~np.isnan(coded.nps_pts) | ~np.isnan(coded.csat_100))
    position = np.full(len(coded.frame), -1)
    position[scored_rows] = np.arange(len(scored_rows))
    member = np.zeros((len(scored_rows), k), dtype=bool)
    code_of = pd.Series(np.arange(k), index=np.asarray(topic_ids, dtype=np.int64))
    sub = long[long["topic_id"].isin(code_of.index)]
    pos = position[sub["row"].to_numpy()]
    keep = pos >= 0
    member[pos[keep], code_of.loc[sub["topic_id"].to_numpy()[keep]].to_numpy()] = True
    patterns, groups = _patterns(member)

    columns: list[np.ndarray] = []
    raw_tone = coded.tone[scored_rows]
    for outcome in OUTCOMES:
        y = (coded.nps_pts if outcome == "nps" else coded.csat_100)[scored_rows]
        has = ~np.isnan(y)
        s = _tone_covariate(raw_tone, has, groups, len(patterns), tone)
        y0 = np.where(has, y, 0.0)
        columns += [has.astype(float), y0, s, s * s, s * y0]
    values = np.column_stack(columns) if columns else np.zeros((0, 10))
    return ScoreDesign(
        topic_ids=np.asarray(topic_ids, dtype=int),
        patterns=patterns.astype(float),
        groups=groups,
        values=values,
    )


def _patterns(member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct membership rows and each row's index into them; the empty pattern first."""
    n, k = member.shape
    if n == 0:
        return np.zeros((1, k), dtype=bool), np.zeros(0, dtype=np.int64)
    if k == 0:
        return np.zeros((1, 0), dtype=bool), np.zeros(n, dtype=np.int64)
    if (member.sum(axis=1) <= 1).all():
        # One topic per comment (the usual case): pattern 0 is "none", pattern i+1 is topic i.
        patterns = np.vstack([np.zeros((1, k), dtype=bool), np.eye(k, dtype=bool)])
        groups = np.where(member.any(axis=1), member.argmax(axis=1) + 1, 0)
        return patterns, groups.astype(np.int64)
    packed = np.packbits(member, axis=1)
    _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    patterns = member[first]
    empty = np.zeros((1, k), dtype=bool)
    if not (~patterns.any(axis=1)).any():
        patterns = np.vstack([empty, patterns])
        inverse = inverse + 1
    return patterns, inverse.ravel().astype(np.int64)


def _tone_covariate(
    tone: np.ndarray,
    has: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    mode: str,
) -> np.ndarray:
    """The tone column of the key-driver model for one outcome (0 where unknown)."""
    usable = has & ~np.isnan(tone)
    if mode == "none" or not usable.any():
        return np.zeros(len(tone))
    if mode == "raw":
        centred = tone - tone[usable].mean()
        return np.where(usable, centred, 0.0)
    # Residual: tone minus its pattern's mean tone, so it is orthogonal to every topic
    # indicator and the intercept (it cannot take a topic's credit, only its noise).
    counts = np.bincount(groups[usable], minlength=n_groups)
    sums = np.bincount(groups[usable], weights=tone[usable], minlength=n_groups)
    means = sums / np.maximum(counts, 1)
    return np.where(usable, tone - means[groups], 0.0)
