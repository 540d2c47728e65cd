"""The social-listening review: volume, sentiment, emotion, spikes, loudest complaints."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.reports import aggregate as agg
from cxnlp.reports import charts
from cxnlp.reports.data import ReportData
from cxnlp.reports.notices import run_notices
from cxnlp.reports.render import fmt_date, fmt_num, write_page
from cxnlp.reports.spikes import detect_spikes

log = logging.getLogger(__name__)

__all__ = ["build_social_context", "render_social_review"]

SPIKE_WINDOW = 14
SPIKE_Z = 3.0
N_MENTIONS = 10


def social_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of social sources only."""
    if "source_kind" not in frame.columns:
        return frame.iloc[0:0]
    return frame[frame["source_kind"] == "social"]


def _summary(social: pd.DataFrame, n_spikes: int) -> list[dict[str, str]]:
    mix = agg.share_mix(social, "sentiment", ("POS", "NEU", "NEG"))
    reach = sum(
        int(pd.to_numeric(social[c], errors="coerce").fillna(0).sum())
        for c in ("followers", "likes", "shares")
        if c in social.columns
    )
    has_sentiment = "sentiment" in social.columns and social["sentiment"].notna().any()
    return [
        {
            "label": "Menciones",
            "value": fmt_num(len(social), 0),
            "help": "en la ventana, con repeticiones",
        },
        {
            "label": "Negativas",
            "value": fmt_num(mix["NEG"], 1) + " %" if has_sentiment else "—",
            "help": "de las menciones originales",
        },
        {
            "label": "Sentimiento neto",
            "value": fmt_num(mix["POS"] - mix["NEG"], 1) if has_sentiment else "—",
            "help": "% positivas − % negativas",
        },
        {
            "label": "Alcance",
            "value": fmt_num(reach, 0),
            "help": "seguidores + me gusta + compartidos",
        },
        {
            "label": "Picos",
            "value": fmt_num(n_spikes, 0),
            "help": f"días > {SPIKE_Z:g} desviaciones sobre la media de {SPIKE_WINDOW} días",
        },
    ]


def _spike_rows(spikes: pd.DataFrame, labels: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "date": fmt_date(row["date"]),
            "n": int(row["n"]),
            "baseline": fmt_num(row["baseline"], 1),
            "z": fmt_num(row["zscore"], 1),
            "topics": [
                {"label": labels.get(int(t), f"Tema {int(t)}"), "excess": fmt_num(x, 0)}
                for t, x in zip(row["topics"], row["topic_excess"], strict=True)
            ],
        }
        for _, row in spikes.iterrows()
    ]


def _mention_rows(mentions: pd.DataFrame, labels: dict[int, str]) -> list[dict[str, Any]]:
    rows = []
    for _, row in mentions.iterrows():
        detail = (
            f"{fmt_num(row['followers'], 0)} seguidores · {fmt_num(row['likes'], 0)} me gusta"
            f" · {fmt_num(row['shares'], 0)} compartidos"
        )
        rows.append(
            {
                "date": fmt_date(row["created_at"]),
                "platform": row["platform"] if isinstance(row["platform"], str) else "—",
                "author": row["author"],
                "text": row["text"] if isinstance(row["text"], str) else "",
                "reach": fmt_num(row["reach"], 0),
                "detail": detail,
                "topic": labels.get(int(row["topic_id"]), f"Tema {int(row['topic_id'])}"),
                "emotion": charts.EMOTION_NAMES.get(str(row["emotion"]), "—"),
            }
        )
    return rows


def _emerging_rows(
    emerging: pd.DataFrame, drivers: pd.DataFrame, labels: dict[int, str]
) -> list[dict[str, Any]]:
    if emerging.empty:
        return []
    overall: set[int] = set()
    if "emerging" in drivers.columns:
        flags = drivers["emerging"].fillna(False).astype(bool)
        overall = {int(t) for t in drivers.loc[flags, "topic_id"]}
    rows = []
    for _, row in emerging[emerging["emerging"]].iterrows():
        tid = int(row["topic_id"])
        growth, p_value = float(row["growth"]), float(row["p_value"])
        rows.append(
            {
                "label": labels.get(tid, f"Tema {tid}"),
                "n_recent": int(row["n_recent"]),
                "n_prev": int(row["n_prev"]),
                "rate_recent": fmt_num(row["rate_recent"], 1),
                "rate_prev": fmt_num(row["rate_prev"], 1),
                "growth": "nuevo" if math.isinf(growth) else "×" + fmt_num(growth, 1),
                "p_value": "< 0,001" if p_value < 0.001 else fmt_num(p_value, 3),
                "overall": tid in overall,
            }
        )
    return rows


def build_social_context(data: ReportData) -> dict[str, Any]:
    """Everything the social template shows, as plain values (no HTML)."""
    social = social_rows(data.frame)
    labels = data.topic_labels()
    figures: dict[str, Any] = {}
    spikes = pd.DataFrame(columns=["date", "n", "baseline", "zscore", "topics", "topic_excess"])
    mentions = pd.DataFrame()
    emerging = pd.DataFrame()
    if len(social):
        spikes = detect_spikes(
            agg.count_daily(social, by="topic_id"), window=SPIKE_WINDOW, z=SPIKE_Z
        )
        if "sentiment" in social.columns:
            by_sentiment = agg.count_daily(agg.originals(social), by="sentiment")
            figures["ch-social-volume"] = charts.social_volume_chart(by_sentiment, spikes)
        if "emotion" in social.columns:
            by_emotion = agg.count_daily(agg.originals(social), by="emotion")
            figures["ch-social-emotion"] = charts.social_emotion_chart(by_emotion)
        mentions = agg.top_reach_mentions(social, k=N_MENTIONS)
        emerging = agg.find_emerging_social(social)

    start, end = data.window
    platforms = agg.tally_values(social, "platform", k=8)
    return {
        "title": "Revisión de escucha social",
        "notices": run_notices(data.run, data.run.get("source_kinds")),
        "window": (fmt_date(start), fmt_date(end)),
        "generated_at": fmt_date(data.generated_at, with_time=True),
        "run_id": str(data.run.get("run_id", "")),
        "n_mentions": len(social),
        "summary": _summary(social, len(spikes)),
        "platforms": platforms,
        "has_volume": "ch-social-volume" in figures,
        "has_emotion": "ch-social-emotion" in figures,
        "spikes": _spike_rows(spikes, labels),
        "spike_window": SPIKE_WINDOW,
        "spike_z": SPIKE_Z,
        "mentions": _mention_rows(mentions, labels),
        "emerging": _emerging_rows(emerging, data.drivers, labels),
        "page_data": {"charts": figures},
    }


def render_social_review(data: ReportData, out_dir: Path) -> Path:
    """Write the social-listening review as one self-contained HTML file.

    Args:
        data: The run's report data; only rows with ``source_kind == "social"``
            are shown.
        out_dir: Folder to write ``social.html`` into (created if missing).

    Returns:
        The path of ``social.html``.

    Raises:
        CxnlpError: if the file cannot be written.
    """
    context = build_social_context(data)
    return write_page("social.html.j2", context, Path(out_dir) / "social.html")
