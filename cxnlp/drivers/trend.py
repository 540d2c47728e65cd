"""Trend: is a topic's share of comments rising against its own past?

For each topic, its share of comments in the recent window (``trend_days``
up to ``as_of``) is compared with its share before that window by a one-sided
two-proportion z-test. Many topics are tested each night, so p-values are
adjusted across topics with Benjamini-Hochberg (false-discovery rate
``trend_alpha``). A topic is *emerging* when the adjusted test rejects and the
share rose by at least ``trend_min_growth``, or when it is new: no comment
before the window and at least ``emerging_min_count`` in it. Either way it
needs ``emerging_min_count`` recent comments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); NaN stays NaN."""
    p = np.asarray(p_values, dtype=float)
    q = np.full(p.shape, np.nan)
    known = ~np.isnan(p)
    m = int(known.sum())
    if m == 0:
        return q
    order = np.argsort(p[known])
    ranked = p[known][order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    q[known] = out
    return q


def detect_trends(
    n_recent: np.ndarray,
    total_recent: int,
    n_base: np.ndarray,
    total_base: int,
    *,
    alpha: float,
    min_growth: float,
    min_count: int,
) -> pd.DataFrame:
    """Test every topic's rise of share, recent window against baseline.

    Args:
        n_recent: Comments per topic in the recent window.
        total_recent: All comments in the recent window.
        n_base: Comments per topic before the window.
        total_base: All comments before the window.
        alpha: False-discovery rate across topics.
        min_growth: Smallest relative rise that can flag a topic (0.25 = +25 %).
        min_count: Smallest recent count that can flag a topic.

    Returns:
        One row per topic: ``share_recent``, ``share_base``, ``growth`` (relative change
        of share, NaN without a baseline share), ``trend_z``, ``trend_p`` (one-sided),
        ``trend_q`` (BH-adjusted), ``is_new`` and ``emerging``.
    """
    x1 = np.asarray(n_recent, dtype=float)
    x0 = np.asarray(n_base, dtype=float)
    n1 = float(total_recent)
    n0 = float(total_base)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = x1 / n1 if n1 > 0 else np.full_like(x1, np.nan)
        p0 = x0 / n0 if n0 > 0 else np.full_like(x0, np.nan)
        pooled = (x1 + x0) / (n1 + n0) if n1 + n0 > 0 else np.full_like(x1, np.nan)
        se = (
            np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0))
            if n1 > 0 and n0 > 0
            else np.nan
        )
        z = (p1 - p0) / se
        growth = np.where(p0 > 0, p1 / p0 - 1.0, np.nan)
    z = np.where(np.isfinite(z), z, np.nan)
    p_value = np.where(np.isnan(z), np.nan, norm.sf(z))
    q_value = benjamini_hochberg(p_value)
    enough = x1 >= min_count
    rising = (q_value < alpha) & (growth >= min_growth)
    is_new = (x0 == 0) & (n0 > 0) & enough
    return pd.DataFrame(
        {
            "share_recent": p1,
            "share_base": p0,
            "growth": growth,
            "trend_z": z,
            "trend_p": p_value,
            "trend_q": q_value,
            "is_new": is_new,
            "emerging": (enough & rising) | is_new,
        }
    )
