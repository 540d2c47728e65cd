"""The estimators behind the drivers table, checked against plain computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge

from cxnlp.drivers.bootstrap import bootstrap_group_sums, group_sums, percentile_interval
from cxnlp.drivers.design import build_design, column_index
from cxnlp.drivers.frame import code_frame, membership
from cxnlp.drivers.impact import loo_from_sums
from cxnlp.drivers.keydriver import fit_from_sums
from cxnlp.errors import CxnlpError
from cxnlp.metrics import nps_value


def test_bootstrap_sums_equal_explicit_resampling() -> None:
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 4, 300)
    values = rng.normal(size=(300, 3))
    boot = bootstrap_group_sums(groups, values, 4, resamples=7, seed=11, max_cells=900)
    replay = np.random.default_rng(11)
    # Chunks of 3 resamples (900 cells / 300 rows), drawn in order.
    draws = np.vstack([replay.integers(0, 300, size=(s, 300)) for s in (3, 3, 1)])
    for b, idx in enumerate(draws):
        assert np.allclose(boot[b], group_sums(groups[idx], values[idx], 4))


def test_bootstrap_rejects_nan() -> None:
    with pytest.raises(CxnlpError, match="NaN"):
        bootstrap_group_sums(
            np.zeros(2, dtype=int), np.array([[1.0], [np.nan]]), 1, resamples=2, seed=0
        )


def test_percentile_interval_ignores_nan_draws() -> None:
    draws = np.array([[1.0, np.nan], [2.0, np.nan], [3.0, np.nan], [np.nan, np.nan]])
    lo, hi = percentile_interval(draws, 0.5)
    assert lo[0] == pytest.approx(1.5) and hi[0] == pytest.approx(2.5)
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def _frame(n: int = 600, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    topic = rng.choice([-1, 0, 1, 2], size=n, p=[0.3, 0.3, 0.2, 0.2])
    nps = np.clip(np.round(7 + np.where(topic == 1, -3, 0) + rng.normal(0, 2, n)), 0, 10)
    return pd.DataFrame(
        {
            "topic_id": topic,
            "nps": nps,
            "csat": rng.integers(1, 6, n).astype(float),
            "csat_scale": 5,
            "p_POS": rng.uniform(0, 0.5, n),
            "p_NEG": rng.uniform(0, 0.5, n),
            "sentiment": "NEU",
            "text": "x",
            "created_at": pd.Timestamp("2026-11-01"),
        }
    )


def test_loo_from_sums_matches_nps_value() -> None:
    frame = _frame()
    coded = code_frame(frame)
    design = build_design(coded, membership(coded.frame), np.array([0, 1, 2]))
    loo = loo_from_sums(
        group_sums(design.groups, design.values, design.n_groups), design.patterns, "nps"
    )
    for k, tid in enumerate((0, 1, 2)):
        expected = nps_value(frame["nps"]) - nps_value(frame.loc[frame["topic_id"] != tid, "nps"])
        assert loo[k] == pytest.approx(expected)


@pytest.mark.parametrize("tone", ["none", "raw", "residual"])
def test_keydriver_equals_ridge_on_the_explicit_design(tone: str) -> None:
    frame = _frame()
    coded = code_frame(frame)
    topic_ids = np.array([0, 1, 2])
    design = build_design(coded, membership(coded.frame), topic_ids, tone=tone)
    alpha = 5.0
    coef, effect, contrib = fit_from_sums(
        group_sums(design.groups, design.values, design.n_groups),
        design.patterns,
        "nps",
        alpha=alpha,
        use_tone=tone != "none",
    )
    has = design.values[:, column_index("nps", "has")] > 0
    member = design.patterns[design.groups][has]
    x = member
    if tone != "none":
        x = np.column_stack([x, design.values[has, column_index("nps", "s")]])
    y = design.values[has, column_index("nps", "y")]
    reference = Ridge(alpha=alpha, fit_intercept=True).fit(x, y)
    b = reference.coef_[:3]
    assert np.allclose(coef, b, atol=1e-8)
    # Effect: coefficient minus the mean fitted topic effect of the answers without the topic.
    fitted = member @ b
    for t in range(3):
        outside = member[:, t] == 0
        assert effect[t] == pytest.approx(b[t] - fitted[outside].mean())
    assert np.allclose(contrib, effect * member.mean(axis=0))


def test_keydriver_matches_loo_for_one_topic_per_comment() -> None:
    frame = _frame(n=3000)
    coded = code_frame(frame)
    design = build_design(coded, membership(coded.frame), np.array([0, 1, 2]), tone="none")
    sums = group_sums(design.groups, design.values, design.n_groups)
    _, _, contrib = fit_from_sums(sums, design.patterns, "nps", alpha=1e-6, use_tone=False)
    loo = loo_from_sums(sums, design.patterns, "nps")
    # Without the penalty both are share * (score_topic - score_rest).
    assert np.allclose(contrib, loo, atol=1e-4)
    _, _, shrunk = fit_from_sums(sums, design.patterns, "nps", alpha=50.0, use_tone=False)
    assert np.all(np.abs(shrunk) < np.abs(loo))


def test_residual_tone_leaves_topic_effects_unchanged() -> None:
    frame = _frame()
    coded = code_frame(frame)
    long = membership(coded.frame)
    sums = {}
    for tone in ("none", "residual"):
        design = build_design(coded, long, np.array([0, 1, 2]), tone=tone)
        sums[tone] = fit_from_sums(
            group_sums(design.groups, design.values, design.n_groups),
            design.patterns,
            "nps",
            alpha=5.0,
            use_tone=tone != "none",
        )[1]
    assert np.allclose(sums["none"], sums["residual"])
