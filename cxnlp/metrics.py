"""Customer-experience score metrics with confidence intervals, in one place.

Every metric returns an :class:`Estimate` (point value, interval bounds and the
number of valid answers it rests on) so that reports never show a number
without saying how sure it is. Missing answers (``None``, ``NaN``, ``pd.NA``)
are ignored everywhere; values outside a metric's range raise
:class:`~cxnlp.errors.CxnlpError`, because a 12 on a 0-10 scale means the
source mapping is wrong, not that the customer was very happy.

Conventions:

- Shares (NPS components, top-2 box, DSAT, FCR) are in percent, 0-100; NPS
  itself runs from -100 to 100.
- Means (CSAT, CES) are on the answer's own scale.
- With no valid answer the value and bounds are ``NaN`` and ``n`` is 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from cxnlp.errors import ConfigError, CxnlpError

__all__ = [
    "CSAT_SCALES",
    "Estimate",
    "ces_mean",
    "csat_mean",
    "csat_top2",
    "dsat",
    "fcr_rate",
    "nps",
    "nps_value",
    "ttr_summary",
    "wilson_interval",
]

CSAT_SCALES = (5, 7, 10)

_NAN = float("nan")


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval.

    Attributes:
        value: The point estimate (``NaN`` when ``n`` is 0).
        lo: Lower bound of the interval.
        hi: Upper bound of the interval.
        n: Number of valid observations behind the estimate.
    """

    value: float
    lo: float
    hi: float
    n: int

    @property
    def margin(self) -> float:
        """Half the width of the interval (``NaN`` when empty)."""
        return (self.hi - self.lo) / 2.0

    def as_dict(self) -> dict[str, float | int]:
        """Return the fields as a plain dict (for JSON and data frames)."""
        return asdict(self)


def _empty() -> Estimate:
    return Estimate(_NAN, _NAN, _NAN, 0)


def _check_confidence(confidence: float) -> None:
    if not (isinstance(confidence, (int, float)) and 0.0 < float(confidence) < 1.0):
        raise ConfigError(
            f"confidence={confidence!r} is not usable; expected a number strictly between 0 and 1 "
            "(e.g. 0.95)"
        )


def _check_scale(scale: Any) -> int:
    if isinstance(scale, bool) or scale not in CSAT_SCALES:
        raise ConfigError(
            f"CSAT scale {scale!r} is not supported; accepted scales: "
            f"{', '.join(str(s) for s in CSAT_SCALES)}"
        )
    return int(scale)


def _as_floats(values: Any, metric: str) -> NDArray[np.float64]:
    """Turn a list, array or Series (possibly with missing values) into floats, NaN dropped."""
    try:
        if hasattr(values, "to_numpy"):
            arr = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            if not isinstance(values, (np.ndarray, list, tuple)) and isinstance(values, Iterable):
                values = list(values)
            arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise CxnlpError(
            f"{metric}: could not read the scores as numbers ({exc}); "
            "expected numbers, with None/NaN for missing answers"
        ) from exc
    arr = np.atleast_1d(arr).ravel()
    return arr[~np.isnan(arr)]


def _check_range(
    arr: NDArray[np.float64], low: float, high: float, metric: str, *, integer: bool
) -> None:
    bad = (arr < low) | (arr > high)
    if integer:
        bad |= arr != np.round(arr)
    if bad.any():
        first = arr[bad][0]
        shown = int(first) if float(first).is_integer() else float(first)
        kind = "integers" if integer else "numbers"
        raise CxnlpError(
            f"{metric}: score {shown!r} is outside the accepted range; "
            f"expected {kind} from {low:g} to {high:g} ({int(bad.sum())} such value(s))"
        )


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion, as fractions in [0, 1].

    Args:
        successes: Number of successes.
        n: Number of trials.
        confidence: Coverage of the interval.

    Returns:
        ``(lo, hi)``; ``(nan, nan)`` when ``n`` is 0.
    """
    _check_confidence(confidence)
    if n <= 0:
        return _NAN, _NAN
    z = _z(confidence)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Exact bounds at the edges: rounding would otherwise leave a 1e-17 lower bound.
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= n else min(1.0, centre + half)
    return lo, hi


def _share(hits: int, n: int, confidence: float) -> Estimate:
    if n == 0:
        return _empty()
    lo, hi = wilson_interval(hits, n, confidence=confidence)
    return Estimate(100.0 * hits / n, 100.0 * lo, 100.0 * hi, n)


def _mean_t(arr: NDArray[np.float64], low: float, high: float, confidence: float) -> Estimate:
    n = int(arr.size)
    if n == 0:
        return _empty()
    mean = float(arr.mean())
    if n == 1:
        return Estimate(mean, mean, mean, 1)
    se = float(arr.std(ddof=1)) / math.sqrt(n)
    half = float(stats.t.ppf(0.5 + confidence / 2.0, df=n - 1)) * se
    return Estimate(mean, max(low, mean - half), min(high, mean + half), n)


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


def dsat(scores: Any, scale: int, *, confidence: float = 0.95) -> Estimate:
    """Return DSAT: percent of answers in the bottom-2 box (1-2, or 0-2 on 0-10).

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


# ------------------------------------------------------------------------ tickets


def _bootstrap_quantile(
    sorted_values: NDArray[np.float64],
    q: float,
    *,
    n_boot: int,
    rng: np.random.Generator,
    confidence: float,
) -> Estimate:
    """Percentile-bootstrap interval of a quantile, without materialising resamples.

    In a resample of size n drawn with replacement, the k-th smallest value is
    ``sorted[floor(n * U_(k))]`` where ``U_(k)`` is the k-th order statistic of n
    uniforms, distributed Beta(k, n - k + 1). Drawing that Beta gives the same
    bootstrap distribution as resampling, at O(n_boot) cost instead of
    O(n_boot * n), so a million tickets cost no more than a hundred.
    """
    n = int(sorted_values.size)
    value = float(np.quantile(sorted_values, q))
    k = max(1, math.ceil(q * n))
    u = rng.beta(k, n - k + 1, size=n_boot)
    idx = np.minimum((u * n).astype(np.int64), n - 1)
    boot = sorted_values[idx]
    alpha = (1.0 - confidence) / 2.0
    lo = float(np.quantile(boot, alpha))
    hi = float(np.quantile(boot, 1.0 - alpha))
    return Estimate(value, min(lo, value), max(hi, value), n)


def ttr_summary(
    hours: Any,
    *,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> dict[str, Estimate]:
    """Summarise time to resolution: median and 90th percentile, bootstrap intervals.

    Args:
        hours: Resolution times in hours (None/NaN for open tickets, ignored).
        confidence: Coverage of the percentile-bootstrap intervals.
        n_boot: Number of bootstrap replicates.
        seed: Seed of the bootstrap, so reruns give identical intervals.

    Returns:
        ``{"median": Estimate, "p90": Estimate}`` in hours.

    Raises:
        CxnlpError: if a time is negative or infinite.
        ConfigError: if ``confidence`` or ``n_boot`` is not usable.
    """
    _check_confidence(confidence)
    if not isinstance(n_boot, int) or n_boot < 100:
        raise ConfigError(f"n_boot={n_boot!r} is too small; expected an integer >= 100")
    arr = _as_floats(hours, "TTR")
    _check_range(arr, 0, math.inf, "TTR (hours)", integer=False)
    if np.isinf(arr).any():
        raise CxnlpError("TTR (hours): infinite time found; expected finite hours >= 0")
    if arr.size == 0:
        return {"median": _empty(), "p90": _empty()}
    ordered = np.sort(arr)
    rng = np.random.default_rng(seed)
    return {
        "median": _bootstrap_quantile(ordered, 0.5, n_boot=n_boot, rng=rng, confidence=confidence),
        "p90": _bootstrap_quantile(ordered, 0.9, n_boot=n_boot, rng=rng, confidence=confidence),
    }


def fcr_rate(flags: Any, *, confidence: float = 0.95) -> Estimate:
    """Return the first-contact-resolution rate in percent, with a Wilson interval.

    Args:
        flags: Booleans or 0/1 per ticket (None/NaN ignored).
        confidence: Coverage of the interval.

    Raises:
        CxnlpError: if a flag is neither true/false nor 0/1.
        ConfigError: if ``confidence`` is not in (0, 1).
    """
    _check_confidence(confidence)
    arr = _as_floats(flags, "FCR")
    _check_range(arr, 0, 1, "FCR", integer=True)
    return _share(int(arr.sum()), int(arr.size), confidence)
