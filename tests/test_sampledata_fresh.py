"""The held-out survey sample (cxnlp.sampledata.fresh) and the cause evaluation's judging logic."""

from __future__ import annotations

import csv
import importlib.util
import itertools
import json
import re
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxnlp.sampledata.fresh import NEGATIVE_IDS, generate_fresh, load_style, load_themes
from cxnlp.sampledata.rows_surveys import SURVEY_COLUMNS as DEMO_SURVEY_COLUMNS

REPO = Path(__file__).resolve().parents[1]
END = date(2026, 12, 6)


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_causes", REPO / "bench" / "eval_causes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_causes"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


eval_causes = _bench()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("fresh")
    doc = generate_fresh(out, end_date=END, days=120, per_day=50)
    rows = _read_csv(out / "surveys.csv")
    truth = _read_csv(out / "truth_rows.csv")
    assert [t["source_id"] for t in truth] == [r["response_id"] for r in rows]
    themes = [[x for x in t["causes"].split(";") if x] for t in truth]
    return {"dir": out, "doc": doc, "rows": rows, "truth": truth, "themes": themes}


def _nps(scores: np.ndarray) -> float:
    return float(100 * (np.mean(scores >= 9) - np.mean(scores <= 6)))


def _share(sample: dict[str, Any], theme: str, keep: np.ndarray) -> float:
    hits = np.array([theme in t for t in sample["themes"]])
    return float(hits[keep].mean())


def _days(sample: dict[str, Any]) -> np.ndarray:
    return np.array([r["submitted_at"][:10] for r in sample["rows"]])


def test_same_seed_same_files_and_another_seed_other_files(
    sample: dict[str, Any], tmp_path: Path
) -> None:
    generate_fresh(tmp_path / "a", end_date=END, days=120, per_day=50)
    generate_fresh(tmp_path / "b", end_date=END, days=120, per_day=50, seed=8)
    for name in ("surveys.csv", "truth_rows.csv", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (sample["dir"] / name).read_bytes()
    assert (tmp_path / "b" / "surveys.csv").read_bytes() != (
        sample["dir"] / "surveys.csv"
    ).read_bytes()


def test_a_day_depends_only_on_seed_day_and_end(sample: dict[str, Any], tmp_path: Path) -> None:
    generate_fresh(tmp_path, end_date=END, days=30, per_day=50)
    shorter = _read_csv(tmp_path / "surveys.csv")
    first = shorter[0]["submitted_at"][:10]
    assert first == (END - timedelta(days=29)).isoformat()
    assert shorter == [r for r in sample["rows"] if r["submitted_at"][:10] >= first]


def test_columns_are_the_demo_surveys_and_values_in_range(sample: dict[str, Any]) -> None:
    header = (sample["dir"] / "surveys.csv").read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == DEMO_SURVEY_COLUMNS
    rows = sample["rows"]
    assert 4500 < len(rows) < 7500
    assert {int(r["nps"]) for r in rows} <= set(range(11))
    assert {int(r["csat"]) for r in rows} <= set(range(1, 6))
    assert {int(r["ces"]) for r in rows} <= set(range(1, 8))
    assert {r["region"] for r in rows} == {"España", "México", "Argentina", "Colombia"}
    assert sample["doc"]["scales"]["ces_direction"] == "higher_is_easier"
    assert "TuMarca" not in (sample["dir"] / "surveys.csv").read_text(encoding="utf-8")
    empty = np.mean([not r["comment"] for r in rows])
    assert 0.12 < empty < 0.18


def test_planted_shares_trends_and_emerging_window(sample: dict[str, Any]) -> None:
    days = _days(sample)
    recent = days >= (END - timedelta(days=13)).isoformat()
    later = days >= (END - timedelta(days=59)).isoformat()
    everything = np.ones(len(days), dtype=bool)
    # emerging: absent before the last 14 days, then frequent
    assert _share(sample, "checkin_app", ~recent) == 0.0
    assert _share(sample, "checkin_app", recent) > 0.10
    # rising: the second half holds clearly more of it than the first
    assert _share(sample, "flight_delay", later) > 1.3 * _share(sample, "flight_delay", ~later)
    for stable in ("baggage_lost", "refund_pending", "info_request"):
        ratio = _share(sample, stable, later) / _share(sample, stable, ~later)
        assert 0.75 < ratio < 1.33, stable
    # the decoy is the most frequent theme but background chatter
    decoy = _share(sample, "info_request", everything)
    assert all(decoy > _share(sample, c, everything) for c in NEGATIVE_IDS)
    # truth.json says what the data say
    by_id = {c["cause_id"]: c for c in sample["doc"]["causes"]}
    for theme, info in by_id.items():
        assert info["measured"]["share"] == pytest.approx(
            _share(sample, theme, everything), abs=1e-4
        )
    assert by_id["checkin_app"]["expected"] == "emerging"
    assert by_id["flight_delay"]["expected"] == "rising"
    assert by_id["checkin_app"]["start_date"] == (END - timedelta(days=13)).isoformat()


def test_confounder_rides_on_a_segment_and_has_no_effect_of_its_own(
    sample: dict[str, Any],
) -> None:
    rows = sample["rows"]
    nps = np.array([int(r["nps"]) for r in rows])
    basic = np.array([r["product"] == "Básica" for r in rows])
    food = np.array(["onboard_food" in t for t in sample["themes"]])
    neutral = np.array(
        [
            bool(t) and t[0] in ("background", "info_request", "onboard_food")
            for t in sample["themes"]
        ]
    )
    assert food[basic].mean() > 3 * food[~basic].mean()
    # pooled, the theme looks worse than the other answers without a complaint ...
    assert _nps(nps[food]) < _nps(nps[neutral & ~food]) - 15
    # ... but inside each product it scores like the other neutral answers
    for segment in (basic, ~basic):
        assert abs(_nps(nps[segment & food]) - _nps(nps[segment & neutral & ~food])) < 15
    confounded = next(c for c in sample["doc"]["causes"] if c["cause_id"] == "onboard_food")
    assert confounded["kind"] == "confounder"
    assert confounded["confounded_with"]["product"] == "Básica"


def test_a_quarter_of_cause_answers_name_two_causes_and_score_as_the_worse(
    sample: dict[str, Any],
) -> None:
    themes = sample["themes"]
    causes = [t for t in themes if t and t[0] in NEGATIVE_IDS]
    two = [t for t in causes if len(t) == 2]
    assert 0.2 < len(two) / len(causes) < 0.3
    assert all(set(t) <= set(NEGATIVE_IDS) and t[0] != t[1] for t in two)
    assert all(len(t) == 1 for t in themes if t and t[0] not in NEGATIVE_IDS)
    nps = np.array([int(r["nps"]) for r in sample["rows"]])
    # the check-in failure is the worst cause: answers naming it with another score like it
    alone = np.array([t == ["checkin_app"] for t in themes])
    paired = np.array([len(t) == 2 and "checkin_app" in t for t in themes])
    assert paired.sum() >= 10
    assert abs(nps[paired].mean() - nps[alone].mean()) < 1.0
    connected = [
        r["comment"]
        for r, t in zip(sample["rows"], themes, strict=True)
        if len(t) == 2
        and re.search(r"y encima|además|por otro lado|pero|aparte", r["comment"], re.IGNORECASE)
    ]
    assert len(connected) > len(two) / 3


def _content_words(texts: list[str], function_words: set[str]) -> set[str]:
    def plain(w: str) -> str:
        return "".join(
            c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn"
        )

    words = set()
    for text in texts:
        for w in re.findall(r"[a-záéíóúñü\-]+", re.sub(r"\{\w+\}", " ", text.lower())):
            if plain(w) not in function_words:
                words.add(plain(w))
    return words


def test_families_of_a_cause_share_no_content_word() -> None:
    function_words = {
        "".join(c for c in unicodedata.normalize("NFD", w) if unicodedata.category(c) != "Mn")
        for w in load_style()["function_words"]
    }
    themes = load_themes()
    assert set(NEGATIVE_IDS) <= set(themes)
    for cause in NEGATIVE_IDS:
        families = themes[cause].families
        assert len(families) >= 3, cause
        vocab = {}
        for f in families:
            assert len(f.templates) >= 3 and len(f.short) >= 2 and f.details, f.name
            texts = [*f.templates, *f.short, *f.details, *itertools.chain(*f.fillers.values())]
            vocab[f.name] = _content_words(texts, function_words)
            assert len(vocab[f.name]) >= 8, f.name
        for a, b in itertools.combinations(vocab, 2):
            assert not vocab[a] & vocab[b], (cause, a, b, vocab[a] & vocab[b])


def test_every_family_appears_and_openers_define_no_topic(sample: dict[str, Any]) -> None:
    tags = [t["tags"].split(";") for t in sample["truth"]]
    used = {x for ts in tags for x in ts if x.startswith("family:")}
    for theme_id, theme in load_themes().items():
        for family in theme.families:
            assert f"family:{theme_id}:{family.name}" in used
    opened: dict[str, set[str]] = {}
    for row, themes in zip(sample["rows"], sample["themes"], strict=True):
        for opener in load_style()["openers"]:
            if row["comment"].lower().startswith(opener.lower().rstrip(",")):
                opened.setdefault(opener, set()).add(themes[0])
    assert len(opened) == len(load_style()["openers"])
    assert all(len(seen) >= 5 for seen in opened.values()), opened


def test_regional_voices_typos_lengths_and_fake_personal_data(sample: dict[str, Any]) -> None:
    rows, truth = sample["rows"], sample["truth"]

    def region_of(pattern: str) -> set[str]:
        return {r["region"] for r in rows if re.search(pattern, r["comment"])}

    assert region_of(r"\b(podés|fijate|che)\b") == {"Argentina"}
    assert region_of(r"\b(tiquete|parce|chévere|chevere)\b") == {"Colombia"}
    assert region_of(r"\b(boleto|aeromoza|la neta)\b") == {"México"}
    assert region_of(r"\b(móvil|movil|billete|majos)\b") == {"España"}
    assert "México" in region_of(r"\bahorita\b")
    comments = [(r, t) for r, t in zip(rows, truth, strict=True) if r["comment"]]
    typos = np.mean(["typo" in t["tags"].split(";") for _, t in comments])
    assert 0.11 < typos < 0.19
    words = [len(r["comment"].split()) for r, _ in comments]
    assert np.mean([3 <= w <= 6 for w in words]) > 0.1
    sentences = [len(re.findall(r"[.!?](\s|$)", r["comment"])) for r, _ in comments]
    assert np.mean([s >= 3 for s in sentences]) > 0.1
    pii = [r["comment"] for r, t in comments if t["pii"] == "True"]
    assert 0.01 < len(pii) / len(comments) < 0.035
    assert all(re.search(r"@example\.|\d{3}", c) for c in pii)


def test_truth_impacts_recompute_from_the_csv(sample: dict[str, Any]) -> None:
    nps = np.array([int(r["nps"]) for r in sample["rows"]])
    days = _days(sample)
    recent = days >= (END - timedelta(days=13)).isoformat()
    impacts = {}
    for cause in sample["doc"]["causes"]:
        mentions = np.array([cause["cause_id"] in t for t in sample["themes"]])
        loo = _nps(nps) - _nps(nps[~mentions])
        loo_recent = _nps(nps[recent]) - _nps(nps[recent & ~mentions])
        assert cause["measured"]["loo_nps_impact"] == pytest.approx(loo, abs=0.01)
        assert cause["measured"]["loo_nps_impact_recent"] == pytest.approx(loo_recent, abs=0.01)
        assert cause["measured"]["nps"] == pytest.approx(_nps(nps[mentions]), abs=0.01)
        if cause["kind"] == "negative":
            impacts[cause["cause_id"]] = loo
            assert loo < -1.0
        else:
            assert cause["expected_rank"] is None
    ranks = {
        c["cause_id"]: c["expected_rank"] for c in sample["doc"]["causes"] if c["expected_rank"]
    }
    order = ["checkin_app", *sorted((c for c in impacts if c != "checkin_app"), key=impacts.get)]
    assert sorted(ranks, key=ranks.get) == order
    # the decoy and positives lift NPS; none of them costs points
    for cause in sample["doc"]["causes"]:
        if cause["kind"] in ("decoy", "positive"):
            assert cause["measured"]["loo_nps_impact"] > 0


def test_csv_loads_through_the_real_ingest_without_quarantine(
    sample: dict[str, Any], tmp_path: Path
) -> None:
    from cxnlp.config import load_config
    from cxnlp.ingest import ingest_one_source
    from cxnlp.store import Store

    config = eval_causes.write_config(tmp_path, sample["dir"], style="fresh", fast=True)
    settings = load_config(config)
    assert [s.name for s in settings.sources] == ["surveys"]
    with Store(settings.resolve(settings.store.path)) as store:
        stats = ingest_one_source(store, settings.sources[0], settings, "r1")
        assert stats["loaded"] == len(sample["rows"])
        assert store.count("quarantine") == 0
        stored = store.con.execute(
            "SELECT count(*) FROM feedback WHERE nps IS NOT NULL AND ces IS NOT NULL"
        ).fetchone()
    assert stored is not None and stored[0] == len(sample["rows"])


# -- the evaluation's judging logic, on a synthetic store and backlog -------------------


def _truth(rows: list[tuple[str, set[str]]]) -> Any:
    kinds = {
        "a": "negative", "b": "negative", "decoy": "decoy", "food": "confounder",
        "praise": "positive", "background": "background",
    }  # fmt: skip
    frame = pd.DataFrame(
        {
            "source": ["surveys"] * len(rows),
            "source_id": [r[0] for r in rows],
            "themes": [frozenset(r[1]) for r in rows],
        }
    )
    return eval_causes.Truth(frame, kinds, {k: k for k in kinds}, {"a": 1, "b": 2})


def _store(tmp_path: Path, assignments: dict[str, int], causes: dict[int, int]) -> Any:
    tmp_path.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    con.execute(
        "CREATE TABLE feedback (feedback_id VARCHAR, source VARCHAR, source_id VARCHAR, "
        "created_at TIMESTAMP)"
    )
    con.execute(
        "CREATE TABLE topic_assignments (run_id VARCHAR, feedback_id VARCHAR, topic_id INT)"
    )
    con.execute("CREATE TABLE causes (run_id VARCHAR, topic_id INT, cause_id INT)")
    for sid, topic in assignments.items():
        con.execute(
            "INSERT INTO feedback VALUES (?, 'surveys', ?, ?)",
            [f"f{sid}", sid, datetime(2026, 12, 1)],
        )
        if topic != -1:
            con.execute("INSERT INTO topic_assignments VALUES ('r1', ?, ?)", [f"f{sid}", topic])
            con.execute("INSERT INTO topic_assignments VALUES ('r0', ?, 99)", [f"f{sid}"])
    for topic, cause in causes.items():
        con.execute("INSERT INTO causes VALUES ('r1', ?, ?)", [topic, cause])
    con.execute("INSERT INTO feedback VALUES ('old', 'surveys', 'old', '2026-01-01')")
    return con


def _items(*rows: tuple[int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item_id": [f"CX-{t:04d}" for t, _ in rows],
            "topic_id": [t for t, _ in rows],
            "title": [f"t{t}" for t, _ in rows],
            "rank": [r for _, r in rows],
        }
    )


def _planted() -> tuple[dict[str, int], list[tuple[str, set[str]]]]:
    # 20 answers of cause a (topics 1 and 2, grouped into cause 1), 10 of b (topic 3),
    # 10 decoy (topic 4), 5 praise (topic 5), 5 background (no topic)
    topic: dict[str, int] = {}
    truth: list[tuple[str, set[str]]] = []
    for i in range(50):
        sid = f"S{i}"
        theme, t = (
            ("a", 1 if i < 12 else 2) if i < 20 else ("b", 3) if i < 30 else ("decoy", 4)
            if i < 40 else ("praise", 5) if i < 45 else ("background", -1)
        )  # fmt: skip
        topic[sid] = t
        truth.append((sid, {theme}))
    return topic, truth


def test_membership_follows_causes_and_clause_topics(tmp_path: Path) -> None:
    topic, _ = _planted()
    con = _store(tmp_path, topic, {1: 1, 2: 1, 3: 3})
    start, end = datetime(2026, 11, 1), datetime(2026, 12, 7)
    members = eval_causes.answer_causes(con, "r1", start, end)
    got = dict(zip(members["source_id"], members["causes"], strict=True))
    assert "old" not in got and len(got) == 50
    assert got["S0"] == {1} and got["S15"] == {1} and got["S25"] == {3} and got["S35"] == {4}
    assert got["S47"] == frozenset()
    # a clause table counts an answer in every cause of its clauses
    con.execute(
        "CREATE TABLE clause_topics (run_id VARCHAR, source VARCHAR, source_id VARCHAR, clause_no INT, topic_id INT)"
    )
    con.execute(
        "INSERT INTO clause_topics VALUES ('r1', 'surveys', 'S25', 1, 2), ('r0', 'surveys', 'S26', 1, 2)"
    )
    members = eval_causes.answer_causes(con, "r1", start, end)
    got = dict(zip(members["source_id"], members["causes"], strict=True))
    assert got["S25"] == {1, 3} and got["S26"] == {3}
    # the store's own layout: clauses keyed by feedback_id; the outlier topic counts nowhere
    con.execute("DROP TABLE clause_topics")
    con.execute(
        "CREATE TABLE clause_topics (feedback_id VARCHAR, clause_no BIGINT, topic_id BIGINT, "
        "run_id VARCHAR)"
    )
    con.execute(
        "INSERT INTO clause_topics VALUES ('fS35', 0, 4, 'r1'), ('fS35', 1, 3, 'r1'), "
        "('fS36', 1, -1, 'r1'), ('fS37', 1, 2, 'r0')"
    )
    members = eval_causes.answer_causes(con, "r1", start, end)
    got = dict(zip(members["source_id"], members["causes"], strict=True))
    assert got["S35"] == {3, 4} and got["S36"] == {4} and got["S37"] == {4} and got["S25"] == {3}


def test_verdict_passes_a_clean_backlog_and_fails_each_broken_target(tmp_path: Path) -> None:
    topic, rows = _planted()
    rows[20] = ("S20", {"b", "a"})  # a two-cause answer: a mention of a outside a's item
    con = _store(tmp_path, topic, {1: 1, 2: 1, 3: 3})
    members = eval_causes.answer_causes(con, "r1", datetime(2026, 11, 1), datetime(2026, 12, 7))
    truth = _truth(rows)

    good = eval_causes.evaluate(members, truth, _items((1, 1), (3, 2)))
    assert good["passed"], good["targets"]
    a = good["themes"]["a"]
    assert (a["n_items"], a["rank"], a["n_mentions"]) == (1, 1, 21)
    assert a["coverage"] == pytest.approx(20 / 21)
    assert good["themes"]["b"]["purity"] == 1.0
    assert "PASS all targets" in eval_causes.format_report(good)

    # cause a not grouped: two items for it, each holding part of its mentions
    split = eval_causes.answer_causes(
        _store(tmp_path / "x", topic, {3: 3}), "r1", datetime(2026, 11, 1), datetime(2026, 12, 7)
    )
    bad = eval_causes.evaluate(split, truth, _items((1, 1), (3, 2), (2, 3)))
    assert not bad["targets"]["one_item_per_cause"]
    assert not bad["targets"]["mentions_at_least_85"]
    assert bad["themes"]["a"]["coverage"] == pytest.approx(12 / 21)
    assert bad["targets"]["items_at_most_1_5x"]  # 3 items for 2 causes
    # the decoy reaches the backlog, above a planted cause
    decoyed = eval_causes.evaluate(members, truth, _items((1, 1), (4, 2), (3, 3)))
    assert not decoyed["targets"]["no_item_for_non_causes"]
    assert not decoyed["targets"]["causes_on_top"]
    assert decoyed["targets"]["one_item_per_cause"]
    crowded = eval_causes.evaluate(members, truth, _items((1, 1), (3, 2), (4, 3), (5, 4)))
    assert not crowded["targets"]["items_at_most_1_5x"]  # 4 > 1.5 x 2
    assert crowded["targets"]["causes_on_top"]
    report = eval_causes.format_report(decoyed)
    assert "FAIL all targets" in report and any("in backlog: CX-0004" in x for x in report)
    # an impure item: cause b's item also takes the praise answers
    con.execute("UPDATE topic_assignments SET topic_id = 3 WHERE topic_id = 5 AND run_id = 'r1'")
    mixed = eval_causes.answer_causes(con, "r1", datetime(2026, 11, 1), datetime(2026, 12, 7))
    impure = eval_causes.evaluate(mixed, truth, _items((1, 1), (3, 2)))
    assert impure["themes"]["b"]["purity"] == pytest.approx(10 / 15)
    assert not impure["targets"]["purity_at_least_85"]
    assert impure["targets"]["no_item_for_non_causes"]
    # a planted cause with no item at all
    missing = eval_causes.evaluate(members, truth, _items((1, 1)))
    assert missing["themes"]["b"]["n_items"] == 0 and not missing["passed"]


def test_truth_of_both_generators_reads_into_one_shape(
    sample: dict[str, Any], tmp_path: Path
) -> None:
    fresh = eval_causes.load_truth(sample["dir"])
    assert {k for k, v in fresh.kinds.items() if v == "negative"} == set(NEGATIVE_IDS)
    assert fresh.kinds["onboard_food"] == "confounder" and fresh.expected_rank["checkin_app"] == 1
    two = fresh.rows[[len(t) == 2 for t in fresh.rows["themes"]]]
    assert len(two) > 100 and all(set(t) <= set(NEGATIVE_IDS) for t in two["themes"])
    # the demo's layout: neutral causes, one cause_id per row, "none" for background
    demo = tmp_path / "demo"
    demo.mkdir()
    doc = {
        "causes": [
            {
                "cause_id": "billing",
                "label_es": "Cobro",
                "neutral": False,
                "expected_impact_rank": 1,
            },
            {"cause_id": "info", "label_es": "Info", "neutral": True, "expected_impact_rank": None},
        ]
    }
    (demo / "truth.json").write_text(json.dumps(doc), encoding="utf-8")
    (demo / "truth_rows.csv").write_text(
        "source,source_id,cause_id,pii,pii_kinds,tags\nsurveys,S1,billing,False,,\n"
        "social,M1,none,False,,\nsurveys,S2,info,False,,\n",
        encoding="utf-8",
    )
    truth = eval_causes.load_truth(demo)
    assert truth.kinds == {"billing": "negative", "info": "decoy", "background": "background"}
    assert truth.expected_rank == {"billing": 1}
    assert list(truth.rows["themes"]) == [{"billing"}, {"background"}, {"info"}]


def test_paraphrase_families_are_followed_to_their_items(tmp_path: Path) -> None:
    topic, rows = _planted()
    truth = _truth(rows)
    truth.rows["families"] = [
        frozenset({"a:x" if i < 12 else "a:y"}) if i < 20 else frozenset() for i in range(50)
    ]
    split = eval_causes.answer_causes(
        _store(tmp_path, topic, {3: 3}), "r1", datetime(2026, 11, 1), datetime(2026, 12, 7)
    )
    result = eval_causes.evaluate(split, truth, _items((1, 1), (3, 2), (2, 3)))
    assert result["families"] == {
        "a:x": {"n": 12, "items": {"CX-0001": 1.0}},
        "a:y": {"n": 8, "items": {"CX-0002": 1.0}},
    }
    assert any(line.startswith("  a:y") for line in eval_causes.format_report(result))
    # the fresh sample's tags carry the families
    fresh = tmp_path / "fresh"
    generate_fresh(fresh, end_date=END, days=3, per_day=40)
    families = eval_causes.load_truth(fresh).rows["families"]
    assert any("baggage_lost:maleta_no_sale" in f for f in families)
