"""Plotly figure specs (plain dicts) for the report pages.

Figures are built as plain ``{"data": [...], "layout": {...}}`` dicts rather
than ``plotly.graph_objects`` figures: the page draws them with the inlined
plotly.js, and skipping validation keeps a report with many topics fast.

Plotly renders a small subset of HTML inside chart text (``<b>``, ``<a>``...),
so every string that comes from the data goes through :func:`plot_text`,
which escapes it; Plotly turns the entities back into the literal characters.
"""

from __future__ import annotations

import html
import math
from typing import Any

import pandas as pd

from cxnlp.metrics import Estimate
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

__all__ = [
    "EMOTION_COLORS",
    "EMOTION_NAMES",
    "SENTIMENT_COLORS",
    "SENTIMENT_NAMES",
    "impact_chart",
    "plot_text",
    "social_emotion_chart",
    "social_volume_chart",
    "topic_comparison_chart",
    "topic_mix_chart",
    "topic_volume_chart",
    "weekly_overview_chart",
]

Figure = dict[str, Any]

SENTIMENT_NAMES = {"POS": "Positivo", "NEU": "Neutro", "NEG": "Negativo"}
SENTIMENT_COLORS = {"POS": "#2e9d5b", "NEU": "#a0a8b2", "NEG": "#d1483f"}
EMOTION_NAMES = {
    "joy": "Alegría",
    "sadness": "Tristeza",
    "anger": "Enfado",
    "fear": "Miedo",
    "surprise": "Sorpresa",
    "disgust": "Asco",
    "others": "Otras",
}
EMOTION_COLORS = {
    "joy": "#f0b429",
    "sadness": "#4a78b5",
    "anger": "#d1483f",
    "fear": "#7d5ba6",
    "surprise": "#27a8a5",
    "disgust": "#6f8f2f",
    "others": "#b8bec6",
}
ACCENT = "#1f5f99"
MUTED = "#8a94a0"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def plot_text(value: Any) -> str:
    """Escape a data string for Plotly's text renderer (it shows it literally)."""
    # Plotly decodes &amp; &lt; &gt; (not &quot;), which is all its tag parser needs.
    return html.escape("" if value is None else str(value), quote=False)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _dates(values: Any) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def _layout(height: int, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 48, "r": 16, "t": 28, "b": 40},
        "font": {"family": _FONT, "size": 12, "color": "#25303b"},
        "separators": ",.",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hoverlabel": {"font": {"family": _FONT}},
        "xaxis": {"gridcolor": "#e6e9ee", "zeroline": False},
        "yaxis": {"gridcolor": "#e6e9ee", "zerolinecolor": "#c5ccd4"},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def weekly_overview_chart(weekly: pd.DataFrame) -> Figure:
    """Comments per week (bars, right axis) with weekly NPS and CSAT (lines, left axis)."""
    weeks = _dates(weekly["week"])
    return {
        "data": [
            {
                "type": "bar",
                "name": "Comentarios",
                "x": weeks,
                "y": [int(v) for v in weekly["n"]],
                "marker": {"color": "#d5dde6"},
                "hovertemplate": "Semana del %{x}<br>%{y} comentarios<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "NPS",
                "x": weeks,
                "y": [_num(v) for v in weekly["nps"]],
                "yaxis": "y2",
                "line": {"color": ACCENT, "width": 2.5},
                "hovertemplate": "NPS %{y:.1f}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "CSAT (%)",
                "x": weeks,
                "y": [_num(v) for v in weekly["csat"]],
                "yaxis": "y2",
                "line": {"color": "#2e9d5b", "width": 2, "dash": "dot"},
                "hovertemplate": "CSAT %{y:.1f} %<extra></extra>",
            },
        ],
        "layout": _layout(
            300,
            yaxis={
                "side": "right",
                "showgrid": False,
                "rangemode": "tozero",
                "tickmode": "auto",
                "title": {"text": "comentarios"},
            },
            yaxis2={
                "overlaying": "y",
                "side": "left",
                "tickmode": "auto",
                "gridcolor": "#e6e9ee",
                "zerolinecolor": "#c5ccd4",
                "title": {"text": "NPS / CSAT %"},
            },
            xaxis={"type": "date"},
            margin={"l": 56, "r": 56},
        ),
    }


def impact_chart(
    drivers: pd.DataFrame, labels: dict[int, str], *, column: str = "loo_nps"
) -> Figure:
    """Horizontal bars of each topic's impact on NPS with its interval, rank 1 on top."""
    rows = drivers.iloc[::-1]  # plotly draws the first category at the bottom
    values = [_num(v) for v in rows[column]] if column in rows.columns else [None] * len(rows)
    lo = rows.get(f"{column}_lo")
    hi = rows.get(f"{column}_hi")
    plus, minus = [], []
    for i, value in enumerate(values):
        low = _num(lo.iloc[i]) if lo is not None else None
        high = _num(hi.iloc[i]) if hi is not None else None
        plus.append(max(high - value, 0.0) if value is not None and high is not None else 0.0)
        minus.append(max(value - low, 0.0) if value is not None and low is not None else 0.0)
    names = [plot_text(labels.get(int(t), f"Tema {int(t)}")) for t in rows["topic_id"]]
    colors = ["#d1483f" if (v or 0) < 0 else "#2e9d5b" for v in values]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": names,
                "marker": {"color": colors},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": "#3b4652",
                    "thickness": 1.2,
                    "width": 4,
                },
                "hovertemplate": "%{y}<br>impacto %{x:.1f} pts NPS<extra></extra>",
            }
        ],
        "layout": _layout(
            max(220, 34 * len(rows) + 70),
            margin={"l": 200},
            xaxis={
                "title": {
                    "text": "NPS global − NPS sin el tema (IC 95 %); negativo: el tema lo resta"
                },
                "zeroline": True,
                "zerolinecolor": "#25303b",
            },
            yaxis={"automargin": True},
            showlegend=False,
        ),
    }


def topic_volume_chart(daily: pd.DataFrame) -> Figure:
    """Daily comments of one topic with a 7-day mean."""
    days = _dates(daily["date"])
    counts = [int(v) for v in daily["n"]]
    mean7 = pd.Series(counts, dtype=float).rolling(7, min_periods=1).mean().round(2).tolist()
    return {
        "data": [
            {
                "type": "bar",
                "name": "por día",
                "x": days,
                "y": counts,
                "marker": {"color": "#b9cde2"},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": "media 7 días",
                "x": days,
                "y": mean7,
                "line": {"color": ACCENT, "width": 2},
                "hovertemplate": "media %{y:.1f}<extra></extra>",
            },
        ],
        "layout": _layout(
            220, xaxis={"type": "date"}, yaxis={"rangemode": "tozero"}, legend={"y": -0.3}
        ),
    }


def topic_comparison_chart(comparison: dict[str, tuple[Estimate, Estimate]]) -> Figure:
    """NPS and CSAT of a topic's comments against the rest, with 95 % intervals."""
    metrics = [("nps", "NPS"), ("csat", "CSAT %")]
    traces = []
    for index, (name, color) in enumerate((("Este tema", ACCENT), ("Resto", MUTED))):
        ests = [comparison[key][index] for key, _ in metrics]
        values = [_num(e.value) for e in ests]
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": [label for _, label in metrics],
                "y": values,
                "marker": {"color": color},
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [
                        max((_num(e.hi) or 0) - (v or 0), 0) if v is not None else 0
                        for e, v in zip(ests, values, strict=True)
                    ],
                    "arrayminus": [
                        max((v or 0) - (_num(e.lo) or 0), 0) if v is not None else 0
                        for e, v in zip(ests, values, strict=True)
                    ],
                    "color": "#3b4652",
                    "thickness": 1.2,
                    "width": 5,
                },
                "customdata": [e.n for e in ests],
                "hovertemplate": f"{name}: %{{y:.1f}} (n=%{{customdata}})<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(220, barmode="group", yaxis={"zeroline": True}, legend={"y": -0.25}),
    }


def topic_mix_chart(sentiment: dict[str, float], emotion: dict[str, float]) -> Figure:
    """Sentiment and emotion mix, as two 100 % stacked bars labelled inside."""
    rows = [
        ("Sentimiento", SENTIMENT_LABELS, sentiment, SENTIMENT_NAMES, SENTIMENT_COLORS),
        ("Emoción", EMOTION_LABELS, emotion, EMOTION_NAMES, EMOTION_COLORS),
    ]
    traces = []
    for row, labels, shares, names, colors in rows:
        for label in labels:
            share = round(shares.get(label, 0.0), 1)
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "name": names[label],
                    "y": [row],
                    "x": [share],
                    "marker": {"color": colors[label], "line": {"color": "#fff", "width": 1}},
                    "text": [names[label] if share >= 14 else ""],
                    "textposition": "inside",
                    "textangle": 0,
                    "insidetextanchor": "middle",
                    "textfont": {"color": "#fff", "size": 11},
                    "hovertemplate": f"{names[label]}: %{{x:.0f}} %<extra></extra>",
                }
            )
    return {
        "data": traces,
        "layout": _layout(
            170,
            barmode="stack",
            showlegend=False,
            uniformtext={"mode": "hide", "minsize": 9},
            xaxis={"range": [0, 100], "ticksuffix": " %"},
            yaxis={"autorange": "reversed"},
            margin={"l": 84, "b": 30, "t": 10},
        ),
    }


def social_volume_chart(by_sentiment: pd.DataFrame, spikes: pd.DataFrame) -> Figure:
    """Daily mentions stacked by sentiment, with spike days marked."""
    traces = []
    for label in SENTIMENT_LABELS:
        part = by_sentiment[by_sentiment["sentiment"] == label]
        traces.append(
            {
                "type": "bar",
                "name": SENTIMENT_NAMES[label],
                "x": _dates(part["date"]),
                "y": [int(v) for v in part["n"]],
                "marker": {"color": SENTIMENT_COLORS[label]},
                "hovertemplate": f"%{{x}}: %{{y}} {SENTIMENT_NAMES[label].lower()}s<extra></extra>",
            }
        )
    if len(spikes):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Pico",
                "x": _dates(spikes["date"]),
                "y": [int(v) * 1.05 + 1.5 for v in spikes["n"]],
                "marker": {"symbol": "triangle-down", "size": 11, "color": "#25303b"},
                "customdata": [round(float(z), 1) for z in spikes["zscore"]],
                "hovertemplate": "Pico %{x}<br>z = %{customdata}<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": _layout(
            320, barmode="stack", xaxis={"type": "date"}, yaxis={"rangemode": "tozero"}
        ),
    }


def social_emotion_chart(by_emotion: pd.DataFrame) -> Figure:
    """Emotion mix over time: 7-day rolling shares, stacked to 100 %."""
    wide = (
        by_emotion.pivot_table(index="date", columns="emotion", values="n", aggfunc="sum")
        .reindex(columns=list(EMOTION_LABELS))
        .fillna(0.0)
        .rolling(7, min_periods=1)
        .sum()
    )
    days = _dates(wide.index)
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "stackgroup": "one",
            "groupnorm": "percent",
            "name": EMOTION_NAMES[label],
            "x": days,
            "y": wide[label].round(2).tolist(),
            "line": {"width": 0.5, "color": EMOTION_COLORS[label]},
            "fillcolor": EMOTION_COLORS[label],
            "hovertemplate": f"{EMOTION_NAMES[label]}: %{{y:.0f}} %<extra></extra>",
        }
        for label in EMOTION_LABELS
    ]
    return {
        "data": traces,
        "layout": _layout(
            300,
            xaxis={"type": "date"},
            yaxis={"range": [0, 100], "ticksuffix": " %"},
            hovermode="x unified",
        ),
    }
