"""Sentiment per clause: a topic's negative share is about that topic (issue 16, item 2)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import code_frame, member_tone, membership
from cxnlp.drivers.stats import compute_topic_stats
from cxnlp.ranking_config import RankingConfig
from cxnlp.run.clauses import label_clauses, with_clause_topics
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

CONFIG = RankingConfig(bootstrap=50)
AS_OF = datetime(2026, 11, 22, 3)


def _answers() -> pd.DataFrame:
    """Five answers; ``a`` praises the crew and complains about the baggage (answer: NEG)."""
    return pd.DataFrame(
        {
            "feedback_id": ["a", "b", "c", "d", "e"],
            "text": ["tripulación bien pero maleta perdida", "maleta", "tripulación", "x", "y"],
            "created_at": pd.Timestamp("2026-11-20"),
            "topic_id": [1, 2, 1, 1, 2],
            "sentiment": ["NEG", "NEG", "POS", "POS", "NEU"],
            "emotion": ["anger", "anger", "joy", "joy", "neutral"],
            "nps": [3, 2, 10, 9, 7],
            "dup_of": [None, None, None, None, None],
        }
    )


def _clauses(**columns: list[Any]) -> pd.DataFrame:
    return pd.DataFrame(
        {"feedback_id": ["a", "a"], "clause_no": [0, 1], "topic_id": [1, 2], **columns}
    )


def test_a_topic_reads_the_sentiment_of_the_clause_placed_in_it() -> None:
    frame = with_clause_topics(
        _answers(), _clauses(sentiment=["POS", "NEG"], emotion=["joy", "anger"])
    )
    stats = compute_topic_stats(
        frame, pd.DataFrame({"topic_id": [1, 2], "label": ["Tripulación", "Equipaje"]}),
        as_of=AS_OF, config=CONFIG,
    ).set_index("topic_id")  # fmt: skip
    # crew: a (its crew clause is positive), c, d -> 0 of 3 negative; the answer-level
    # label would have made it 1 of 3
    assert stats.loc[1, "n"] == 3 and stats.loc[1, "neg_share"] == 0.0
    assert stats.loc[1, "anger_share"] == 0.0
    # baggage: a (negative clause), b (negative answer), e (neutral answer)
    assert stats.loc[2, "n"] == 3 and abs(stats.loc[2, "neg_share"] - 2 / 3) < 1e-12
    assert abs(stats.loc[2, "anger_share"] - 2 / 3) < 1e-12
    # scores stay defined on answers: a's detractor counts in both topics
    assert abs(stats.loc[1, "detractor_share"] - 1 / 3) < 1e-12


def test_answers_without_labelled_clauses_keep_their_own_sentiment() -> None:
    answers = _answers()
    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["T1", "T2"]})
    # a run stored before per-clause sentiment: no label columns, or empty ones
    for clauses in (_clauses(), _clauses(sentiment=[None, None], emotion=[None, None])):
        frame = with_clause_topics(answers, clauses)
        assert "clause_labels" not in frame.columns
        stats = compute_topic_stats(frame, topics, as_of=AS_OF, config=CONFIG)
        assert stats.set_index("topic_id").loc[1, "neg_share"] == 1 / 3  # a counts as NEG
    # answers that were not split read their own label whatever the clauses of others say
    frame = with_clause_topics(answers, _clauses(sentiment=["POS", "POS"], emotion=[None, None]))
    coded = code_frame(frame)
    long = membership(coded.frame)
    neg, anger = member_tone(coded, long)
    rows = long["row"].to_numpy()
    others = rows != 0
    np.testing.assert_array_equal(neg[others], coded.neg[rows][others])
    # a clause without an emotion keeps the answer's anger
    assert (anger[~others] == 1.0).all() and (neg[~others] == 0.0).all()


def test_the_most_negative_clause_speaks_and_a_neutral_one_leaves_the_answers_label() -> None:
    clauses = pd.DataFrame(
        {
            "feedback_id": ["a", "a", "a", "d", "d", "e", "e"],
            "clause_no": [0, 1, 2, 0, 1, 0, 1],
            "topic_id": [1, 1, 2, 1, -1, 2, 3],
            "sentiment": ["POS", "NEG", "NEU", "NEG", "NEG", "NEU", "POS"],
            "emotion": ["joy", "sadness", "neutral", "sadness", "anger", "neutral", "joy"],
        }
    )
    frame = with_clause_topics(_answers(), clauses)
    labels = dict(zip(frame["feedback_id"], frame["clause_labels"], strict=True))
    # two clauses of a in topic 1: the negative one; its neutral clause in 2 says nothing
    assert labels["a"] == {1: ("NEG", "sadness")}
    # the outlier topic holds no label; a one-topic answer still reads its clause there
    assert labels["d"] == {1: ("NEG", "sadness")}
    assert labels["e"] == {3: ("POS", "joy")}
    assert labels["b"] is None and labels["c"] is None
    coded = code_frame(frame)
    long = membership(coded.frame)
    neg, anger = member_tone(coded, long)
    line = {
        (int(r), int(t)): i
        for i, (r, t) in enumerate(zip(long["row"], long["topic_id"], strict=True))
    }
    assert neg[line[(0, 1)]] == 1.0 and anger[line[(0, 1)]] == 0.0  # sadness, not anger
    assert neg[line[(0, 2)]] == 1.0 and anger[line[(0, 2)]] == 1.0  # the answer's own
    assert neg[line[(3, 1)]] == 1.0
    assert neg[line[(4, 2)]] == 0.0 and neg[line[(4, 3)]] == 0.0


def test_a_grouped_cause_takes_the_most_negative_of_its_topics_clauses() -> None:
    clauses = _clauses(sentiment=["POS", "NEG"], emotion=["joy", "anger"])
    frame = with_clause_topics(_answers(), clauses)
    # topics 1 and 2 grouped into cause 1 (what apply_causes does to the frame and topics)
    frame["topic_id"] = frame["topic_id"].replace({2: 1})
    frame["topic_ids"] = [sorted({1 if t == 2 else t for t in v}) for v in frame["topic_ids"]]
    grouped = pd.DataFrame({"topic_id": [1], "label": ["Viaje"], "member_topic_ids": [[1, 2]]})
    coded = code_frame(frame)
    long = membership(coded.frame)
    neg, _ = member_tone(coded, long, grouped)
    assert neg[long["row"].to_numpy() == 0].tolist() == [1.0]
    # without the grouping the cause id 1 reads the clause placed in topic 1 only
    assert member_tone(coded, long)[0][long["row"].to_numpy() == 0].tolist() == [0.0]


def test_a_duplicate_answer_carries_no_clause_sentiment() -> None:
    answers = _answers()
    answers.loc[0, "dup_of"] = "b"
    frame = with_clause_topics(
        answers, _clauses(sentiment=["POS", "NEG"], emotion=["joy", "anger"])
    )
    coded = code_frame(frame)
    long = membership(coded.frame)
    neg, anger = member_tone(coded, long)
    mine = long["row"].to_numpy() == 0
    assert mine.sum() == 2 and np.isnan(neg[mine]).all() and np.isnan(anger[mine]).all()


class _Head:
    """A head that reads the first vector coordinate: > 0 negative, else positive."""

    def __init__(self, labels: tuple[str, ...], hot: str, cold: str) -> None:
        self.labels, self.hot, self.cold = labels, labels.index(hot), labels.index(cold)
        self.calls = 0

    def predict_proba(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        self.calls += len(texts)
        out = np.full((len(texts), len(self.labels)), 0.01)
        out[np.arange(len(texts)), np.where(vectors[:, 0] > 0, self.hot, self.cold)] = 0.9
        return out


def test_clauses_are_labelled_by_the_nights_heads_and_a_correction_wins(tmp_path: Path) -> None:
    from cxnlp.labels.corrections import put_corrections
    from cxnlp.store import Store

    sentiment = _Head(SENTIMENT_LABELS, "NEG", "POS")
    emotion = _Head(EMOTION_LABELS, "anger", "joy")
    models: Any = SimpleNamespace(sentiment=sentiment, emotion=emotion)
    texts = ["perdieron mi maleta", "la tripulación fue encantadora", "el asiento roto"]
    hashes = ["h1", "h2", "h3"]
    vectors = np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    with Store(tmp_path / "s.duckdb") as store:
        put_corrections(
            store,
            [
                {
                    "text_hash": "h3", "sentiment": "NEU", "emotion": None, "feedback_id": "f9",
                    "source_file": "c.csv", "source_row": 2, "corrected_by": "ana",
                    "corrected_at": datetime(2026, 11, 1),
                }
            ],
        )  # fmt: skip
        labels = label_clauses(store, models, hashes, texts, vectors)
    assert labels == {
        "perdieron mi maleta": ("NEG", "anger"),
        "la tripulación fue encantadora": ("POS", "joy"),
        "el asiento roto": ("NEU", "anger"),  # the analyst's sentiment; emotion as predicted
    }
    assert sentiment.calls == 3 and emotion.calls == 3  # one prediction per clause text


def test_the_reports_sentiment_mix_of_a_cause_is_the_rankings_negative_share() -> None:
    from cxnlp.reports.aggregate import share_mix
    from cxnlp.run.clauses import topic_rows

    answers = _answers()
    answers.loc[4, "dup_of"] = "b"  # a duplicate counts for volume, not for shares
    clauses = pd.DataFrame(
        {
            "feedback_id": ["a", "a", "c", "c"],
            "clause_no": [0, 1, 0, 1],
            "topic_id": [1, 2, 1, 3],
            "sentiment": ["POS", "NEG", "NEG", "POS"],
            "emotion": ["joy", "anger", "anger", "joy"],
        }
    )
    frame = with_clause_topics(answers, clauses)
    topics = pd.DataFrame({"topic_id": [1, 2, 3], "label": ["T1", "T2", "T3"]})
    stats = compute_topic_stats(frame, topics, as_of=AS_OF, config=CONFIG).set_index("topic_id")
    for tid in (1, 2, 3):
        rows = topic_rows(frame, tid, topics)
        assert len(rows) == stats.loc[tid, "n"]
        mix = share_mix(rows, "sentiment", SENTIMENT_LABELS)
        assert abs(mix["NEG"] - 100 * stats.loc[tid, "neg_share"]) < 1e-9, tid
    # c is negative in topic 1 and positive in topic 3, whatever its own label (POS)
    assert topic_rows(frame, 1, topics).set_index("feedback_id").loc["c", "sentiment"] == "NEG"
    assert topic_rows(frame, 3, topics).set_index("feedback_id").loc["c", "sentiment"] == "POS"
    # grouped: topics 2 and 3 form cause 2; c's clause in 3 speaks for it there
    grouped = frame.copy()
    grouped["topic_id"] = grouped["topic_id"].replace({3: 2})
    grouped["topic_ids"] = [sorted({2 if t == 3 else t for t in v}) for v in grouped["topic_ids"]]
    causes = pd.DataFrame(
        {"topic_id": [1, 2], "label": ["T1", "T2"], "member_topic_ids": [[1], [2, 3]]}
    )
    stats = compute_topic_stats(grouped, causes, as_of=AS_OF, config=CONFIG).set_index("topic_id")
    rows = topic_rows(grouped, 2, causes)
    assert rows.set_index("feedback_id").loc["c", "sentiment"] == "POS"
    mix = share_mix(rows, "sentiment", SENTIMENT_LABELS)
    assert abs(mix["NEG"] - 100 * stats.loc[2, "neg_share"]) < 1e-9
