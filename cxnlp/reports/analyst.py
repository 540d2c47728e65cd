"""The analyst report, summary first: what changed and the causes to act on, then the
ranked causes in full, then every other topic as one collapsed line, then the methods.

Every comment of the window is inlined as compact data (:mod:`cxnlp.reports.explore`)
so the page can filter, search and export without leaving the file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.intents.frame import intent_shares, intent_summary
from cxnlp.reports import aggregate as agg
from cxnlp.reports import charts
from cxnlp.reports.alerts_view import alert_rows
from cxnlp.reports.data import ReportData
from cxnlp.reports.explore import build_explore_data
from cxnlp.reports.notices import run_notices
from cxnlp.reports.ranking_view import (
    daily_by_topic,
    driver_growth,
    kpi_cards,
    order_topics,
    ranking_rows,
)
from cxnlp.reports.render import fmt_date, write_page
from cxnlp.reports.topic_view import topic_sections
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

log = logging.getLogger(__name__)

__all__ = ["build_analyst_context", "render_analyst_report"]

# The causes shown in full: the run's backlog items (the drivers' evidence gate, so the
# report and the backlog list the same causes), or for a drivers table from before that
# gate those in the top priority bands; at least MIN_FULL and at most MAX_FULL of them;
# the summary names the first N_ACT.
ACT_BANDS = ("P1", "P2")
MIN_FULL = 3
MAX_FULL = 8
N_ACT = 3


def _full_causes(ranking: list[dict[str, Any]]) -> list[int]:
    """Topic ids of the causes to show in full, in ranking order."""
    ranked = sorted(ranking, key=lambda r: r["rank"])
    gated = any(r.get("in_backlog") is not None for r in ranked)
    chosen = [
        r["topic_id"] for r in ranked if (r.get("in_backlog") if gated else r["band"] in ACT_BANDS)
    ][:MAX_FULL]
    for r in ranked:
        if len(chosen) >= MIN_FULL:
            break
        if r["topic_id"] not in chosen:
            chosen.append(r["topic_id"])
    return [r["topic_id"] for r in ranked if r["topic_id"] in chosen]


def topic_counts(frame: pd.DataFrame) -> pd.Series:
    """Comments per topic, as the ranking counts them: an answer whose clauses name two
    topics (``topic_ids``, :mod:`cxnlp.run.clauses`) counts in both; -1 holds the
    comments in no topic."""
    if "topic_ids" not in frame.columns:
        return frame["topic_id"].value_counts()
    ids = [
        list(v) if isinstance(v, list | tuple) and len(v) else [int(t)]
        for v, t in zip(frame["topic_ids"], frame["topic_id"], strict=True)
    ]
    return pd.Series([t for v in ids for t in v], dtype="int64").value_counts()


def _scored_counts(frame: pd.DataFrame) -> pd.Series:
    """Original comments with an NPS answer, per topic: the base of each topic's NPS."""
    if "nps" not in frame.columns:
        return pd.Series(dtype=int)
    scored = agg.originals(frame)
    return topic_counts(scored[pd.to_numeric(scored["nps"], errors="coerce").notna()])


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
    """Everything the analyst template shows, as plain values (no HTML but the
    backlog descriptions, rendered from Markdown with raw HTML escaped)."""
    frame = data.frame
    labels = data.topic_labels()
    counts = topic_counts(frame)
    order = order_topics(data, counts)
    order = [t for t in order if int(counts.get(t, 0)) > 0 or t in set(data.drivers["topic_id"])]
    daily = daily_by_topic(data)
    growth = driver_growth(data, order)
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
    ranking = ranking_rows(data, order, labels, counts, growth)
    full = _full_causes(ranking)
    scored = _scored_counts(frame)
    for row in ranking:
        row["full"] = row["topic_id"] in full
        row["n_scored"] = int(scored.get(row["topic_id"], 0))
    if full:
        drivers = (
            data.drivers.drop_duplicates("topic_id").set_index("topic_id").loc[full].reset_index()
        )
        figures["ch-impact"] = charts.impact_chart(drivers, labels)
    # the causes in full first (ranking order), then every other topic
    order = full + [t for t in order if t not in full]
    sections = topic_sections(data, order, labels, counts, daily, figures, set(full))
    by_topic = {r["topic_id"]: r for r in ranking}
    shares = intent_shares(frame)  # issue 21: churn, escalation and effort per cause
    for section in sections:
        section["rank"] = by_topic.get(section["topic_id"])
        section["intents"] = intent_summary(shares, section["topic_id"])
    start, end = data.window
    kpis = kpi_cards(data.kpis)
    kpi_days = next(
        (d for d in (data.kpis.get(k, {}).get("period_days") for k in data.kpis) if d), None
    )
    explore = build_explore_data(frame, labels, kpi_days)
    statuses = set(data.topics.get("status", pd.Series(dtype=object)).dropna().astype(str))
    return {
        "title": "Informe de temas y causas raíz",
        "notices": run_notices(data.run, data.run.get("source_kinds")),
        "window": (fmt_date(start), fmt_date(end)),
        "generated_at": fmt_date(data.generated_at, with_time=True),
        "run_id": str(data.run.get("run_id", "")),
        "n_comments": len(frame),
        "n_topics": len([t for t in order if t != -1]),
        "unassigned": int(counts.get(-1, 0)),
        "sources": agg.tally_values(frame, "source", k=10),
        "kpis": kpis,
        "kpi_days": kpi_days,
        "callbacks": data.run.get("callbacks"),
        "ranking": [r for r in ranking if r["full"]],
        "act": [by_topic[t] for t in full[:N_ACT]],
        "has_impact_chart": "ch-impact" in figures,
        "causes": [s for s in sections if s["full"]],
        "others": [s for s in sections if not s["full"]],
        # every topic new: no earlier run to compare with (the first night of a store)
        "first_run": bool(statuses) and statuses <= {"new"},
        "changes": [
            ("Nuevos", "new", data.changes.get("new", [])),
            ("En aumento", "rising", data.changes.get("rising", [])),
            ("Resueltos", "resolved", data.changes.get("resolved", [])),
        ],
        "filters": explore["dims"],
        "segment_help": explore["segment_help"],
        "run_rows": _run_rows(data),
        "alerts": alert_rows(data.alerts),
        "alert_days": data.alert_days,
        "page_data": {"charts": figures, "explore": explore},
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
