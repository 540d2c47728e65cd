"""Trend test: noise stays quiet, a real rise and a new topic are flagged."""

from __future__ import annotations

import numpy as np
import pytest

from cxnlp.drivers.trend import benjamini_hochberg, detect_trends

SHARES = np.array([0.02, 0.03, 0.05, 0.05, 0.08, 0.1, 0.12, 0.15, 0.1, 0.1])  # rest: outliers


def _counts(rng: np.random.Generator, shares: np.ndarray, total: int) -> np.ndarray:
    return rng.multinomial(total, np.append(shares, 1 - shares.sum()))[:-1]


def _flags(rng: np.random.Generator, recent_shares: np.ndarray) -> np.ndarray:
    base = _counts(rng, SHARES, 20_000)
    recent = _counts(rng, recent_shares, 4_000)
    result = detect_trends(recent, 4_000, base, 20_000, alpha=0.05, min_growth=0.25, min_count=10)
    return result["emerging"].to_numpy()


def test_noise_is_not_flagged() -> None:
    rng = np.random.default_rng(0)
    runs_with_a_flag = sum(_flags(rng, SHARES).any() for _ in range(60))
    # Under pure noise BH keeps the chance of any flag per run under alpha (5 %).
    assert runs_with_a_flag <= 6


def test_real_rise_is_flagged_and_only_it() -> None:
    rng = np.random.default_rng(1)
    risen = SHARES.copy()
    risen[2] = 0.09  # +80 % for topic 2
    hits = np.array([_flags(rng, risen) for _ in range(40)])
    assert hits[:, 2].mean() >= 0.95
    assert hits[:, [i for i in range(len(SHARES)) if i != 2]].mean() < 0.02


def test_small_but_significant_rise_needs_min_growth() -> None:
    # 10 % more share on a huge sample is significant but not "emerging".
    result = detect_trends(
        np.array([11_000]),
        100_000,
        np.array([100_000]),
        1_000_000,
        alpha=0.05,
        min_growth=0.25,
        min_count=10,
    )
    assert result.loc[0, "trend_q"] < 1e-3
    assert result.loc[0, "growth"] == pytest.approx(0.1)
    assert not result.loc[0, "emerging"]


def test_new_topic_is_emerging_once_it_has_enough_comments() -> None:
    result = detect_trends(
        np.array([12, 4]), 1_000, np.array([0, 0]), 5_000, alpha=0.05, min_growth=0.25, min_count=10
    )
    assert result["is_new"].tolist() == [True, False]
    assert result["emerging"].tolist() == [True, False]
    assert np.isnan(result.loc[0, "growth"])


def test_no_baseline_means_no_verdict() -> None:
    result = detect_trends(
        np.array([50]), 100, np.array([0]), 0, alpha=0.05, min_growth=0.25, min_count=10
    )
    assert not result.loc[0, "emerging"] and np.isnan(result.loc[0, "trend_p"])


def test_benjamini_hochberg_matches_hand_worked_values() -> None:
    q = benjamini_hochberg(np.array([0.01, 0.04, 0.03, np.nan, 0.5]))
    # Sorted p 0.01, 0.03, 0.04, 0.5 (m = 4): raw 0.04, 0.06, 0.0533, 0.5; then the running
    # minimum from the top makes 0.03 share 0.04's value.
    assert q[:3] == pytest.approx([0.04, 0.16 / 3, 0.16 / 3])
    assert np.isnan(q[3]) and q[4] == pytest.approx(0.5)
