"""The analyst report's headline figures: KPI cards and the root-cause ranking rows."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from cxnlp.reports import aggregate as agg
from cxnlp.reports.data import KPI_SPECS, ReportData
from cxnlp.reports.render import as_list, fmt_num, fmt_signed

__all__ = [
    "as_float",
    "cell_flag",
    "cell_text",
    "daily_by_topic",
    "driver_growth",
    "kpi_cards",
    "order_topics",
    "ranking_rows",
]


def as_float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def cell_text(value: Any) -> str | None:
    """A cell as text; None for missing values (None, NaN, NA)."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return str(value)


def cell_flag(value: Any) -> bool:
    """A boolean cell; missing counts as False."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return False
    return bool(value)


def kpi_cards(kpis: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    cards = []
    for spec in KPI_SPECS:
        entry = kpis.get(spec.key, {})
        unit = str(entry.get("unit", spec.unit))
        value = as_float(entry.get("value"))
        lo, hi = as_float(entry.get("lo")), as_float(entry.get("hi"))
        trend = as_float(entry.get("trend"))
        if trend is None or abs(trend) < 10 ** (-spec.decimals) / 2:
            trend_class, arrow = "flat", "="
        else:
            better = (trend > 0) == spec.higher_is_better
            trend_class = "good" if better else "bad"
            arrow = "▲" if trend > 0 else "▼"
        n = entry.get("n")
        days = entry.get("period_days")
        cards.append(
            {
                "key": spec.key,
                # every card names its window: the KPIs cover the last `days` days, not
                # the whole topic window the ranking uses
                "period": f"últimos {int(days)} días" if days else "",
                "versus": f"vs los {int(days)} días anteriores" if days else "vs periodo anterior",
                "label": str(entry.get("label", spec.label)),
                "value": fmt_num(value, spec.decimals),
                "unit": unit if value is not None else "",
                "ci": (
                    f"IC 95 %: {fmt_num(lo, spec.decimals)} – {fmt_num(hi, spec.decimals)}"
                    if lo is not None and hi is not None
                    else ""
                ),
                "n": fmt_num(n, 0) if as_float(n) is not None else "",
                "trend": f"{arrow} {fmt_signed(trend, spec.decimals)}" if trend is not None else "",
                "trend_class": trend_class,
                "help": spec.help,
                "missing": value is None,
            }
        )
    return cards


def order_topics(data: ReportData, counts: pd.Series) -> list[int]:
    """Topic ids in ranking order, then topics outside the ranking by volume."""
    drivers = data.drivers[data.drivers["topic_id"] != -1]
    if "rank" in drivers.columns:
        drivers = drivers.sort_values("rank", kind="stable", na_position="last")
    elif "priority" in drivers.columns:
        drivers = drivers.sort_values("priority", ascending=False, kind="stable")
    ordered = [int(t) for t in drivers["topic_id"]]
    rest = [int(t) for t in counts.index if int(t) != -1 and int(t) not in ordered]
    return ordered + sorted(rest, key=lambda t: -int(counts.get(t, 0)))


def _growth(daily: pd.DataFrame, days: int = 14) -> float | None:
    """Percent change of the last ``days`` days against the ``days`` before."""
    if daily.empty:
        return None
    last = daily["date"].max()
    recent = daily.loc[daily["date"] > last - pd.Timedelta(days=days), "n"].sum()
    before = daily.loc[
        (daily["date"] <= last - pd.Timedelta(days=days))
        & (daily["date"] > last - pd.Timedelta(days=2 * days)),
        "n",
    ].sum()
    if before == 0:
        return None
    return 100.0 * (recent - before) / before


def _growth_label(percent: float | None) -> str:
    """ "+23 %", or "×3,5" once the share has at least doubled (as "Por qué" words it)."""
    if percent is None:
        return ""
    if percent >= 100.0:
        return f"×{fmt_num(1.0 + percent / 100.0)}"
    return f"{fmt_signed(percent, 0)} %"


def driver_growth(data: ReportData, order: list[int]) -> dict[int, float | None]:
    """Each topic's trend as the drivers computed it, in percent.

    The change of the topic's share of comments in the last ``trend_days``
    against its share before them: the figure the priority uses and the
    "Por qué" sentence quotes, so the column and the sentence agree. Falls back
    to the daily volumes only for a report built without a drivers table.
    """
    drivers = data.drivers.drop_duplicates("topic_id").set_index("topic_id")
    if "growth" not in drivers.columns:
        daily = daily_by_topic(data)
        return {t: _growth(daily[daily["topic_id"] == t]) for t in order}
    out: dict[int, float | None] = {}
    for t in order:
        value = as_float(drivers.at[t, "growth"]) if t in drivers.index else None
        out[t] = None if value is None else 100.0 * value
    return out


def daily_by_topic(data: ReportData) -> pd.DataFrame:
    """Daily counts per topic over the whole window, zeros filled."""
    if len(data.topic_daily):
        daily = data.topic_daily.groupby(["date", "topic_id"], as_index=False)["n"].sum()
    else:
        daily = agg.count_daily(data.frame, by="topic_id")
    if daily.empty:
        return pd.DataFrame(columns=["date", "topic_id", "n"])
    start, end = data.window
    lo = min(daily["date"].min(), start.normalize()) if start is not None else daily["date"].min()
    hi = max(daily["date"].max(), end.normalize()) if end is not None else daily["date"].max()
    days = pd.date_range(lo, hi, freq="D", name="date")
    wide = daily.pivot_table(index="date", columns="topic_id", values="n", aggfunc="sum")
    wide = wide.reindex(days).fillna(0).astype(int)
    return wide.stack().rename("n").reset_index()


def _impact_bar(
    value: float | None, lo: float | None, hi: float | None, scale: float
) -> dict[str, Any]:
    """Geometry (percent of the cell) of an impact bar centred on zero, with its interval."""
    if value is None or scale <= 0:
        return {}
    half = 50.0 / scale
    bar = {
        "left": 50.0 + min(value, 0.0) * half,
        "width": abs(value) * half,
        "cls": "hurts" if value < 0 else "helps",
    }
    if lo is not None and hi is not None:
        bar["ci_left"] = 50.0 + min(lo, hi) * half
        bar["ci_width"] = abs(hi - lo) * half
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in bar.items()}


def ranking_rows(
    data: ReportData,
    order: list[int],
    labels: dict[int, str],
    counts: pd.Series,
    growth: dict[int, float | None],
) -> list[dict[str, Any]]:
    drivers = data.drivers.drop_duplicates("topic_id").set_index("topic_id")
    total = int(counts.sum()) or 1
    n_topics = {
        int(t): len(as_list(m))
        for t, m in zip(
            data.topics["topic_id"],
            data.topics.get("member_topic_ids", pd.Series([None] * len(data.topics))),
            strict=True,
        )
    }

    def col(tid: int, name: str) -> Any:
        if name not in drivers.columns or tid not in drivers.index:
            return None
        return drivers.at[tid, name]

    ranked = [t for t in order if t in drivers.index]
    bounds = [
        abs(v)
        for t in ranked
        for v in (
            as_float(col(t, "loo_nps")),
            as_float(col(t, "loo_nps_lo")),
            as_float(col(t, "loo_nps_hi")),
        )
        if v is not None
    ]
    scale = max(bounds, default=0.0)
    rows = []
    for position, tid in enumerate(ranked, start=1):
        impact = as_float(col(tid, "loo_nps"))
        lo, hi = as_float(col(tid, "loo_nps_lo")), as_float(col(tid, "loo_nps_hi"))
        reason = col(tid, "reason")
        reasons = [str(r) for r in as_list(reason)] if not isinstance(reason, str) else [reason]
        rank = as_float(col(tid, "rank"))
        csat_impact = as_float(col(tid, "loo_csat"))
        rows.append(
            {
                "topic_id": tid,
                "rank": int(rank) if rank is not None else position,
                "label": labels.get(tid, f"Tema {tid}"),
                "n": int(counts.get(tid, 0)),
                "share": 100.0 * int(counts.get(tid, 0)) / total,
                # a topic NPS only where the ranking estimates its impact (enough scored
                # answers, ranking.min_scored): "Por qué" then says "Sin puntuaciones"
                "nps": as_float(col(tid, "nps")) if impact is not None else None,
                "impact": impact,
                "impact_ci": (lo, hi) if lo is not None and hi is not None else None,
                "csat_impact": csat_impact,
                "csat_ci": (as_float(col(tid, "loo_csat_lo")), as_float(col(tid, "loo_csat_hi"))),
                "bar": _impact_bar(impact, lo, hi, scale),
                "growth": growth.get(tid),
                "growth_label": (
                    "nuevo" if cell_flag(col(tid, "is_new")) else _growth_label(growth.get(tid))
                ),
                "emerging": cell_flag(col(tid, "emerging")),
                "n_topics": n_topics.get(tid, 1),
                "priority": as_float(col(tid, "priority")),
                "band": str(col(tid, "priority_band") or ""),
                # a backlog item this run (the drivers' evidence gate); None: a table from before it
                "in_backlog": (
                    cell_flag(col(tid, "in_backlog"))
                    if col(tid, "in_backlog") is not None
                    else None
                ),
                "reasons": [r for r in reasons if r and r != "nan"],
                # analysts' edits (cxnlp.themes): "✎ renombrado por ana", ...
                "curation": (col(tid, "curation") if isinstance(col(tid, "curation"), str) else ""),
            }
        )
    return rows
