"""Tests of cxnlp.metrics against hand-worked examples."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import ConfigError, CxnlpError
from cxnlp.metrics import (
    Estimate,
    ces_mean,
    csat_mean,
    csat_top2,
    dsat,
    fcr_rate,
    nps,
    nps_value,
    ttr_summary,
    wilson_interval,
)

# 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0-6): NPS = 50 - 20 = 30.
TEN_SCORES = [10, 9, 9, 10, 9, 8, 7, 7, 3, 6]


def test_nps_value_hand_worked() -> None:
    assert nps_value(TEN_SCORES) == pytest.approx(30.0)
    assert nps_value([10, 10]) == pytest.approx(100.0)
    assert nps_value([0, 6, 5]) == pytest.approx(-100.0)
    assert nps_value([7, 8]) == pytest.approx(0.0)


def test_nps_value_ignores_missing() -> None:
    with_gaps = [*TEN_SCORES, None, float("nan")]
    assert nps_value(with_gaps) == pytest.approx(30.0)
    series = pd.Series([*TEN_SCORES, None], dtype="Int64")
    assert nps_value(series) == pytest.approx(30.0)
    assert math.isnan(nps_value([None, float("nan")]))
    assert math.isnan(nps_value([]))


def test_nps_interval_hand_worked() -> None:
    # p_pro = .5, p_det = .2 -> var = .7 - .3**2 = .61; se = sqrt(.61 / 10)
    est = nps(TEN_SCORES)
    half = 1.959963984540054 * math.sqrt(0.61 / 10) * 100
    assert est.value == pytest.approx(30.0)
    assert est.lo == pytest.approx(30.0 - half)
    assert est.hi == pytest.approx(30.0 + half)
    assert est.n == 10
    assert est.margin == pytest.approx(half)


def test_nps_interval_narrows_with_n_and_confidence() -> None:
    small = nps(TEN_SCORES)
    big = nps(TEN_SCORES * 100)
    assert big.value == pytest.approx(small.value)
    assert big.margin < small.margin / 9
    assert nps(TEN_SCORES, confidence=0.80).margin < small.margin


def test_nps_interval_is_clipped_and_degenerate_when_unanimous() -> None:
    assert nps([10] * 5) == Estimate(100.0, 100.0, 100.0, 5)
    est = nps([10, 10, 10, 10, 0])
    assert est.hi <= 100.0
    assert est.lo >= -100.0


def test_nps_empty_is_nan_with_n_zero() -> None:
    est = nps([None])
    assert est.n == 0
    assert math.isnan(est.value) and math.isnan(est.lo) and math.isnan(est.hi)


@pytest.mark.parametrize("bad", [11, -1, 7.5])
def test_nps_rejects_out_of_range_and_names_value(bad: float) -> None:
    with pytest.raises(CxnlpError, match=str(bad)):
        nps_value([9, bad])


def test_nps_rejects_text() -> None:
    with pytest.raises(CxnlpError, match="NPS"):
        nps(["nueve", "diez"])


def test_wilson_matches_textbook_value() -> None:
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4)
    assert hi == pytest.approx(0.9433, abs=1e-4)
    lo0, hi0 = wilson_interval(0, 20)
    assert lo0 == 0.0
    assert 0.0 < hi0 < 0.2


def test_csat_top2_on_each_scale() -> None:
    five = csat_top2([5, 4, 4, 3, 1, 2, 5, 5, 3, 4], scale=5)
    assert five.value == pytest.approx(60.0)
    lo, hi = wilson_interval(6, 10)
    assert (five.lo, five.hi) == pytest.approx((100 * lo, 100 * hi))
    assert csat_top2([7, 6, 5, 1], scale=7).value == pytest.approx(50.0)
    assert csat_top2([10, 9, 8, 0], scale=10).value == pytest.approx(50.0)


def test_dsat_is_bottom_two_box() -> None:
    assert dsat([1, 2, 3, 4, 5], scale=5).value == pytest.approx(40.0)
    assert dsat([1, 2, 3, 7, 6, 5, 4, 4, 4, 4], scale=7).value == pytest.approx(20.0)
    assert dsat([0, 1, 2, 3, 10], scale=10).value == pytest.approx(60.0)


def test_csat_mean_t_interval_hand_worked() -> None:
    # mean 3, sd sqrt(2.5), se sqrt(.5), t(4, .975) = 2.776445
    est = csat_mean([1, 2, 3, 4, 5], scale=5)
    half = 2.7764451051977987 * math.sqrt(0.5)
    assert est.value == pytest.approx(3.0)
    assert (est.lo, est.hi) == pytest.approx((3 - half, 3 + half))
    single = csat_mean([4], scale=5)
    assert single == Estimate(4.0, 4.0, 4.0, 1)


@pytest.mark.parametrize("scale", [4, 6, 100, 0, "5", True])
def test_scale_is_validated_and_named(scale: object) -> None:
    with pytest.raises(ConfigError, match=repr(scale).replace("'", ".")):
        csat_top2([1, 2], scale=scale)  # type: ignore[arg-type]


def test_csat_rejects_answer_off_the_scale() -> None:
    with pytest.raises(CxnlpError, match="6"):
        csat_mean([5, 6], scale=5)
    with pytest.raises(CxnlpError, match="0"):
        dsat([0, 3], scale=7)


def test_ces_mean() -> None:
    est = ces_mean([7, 6, 5, None, 6])
    assert est.value == pytest.approx(6.0)
    assert est.n == 4
    assert 1.0 <= est.lo < 6.0 < est.hi <= 7.0
    with pytest.raises(CxnlpError, match="8"):
        ces_mean([8])


def test_fcr_rate_booleans_with_missing() -> None:
    flags = pd.Series([True, False, True, True, None], dtype="boolean")
    est = fcr_rate(flags)
    assert est.value == pytest.approx(75.0)
    assert est.n == 4
    lo, hi = wilson_interval(3, 4)
    assert (est.lo, est.hi) == pytest.approx((100 * lo, 100 * hi))
    assert fcr_rate([1, 0, 0, 0]).value == pytest.approx(25.0)
    with pytest.raises(CxnlpError, match="2"):
        fcr_rate([1, 2])


def test_ttr_summary_point_values() -> None:
    hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None]
    out = ttr_summary(hours)
    assert set(out) == {"median", "p90"}
    assert out["median"].value == pytest.approx(5.5)
    assert out["p90"].value == pytest.approx(np.quantile(np.arange(1, 11), 0.9))
    assert out["median"].n == 10
    for est in out.values():
        assert est.lo <= est.value <= est.hi


def test_ttr_summary_is_seeded() -> None:
    rng = np.random.default_rng(3)
    hours = rng.lognormal(2.0, 1.0, size=500)
    assert ttr_summary(hours, seed=7) == ttr_summary(hours, seed=7)
    assert ttr_summary(hours, seed=7) != ttr_summary(hours, seed=8)


def test_ttr_bootstrap_agrees_with_explicit_resampling() -> None:
    rng = np.random.default_rng(11)
    hours = rng.lognormal(2.0, 0.8, size=400)
    fast = ttr_summary(hours, n_boot=4000, seed=1)
    resamples = rng.choice(hours, size=(4000, hours.size), replace=True)
    for key, q in (("median", 0.5), ("p90", 0.9)):
        boot = np.quantile(resamples, q, axis=1, method="inverted_cdf")
        lo, hi = np.quantile(boot, [0.025, 0.975])
        width = hi - lo
        assert fast[key].lo == pytest.approx(lo, abs=0.15 * width)
        assert fast[key].hi == pytest.approx(hi, abs=0.15 * width)


def test_ttr_large_input_is_fast_and_empty_is_nan() -> None:
    import time

    hours = np.random.default_rng(0).exponential(24.0, size=1_000_000)
    start = time.perf_counter()
    out = ttr_summary(hours)
    assert time.perf_counter() - start < 5.0
    assert out["median"].value == pytest.approx(24.0 * math.log(2), rel=0.02)
    empty = ttr_summary([None])
    assert empty["median"].n == 0 and math.isnan(empty["p90"].value)


def test_ttr_rejects_negative_time() -> None:
    with pytest.raises(CxnlpError, match="-3"):
        ttr_summary([1.0, -3.0])


def test_confidence_is_validated() -> None:
    with pytest.raises(ConfigError, match="1.5"):
        nps([9], confidence=1.5)
    with pytest.raises(ConfigError, match="0"):
        fcr_rate([1], confidence=0)


def test_estimate_as_dict() -> None:
    assert Estimate(1.0, 0.5, 1.5, 3).as_dict() == {"value": 1.0, "lo": 0.5, "hi": 1.5, "n": 3}
