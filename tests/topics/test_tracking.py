"""Stable topic ids across runs, resolved/new flags, daily volumes."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import ModelError
from cxnlp.topics import (
    TopicModelResult,
    TopicsConfig,
    apply_tracking,
    assign_topics,
    fit_topics,
    remap_assignments,
    split_groups,
    topic_volume_daily,
    track_topics,
)
from cxnlp.topics.spanish import TopicAnalyzer
from topics.corpus import Corpus, embed, make_corpus

CONFIG = TopicsConfig(min_topic_size=15)


def _topic(tid: int, centroid: list[float], keywords: list[str], **extra: object) -> dict:
    row = {
        "topic_id": tid,
        "label": f"tema {tid}",
        "keywords": keywords,
        "size": 10,
        "representative_ids": [],
        "representative_texts": [],
        "stage": None,
        "centroid": centroid,
    }
    row.update(extra)
    return row


def _unit(*values: float) -> list[float]:
    v = np.asarray(values, dtype=float)
    return (v / np.linalg.norm(v)).tolist()


# -- unit tests on hand-made tables ------------------------------------------------------


def test_first_run_numbers_topics_and_marks_them_new() -> None:
    current = pd.DataFrame(
        [_topic(3, _unit(1, 0, 0), ["cobro"]), _topic(7, _unit(0, 1, 0), ["pedido"])]
    )
    tracked, resolved, mapping = track_topics(None, current, run_date=date(2026, 11, 1))
    assert tracked["topic_id"].tolist() == [0, 1]
    assert tracked["status"].tolist() == ["new", "new"]
    assert tracked["first_seen"].tolist() == [date(2026, 11, 1)] * 2
    assert mapping == {3: 0, 7: 1, -1: -1}
    assert resolved.empty


def test_persisting_topics_keep_id_label_and_first_seen() -> None:
    previous = pd.DataFrame(
        [
            _topic(4, _unit(1, 0, 0), ["cobro", "factura"], label="Cobro duplicado",
                   status="new", first_seen=date(2026, 10, 1)),
            _topic(9, _unit(0, 1, 0), ["pedido", "retraso"], label="Pedido no llega",
                   status="persisting", first_seen=date(2026, 9, 1)),
            _topic(12, _unit(0, 0, 1), ["app", "sesión"], label="Iniciar sesión",
                   status="new", first_seen=date(2026, 10, 20)),
        ]
    )  # fmt: skip
    current = pd.DataFrame(
        [
            _topic(0, _unit(0.05, 1, 0), ["pedidos", "retraso", "entrega"]),  # topic 9
            _topic(1, _unit(1, 0.1, 0), ["cobros", "factura", "importe"]),  # topic 4
            _topic(2, _unit(0.6, 0.6, 0.5), ["comisión", "cuenta"]),  # new
        ]
    )
    tracked, resolved, mapping = track_topics(previous, current, run_date="2026-11-02")
    assert tracked["topic_id"].tolist() == [9, 4, 13]
    assert tracked["label"].tolist()[:2] == ["Pedido no llega", "Cobro duplicado"]
    assert tracked["status"].tolist() == ["persisting", "persisting", "new"]
    assert tracked["first_seen"].tolist() == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 2),
    ]
    assert mapping == {0: 9, 1: 4, 2: 13, -1: -1}
    assert resolved["topic_id"].tolist() == [12]
    assert resolved["status"].tolist() == ["resolved"]


def test_similar_centroid_without_shared_keywords_is_not_the_same_topic() -> None:
    previous = pd.DataFrame([_topic(0, _unit(1, 0.5, 0), ["cobro", "factura"], status="new")])
    current = pd.DataFrame([_topic(0, _unit(1, 1.2, 0), ["contraseña", "app"])])
    cos = float(np.dot(previous.centroid[0], current.centroid[0]))
    assert 0.8 < cos < 0.95
    tracked, resolved, _ = track_topics(previous, current, run_date=date(2026, 11, 2))
    assert tracked["status"].tolist() == ["new"] and tracked["topic_id"].tolist() == [1]
    assert resolved["topic_id"].tolist() == [0]


def test_matching_holds_when_every_centroid_is_alike() -> None:
    """e5-like embeddings: distinct topics of one run already have cosines near 0.96."""
    a, b, c = _unit(0.2, 0, 0, 1), _unit(0, 0.2, 0, 1), _unit(0, 0, 0.2, 1)
    assert np.dot(a, b) > 0.95  # above track_strong_similarity
    previous = pd.DataFrame(
        [_topic(0, a, ["cobro"], status="new"), _topic(1, b, ["pedido"], status="new")]
    )
    current = pd.DataFrame(
        [_topic(0, _unit(0.21, 0.005, 0, 1), ["cobro"]), _topic(1, c, ["cobro", "pedido"])]
    )
    tracked, resolved, mapping = track_topics(previous, current, run_date=date(2026, 11, 2))
    assert mapping == {0: 0, 1: 2, -1: -1}
    assert tracked["status"].tolist() == ["persisting", "new"]
    assert resolved["topic_id"].tolist() == [1]


def test_resolved_topics_are_carried_so_ids_are_never_reused() -> None:
    previous = pd.DataFrame(
        [
            _topic(0, _unit(1, 0, 0), ["cobro"], status="persisting"),
            _topic(5, _unit(0, 1, 0), ["pedido"], status="resolved"),
        ]
    )
    current = pd.DataFrame(
        [_topic(0, _unit(1, 0, 0), ["cobro"]), _topic(1, _unit(0, 0, 1), ["app"])]
    )
    tracked, resolved, _ = track_topics(previous, current, run_date=date(2026, 11, 3))
    assert tracked["topic_id"].tolist() == [0, 6]
    assert resolved["topic_id"].tolist() == [5]
    # ... and a resolved topic that comes back keeps its old id
    back = pd.DataFrame([_topic(0, _unit(0, 1, 0), ["pedido"])])
    again, _, _ = track_topics(pd.concat([tracked, resolved]), back, run_date=date(2026, 11, 4))
    assert again["topic_id"].tolist() == [5] and again["status"].tolist() == ["persisting"]


def test_embedder_change_matches_nothing(caplog: pytest.LogCaptureFixture) -> None:
    previous = pd.DataFrame([_topic(0, _unit(1, 0, 0), ["cobro"], status="new")])
    current = pd.DataFrame([_topic(0, _unit(1, 0, 0, 0), ["cobro"])])
    with caplog.at_level(logging.WARNING):
        tracked, resolved, _ = track_topics(previous, current, run_date=date(2026, 11, 2))
    assert tracked["status"].tolist() == ["new"] and len(resolved) == 1
    assert "embedder changed" in caplog.text


def test_split_groups_finds_pieces_of_one_previous_topic() -> None:
    # the two previous topics are 0.8 apart (cosine): a piece must be closer than that
    previous = pd.DataFrame(
        [
            _topic(0, _unit(1, 0.5, 0, 0), ["sesión", "app", "error"], status="new"),
            _topic(1, _unit(0.5, 1, 0, 0), ["pedido", "retraso"], status="new"),
        ]
    )
    centroids = np.array(
        [
            _unit(1, 0.3, 0.1, 0),  # 0.98 to topic 0, shares keywords: a piece
            _unit(1, 0.5, 0.2, 0),  # 0.98 to topic 0, shares "error": a piece
            _unit(0.4, 1, 0, 0.1),  # topic 1 alone: nothing to merge
            _unit(0.3, 0.2, 0, 1),  # shares "sesión" but is far from topic 0: new
            _unit(1, 0.2, 0, 0.6),  # 0.83 to topic 0, other words, below "strong": new
        ]
    )
    words = [["sesión", "app"], ["error", "contraseña"], ["pedido"], ["sesión"], ["toca", "casa"]]
    analyzer = TopicAnalyzer()
    keys = [{analyzer.key_of(w) for w in ws} for ws in words]
    assert split_groups(previous, centroids, keys) == [[0, 1]]
    # no previous run, or an embedder of another width: nothing to anchor to
    assert split_groups(None, centroids, keys) == []
    assert split_groups(previous, centroids[:, :3], keys) == []


def test_remap_assignments() -> None:
    assert remap_assignments([0, -1, 2, 0], {0: 5, 2: 9, -1: -1}).tolist() == [5, -1, 9, 5]
    with pytest.raises(ModelError, match="no stable id"):
        remap_assignments([3], {0: 5, -1: -1})


def test_topic_volume_daily_counts_per_day_and_topic() -> None:
    created = [
        datetime(2026, 11, 1, 8),
        datetime(2026, 11, 1, 23, 59),
        datetime(2026, 11, 2, 0, 1),
        pd.NaT,
        datetime(2026, 11, 2, 10),
    ]
    daily = topic_volume_daily(created, [3, 3, 3, 1, -1])
    assert list(daily.columns) == ["date", "topic_id", "n"]
    assert daily.to_dict("records") == [
        {"date": date(2026, 11, 1), "topic_id": 3, "n": 2},
        {"date": date(2026, 11, 2), "topic_id": -1, "n": 1},
        {"date": date(2026, 11, 2), "topic_id": 3, "n": 1},
    ]
    assert topic_volume_daily([], []).empty


# -- runs on real fits ------------------------------------------------------------------


def _fit(corpus: Corpus, prefix: str) -> tuple[TopicModelResult, list[str]]:
    ids = [f"{prefix}{i}" for i in corpus.ids]
    return fit_topics(corpus.texts, embed(corpus.texts), ids, CONFIG), ids


def _majority_topic(assignments: np.ndarray, causes: list[str], cause: str) -> int:
    topics = [
        t for t, c in zip(assignments.tolist(), causes, strict=True) if c == cause and t != -1
    ]
    return Counter(topics).most_common(1)[0][0]


@pytest.fixture(scope="module")
def first_run(corpus: Corpus) -> tuple[TopicModelResult, pd.DataFrame]:
    result, _ = _fit(corpus, "a")
    tracked, _, _ = track_topics(None, result.topics, run_date=date(2026, 11, 1))
    return apply_tracking(result, tracked), tracked


def test_five_percent_new_data_keeps_the_ids(
    corpus: Corpus, first_run: tuple[TopicModelResult, pd.DataFrame]
) -> None:
    run1, table1 = first_run
    n_new = int(0.05 * len(corpus.texts))
    extra = make_corpus(n_per_cause=4, n_noise=0, seed=123)
    keep = len(corpus.texts) - n_new
    texts = corpus.texts[n_new:] + extra.texts[:n_new]
    causes = corpus.causes[n_new:] + extra.causes[:n_new]
    assert len(texts) == len(corpus.texts) and keep > 0
    ids = [f"b{i}" for i in range(len(texts))]
    run2_raw = fit_topics(texts, embed(texts), ids, CONFIG, previous=table1)
    tracked, resolved, mapping = track_topics(table1, run2_raw.topics, run_date=date(2026, 11, 2))
    run2 = apply_tracking(run2_raw, tracked)
    assert np.array_equal(run2.assignments, remap_assignments(run2_raw.assignments, mapping))
    for cause in ("cobro_duplicado", "entrega_tarde", "app_login", "espera_telefono", "reembolso"):
        before = _majority_topic(run1.assignments, corpus.causes, cause)
        after = _majority_topic(run2.assignments, causes, cause)
        assert before == after, cause
    assert (tracked["status"] == "persisting").mean() >= 0.75
    assert len(resolved) <= 2


def test_a_vanished_cause_is_resolved_and_a_new_one_is_new(
    first_run: tuple[TopicModelResult, pd.DataFrame],
) -> None:
    run1, table1 = first_run
    later = make_corpus(
        n_per_cause=60,
        n_noise=24,
        seed=7,
        causes=["cobro_duplicado", "entrega_tarde", "app_login", "espera_telefono", "comisiones"],
    )
    result, _ = _fit(later, "c")
    tracked, resolved, _ = track_topics(table1, result.topics, run_date=date(2026, 11, 3))
    run3 = apply_tracking(result, tracked)
    fee_topic = _majority_topic(run3.assignments, later.causes, "comisiones")
    row = tracked.set_index("topic_id").loc[fee_topic]
    assert row["status"] == "new"
    assert fee_topic > int(table1["topic_id"].max())
    assert row["first_seen"] == date(2026, 11, 3)
    refund_topic = _majority_topic(run1.assignments, make_corpus().causes, "reembolso")
    assert refund_topic in resolved["topic_id"].tolist()
    assert (resolved["status"] == "resolved").all()
    for cause in ("cobro_duplicado", "entrega_tarde"):
        first = _majority_topic(run1.assignments, make_corpus().causes, cause)
        assert _majority_topic(run3.assignments, later.causes, cause) == first


def test_assign_topics_answers_in_stable_ids_after_tracking(corpus: Corpus) -> None:
    raw, _ = _fit(corpus, "d")
    first, _, _ = track_topics(None, raw.topics, run_date=date(2026, 11, 1))
    previous = first.assign(topic_id=first["topic_id"] + 10)  # ids from an older history
    tracked, _, mapping = track_topics(previous, raw.topics, run_date=date(2026, 11, 2))
    assert all(stable >= 10 for cluster, stable in mapping.items() if cluster != -1)
    run = apply_tracking(raw, tracked)
    assert run.topics["topic_id"].tolist() == tracked["topic_id"].tolist()
    got = assign_topics(run, corpus.texts[:60], embed(corpus.texts)[:60])
    placed = got != -1
    assert placed.mean() > 0.8
    assert set(got[placed].tolist()) <= set(run.topics["topic_id"])
    # the centroid rule agrees with the clusterer on nearly every comment it places
    assert (got[placed] == run.assignments[:60][placed]).mean() >= 0.9
