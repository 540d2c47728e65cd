"""The pieces every metric shares: the :class:`Estimate`, input checks and intervals."""

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
