"""Priority score: impact, volume, trend and severity, each normalised to [0, 1].

Components (all in [0, 1]):

- ``impact``: harm on the scores from the key-driver model, ``max(0, -contribution)``,
  divided by the largest harm among ranked topics; the mean over NPS and CSAT where
  the topic has enough answers for each (``min_scored``), 0 without scores.
- ``volume``: the topic's share of comments divided by the largest share among issues.
- ``trend``: 1 for a brand-new topic; for a significant rise, ``log2(1 + growth) / 2``
  capped at 1 (x2 = 0.5, x4 = 1); 0 otherwise.
- ``severity``: mean of the anger share and the detractor share (the negative-sentiment
  share stands in for topics without scores).

Volume and trend only count for *issues*: a big or growing topic that costs no
points is not a root cause. A topic is an issue when its key-driver harm is
significant (the interval's upper end is below 0) for NPS or CSAT; or when it
is emerging and its point estimate is harmful; or, without scores, when its
negative share is significantly above the overall one (Wilson lower bound).

``priority_score = sum(weight * component) / sum(weights)``; the bands
``priority_bands`` turn it into P1-P4.

Not every issue is worth a backlog item. ``in_backlog`` holds an issue that has
*evidence a product team can act on*: with scored answers, an emerging harm or a
harm of at least ``backlog_min_harm`` of the largest one (a significant but tiny
key-driver effect stays in the report's table); without scores (social-only or
ticket-only topics), only an emerging topic, or one whose volume is at least
``backlog_unscored_volume`` times the median ranked topic's. ``backlog_rule``
says which rule let it in (or kept it out), in Spanish.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxnlp.errors import ConfigError
from cxnlp.metrics import wilson_interval
from cxnlp.ranking_config import RankingConfig

COMPONENTS = ("impact", "volume", "trend", "severity")


def _available(table: pd.DataFrame, outcome: str, min_scored: int) -> np.ndarray:
    enough = table[f"n_{outcome}"].fillna(0).to_numpy() >= min_scored
    return enough & table[f"keydriver_{outcome}"].notna().to_numpy()


def _normalised_harm(table: pd.DataFrame, outcome: str, available: np.ndarray) -> np.ndarray:
    harm = np.clip(-table[f"keydriver_{outcome}"].to_numpy(dtype=float), 0.0, None)
    harm = np.where(available, harm, np.nan)
    top = np.nanmax(harm) if available.any() else np.nan
    if not np.isfinite(top) or top <= 0:
        return np.where(available, 0.0, np.nan)
    return harm / top


def flag_issues(
    table: pd.DataFrame, *, overall_neg_share: float, config: RankingConfig
) -> np.ndarray:
    """Which topics are root causes (see the module docstring)."""
    has_nps = _available(table, "nps", config.min_scored)
    has_csat = _available(table, "csat", config.min_scored)
    significant = (has_nps & (table["keydriver_nps_hi"].to_numpy(dtype=float) < 0)) | (
        has_csat & (table["keydriver_csat_hi"].to_numpy(dtype=float) < 0)
    )
    harmful = (has_nps & (table["keydriver_nps"].to_numpy(dtype=float) < 0)) | (
        has_csat & (table["keydriver_csat"].to_numpy(dtype=float) < 0)
    )
    emerging = table["emerging"].to_numpy(dtype=bool)
    no_scores = ~has_nps & ~has_csat
    lower = np.array(
        [
            wilson_interval(int(round(s * n)), int(n), confidence=config.confidence)[0]
            if n > 0
            else np.nan
            for s, n in zip(
                table["neg_share"].fillna(0).to_numpy(),
                table["n_classified"].to_numpy(),
                strict=True,
            )
        ]
    )
    above = np.nan_to_num(lower, nan=-1.0) > (
        overall_neg_share if np.isfinite(overall_neg_share) else 1.0
    )
    neg_above = table["neg_share"].fillna(0).to_numpy() > (
        overall_neg_share if np.isfinite(overall_neg_share) else 1.0
    )
    return significant | (emerging & harmful) | (no_scores & (above | (emerging & neg_above)))


def score_priority(
    table: pd.DataFrame, *, overall_neg_share: float, config: RankingConfig
) -> pd.DataFrame:
    """Add ``is_issue``, the four ``comp_*`` components, ``priority_score`` and ``priority``.

    Args:
        table: Stats, impacts and trend of the ranked topics.
        overall_neg_share: Negative-sentiment share of all comments (the tone baseline).
        config: Weights, bands, ``min_scored`` and ``confidence``.

    Returns:
        A copy of ``table`` with the new columns.

    Raises:
        ConfigError: if every weight is 0.
    """
    weights = config.weights
    total_weight = weights.impact + weights.volume + weights.trend + weights.severity
    if total_weight <= 0:
        raise ConfigError(
            f"ranking.weights {weights.model_dump()} are all 0; give at least one component a "
            "positive weight (defaults: impact 0.5, volume 0.2, trend 0.15, severity 0.15)"
        )
    out = table.copy()
    if out.empty:
        for column in (
            "is_issue",
            *(f"comp_{c}" for c in COMPONENTS),
            "priority_score",
            "priority",
            "in_backlog",
            "backlog_rule",
        ):
            out[column] = pd.Series(
                dtype=object if column in ("priority", "backlog_rule") else float
            )
        return out
    issue = flag_issues(out, overall_neg_share=overall_neg_share, config=config)

    harms = np.vstack(
        [_normalised_harm(out, o, _available(out, o, config.min_scored)) for o in ("nps", "csat")]
    )
    counted = (~np.isnan(harms)).sum(axis=0)
    impact = np.where(counted > 0, np.nansum(harms, axis=0) / np.maximum(counted, 1), 0.0)
    share = out["share"].to_numpy(dtype=float)
    top_share = share[issue].max() if issue.any() and share[issue].max() > 0 else 1.0
    volume = np.where(issue, share / top_share, 0.0)
    growth = out["growth"].to_numpy(dtype=float)
    rise = np.clip(
        np.log2(1.0 + np.clip(np.nan_to_num(growth, nan=0.0), 0.0, None)) / 2.0, 0.0, 1.0
    )
    trend = np.where(out["is_new"].to_numpy(dtype=bool), 1.0, rise)
    trend = np.where(issue & out["emerging"].to_numpy(dtype=bool), trend, 0.0)
    detractor = out["detractor_share"].to_numpy(dtype=float)
    detractor = np.where(np.isnan(detractor), out["neg_share"].to_numpy(dtype=float), detractor)
    anger = np.nan_to_num(out["anger_share"].to_numpy(dtype=float))
    severity = (anger + np.nan_to_num(detractor)) / 2.0

    out["is_issue"] = issue
    out["comp_impact"] = impact
    out["comp_volume"] = volume
    out["comp_trend"] = trend
    out["comp_severity"] = severity
    out["priority_score"] = (
        weights.impact * impact
        + weights.volume * volume
        + weights.trend * trend
        + weights.severity * severity
    ) / total_weight
    out["priority"] = [band(s, config.priority_bands) for s in out["priority_score"]]
    out["in_backlog"], out["backlog_rule"] = flag_backlog(out, issue, config)
    return out


def flag_backlog(
    table: pd.DataFrame, issue: np.ndarray, config: RankingConfig
) -> tuple[np.ndarray, list[str]]:
    """Which issues become backlog items, and the rule that decided (see the module docstring)."""
    scored = _available(table, "nps", config.min_scored) | _available(
        table, "csat", config.min_scored
    )
    emerging = table["emerging"].to_numpy(dtype=bool)
    harm = table["comp_impact"].to_numpy(dtype=float)
    n = pd.to_numeric(table.get("n", table.get("n_classified")), errors="coerce")
    n = np.nan_to_num(np.asarray(n, dtype=float)) if n is not None else np.zeros(len(table))
    median_n = float(np.median(n)) if len(n) else 0.0
    loud = n >= config.backlog_unscored_volume * median_n
    material = harm >= config.backlog_min_harm
    keep = issue & ((scored & (material | emerging)) | (~scored & (emerging | loud)))
    rules = []
    for i in range(len(table)):
        if not issue[i]:
            rules.append("no es un problema: sin efecto negativo significativo")
        elif scored[i] and emerging[i]:
            rules.append("problema emergente con efecto negativo en las puntuaciones")
        elif scored[i] and material[i]:
            rules.append(
                f"efecto negativo significativo de al menos el {config.backlog_min_harm:.0%} "
                "del mayor"
            )
        elif scored[i]:
            rules.append(
                f"efecto significativo pero menor que el {config.backlog_min_harm:.0%} del "
                "mayor: solo en el informe"
            )
        elif emerging[i]:
            rules.append("sin puntuaciones; emergente con tono negativo")
        elif loud[i]:
            rules.append(
                f"sin puntuaciones; tono negativo y al menos {config.backlog_unscored_volume:g} "
                "veces el volumen mediano"
            )
        else:
            rules.append(
                "sin puntuaciones y sin volumen suficiente: solo en el informe y en escucha social"
            )
    return keep, rules


def band(score: float, bands: list[float]) -> str:
    """P1-P4 from a priority score and the three descending thresholds."""
    for level, threshold in enumerate(bands, start=1):
        if score >= threshold:
            return f"P{level}"
    return "P4"
