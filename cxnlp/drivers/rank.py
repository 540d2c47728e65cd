"""The drivers table: every ranked topic with its figures, impacts, trend, priority and reason."""

from __future__ import annotations

import logging
from datetime import date, datetime

import numpy as np
import pandas as pd

from cxnlp.drivers.design import build_design
from cxnlp.drivers.frame import Coded, code_frame, membership, to_timestamp, window_mask
from cxnlp.drivers.impact import estimate_impacts
from cxnlp.drivers.priority import score_priority
from cxnlp.drivers.reason import explain_rank
from cxnlp.drivers.stats import overall_stats, topic_stats
from cxnlp.drivers.trend import detect_trends
from cxnlp.ranking_config import RankingConfig

log = logging.getLogger(__name__)

LEAD_COLUMNS = ("rank", "topic_id", "label", "priority", "priority_score", "is_issue", "reason")


def rank_drivers(
    frame: pd.DataFrame,
    topics: pd.DataFrame,
    *,
    as_of: datetime | date | str,
    config: RankingConfig,
) -> pd.DataFrame:
    """Rank the topics as root causes of low NPS and CSAT.

    Topics with at least ``config.min_topic_size`` comments in the frame are
    ranked (topic -1, the outliers, never is). Each gets the figures of
    :func:`~cxnlp.drivers.stats.compute_topic_stats`, the leave-one-out and
    key-driver impacts on NPS and CSAT with bootstrap intervals
    (:mod:`cxnlp.drivers.impact`, :mod:`cxnlp.drivers.keydriver`), the trend test
    (:mod:`cxnlp.drivers.trend`), the priority score and band
    (:mod:`cxnlp.drivers.priority`) and a one-sentence reason in Spanish.

    Args:
        frame: The enriched frame (the run's window).
        topics: The topics table.
        as_of: The run's reference time: recent and trend windows end there.
        config: Ranking settings.

    Returns:
        The drivers table, sorted by ``rank`` (1 = highest priority). Signs: impacts
        are "score with the topic minus score without it", so a harmful topic has a
        negative ``loo_nps`` / ``keydriver_nps``. Units as in the stats table.

    Raises:
        CxnlpError: if the frame lacks ``topic_id`` or ``as_of`` is not a time.
        ConfigError: if every priority weight is 0.
    """
    as_of_ts = to_timestamp(as_of)
    coded = code_frame(frame)
    long = membership(coded.frame)
    stats = topic_stats(coded, long, topics, as_of_ts, config)
    overall = overall_stats(coded)
    ranked = stats[stats["n"] >= config.min_topic_size].reset_index(drop=True)
    dropped = len(stats) - len(ranked)
    if dropped:
        log.info("%d topics under min_topic_size=%d are not ranked", dropped, config.min_topic_size)

    design = build_design(coded, long, ranked["topic_id"].to_numpy(), tone=config.keydriver_tone)
    impacts = estimate_impacts(design, config)
    table = ranked.merge(impacts, on="topic_id", how="left")
    for outcome in ("nps", "csat"):
        thin = table[f"n_{outcome}"] < config.min_scored
        cols = [
            c for c in table.columns if c.startswith((f"loo_{outcome}", f"keydriver_{outcome}"))
        ]
        table.loc[thin, cols] = np.nan

    table = pd.concat([table, _trend(coded, long, table, as_of_ts, config)], axis=1)
    table = score_priority(table, overall_neg_share=overall["neg_share"], config=config)
    table["reason"] = [
        explain_rank(
            row,
            trend_days=config.trend_days,
            overall_neg_share=overall["neg_share"],
            min_scored=config.min_scored,
        )
        for _, row in table.iterrows()
    ]
    table = table.sort_values(
        ["priority_score", "comp_impact", "n", "topic_id"],
        ascending=[False, False, False, True],
        kind="stable",
    ).reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    table["as_of"] = as_of_ts
    for key, value in overall.items():
        table[f"overall_{key}"] = value
    rest = [c for c in table.columns if c not in LEAD_COLUMNS]
    return table[[*LEAD_COLUMNS, *rest]]


def _trend(
    coded: Coded,
    long: pd.DataFrame,
    table: pd.DataFrame,
    as_of: pd.Timestamp,
    config: RankingConfig,
) -> pd.DataFrame:
    """Trend columns for the ranked topics (aligned with ``table``'s rows)."""
    created = coded.created_at
    recent = window_mask(created, as_of, config.trend_days)
    before = (created < as_of - pd.Timedelta(days=config.trend_days)).to_numpy()
    is_comment = coded.has_text.copy()
    is_comment[long["row"].to_numpy()] = True
    members = long[long["topic_id"].isin(table["topic_id"])]
    rows = members["row"].to_numpy()
    by_topic = (
        pd.DataFrame(
            {
                "topic_id": members["topic_id"].to_numpy(),
                "recent": recent[rows],
                "before": before[rows],
            }
        )
        .groupby("topic_id")[["recent", "before"]]
        .sum()
    )
    by_topic = by_topic.reindex(table["topic_id"]).fillna(0)
    result = detect_trends(
        by_topic["recent"].to_numpy(),
        int((is_comment & recent).sum()),
        by_topic["before"].to_numpy(),
        int((is_comment & before).sum()),
        alpha=config.trend_alpha,
        min_growth=config.trend_min_growth,
        min_count=config.emerging_min_count,
    )
    result.insert(0, "n_recent", by_topic["recent"].to_numpy().astype(int))
    result.insert(1, "n_base", by_topic["before"].to_numpy().astype(int))
    return result.reset_index(drop=True)
