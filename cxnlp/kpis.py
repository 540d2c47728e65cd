"""Headline KPIs of a window with their confidence and trend against the previous period."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from cxnlp import metrics


def _csat_top2_share(frame: pd.DataFrame) -> metrics.Estimate:
    """CSAT top-2-box share over rows on any declared scale (see metrics.csat_top2_by_row)."""
    return metrics.csat_top2_by_row(
        pd.to_numeric(frame["csat"], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
        pd.to_numeric(frame["csat_scale"], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
    )


def _period(frame: pd.DataFrame) -> dict[str, metrics.Estimate]:
    scored = frame[frame["dup_of"].isna()] if "dup_of" in frame else frame
    tickets = scored[scored["source_kind"] == "ticket"]
    ttr = tickets["ttr_hours"].dropna().to_numpy(dtype=float)
    ttr = ttr[np.isfinite(ttr) & (ttr >= 0)]
    n = len(frame)
    return {
        "nps": metrics.nps(scored["nps"].dropna().to_numpy()),
        "csat": _csat_top2_share(scored),
        "ces": metrics.ces_mean(scored["ces"].dropna().to_numpy()),
        "ttr": metrics.ttr_summary(ttr)["median"]
        if len(ttr)
        else metrics.Estimate(float("nan"), float("nan"), float("nan"), 0),
        "fcr": metrics.fcr_rate(tickets["fcr"].dropna().astype(bool).to_numpy()),
        "volume": metrics.Estimate(float(n), float(n), float(n), n),
    }


def compute_kpis(
    frame: pd.DataFrame, *, as_of: datetime, days: int = 30
) -> dict[str, dict[str, Any]]:
    """KPIs of the last ``days`` before ``as_of`` with their change against the ``days`` before.

    Returns:
        KPI key -> ``{value, lo, hi, n, trend, period_days}``; ``trend`` is the
        difference to the previous period (NaN when it has no data).
    """
    created = pd.to_datetime(frame["created_at"])
    now = frame[(created >= as_of - timedelta(days=days)) & (created < as_of)]
    before = frame[
        (created >= as_of - timedelta(days=2 * days)) & (created < as_of - timedelta(days=days))
    ]
    current, previous = _period(now), _period(before)
    result: dict[str, dict[str, Any]] = {}
    for key, est in current.items():
        prev = previous[key]
        trend = est.value - prev.value if prev.n and est.n else float("nan")
        result[key] = {**est.as_dict(), "trend": trend, "period_days": days}
    return result
