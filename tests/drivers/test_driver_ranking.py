"""rank_drivers: planted root causes first, in order; neutral volume low; figures recomputable."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from cxnlp.drivers import rank_drivers
from cxnlp.errors import ConfigError
from cxnlp.metrics import nps_value
from cxnlp.ranking_config import RankingConfig, RankingWeights

from .synth import AS_OF, make_feedback

CONFIG = RankingConfig(bootstrap=200)


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame, topics = make_feedback(seed=2)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    return frame, topics, drivers


def test_planted_root_causes_lead_in_planted_order(planted) -> None:
    _, _, drivers = planted
    order = drivers["topic_id"].tolist()
    assert order[:3] == [1, 2, 3]
    assert drivers["rank"].tolist() == list(range(1, len(drivers) + 1))
    assert drivers["priority_score"].is_monotonic_decreasing
    by_id = drivers.set_index("topic_id")
    assert (
        by_id.loc[1, "keydriver_nps"]
        < by_id.loc[2, "keydriver_nps"]
        < by_id.loc[3, "keydriver_nps"]
        < 0
    )
    assert by_id.loc[1, "priority"] == "P1"
    assert set(by_id.loc[[1, 2, 3, 6], "is_issue"]) == {True}


def test_high_volume_neutral_topic_in_bottom_half(planted) -> None:
    _, _, drivers = planted
    neutral = drivers.set_index("topic_id").loc[4]
    assert neutral["share"] > 0.25  # the biggest topic by far
    assert neutral["rank"] > len(drivers) / 2
    assert not neutral["is_issue"]
    assert neutral["keydriver_nps_hi"] > 0  # no significant harm
    assert neutral["comp_volume"] == 0.0  # its size does not raise its priority


def test_emerging_topic_is_flagged_and_others_are_not(planted) -> None:
    _, _, drivers = planted
    by_id = drivers.set_index("topic_id")
    assert by_id.loc[6, "emerging"] and by_id.loc[6, "is_new"]
    assert by_id.loc[6, "comp_trend"] == 1.0
    assert not by_id.drop(index=6)["emerging"].any()
    assert "tema nuevo" in by_id.loc[6, "reason"]


def test_outliers_never_ranked(planted) -> None:
    frame, _, drivers = planted
    assert (frame["topic_id"] == -1).any()
    assert -1 not in set(drivers["topic_id"])


def test_loo_recomputes_from_the_frame(planted) -> None:
    frame, _, drivers = planted
    scored = frame[frame["dup_of"].isna()]
    row = drivers.set_index("topic_id").loc[2]
    expected = nps_value(scored["nps"]) - nps_value(scored.loc[scored["topic_id"] != 2, "nps"])
    assert row["loo_nps"] == pytest.approx(expected)
    assert row["loo_nps_lo"] < row["loo_nps"] < row["loo_nps_hi"]
    assert row["overall_nps"] == pytest.approx(nps_value(scored["nps"]))


def test_reason_spells_out_the_numbers(planted) -> None:
    _, _, drivers = planted
    top = drivers.iloc[0]
    harm = f"{-top['keydriver_nps']:.1f}".replace(".", ",")
    assert top["reason"].startswith(f"Resta {harm} puntos de NPS [")
    assert f"{top['share'] * 100:.0f}% de los comentarios" in top["reason"]
    assert f"{top['anger_share'] * 100:.0f}% de enfado" in top["reason"]


def test_bootstrap_is_seeded(planted) -> None:
    frame, topics, drivers = planted
    again = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    pd.testing.assert_series_equal(drivers["keydriver_nps_lo"], again["keydriver_nps_lo"])
    other = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG.model_copy(update={"seed": 99}))
    assert not np.allclose(drivers["loo_nps_lo"], other["loo_nps_lo"])


def test_correlated_topics_do_not_both_take_the_credit() -> None:
    """B appears mostly inside A's comments; only A lowers NPS. LOO blames both, the model A."""
    rng = np.random.default_rng(3)
    n = 4000
    a = rng.uniform(size=n) < 0.15
    b = np.where(a, rng.uniform(size=n) < 0.7, rng.uniform(size=n) < 0.04)
    p_det = np.where(a, 0.75, 0.2)
    p_pro = np.where(a, 0.05, 0.45)
    u = rng.uniform(size=n)
    nps = np.where(u < p_det, 3, np.where(u < 1 - p_pro, 8, 10))
    topic_ids = [
        [t for t, member in ((1, ai), (2, bi)) if member] for ai, bi in zip(a, b, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "topic_id": [ids[0] if ids else -1 for ids in topic_ids],
            "topic_ids": topic_ids,
            "nps": nps,
            "created_at": pd.Timestamp("2026-11-01")
            + pd.to_timedelta(rng.uniform(0, 30, n), unit="D"),
            "text": "comentario",
            "sentiment": np.where(nps <= 6, "NEG", "POS"),
            "emotion": "others",
        }
    )
    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["A", "B"]})
    drivers = rank_drivers(frame, topics, as_of="2026-12-01", config=CONFIG).set_index("topic_id")
    a_row, b_row = drivers.loc[1], drivers.loc[2]
    # Leave-one-out gives B a large share of A's harm ...
    assert b_row["loo_nps"] < 0.5 * a_row["loo_nps"] < 0
    # ... the key-driver model does not: B's own answers score like everyone else's.
    assert a_row["keydriver_nps_hi"] < 0
    assert b_row["keydriver_nps"] > -0.1 * abs(a_row["keydriver_nps"])
    assert abs(b_row["keydriver_nps_effect"]) < 0.15 * abs(a_row["keydriver_nps_effect"])
    assert a_row["rank"] == 1 and a_row["is_issue"] and not b_row["is_issue"]


def test_raw_tone_competes_for_credit() -> None:
    frame, topics = make_feedback(seed=2)
    residual = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG).set_index("topic_id")
    raw = rank_drivers(
        frame, topics, as_of=AS_OF, config=CONFIG.model_copy(update={"keydriver_tone": "raw"})
    ).set_index("topic_id")
    # With tone as a competitor, part of the topic's effect moves to tone.
    assert abs(raw.loc[1, "keydriver_nps"]) < abs(residual.loc[1, "keydriver_nps"])


def test_social_only_frame_ranks_by_tone() -> None:
    frame, topics = make_feedback(seed=4)
    frame = frame.assign(nps=pd.NA, csat=np.nan, ces=np.nan)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    assert drivers["keydriver_nps"].isna().all()
    assert drivers.iloc[0]["topic_id"] == 1
    assert drivers.iloc[0]["reason"].startswith("Sin puntuaciones")
    assert not drivers.set_index("topic_id").loc[5, "is_issue"]


def test_no_rankable_topic_gives_an_empty_table() -> None:
    frame = pd.DataFrame(
        {
            "topic_id": [-1, -1, 3],
            "nps": [1, 9, 10],
            "created_at": pd.to_datetime(["2026-11-01"] * 3),
            "text": "x",
        }
    )
    drivers = rank_drivers(
        frame, pd.DataFrame({"topic_id": [3], "label": ["t"]}), as_of=AS_OF, config=CONFIG
    )
    assert drivers.empty
    assert {"rank", "topic_id", "priority", "reason"} <= set(drivers.columns)


def test_zero_weights_are_a_config_error(planted) -> None:
    frame, topics, _ = planted
    zero = CONFIG.model_copy(
        update={"weights": RankingWeights(impact=0, volume=0, trend=0, severity=0)}
    )
    with pytest.raises(ConfigError, match="weights"):
        rank_drivers(frame, topics, as_of=AS_OF, config=zero)


def test_hundred_thousand_rows_stay_fast(planted) -> None:
    frame, topics, _ = planted
    big = pd.concat([frame] * 17, ignore_index=True)
    assert len(big) > 100_000
    start = time.perf_counter()
    drivers = rank_drivers(big, topics, as_of=AS_OF, config=RankingConfig(bootstrap=500))
    elapsed = time.perf_counter() - start
    assert drivers["topic_id"].tolist()[:3] == [1, 2, 3]
    assert elapsed < 30, f"ranking 100k rows took {elapsed:.1f} s"
