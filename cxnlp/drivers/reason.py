"""The reason for a rank, spelled out in Spanish from the numbers.

Example: ``Resta 4,1 puntos de NPS [2,7; 5,6] (modelo multivariable); 6% de los
comentarios; +80% en 14 días (emergente); 41% de enfado; 70% de detractores``.
Numbers use the Spanish decimal comma. The impact quoted is the key-driver
estimate with its bootstrap interval, and says so: beside it the report shows
the leave-one-out figure (NPS global − NPS sin el tema), a different definition.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def fmt_num(value: float, decimals: int = 1) -> str:
    """Format a number with a decimal comma (``4,1``); ``s/d`` when missing."""
    if value is None or not math.isfinite(value):
        return "s/d"
    if round(value, decimals) == 0:
        value = 0.0  # no "-0,0"
    return f"{value:.{decimals}f}".replace(".", ",")


def fmt_pct(fraction: float) -> str:
    """Format a fraction as a percentage: whole numbers from 1 %, one decimal below."""
    if fraction is None or not math.isfinite(fraction):
        return "s/d"
    pct = fraction * 100.0
    if 0 < abs(pct) < 1:
        return f"{fmt_num(pct, 1)}%"
    return f"{pct:.0f}%"


def fmt_signed_pct(fraction: float) -> str:
    """Format a relative change with its sign: ``+80%``, ``-30%``."""
    if fraction is None or not math.isfinite(fraction):
        return "s/d"
    text = fmt_pct(abs(fraction))
    return ("+" if fraction >= 0 else "-") + text


def _impact_phrase(row: pd.Series, outcome: str, name: str, min_scored: int) -> str | None:
    value = row.get(f"keydriver_{outcome}")
    n = row.get(f"n_{outcome}")
    if value is None or pd.isna(value) or pd.isna(n) or n < min_scored:
        return None
    lo, hi = row.get(f"keydriver_{outcome}_lo"), row.get(f"keydriver_{outcome}_hi")
    if value < 0:
        phrase = f"Resta {fmt_num(-value)} puntos de {name} [{fmt_num(-hi)}; {fmt_num(-lo)}]"
    else:
        phrase = f"Suma {fmt_num(value)} puntos de {name} [{fmt_num(lo)}; {fmt_num(hi)}]"
    phrase += " (modelo multivariable"
    phrase += "; no distinguible de 0)" if lo <= 0 <= hi else ")"
    return phrase


def explain_rank(
    row: pd.Series | dict[str, Any],
    *,
    trend_days: int,
    overall_neg_share: float,
    min_scored: int,
) -> str:
    """Write the one-sentence reason for one ranked topic.

    Args:
        row: The topic's line of the drivers table.
        trend_days: Length of the trend window, for the wording.
        overall_neg_share: Negative share of all comments (shown when there are no scores).
        min_scored: Answers needed before an impact is quoted.

    Returns:
        The sentence, in Spanish.
    """
    row = pd.Series(row)
    parts: list[str] = []
    impact = _impact_phrase(row, "nps", "NPS", min_scored) or _impact_phrase(
        row, "csat", "CSAT (0-100)", min_scored
    )
    if impact is None:
        impact = (
            f"Sin puntuaciones; {fmt_pct(row.get('neg_share', math.nan))} de menciones negativas "
            f"(media {fmt_pct(overall_neg_share)})"
        )
    parts.append(impact)
    parts.append(f"{fmt_pct(row.get('share', math.nan))} de los comentarios")
    if bool(row.get("is_new", False)):
        recent = row.get("share_recent")
        parts.append(
            f"tema nuevo en {trend_days} días"
            + (f" ({fmt_pct(recent)} de los comentarios recientes)" if pd.notna(recent) else "")
        )
    elif pd.notna(row.get("growth")):
        growth = float(row["growth"])
        if growth >= 1.0:
            trend = f"se multiplica por {fmt_num(1.0 + growth)} en {trend_days} días"
        else:
            trend = f"{fmt_signed_pct(growth)} en {trend_days} días"
        if bool(row.get("emerging", False)):
            trend += " (emergente)"
        elif row["growth"] > 0:
            trend += " (dentro del ruido)"
        parts.append(trend)
    if pd.notna(row.get("anger_share")):
        parts.append(f"{fmt_pct(row['anger_share'])} de enfado")
    if pd.notna(row.get("detractor_share")):
        parts.append(f"{fmt_pct(row['detractor_share'])} de detractores")
    return "; ".join(parts)
