"""compute_topic_stats: figures recomputable from the frame, duplicates for volume only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxnlp.drivers import compute_topic_stats
from cxnlp.errors import CxnlpError
from cxnlp.metrics import nps_value
from cxnlp.ranking_config import RankingConfig

from .synth import AS_OF, make_feedback


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame, topics = make_feedback(seed=1)
    stats = compute_topic_stats(frame, topics, as_of=AS_OF, config=RankingConfig())
    return frame, topics, stats.set_index("topic_id")


def test_one_row_per_topic_and_no_outliers(planted) -> None:
    frame, topics, stats = planted
    assert sorted(stats.index) == sorted(topics["topic_id"])
    assert -1 not in stats.index
    assert (stats["label"] == topics.set_index("topic_id")["label"]).all()


def test_volume_counts_duplicates_scores_do_not(planted) -> None:
    frame, _, stats = planted
    for tid in (1, 4):
        members = frame[frame["topic_id"] == tid]
        originals = members[members["dup_of"].isna()]
        assert (members["dup_of"].notna()).any(), "the synthetic frame must hold duplicates"
        assert stats.loc[tid, "n"] == len(members)
        assert stats.loc[tid, "n_scored"] == len(originals)
        assert stats.loc[tid, "nps"] == pytest.approx(nps_value(originals["nps"]))
        assert stats.loc[tid, "n_nps"] == originals["nps"].notna().sum()
        # Counting duplicates (which carry NPS 0) would give a different figure.
        assert nps_value(members["nps"]) != pytest.approx(stats.loc[tid, "nps"])


def test_shares_and_recent_windows(planted) -> None:
    frame, _, stats = planted
    comments = frame["text"].notna() | (frame["topic_id"] != -1)
    assert stats.loc[2, "share"] == pytest.approx((frame["topic_id"] == 2).sum() / comments.sum())
    recent = frame["created_at"] >= pd.Timestamp(AS_OF) - pd.Timedelta(days=7)
    assert stats.loc[2, "n_7d"] == ((frame["topic_id"] == 2) & recent).sum()
    assert stats.loc[2, "share_7d"] == pytest.approx(
        ((frame["topic_id"] == 2) & recent).sum() / (comments & recent).sum()
    )
    assert {"n_14d", "share_14d"} <= set(stats.columns)


def test_tone_ticket_and_csat_figures(planted) -> None:
    frame, _, stats = planted
    originals = frame[(frame["topic_id"] == 1) & frame["dup_of"].isna()]
    assert stats.loc[1, "neg_share"] == pytest.approx((originals["sentiment"] == "NEG").mean())
    assert stats.loc[1, "anger_share"] == pytest.approx((originals["emotion"] == "anger").mean())
    tickets = originals["ttr_hours"].dropna()
    assert stats.loc[1, "ttr_median_h"] == pytest.approx(tickets.median())
    assert stats.loc[1, "fcr_rate"] == pytest.approx(originals["fcr"].dropna().astype(float).mean())
    csat_100 = (originals["csat"] - 1) / 4 * 100
    assert stats.loc[1, "csat"] == pytest.approx(csat_100.mean())
    # The planted harmful topic is worse than the planted praise topic on every score.
    assert stats.loc[1, "nps"] < stats.loc[4, "nps"] < stats.loc[5, "nps"]
    assert stats.loc[1, "detractor_share"] > 0.6 > stats.loc[5, "detractor_share"]


def test_concentration_finds_the_planted_channel(planted) -> None:
    _, _, stats = planted
    assert stats.loc[2, "top_channel"] == "app"
    assert stats.loc[2, "top_channel_lift"] > 1.8
    assert stats.loc[1, "top_journey_stage"] == "pago"


def test_missing_topic_column_is_a_clear_error() -> None:
    with pytest.raises(CxnlpError, match="topic_id"):
        compute_topic_stats(
            pd.DataFrame({"nps": [1]}), pd.DataFrame(), as_of=AS_OF, config=RankingConfig()
        )


def test_minimal_frame_without_optional_columns() -> None:
    frame = pd.DataFrame(
        {
            "topic_id": [0, 0, 1, -1],
            "nps": [10, 0, 9, np.nan],
            "created_at": pd.to_datetime(["2026-11-19"] * 4),
            "text": ["a", "b", "c", None],
        }
    )
    stats = compute_topic_stats(frame, None, as_of="2026-11-20", config=RankingConfig()).set_index(
        "topic_id"
    )
    assert stats.loc[0, "nps"] == pytest.approx(0.0)
    assert stats.loc[1, "label"] == "Tema 1"
    assert stats.loc[0, "share"] == pytest.approx(2 / 3)
    assert np.isnan(stats.loc[0, "csat"])
