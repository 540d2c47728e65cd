"""The whole pipeline on a small seeded sample, checked against the planted truth."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from e2e_helpers import write_small_setup

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22)


@pytest.fixture(scope="module")
def e2e(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("e2e")
    config = write_small_setup(root, days=45)
    settings = load_config(config, environ={})
    first = run_pipeline(settings, as_of=AS_OF)
    return {"root": root, "config": config, "settings": settings, "first": first}


def _store(e2e: dict):
    from cxnlp.store import Store

    return Store(e2e["settings"].resolve(e2e["settings"].store.path), read_only=True)


def _truth(e2e: dict) -> tuple[dict, pd.DataFrame]:
    sample = e2e["root"] / "sample"
    truth = json.loads((sample / "truth.json").read_text(encoding="utf-8"))
    rows = pd.read_csv(sample / "truth_rows.csv", dtype=str)
    return truth, rows


def test_run_completes_and_writes_outputs(e2e: dict) -> None:
    first = e2e["first"]
    assert first.status == "completed"
    for key in ("report", "social_review", "callbacks"):
        assert key in first.outputs, first.outputs
        assert Path(first.outputs[key]).exists()
    html = Path(first.outputs["report"]).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    counts = first.counts
    assert counts["ingest"]["loaded"] > 2000
    assert counts["enrich"]["classified"] > 1000
    assert counts["topics"]["topics"] >= 5


def test_rerun_is_idempotent(e2e: dict) -> None:
    from cxnlp.pipeline import run_pipeline

    with _store(e2e) as store:
        before = store.count("feedback")
        predictions = store.count("predictions")
    again = run_pipeline(e2e["settings"], as_of=AS_OF)
    assert again.status == "completed"
    assert again.counts["enrich"]["classified"] == 0  # nothing new to enrich
    with _store(e2e) as store:
        assert store.count("feedback") == before
        assert store.count("predictions") == predictions
        dupes = store.con.execute(
            "SELECT count(*) FROM (SELECT source, source_id FROM feedback GROUP BY 1, 2 HAVING count(*) > 1)"
        ).fetchall()[0][0]
        assert dupes == 0


def _cause_topics(e2e: dict) -> tuple[dict, dict[str, Counter]]:
    truth, rows = _truth(e2e)
    run_id = e2e["first"].run_id
    with _store(e2e) as store:
        assigned = store.con.execute(
            "SELECT f.source, f.source_id, a.topic_id FROM topic_assignments a "
            "JOIN feedback f USING (feedback_id) WHERE a.run_id = ? AND a.topic_id >= 0",
            [run_id],
        ).df()
    merged = assigned.merge(rows, on=["source", "source_id"])
    per_cause = {c: Counter(g["topic_id"]) for c, g in merged.groupby("cause_id")}
    return truth, per_cause


def test_each_planted_cause_is_its_own_topic(e2e: dict) -> None:
    truth, per_cause = _cause_topics(e2e)
    planted = [c["cause_id"] for c in truth["causes"] if c.get("expected_impact_rank")]
    winners = {}
    for cause in planted:
        counts = per_cause.get(cause)
        assert counts, f"no assigned comments for planted cause {cause}"
        topic, hits = counts.most_common(1)[0]
        assert hits / sum(counts.values()) >= 0.5, (
            f"{cause} is spread over topics: {counts.most_common(4)}"
        )
        winners[cause] = topic
    assert len(set(winners.values())) == len(winners), f"planted causes share a topic: {winners}"


def test_ranking_follows_planted_impact(e2e: dict) -> None:
    truth, per_cause = _cause_topics(e2e)
    with _store(e2e) as store:
        drivers = store.read_run_frame("drivers", e2e["first"].run_id).sort_values("rank")
    topic_of = {c: per_cause[c].most_common(1)[0][0] for c in per_cause if c != "none"}
    planted = sorted(
        (c for c in truth["causes"] if c.get("expected_impact_rank")),
        key=lambda c: c["expected_impact_rank"],
    )
    ranks = dict(zip(drivers["topic_id"], drivers["rank"], strict=True))
    planted_ranks = [ranks[topic_of[c["cause_id"]]] for c in planted]
    # the planted causes take the top places
    assert max(planted_ranks) <= len(planted) + 1, (planted_ranks, drivers[["label", "rank"]])
    neutral = [c for c in truth["causes"] if not c.get("expected_impact_rank")]
    for cause in neutral:
        assert ranks[topic_of[cause["cause_id"]]] > len(drivers) / 2
    emerging = [c for c in truth["causes"] if c.get("trend") == "emerging"]
    flags = dict(zip(drivers["topic_id"], drivers["emerging"], strict=True))
    for cause in emerging:
        assert bool(flags[topic_of[cause["cause_id"]]]), f"{cause['cause_id']} not flagged emerging"


def test_next_day_updates_backlog_in_place(e2e: dict) -> None:
    from cxnlp.pipeline import run_pipeline
    from cxnlp.sampledata import generate_sample

    with _store(e2e) as store:
        before = store.read_run_frame("backlog", e2e["first"].run_id)
        rows_before = store.count("feedback")
    sample = e2e["root"] / "sample"
    generate_sample(
        sample,
        days=46,
        end_date=date(2026, 11, 22),
        surveys_per_day=40,
        social_per_day=20,
        tickets_per_day=12,
    )
    nxt = run_pipeline(e2e["settings"], as_of=datetime(2026, 11, 23))
    assert nxt.status == "completed"
    with _store(e2e) as store:
        after = store.read_run_frame("backlog", nxt.run_id)
        assert store.count("feedback") > rows_before
    shared = set(before["item_id"]) & set(after["item_id"])
    top_before = set(before.sort_values("score", ascending=False).head(4)["item_id"])
    assert top_before <= shared, "yesterday's top items were filed again under new ids"
