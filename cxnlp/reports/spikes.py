"""Spike detection on daily mention counts: a rise over a rolling baseline.

A day is a spike when its count stands ``z`` deviations above the mean of the
``window`` days before it (the day itself is never part of its own baseline).
The deviation has a Poisson floor, ``sqrt(baseline)``, and a floor of one, so a
flat or nearly empty history does not turn two extra mentions into an alarm.
The topics that drove a spike are those whose own count rose most over their
own baseline on that day.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from cxnlp.errors import ConfigError, CxnlpError

__all__ = ["SPIKE_COLUMNS", "detect_spikes"]

SPIKE_COLUMNS = (
    "date",
    "n",
    "baseline",
    "std",
    "zscore",
    "excess",
    "topics",
    "topic_excess",
)

_TOTAL = "__total__"


def _wide_counts(daily_counts: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Date x topic table of counts, every calendar day present (0 where absent)."""
    if isinstance(daily_counts, pd.Series):
        frame = daily_counts.rename("n").rename_axis("date").reset_index()
    elif isinstance(daily_counts, pd.DataFrame):
        frame = daily_counts
    else:
        raise CxnlpError(
            f"detect_spikes: daily_counts is a {type(daily_counts).__name__}; expected a "
            "DataFrame with columns date, n (and optionally topic_id) or a Series of "
            "counts indexed by date"
        )
    missing = [c for c in ("date", "n") if c not in frame.columns]
    if missing:
        raise CxnlpError(
            f"detect_spikes: daily_counts lacks column(s) {missing}; it has "
            f"{list(frame.columns)}, expected date, n and optionally topic_id"
        )
    if frame.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    dates = pd.to_datetime(frame["date"]).dt.normalize()
    counts = pd.to_numeric(frame["n"], errors="coerce").fillna(0.0)
    if (counts < 0).any():
        raise CxnlpError(
            f"detect_spikes: negative count {counts[counts < 0].iloc[0]!r} in daily_counts; "
            "expected counts >= 0"
        )
    if "topic_id" in frame.columns:
        topics = pd.to_numeric(frame["topic_id"], errors="coerce").fillna(-1).astype(int)
    else:
        topics = pd.Series(-1, index=frame.index)
    long = pd.DataFrame({"date": dates, "topic_id": topics, "n": counts})
    wide = long.pivot_table(index="date", columns="topic_id", values="n", aggfunc="sum")
    days = pd.date_range(wide.index.min(), wide.index.max(), freq="D", name="date")
    return wide.reindex(days).fillna(0.0)


def detect_spikes(
    daily_counts: pd.DataFrame | pd.Series,
    window: int = 14,
    z: float = 3.0,
    *,
    min_count: int = 5,
    min_history: int | None = None,
    top_k: int = 3,
) -> pd.DataFrame:
    """Find the days whose volume rose well above the rolling baseline.

    Args:
        daily_counts: Long frame with ``date``, ``n`` and optionally ``topic_id``
            (one row per day and topic; days with no row count as 0), or a Series
            of counts indexed by date.
        window: Days of history in the baseline.
        z: Deviations above the baseline that make a spike.
        min_count: Fewest mentions a day needs to be called a spike.
        min_history: Days of history needed before a day can be judged;
            ``max(3, window // 2)`` by default.
        top_k: Most topics listed as drivers of a spike.

    Returns:
        One row per spike day, oldest first, with the columns of
        :data:`SPIKE_COLUMNS`: the day's count ``n``, its ``baseline`` (mean of
        the previous days), ``std`` (the deviation used), ``zscore``, ``excess``
        (n - baseline), ``topics`` (ids of the topics that rose most that day,
        topic -1 left out) and ``topic_excess`` (their rise over their own
        baselines, same order).

    Raises:
        ConfigError: if ``window``, ``z``, ``min_count``, ``min_history`` or
            ``top_k`` is out of range.
        CxnlpError: if ``daily_counts`` lacks the needed columns or holds
            negative counts.
    """
    if not isinstance(window, int) or window < 2:
        raise ConfigError(f"detect_spikes: window={window!r}; expected an integer >= 2 days")
    if not (isinstance(z, (int, float)) and math.isfinite(z) and z > 0):
        raise ConfigError(f"detect_spikes: z={z!r}; expected a positive number of deviations")
    if min_history is None:
        min_history = max(3, window // 2)
    if not isinstance(min_history, int) or not 1 <= min_history <= window:
        raise ConfigError(
            f"detect_spikes: min_history={min_history!r}; expected an integer from 1 to "
            f"window ({window})"
        )
    if not isinstance(min_count, int) or min_count < 0:
        raise ConfigError(f"detect_spikes: min_count={min_count!r}; expected an integer >= 0")
    if not isinstance(top_k, int) or top_k < 0:
        raise ConfigError(f"detect_spikes: top_k={top_k!r}; expected an integer >= 0")

    wide = _wide_counts(daily_counts)
    if wide.empty:
        return pd.DataFrame(columns=list(SPIKE_COLUMNS))

    total = wide.sum(axis=1).rename(_TOTAL)
    history = total.shift(1).rolling(window, min_periods=min_history)
    baseline = history.mean()
    std = history.std(ddof=1).fillna(0.0)
    scale = np.maximum(np.maximum(std, np.sqrt(baseline.clip(lower=0))), 1.0)
    zscore = (total - baseline) / scale
    is_spike = baseline.notna() & (zscore >= z) & (total >= min_count)

    topic_cols = [c for c in wide.columns if c != -1]
    topic_base = wide[topic_cols].shift(1).rolling(window, min_periods=min_history).mean()
    topic_excess = wide[topic_cols] - topic_base

    rows = []
    for day in total.index[is_spike.to_numpy()]:
        excess_today = topic_excess.loc[day].dropna()
        excess_today = excess_today[excess_today > 0].sort_values(ascending=False, kind="stable")
        drivers = excess_today.head(top_k)
        rows.append(
            {
                "date": day,
                "n": int(round(total.loc[day])),
                "baseline": float(baseline.loc[day]),
                "std": float(scale.loc[day]),
                "zscore": float(zscore.loc[day]),
                "excess": float(total.loc[day] - baseline.loc[day]),
                "topics": [int(t) for t in drivers.index],
                "topic_excess": [float(v) for v in drivers.to_numpy()],
            }
        )
    return pd.DataFrame(rows, columns=list(SPIKE_COLUMNS))
