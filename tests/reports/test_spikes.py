"""detect_spikes: a rise over a rolling baseline, and the topics that drove it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import ConfigError, CxnlpError
from cxnlp.reports.spikes import SPIKE_COLUMNS, detect_spikes

DAYS = pd.date_range("2026-10-01", periods=40, freq="D")


def _long(counts: dict[int, list[int]]) -> pd.DataFrame:
    """Long frame (date, topic_id, n) from per-topic daily lists."""
    rows = [
        {"date": day, "topic_id": topic, "n": n}
        for topic, series in counts.items()
        for day, n in zip(DAYS, series, strict=True)
    ]
    return pd.DataFrame(rows)


def _noisy(rng: np.random.Generator, mean: float) -> list[int]:
    return rng.poisson(mean, size=len(DAYS)).tolist()


def test_flat_noise_has_no_spike() -> None:
    rng = np.random.default_rng(1)
    spikes = detect_spikes(_long({0: _noisy(rng, 8), 1: _noisy(rng, 5)}))
    assert spikes.empty
    assert list(spikes.columns) == list(SPIKE_COLUMNS)


def test_burst_is_found_on_its_day_with_the_topic_that_drove_it() -> None:
    rng = np.random.default_rng(2)
    counts = {0: _noisy(rng, 8), 1: _noisy(rng, 4), 2: _noisy(rng, 3)}
    counts[2][30] += 40
    spikes = detect_spikes(_long(counts))
    assert spikes["date"].tolist() == [DAYS[30]]
    row = spikes.iloc[0]
    assert row["topics"][0] == 2
    assert row["topic_excess"][0] == pytest.approx(40, abs=6)
    total = sum(c[30] for c in counts.values())
    assert row["n"] == total
    assert row["zscore"] >= 3


def test_baseline_is_the_mean_of_the_previous_window_days_only() -> None:
    series = [10] * 20 + [60] + [10] * 19
    spikes = detect_spikes(_long({0: series}), window=14)
    assert spikes["date"].tolist() == [DAYS[20]]
    row = spikes.iloc[0]
    assert row["baseline"] == pytest.approx(10.0)  # the spike day is not in its own baseline
    assert row["excess"] == pytest.approx(50.0)
    # flat history: the deviation falls back to the Poisson floor sqrt(10)
    assert row["std"] == pytest.approx(np.sqrt(10.0))
    assert row["zscore"] == pytest.approx(50 / np.sqrt(10.0))


def test_no_day_is_judged_before_enough_history() -> None:
    series = [1, 1, 50] + [2] * 37
    assert detect_spikes(_long({0: series}), window=14).empty
    found = detect_spikes(_long({0: series}), window=14, min_history=2)
    assert found["date"].tolist() == [DAYS[2]]


def test_missing_days_count_as_zero() -> None:
    # 10 mentions a day, but only every other day has a row: baseline must be 5, not 10
    frame = pd.DataFrame({"date": DAYS[:30:2], "n": 10})
    frame = pd.concat([frame, pd.DataFrame({"date": [DAYS[31]], "n": [30]})])
    spikes = detect_spikes(frame)
    assert DAYS[31] in spikes["date"].tolist()
    row = spikes.set_index("date").loc[DAYS[31]]
    assert row["baseline"] < 6


def test_small_counts_need_min_count() -> None:
    series = [0] * 30 + [4] + [0] * 9
    assert detect_spikes(_long({0: series})).empty  # 4 < min_count 5
    assert detect_spikes(_long({0: series}), min_count=3)["n"].tolist() == [4]


def test_unassigned_topic_is_not_named_as_a_driver() -> None:
    counts = {-1: [3] * 40, 5: [3] * 40}
    counts[-1][35] += 30
    counts[5][35] += 5
    spikes = detect_spikes(_long(counts))
    assert spikes.iloc[0]["topics"] == [5]


def test_series_input_and_top_k() -> None:
    series = pd.Series([5] * 25 + [40] + [5] * 14, index=DAYS)
    spikes = detect_spikes(series, top_k=0)
    assert spikes["date"].tolist() == [DAYS[25]]
    assert spikes.iloc[0]["topics"] == []


def test_empty_input_gives_empty_frame() -> None:
    assert detect_spikes(pd.DataFrame(columns=["date", "n"])).empty


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": 1}, "window=1"),
        ({"z": 0}, "z=0"),
        ({"z": float("nan")}, "z=nan"),
        ({"min_history": 30}, "min_history=30"),
        ({"min_count": -1}, "min_count=-1"),
    ],
)
def test_bad_settings_are_named(kwargs: dict, match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        detect_spikes(_long({0: [1] * 40}), **kwargs)


def test_bad_input_is_named() -> None:
    with pytest.raises(CxnlpError, match="lacks column"):
        detect_spikes(pd.DataFrame({"day": DAYS, "count": 1}))
    with pytest.raises(CxnlpError, match="negative count"):
        detect_spikes(pd.DataFrame({"date": DAYS, "n": -1}))
    with pytest.raises(CxnlpError, match="list"):
        detect_spikes([1, 2, 3])  # type: ignore[arg-type]
