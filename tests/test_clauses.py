"""A comment that names two problems counts in both: clause splitting and placement."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.enrich import load_models, predict_frame
from cxnlp.run.clauses import with_clause_topics
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS, text_hash
from cxnlp.text.clauses import split_clauses

sys.path.insert(0, str(Path(__file__).parent))
from e2e_helpers import use_fast_models, write_small_setup  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "El pedido llegó tarde y encima me cobraron dos veces",
            ["El pedido llegó tarde", "me cobraron dos veces"],
        ),
        (
            "La app se cierra al abrir. Además nadie contesta en el teléfono.",
            ["La app se cierra al abrir.", "nadie contesta en el teléfono."],
        ),
        (
            "Cobro duplicado en la tarjeta; aparte de eso el envío tardó dos semanas",
            ["Cobro duplicado en la tarjeta", "el envío tardó dos semanas"],
        ),
        # pieces too short to carry a complaint stay with their neighbour
        ("Pagué pero no llegó", ["Pagué pero no llegó"]),
        ("Muy bien, gracias", ["Muy bien, gracias"]),
        (
            "Tardaron mucho en atenderme, pero bueno. Gracias",
            ["Tardaron mucho en atenderme, pero bueno. Gracias"],
        ),
    ],
)
def test_split_clauses(text: str, expected: list[str]) -> None:
    assert split_clauses(text) == expected


def test_split_clauses_edges() -> None:
    assert split_clauses(None) == [] and split_clauses("   ") == []
    long = ". ".join(f"frase número {i} con tres palabras" for i in range(9))
    pieces = split_clauses(long, max_clauses=4)
    assert len(pieces) == 4 and "número 8" in pieces[-1]


def test_answers_count_in_every_topic_their_clauses_fall_in() -> None:
    frame = pd.DataFrame({"feedback_id": ["a", "b", "c", "d"], "topic_id": [1, 2, -1, 3]})
    clauses = pd.DataFrame(
        {
            "feedback_id": ["a", "a", "c", "c", "d", "d"],
            "clause_no": [0, 1, 0, 1, 0, 1],
            "topic_id": [1, 5, 4, -1, -1, -1],
        }
    )
    out = with_clause_topics(frame, clauses)
    assert out["topic_ids"].tolist() == [[1, 5], [2], [4], [3]]
    assert "topic_ids" not in frame.columns  # input untouched
    assert with_clause_topics(frame, clauses.iloc[0:0]) is frame


def test_a_night_places_clauses_and_ranks_answers_in_each_topic(tmp_path: Path) -> None:
    """Through the real pipeline: clauses stored, and an answer counted in two topics."""
    from cxnlp.config import load_config
    from cxnlp.drivers.frame import membership
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    config = write_small_setup(
        tmp_path, days=30, surveys_per_day=25, social_per_day=10, tickets_per_day=6
    )
    config = use_fast_models(config, topics={"min_topic_size": 10})
    settings = load_config(config)
    summary = run_pipeline(settings, as_of=datetime(2026, 11, 22, 3))
    assert summary.status == "completed"
    counts = summary.counts["topics"]["clauses"]
    assert counts["comments_split"] > 0 and counts["clauses"] >= 2 * counts["comments_split"]
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        clauses = store.read_run_frame("clause_topics", summary.run_id)
        kinds = store.con.execute(
            "SELECT DISTINCT f.source_kind FROM feedback f JOIN clause_topics c "
            "ON c.feedback_id = f.feedback_id AND c.run_id = ?",
            [summary.run_id],
        ).fetchall()
        frame = store.load_window(
            start=datetime(2026, 8, 24), end=datetime(2026, 11, 22, 3), models=None,
            run_id=summary.run_id,
        )  # fmt: skip
        # the heads that labelled the clauses are the night's, on the clauses' cached vectors
        norm = dict(store.con.execute("SELECT feedback_id, text_norm FROM feedback").fetchall())
        clause_text = {
            h: split_clauses(norm[f])[n]
            for f, n, h in clauses[["feedback_id", "clause_no", "text_hash"]].itertuples(False)
        }
        assert all(text_hash(t) == h for h, t in clause_text.items())
        models = load_models(settings.models)
        hashes = list(clause_text)
        vectors = np.zeros((len(hashes), models.embedder.dim), dtype=np.float32)
        assert store.fill_embeddings(hashes, models.embedder.version, vectors).all()
    assert {k for (k,) in kinds} <= {"survey", "social"}  # tickets are not split
    assert len(clauses) == counts["clauses"]
    # one head prediction per distinct clause text, each clause labelled
    assert counts["classified"] == len(hashes)
    assert set(clauses["sentiment"]) <= set(SENTIMENT_LABELS)
    assert set(clauses["emotion"]) <= set(EMOTION_LABELS)
    expected = predict_frame(models, [clause_text[h] for h in hashes], vectors)
    stored = clauses.drop_duplicates("text_hash").set_index("text_hash").loc[hashes]
    assert stored["sentiment"].tolist() == expected["sentiment"].tolist()
    assert stored["emotion"].tolist() == expected["emotion"].tolist()
    # clause labels reach the frame the ranking reads
    labelled = with_clause_topics(frame, clauses)["clause_labels"].dropna()
    assert len(labelled) and all(isinstance(v, dict) and v for v in labelled)
    # the report says how clauses count (methods)
    html = Path(summary.outputs["report"]).read_text(encoding="utf-8")
    assert "el sentimiento y la emoción de un tema se leen en las frases" in html
    split = with_clause_topics(frame, clauses)
    long = membership(split)
    per_answer = long.groupby("row")["topic_id"].nunique()
    assert (per_answer > 1).sum() == counts["second_topics"] or (per_answer > 1).sum() > 0
    # every answer keeps its own topic
    own = pd.to_numeric(split["topic_id"]).astype(int)
    kept = [t in ids for t, ids in zip(own, split["topic_ids"], strict=True) if t >= 0]
    assert all(kept)


def test_clauses_can_be_switched_off(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    config = write_small_setup(
        tmp_path, days=20, end_date=date(2026, 11, 21), surveys_per_day=20, social_per_day=5,
        tickets_per_day=3,
    )  # fmt: skip
    config = use_fast_models(config, topics={"min_topic_size": 10, "clause_kinds": []})
    summary = run_pipeline(load_config(config), as_of=datetime(2026, 11, 22, 3))
    assert summary.status == "completed"
    assert summary.counts["topics"]["clauses"]["status"] == "skipped"
