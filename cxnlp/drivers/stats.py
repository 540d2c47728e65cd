"""Descriptive figures per topic: volume, scores, tone, tickets and where it concentrates.

Conventions of the table: volumes count every comment (duplicates included);
every other figure uses originals only (see :mod:`cxnlp.drivers.frame`).
Shares are fractions in [0, 1]; NPS is in points (-100..100); ``csat`` is the
mean on the common 0-100 scale; ``ces`` is on its own 1-7 scale; TTR is in hours.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import (
    OUTLIER_TOPIC,
    SEGMENT_COLUMNS,
    Coded,
    code_frame,
    member_tone,
    membership,
    to_timestamp,
    window_mask,
)
from cxnlp.metrics import nps as nps_estimate
from cxnlp.ranking_config import RankingConfig

log = logging.getLogger(__name__)


def compute_topic_stats(
    frame: pd.DataFrame,
    topics: pd.DataFrame,
    *,
    as_of: datetime | date | str,
    config: RankingConfig,
) -> pd.DataFrame:
    """Return one row of descriptive figures per topic.

    Columns: ``topic_id``, ``label``, ``n`` and ``share`` over the whole frame,
    ``n_<d>d`` and ``share_<d>d`` for every ``config.recent_days`` window ending at
    ``as_of``; ``n_scored`` (originals); ``n_nps``, ``nps``, ``nps_lo``, ``nps_hi``;
    ``n_csat``, ``csat`` (0-100); ``n_ces``, ``ces``; ``n_classified`` (originals with a
    sentiment), ``neg_share``, ``anger_share`` (for an answer split into clauses, the
    label of its clauses in the topic: :func:`~cxnlp.drivers.frame.member_tone`),
    ``detractor_share``; ``n_tickets``, ``ttr_median_h``, ``fcr_rate``; and for each of
    channel, region, product and journey stage the value where the topic concentrates
    most (``top_<dim>``), its share of the topic (``top_<dim>_share``) and its lift
    over all comments (``top_<dim>_lift``: 2.0 means twice as common in the topic).

    Args:
        frame: The enriched frame.
        topics: The topics table (``topic_id``, ``label``; other columns ignored).
        as_of: The run's reference time; recent windows end there.
        config: Ranking settings (``recent_days``, ``segment_min_share``).

    Returns:
        The table, sorted by ``topic_id``; topic -1 (outliers) is left out.

    Raises:
        CxnlpError: if the frame lacks ``topic_id`` or ``as_of`` is not a time.
    """
    coded = code_frame(frame)
    return topic_stats(coded, membership(coded.frame), topics, to_timestamp(as_of), config)


def topic_universe(topics: pd.DataFrame | None, long: pd.DataFrame) -> pd.DataFrame:
    """Topics of the table plus any topic id the frame uses that the table lacks."""
    known = pd.DataFrame(columns=["topic_id", "label"])
    if topics is not None and len(topics):
        known = topics[["topic_id", "label"]].copy()
        known["topic_id"] = known["topic_id"].astype(int)
    seen = set(long["topic_id"].unique().tolist())
    missing = sorted(seen - set(known["topic_id"].tolist()))
    if missing:
        log.warning("topic ids %s appear in the frame but not in the topics table", missing[:10])
        extra = pd.DataFrame({"topic_id": missing, "label": [f"Tema {t}" for t in missing]})
        known = pd.concat([known, extra], ignore_index=True)
    known = known[known["topic_id"] != OUTLIER_TOPIC].drop_duplicates("topic_id")
    known["label"] = [
        str(lab) if isinstance(lab, str) and lab.strip() else f"Tema {t}"
        for lab, t in zip(known["label"], known["topic_id"], strict=True)
    ]
    return known.sort_values("topic_id").reset_index(drop=True)


def topic_stats(
    coded: Coded,
    long: pd.DataFrame,
    topics: pd.DataFrame | None,
    as_of: pd.Timestamp,
    config: RankingConfig,
) -> pd.DataFrame:
    """Compute :func:`compute_topic_stats` from already coded rows (shared with ranking)."""
    universe = topic_universe(topics, long)
    k = len(universe)
    code_of = pd.Series(np.arange(k), index=universe["topic_id"].to_numpy())
    long = long[long["topic_id"].isin(code_of.index)]
    codes = code_of.loc[long["topic_id"].to_numpy()].to_numpy()
    rows = long["row"].to_numpy()
    out = universe.copy()

    is_comment = coded.has_text.copy()
    is_comment[rows] = True
    out["n"] = np.bincount(codes, minlength=k)
    out["share"] = out["n"] / max(int(is_comment.sum()), 1)
    for days in config.recent_days:
        in_window = window_mask(coded.created_at, as_of, days)
        out[f"n_{days}d"] = np.bincount(codes, weights=in_window[rows], minlength=k).astype(int)
        out[f"share_{days}d"] = out[f"n_{days}d"] / max(int((is_comment & in_window).sum()), 1)
    out["n_scored"] = np.bincount(codes, weights=coded.scored[rows], minlength=k).astype(int)

    out["n_nps"], out["nps"] = _group_mean(coded.nps_pts[rows], codes, k)
    lo, hi = _nps_intervals(coded, rows, codes, k, config.confidence)
    out["nps_lo"], out["nps_hi"] = lo, hi
    out["n_csat"], out["csat"] = _group_mean(coded.csat_100[rows], codes, k)
    out["n_ces"], out["ces"] = _group_mean(coded.ces[rows], codes, k)
    # an answer split into clauses is negative in a topic when its clause there is
    neg, anger = member_tone(coded, long, topics)
    out["n_classified"], out["neg_share"] = _group_mean(neg, codes, k)
    out["anger_share"] = _group_mean(anger, codes, k)[1]
    out["detractor_share"] = _group_mean(coded.detractor[rows], codes, k)[1]
    out["n_tickets"] = _group_mean(coded.ttr_hours[rows], codes, k)[0]
    out["ttr_median_h"] = _group_median(coded.ttr_hours[rows], codes, k)
    out["fcr_rate"] = _group_mean(coded.fcr[rows], codes, k)[1]

    for dim in SEGMENT_COLUMNS:
        top = _concentration(coded.frame[dim], is_comment, rows, codes, k, config.segment_min_share)
        out[f"top_{dim}"] = top["value"]
        out[f"top_{dim}_share"] = top["share"]
        out[f"top_{dim}_lift"] = top["lift"]
    return out.reset_index(drop=True)


def overall_stats(coded: Coded) -> dict[str, float]:
    """Whole-frame figures the topic figures are read against (same codings)."""
    return {
        "n_comments": float(coded.has_text.sum()),
        "nps": _nanmean(coded.nps_pts),
        "csat": _nanmean(coded.csat_100),
        "neg_share": _nanmean(coded.neg),
        "anger_share": _nanmean(coded.anger),
        "detractor_share": _nanmean(coded.detractor),
    }


def _nanmean(values: np.ndarray) -> float:
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else float("nan")


def _group_mean(values: np.ndarray, codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-group count of non-missing values and their mean (NaN for an empty group)."""
    known = ~np.isnan(values)
    counts = np.bincount(codes[known], minlength=k)
    sums = np.bincount(codes[known], weights=values[known], minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return counts.astype(int), means


def _group_median(values: np.ndarray, codes: np.ndarray, k: int) -> np.ndarray:
    known = ~np.isnan(values)
    if not known.any():
        return np.full(k, np.nan)
    medians = pd.Series(values[known]).groupby(codes[known]).median()
    return medians.reindex(np.arange(k)).to_numpy(dtype=float)


def _nps_intervals(
    coded: Coded, rows: np.ndarray, codes: np.ndarray, k: int, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Analytic NPS interval per topic, from :func:`cxnlp.metrics.nps` (same formula everywhere)."""
    lo = np.full(k, np.nan)
    hi = np.full(k, np.nan)
    raw = pd.to_numeric(coded.frame["nps"], errors="coerce").to_numpy(dtype=float)
    raw = np.where(coded.scored, raw, np.nan)[rows]
    known = ~np.isnan(raw)
    if not known.any():
        return lo, hi
    order = np.argsort(codes[known], kind="stable")
    grouped_codes = codes[known][order]
    grouped = raw[known][order]
    bounds = np.searchsorted(grouped_codes, np.arange(k + 1))
    for code in np.unique(grouped_codes):
        est = nps_estimate(grouped[bounds[code] : bounds[code + 1]], confidence=confidence)
        lo[code], hi[code] = est.lo, est.hi
    return lo, hi


def _concentration(
    column: pd.Series,
    is_comment: np.ndarray,
    rows: np.ndarray,
    codes: np.ndarray,
    k: int,
    min_share: float,
) -> dict[str, list[Any]]:
    """Per topic, the segment value with the highest lift among values holding min_share of it."""
    result: dict[str, list[Any]] = {
        "value": [None] * k,
        "share": [np.nan] * k,
        "lift": [np.nan] * k,
    }
    values = column.where(column.notna(), None).to_numpy(dtype=object)
    overall = pd.Series(values[is_comment]).dropna().astype(str)
    if overall.empty:
        return result
    base = overall.value_counts(normalize=True)
    member_values = pd.Series(values[rows])
    known = member_values.notna().to_numpy()
    if not known.any():
        return result
    table = pd.crosstab(codes[known], member_values[known].astype(str).to_numpy())
    within = table.div(table.sum(axis=1), axis=0)
    lift = within.div(base.reindex(within.columns).to_numpy(), axis=1)
    eligible = lift.where(within >= min_share)
    for code in within.index:
        row = eligible.loc[code].dropna()
        if row.empty:
            best = within.loc[code].idxmax()
        else:
            # Highest lift; among equal lifts the larger share of the topic.
            ranked = pd.DataFrame({"lift": row, "share": within.loc[code, row.index]})
            best = ranked.sort_values(["lift", "share"], ascending=False).index[0]
        result["value"][code] = best
        result["share"][code] = float(within.loc[code, best])
        result["lift"][code] = float(lift.loc[code, best])
    return result
