"""The analyst report: KPIs, root-cause ranking, one section per topic, what changed."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.reports import aggregate as agg
from cxnlp.reports import charts
from cxnlp.reports.data import KPI_SPECS, ReportData
from cxnlp.reports.notices import run_notices
from cxnlp.reports.render import as_list, fmt_date, fmt_num, fmt_signed, write_page
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

log = logging.getLogger(__name__)

__all__ = ["render_analyst_report"]

STATUS_NAMES = {
    "new": "nuevo",
    "persisting": "persistente",
    "emerging": "emergente",
    "resolved": "resuelto",
}
SEGMENT_COLUMNS = {
    "source": "Fuente",
    "channel": "Canal",
    "region": "Región",
    "product": "Producto",
    "journey_stage": "Etapa",
}
N_COMMENTS = 5


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    """A cell as text; None for missing values (None, NaN, NA)."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return str(value)


def _flag(value: Any) -> bool:
    """A boolean cell; missing counts as False."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return False
    return bool(value)


def _kpi_cards(kpis: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    cards = []
    for spec in KPI_SPECS:
        entry = kpis.get(spec.key, {})
        unit = str(entry.get("unit", spec.unit))
        value = _float(entry.get("value"))
        lo, hi = _float(entry.get("lo")), _float(entry.get("hi"))
        trend = _float(entry.get("trend"))
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
                "n": fmt_num(n, 0) if _float(n) is not None else "",
                "trend": f"{arrow} {fmt_signed(trend, spec.decimals)}" if trend is not None else "",
                "trend_class": trend_class,
                "help": spec.help,
                "missing": value is None,
            }
        )
    return cards


def _order_topics(data: ReportData, counts: pd.Series) -> list[int]:
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


def _driver_growth(data: ReportData, order: list[int]) -> dict[int, float | None]:
    """Each topic's trend as the drivers computed it, in percent.

    The change of the topic's share of comments in the last ``trend_days``
    against its share before them: the figure the priority uses and the
    "Por qué" sentence quotes, so the column and the sentence agree. Falls back
    to the daily volumes only for a report built without a drivers table.
    """
    drivers = data.drivers.drop_duplicates("topic_id").set_index("topic_id")
    if "growth" not in drivers.columns:
        daily = _daily_by_topic(data)
        return {t: _growth(daily[daily["topic_id"] == t]) for t in order}
    out: dict[int, float | None] = {}
    for t in order:
        value = _float(drivers.at[t, "growth"]) if t in drivers.index else None
        out[t] = None if value is None else 100.0 * value
    return out


def _daily_by_topic(data: ReportData) -> pd.DataFrame:
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


def _ranking_rows(
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
            _float(col(t, "loo_nps")),
            _float(col(t, "loo_nps_lo")),
            _float(col(t, "loo_nps_hi")),
        )
        if v is not None
    ]
    scale = max(bounds, default=0.0)
    rows = []
    for position, tid in enumerate(ranked, start=1):
        impact = _float(col(tid, "loo_nps"))
        lo, hi = _float(col(tid, "loo_nps_lo")), _float(col(tid, "loo_nps_hi"))
        reason = col(tid, "reason")
        reasons = [str(r) for r in as_list(reason)] if not isinstance(reason, str) else [reason]
        rank = _float(col(tid, "rank"))
        csat_impact = _float(col(tid, "loo_csat"))
        rows.append(
            {
                "topic_id": tid,
                "rank": int(rank) if rank is not None else position,
                "label": labels.get(tid, f"Tema {tid}"),
                "n": int(counts.get(tid, 0)),
                "share": 100.0 * int(counts.get(tid, 0)) / total,
                # a topic NPS only where the ranking estimates its impact (enough scored
                # answers, ranking.min_scored): "Por qué" then says "Sin puntuaciones"
                "nps": _float(col(tid, "nps")) if impact is not None else None,
                "impact": impact,
                "impact_ci": (lo, hi) if lo is not None and hi is not None else None,
                "csat_impact": csat_impact,
                "csat_ci": (_float(col(tid, "loo_csat_lo")), _float(col(tid, "loo_csat_hi"))),
                "bar": _impact_bar(impact, lo, hi, scale),
                "growth": growth.get(tid),
                "growth_label": (
                    "nuevo" if _flag(col(tid, "is_new")) else _growth_label(growth.get(tid))
                ),
                "emerging": _flag(col(tid, "emerging")),
                "n_topics": n_topics.get(tid, 1),
                "priority": _float(col(tid, "priority")),
                "band": str(col(tid, "priority_band") or ""),
                "reasons": [r for r in reasons if r and r != "nan"],
            }
        )
    return rows


def _backlog_item(backlog: pd.DataFrame, topic_id: int) -> dict[str, Any] | None:
    if backlog.empty:
        return None
    if "topic_id" in backlog.columns:
        items = backlog[backlog["topic_id"] == topic_id]
    elif "topic_ids" in backlog.columns:
        items = backlog[
            backlog["topic_ids"].map(lambda v: topic_id in [int(x) for x in as_list(v)])
        ]
    else:
        return None
    if items.empty:
        return None
    row = items.iloc[0]
    return {
        key: _text(row.get(key))
        for key in ("item_id", "title", "description_md", "priority", "status")
    }


def _subtopics(info: pd.Series) -> list[dict[str, Any]]:
    """The topics a root cause groups (empty for a cause of one topic)."""
    labels = [str(x) for x in as_list(info.get("member_labels"))]
    sizes = as_list(info.get("member_sizes"))
    if len(labels) < 2:
        return []
    return [
        {"label": label, "n": int(sizes[i]) if i < len(sizes) else 0}
        for i, label in enumerate(labels)
    ]


def _topic_sections(
    data: ReportData,
    order: list[int],
    labels: dict[int, str],
    counts: pd.Series,
    daily: pd.DataFrame,
    figures: dict[str, Any],
) -> list[dict[str, Any]]:
    topics = data.topics.drop_duplicates("topic_id").set_index("topic_id")
    frame = data.frame
    total = int(counts.sum()) or 1
    sections = []
    for tid in order:
        rows = frame[frame["topic_id"] == tid]
        info = topics.loc[tid] if tid in topics.index else pd.Series(dtype=object)
        vol_id, cmp_id, mix_id = f"ch-t{tid}-vol", f"ch-t{tid}-cmp", f"ch-t{tid}-mix"
        figures[vol_id] = charts.topic_volume_chart(daily[daily["topic_id"] == tid])
        comparison = agg.compare_topic_to_rest(frame, tid)
        figures[cmp_id] = charts.topic_comparison_chart(comparison)
        figures[mix_id] = charts.topic_mix_chart(
            agg.share_mix(rows, "sentiment", SENTIMENT_LABELS),
            agg.share_mix(rows, "emotion", EMOTION_LABELS),
        )
        comments = agg.pick_representatives(
            frame,
            [str(x) for x in as_list(info.get("representative_ids"))],
            [str(x) for x in as_list(info.get("representative_texts"))],
            topic_id=tid,
            k=N_COMMENTS,
        )
        for comment in comments:
            comment["filters"] = {
                dim: comment.get(dim) or agg.NO_VALUE for dim in agg.FILTER_DIMENSIONS
            }
            comment["sentiment_name"] = charts.SENTIMENT_NAMES.get(
                comment.get("sentiment") or "", ""
            )
            comment["emotion_name"] = charts.EMOTION_NAMES.get(comment.get("emotion") or "", "")
        status = info.get("status")
        stage = info.get("stage")
        sections.append(
            {
                "topic_id": tid,
                "anchor": f"tema-{tid}",
                "label": labels.get(tid, f"Tema {tid}"),
                "keywords": [str(k) for k in as_list(info.get("keywords"))][:10],
                "subtopics": _subtopics(info),
                "status": STATUS_NAMES.get(str(status), str(status))
                if isinstance(status, str)
                else None,
                "status_key": status if isinstance(status, str) else "",
                "stage": stage if isinstance(stage, str) and stage else None,
                "first_seen": fmt_date(info.get("first_seen"))
                if info.get("first_seen") is not None
                else None,
                "n": int(counts.get(tid, 0)),
                "share": 100.0 * int(counts.get(tid, 0)) / total,
                "nps": comparison["nps"],
                "csat": comparison["csat"],
                "charts": {"volume": vol_id, "comparison": cmp_id, "mix": mix_id},
                "segments": [
                    {"label": label, "rows": agg.tally_values(rows, column, k=5)}
                    for column, label in SEGMENT_COLUMNS.items()
                    if column in frame.columns
                ],
                "comments": comments,
                "backlog": _backlog_item(data.backlog, tid),
            }
        )
    return sections


def _run_rows(data: ReportData) -> list[tuple[str, str]]:
    names = {
        "run_id": "Ejecución",
        "started_at": "Inicio",
        "as_of": "Datos hasta",
        "config_hash": "Configuración (hash)",
        "model_versions": "Modelos",
        "counts": "Recuentos",
    }
    rows = []
    for key, value in data.run.items():
        if isinstance(value, dict):
            shown = ", ".join(
                f"{k}: {v}" for k, v in value.items() if not isinstance(v, (dict, list))
            )
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(str(v) for v in value)
        else:
            shown = str(value)
        rows.append((names.get(key, key), shown))
    return rows


def build_analyst_context(data: ReportData) -> dict[str, Any]:
    """Everything the analyst template shows, as plain values (no HTML)."""
    frame = data.frame
    labels = data.topic_labels()
    counts = frame["topic_id"].value_counts()
    order = _order_topics(data, counts)
    order = [t for t in order if int(counts.get(t, 0)) > 0 or t in set(data.drivers["topic_id"])]
    daily = _daily_by_topic(data)
    growth = _driver_growth(data, order)
    figures: dict[str, Any] = {}
    weekly = (
        agg.summarise_weekly(frame)
        if len(frame)
        else pd.DataFrame(columns=["week", "n", "nps", "csat"])
    )
    figures["ch-weekly"] = charts.weekly_overview_chart(weekly)
    figures["ch-mix"] = charts.topic_mix_chart(
        agg.share_mix(frame, "sentiment", SENTIMENT_LABELS),
        agg.share_mix(frame, "emotion", EMOTION_LABELS),
    )
    ranking = _ranking_rows(data, order, labels, counts, growth)
    if ranking:
        ranked_ids = [r["topic_id"] for r in ranking]
        drivers = (
            data.drivers.drop_duplicates("topic_id")
            .set_index("topic_id")
            .loc[ranked_ids]
            .reset_index()
        )
        figures["ch-impact"] = charts.impact_chart(drivers, labels)
    sections = _topic_sections(data, order, labels, counts, daily, figures)
    cube = agg.build_filter_cube(frame)
    start, end = data.window
    sources = agg.tally_values(frame, "source", k=10)
    return {
        "title": "Informe de temas y causas raíz",
        "notices": run_notices(data.run, data.run.get("source_kinds")),
        "window": (fmt_date(start), fmt_date(end)),
        "generated_at": fmt_date(data.generated_at, with_time=True),
        "run_id": str(data.run.get("run_id", "")),
        "n_comments": len(frame),
        "n_topics": len([t for t in order if t != -1]),
        "unassigned": int(counts.get(-1, 0)),
        "sources": sources,
        "kpis": _kpi_cards(data.kpis),
        "ranking": ranking,
        "has_impact_chart": "ch-impact" in figures,
        "topics": sections,
        "changes": [
            ("Nuevos", "new", data.changes.get("new", [])),
            ("En aumento", "rising", data.changes.get("rising", [])),
            ("Resueltos", "resolved", data.changes.get("resolved", [])),
        ],
        "filters": [
            {"dim": dim, "label": label, "options": cube["values"][dim]}
            for dim, label in agg.FILTER_DIMENSIONS.items()
        ],
        "run_rows": _run_rows(data),
        "page_data": {"charts": figures, "cube": cube},
    }


def render_analyst_report(data: ReportData, out_dir: Path) -> Path:
    """Write the analyst report as one self-contained HTML file.

    Plotly and every asset are inlined and the page makes no network request,
    so it opens from disk or an e-mail attachment with no internet.

    Args:
        data: The run's report data.
        out_dir: Folder to write ``report.html`` into (created if missing).

    Returns:
        The path of ``report.html``.

    Raises:
        CxnlpError: if the file cannot be written.
    """
    context = build_analyst_context(data)
    return write_page("analyst.html.j2", context, Path(out_dir) / "report.html")
