"""Survey scores: NPS, CSAT (top-2 box, DSAT, mean) and CES, each with its interval."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cxnlp.metrics.core import (
    _NAN,
    Estimate,
    _as_floats,
    _check_confidence,
    _check_range,
    _check_scale,
    _empty,
    _mean_t,
    _share,
    _z,
)

# --------------------------------------------------------------------------- NPS


def _nps_counts(scores: Any, metric: str) -> tuple[int, int, int]:
    arr = _as_floats(scores, metric)
    _check_range(arr, 0, 10, metric, integer=True)
    promoters = int((arr >= 9).sum())
    detractors = int((arr <= 6).sum())
    return promoters, detractors, int(arr.size)


def nps_value(scores: Any) -> float:
    """Return the Net Promoter Score of 0-10 answers.

    NPS is the percentage of promoters (9-10) minus the percentage of
    detractors (0-6), from -100 to 100. Missing answers are ignored.

    Args:
        scores: 0-10 integer answers (list, array or Series; None/NaN allowed).

    Returns:
        The NPS, or ``NaN`` when there is no valid answer.

    Raises:
        CxnlpError: if a score is not an integer from 0 to 10.
    """
    promoters, detractors, n = _nps_counts(scores, "NPS")
    if n == 0:
        return _NAN
    return 100.0 * (promoters - detractors) / n


def nps(scores: Any, *, confidence: float = 0.95) -> Estimate:
    """Return the NPS with an analytic (normal-approximation) interval.

    Each answer is coded +1 (promoter), 0 (passive) or -1 (detractor); NPS is
    100 times the mean of that coding, whose variance under the multinomial
    model is ``p_pro + p_det - (p_pro - p_det) ** 2``. The interval is clipped
    to [-100, 100]; with all answers in one class it has zero width.

    Args:
        scores: 0-10 integer answers (None/NaN ignored).
        confidence: Coverage of the interval.

    Returns:
        The estimate, in NPS points.

    Raises:
        CxnlpError: if a score is not an integer from 0 to 10.
        ConfigError: if ``confidence`` is not in (0, 1).
    """
    _check_confidence(confidence)
    promoters, detractors, n = _nps_counts(scores, "NPS")
    if n == 0:
        return _empty()
    p_pro = promoters / n
    p_det = detractors / n
    value = p_pro - p_det
    variance = max(0.0, p_pro + p_det - value * value)
    half = _z(confidence) * math.sqrt(variance / n)
    return Estimate(
        100.0 * value,
        100.0 * max(-1.0, value - half),
        100.0 * min(1.0, value + half),
        n,
    )


# -------------------------------------------------------------------------- CSAT


def _csat_array(scores: Any, scale: Any, metric: str) -> tuple[NDArray[np.float64], int]:
    top = _check_scale(scale)
    arr = _as_floats(scores, metric)
    # 10-point CSAT exports come both as 1-10 and 0-10; accept both.
    low = 0 if top == 10 else 1
    _check_range(arr, low, top, f"{metric} (scale {top})", integer=False)
    return arr, top


def csat_top2(scores: Any, scale: int, *, confidence: float = 0.95) -> Estimate:
    """Return the top-2-box CSAT: percent of answers in the two highest points.

    Args:
        scores: Answers on a 1-``scale`` scale (0-10 accepted for ``scale=10``).
        scale: 5, 7 or 10.
        confidence: Coverage of the Wilson interval.

    Returns:
        The share in percent with its Wilson interval.

    Raises:
        ConfigError: if ``scale`` or ``confidence`` is not supported.
        CxnlpError: if an answer lies outside the scale.
    """
    _check_confidence(confidence)
    arr, top = _csat_array(scores, scale, "CSAT")
    return _share(int((arr >= top - 1).sum()), int(arr.size), confidence)


def csat_top2_by_row(scores: Any, scales: Any, *, confidence: float = 0.95) -> Estimate:
    """Top-2-box CSAT over answers on mixed scales, each read on its own row's scale.

    The same definition as :func:`csat_top2` (an answer counts when it is at
    least its scale's top minus one) for a window that mixes sources on 5-, 7-
    and 10-point scales; a missing scale is read as 5. Answers come from the
    store, checked against their scale when they were loaded.

    Args:
        scores: The answers (None/NaN ignored, with their scale).
        scales: Each answer's scale, aligned with ``scores``.
        confidence: Coverage of the Wilson interval.
    """
    _check_confidence(confidence)
    values = np.asarray(scores, dtype=float)
    tops = np.nan_to_num(np.asarray(scales, dtype=float), nan=5.0)
    known = ~np.isnan(values)
    hits = int((values[known] >= tops[known] - 1).sum())
    return _share(hits, int(known.sum()), confidence)


def dsat(scores: Any, scale: int, *, confidence: float = 0.95) -> Estimate:
    """Return DSAT: percent of answers in the bottom-2 box (1-2, or 0-2 on 0-10).

    Arguments, result and errors as :func:`csat_top2`.
    """
    _check_confidence(confidence)
    arr, _ = _csat_array(scores, scale, "DSAT")
    return _share(int((arr <= 2).sum()), int(arr.size), confidence)


def csat_mean(scores: Any, scale: int, *, confidence: float = 0.95) -> Estimate:
    """Return the mean CSAT on its own scale, with a Student-t interval.

    Args:
        scores: Answers on a 1-``scale`` scale (0-10 accepted for ``scale=10``).
        scale: 5, 7 or 10.
        confidence: Coverage of the interval.

    Returns:
        The mean with its t interval, clipped to the scale.

    Raises:
        ConfigError: if ``scale`` or ``confidence`` is not supported.
        CxnlpError: if an answer lies outside the scale.
    """
    _check_confidence(confidence)
    arr, top = _csat_array(scores, scale, "CSAT")
    return _mean_t(arr, 0.0 if top == 10 else 1.0, float(top), confidence)


# --------------------------------------------------------------------------- CES


def ces_mean(scores: Any, *, confidence: float = 0.95) -> Estimate:
    """Return the mean Customer Effort Score (1-7, 7 = very easy) with a Student-t interval.

    Answers come from the store, where every source's CES is already on that one
    convention (``cxnlp.sources.values.canonical_ces``): a higher mean is better.

    Args:
        scores: 1-7 answers (None/NaN ignored).
        confidence: Coverage of the interval.

    Raises:
        CxnlpError: if an answer is not from 1 to 7.
        ConfigError: if ``confidence`` is not in (0, 1).
    """
    _check_confidence(confidence)
    arr = _as_floats(scores, "CES")
    _check_range(arr, 1, 7, "CES", integer=False)
    return _mean_t(arr, 1.0, 7.0, confidence)
