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
from cxnlp.reports.social_agg import (
    find_emerging_social,
    mask_handle,
    split_language,
    top_reach_mentions,
)
from cxnlp.reports.spikes import detect_spikes

log = logging.getLogger(__name__)

__all__ = ["build_social_context", "render_social_review"]

SPIKE_WINDOW = 14
SPIKE_Z = 3.0
N_MENTIONS = 10


REACH_HELP = (
    "Alcance de una mención = seguidores de su autor + me gusta + veces compartida. "
    "Es una cota aproximada de cuántas personas pudieron verla, no un recuento de lectores: "
    "un seguidor puede no verla y un compartido llega a gente que no sigue al autor."
)


def social_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of social sources only."""
    if "source_kind" not in frame.columns:
        return frame.iloc[0:0]
    return frame[frame["source_kind"] == "social"]


def safe_url(value: Any) -> str | None:
    """An http(s) link to the original post; anything else (javascript:, data:...) is dropped."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    return url if url.lower().startswith(("https://", "http://")) and " " not in url else None


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
            "key": "mentions",
            "label": "Menciones",
            "value": fmt_num(len(social), 0),
            "help": "en la ventana, con repeticiones",
        },
        {
            "key": "neg",
            "label": "Negativas",
            "value": fmt_num(mix["NEG"], 1) + " %" if has_sentiment else "—",
            "help": "de las menciones originales",
        },
        {
            "key": "net",
            "label": "Sentimiento neto",
            "value": fmt_num(mix["POS"] - mix["NEG"], 1) if has_sentiment else "—",
            "help": "% positivas − % negativas",
        },
        {
            "key": "reach",
            "label": "Alcance",
            "value": fmt_num(reach, 0),
            "help": "seguidores del autor + me gusta + compartidos, sumados por mención",
        },
        {
            "key": "spikes",
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
                "url": safe_url(row.get("url")),
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


def social_data(social: pd.DataFrame, labels: dict[int, str]) -> dict[str, Any]:
    """The Spanish posts (copies flagged) as compact columns, for the page's filters.

    Returns:
        ``{"day0", "platforms", "sentiments", "emotions", "labels", "rows"}`` where
        ``rows`` holds ``d`` (days since ``day0``), ``p``/``se``/``em`` (codes in
        the lists, -1 none), ``t`` (topic), ``r``/``f``/``l``/``s`` (reach,
        followers, likes, shares), ``a`` (masked author), ``x`` (redacted text),
        ``u`` (http(s) link to the post or ""), ``o`` (1 original, 0 copy: copies
        count as mentions, not in shares or the table).
    """
    posts = social[social["created_at"].notna()] if len(social) else social
    created = pd.to_datetime(posts["created_at"]).dt.normalize() if len(posts) else pd.Series()
    day0 = created.min() if len(created) else pd.Timestamp("1970-01-01")

    def codes(column: str, order: list[str]) -> list[int]:
        if column not in posts.columns:
            return [-1] * len(posts)
        index = {v: i for i, v in enumerate(order)}
        return [index.get(v, -1) if isinstance(v, str) else -1 for v in posts[column]]

    def counts(column: str) -> list[int]:
        if column not in posts.columns:
            return [0] * len(posts)
        return pd.to_numeric(posts[column], errors="coerce").fillna(0).astype("int64").tolist()

    platforms = (
        sorted(posts["platform"].dropna().astype(str).unique().tolist())
        if "platform" in posts.columns
        else []
    )
    followers, likes, shares = counts("followers"), counts("likes"), counts("shares")
    return {
        "day0": day0.strftime("%Y-%m-%d"),
        "platforms": platforms,
        "sentiments": list(charts.SENTIMENT_NAMES),
        "sentiment_names": list(charts.SENTIMENT_NAMES.values()),
        "emotions": list(charts.EMOTION_NAMES),
        "emotion_names": list(charts.EMOTION_NAMES.values()),
        "labels": {str(k): v for k, v in labels.items()},
        "rows": {
            "d": (created - day0).dt.days.astype(int).tolist() if len(posts) else [],
            "p": codes("platform", platforms),
            "se": codes("sentiment", list(charts.SENTIMENT_NAMES)),
            "em": codes("emotion", list(charts.EMOTION_NAMES)),
            "t": posts["topic_id"].astype(int).tolist(),
            "r": [f + lk + sh for f, lk, sh in zip(followers, likes, shares, strict=True)],
            "f": followers,
            "l": likes,
            "s": shares,
            "a": (
                posts["author"].map(mask_handle).tolist()
                if "author" in posts.columns
                else ["—"] * len(posts)
            ),
            "x": posts["text"].fillna("").astype(str).tolist(),
            "u": [safe_url(u) or "" for u in posts.get("url", pd.Series([None] * len(posts)))],
            "o": (
                posts["dup_of"].isna().astype(int).tolist()
                if "dup_of" in posts.columns
                else [1] * len(posts)
            ),
        },
    }


def build_social_context(data: ReportData) -> dict[str, Any]:
    """Everything the social template shows, as plain values (no HTML)."""
    social, left_out = split_language(social_rows(data.frame))
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
        mentions = top_reach_mentions(social, k=N_MENTIONS)
        emerging = find_emerging_social(social)

    start, end = data.window
    platforms = agg.tally_values(social, "platform", k=8)
    page_social = social_data(social, labels)
    return {
        "title": "Revisión de escucha social",
        "notices": run_notices(data.run, data.run.get("source_kinds")),
        "window": (fmt_date(start), fmt_date(end)),
        "generated_at": fmt_date(data.generated_at, with_time=True),
        "run_id": str(data.run.get("run_id", "")),
        "n_mentions": len(social),
        "left_out": left_out,
        "n_left_out": sum(left_out.values()),
        "reach_help": REACH_HELP,
        "summary": _summary(social, len(spikes)),
        "platforms": platforms,
        "platforms_all": page_social["platforms"],
        "sentiment_names": list(charts.SENTIMENT_NAMES.values()),
        "emotion_names": list(charts.EMOTION_NAMES.values()),
        "has_volume": "ch-social-volume" in figures,
        "has_emotion": "ch-social-emotion" in figures,
        "spikes": _spike_rows(spikes, labels),
        "spike_window": SPIKE_WINDOW,
        "spike_z": SPIKE_Z,
        "mentions": _mention_rows(mentions, labels),
        "emerging": _emerging_rows(emerging, data.drivers, labels),
        "page_data": {"charts": figures, "social": page_social},
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
