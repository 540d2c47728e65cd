"""Which weak labels an adapted head learns from, and with what weight (issue 19)."""

from __future__ import annotations

import numpy as np
import pytest

from cxnlp.nlp.adapt_mix import store_training_rows, weak_row_weight
from cxnlp.nlp.config import AdaptConfig

ORDER = ("POS", "NEU", "NEG")


def _proba(*rows: tuple[float, float, float]) -> np.ndarray:
    return np.asarray(rows, dtype=float)


def test_a_weak_label_the_current_head_contradicts_is_dropped_a_correction_never() -> None:
    kinds = ["weak", "weak", "weak", "correction"]
    labels = ["NEU", "NEU", "NEG", "POS"]
    # row 0: NPS 7 on a text the head reads as a clear complaint -> dropped;
    # row 1: the head hesitates (0.6) -> kept; row 2: head agrees -> kept;
    # row 3: an analyst's POS on a text the head is sure is NEG -> kept
    proba = _proba((0.02, 0.03, 0.95), (0.1, 0.3, 0.6), (0.0, 0.05, 0.95), (0.01, 0.01, 0.98))
    rows = store_training_rows(kinds, labels, proba, ORDER, 1000, AdaptConfig(weak_filter=0.9))
    assert sorted(rows.index.tolist()) == [1, 2, 3]
    assert rows.n_dropped == 1 and rows.n_weak == 2 and rows.n_corrections == 1
    by_row = dict(zip(rows.index.tolist(), rows.weights.tolist(), strict=True))
    assert by_row[3] == AdaptConfig().correction_weight
    assert by_row[1] == by_row[2] == AdaptConfig().weak_weight
    # a stricter filter keeps everything the head is less than 0.99 sure about
    loose = store_training_rows(kinds, labels, proba, ORDER, 1000, AdaptConfig(weak_filter=0.99))
    assert loose.n_dropped == 0 and len(loose.index) == 4
    off = store_training_rows(kinds, labels, proba, ORDER, 1000, AdaptConfig(weak_filter=None))
    assert off.n_dropped == 0


def test_distillation_writes_soft_targets_as_weighted_copies() -> None:
    config = AdaptConfig(weak_filter=None, distill=0.4, weak_weight=2.0)
    proba = _proba((0.5, 0.5, 0.0))
    rows = store_training_rows(["weak"], ["NEG"], proba, ORDER, 100, config)
    # target = 0.6 * NEG + 0.4 * (0.5 POS + 0.5 NEU); a copy per label with weight 2 * target
    got = dict(zip(rows.labels, rows.weights.tolist(), strict=True))
    assert got == pytest.approx({"NEG": 1.2, "POS": 0.4, "NEU": 0.4})
    assert rows.index.tolist() == [0, 0, 0] and rows.n_weak == 1
    # the weights of one row add up to its weight: the soft target is a distribution
    assert rows.weights.sum() == pytest.approx(2.0)


def test_without_the_current_heads_probabilities_labels_stay_hard() -> None:
    config = AdaptConfig(distill=0.5)
    rows = store_training_rows(["weak", "weak"], ["POS", "NEG"], None, ORDER, 10, config)
    assert rows.labels == ["POS", "NEG"] and rows.n_dropped == 0


def test_weak_share_caps_the_weak_rows_total_weight() -> None:
    assert weak_row_weight(100, 5000, AdaptConfig(weak_weight=2.0)) == 2.0
    # the default cap: together never more than the corpus
    assert weak_row_weight(20_000, 5000, AdaptConfig(weak_weight=2.0)) == pytest.approx(0.25)
    assert weak_row_weight(20_000, 5000, AdaptConfig(weak_weight=2.0, weak_share=None)) == 2.0
    capped = AdaptConfig(weak_weight=2.0, weak_share=0.2)
    # 20,000 scored comments: together they weigh 20 % of the 5,000 corpus rows
    assert weak_row_weight(20_000, 5000, capped) == pytest.approx(0.05)
    # 100 scored comments: never more than weak_weight each
    assert weak_row_weight(100, 5000, capped) == 2.0
    assert weak_row_weight(0, 5000, capped) == 0.0


def test_the_filter_must_be_a_probability_above_a_third() -> None:
    with pytest.raises(ValueError):
        AdaptConfig(weak_filter=0.2)
    with pytest.raises(ValueError):
        AdaptConfig(distill=1.0)
