"""Learning the customer's language: heads trained from the store, registered, promoted,
rolled back, and a promoted head making the next run predict again (issue 19)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from e2e_helpers import REPO, use_fast_models, write_small_setup
from typer.testing import CliRunner

from cxnlp.nlp.adapt import adapt_due, split_by_time, store_labels, train_from_store
from cxnlp.nlp.config import AdaptConfig, ModelsConfig
from cxnlp.nlp.model_registry import (
    active_versions,
    list_models,
    promote,
    rollback,
    with_active_models,
)
from cxnlp.nlp.weak_labels import csat_on_five, weak_sentiment

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22)


def test_weak_labels_from_nps_csat_and_stars() -> None:
    frame = pd.DataFrame(
        {
            "nps": [0, 4, 5, 6, 7, 8, 9, 10, None, None, None, 2, None],
            "csat": [None] * 8 + [1, 3, 10, 5, 4.5],
            "csat_scale": [None] * 8 + [5, 5, 10, 5, 5],
        }
    )
    got = weak_sentiment(frame, AdaptConfig()).tolist()
    # 5-6 say nothing by default; a 10 on a 10 scale is a 5 of 5; NPS 2 with CSAT 5
    # disagree, so the row gets no label; 4.5 stars round to a 4 of 5
    assert got == ["NEG", "NEG", None, None, "NEU", "NEU", "POS", "POS", "NEG", "NEU", "POS"] + [
        None,
        "POS",
    ]
    wide = AdaptConfig(nps_bands={"NEG": [0, 1, 2, 3, 4, 5, 6], "NEU": [7, 8], "POS": [9, 10]})
    assert weak_sentiment(frame.iloc[:4], wide).tolist() == ["NEG"] * 4
    assert csat_on_five(pd.Series([1.0, 7.0]), pd.Series([7, 7])).tolist() == [1.0, 5.0]


def test_adapt_config_short_forms_and_bad_bands() -> None:
    assert ModelsConfig.model_validate({"adapt": "weekly"}).adapt.schedule == "weekly"
    assert ModelsConfig.model_validate({"adapt": False}).adapt.schedule == "off"  # YAML `off`
    with pytest.raises(ValueError, match="score 6 is in both"):
        AdaptConfig(nps_bands={"NEG": [0, 6], "NEU": [6]})
    with pytest.raises(ValueError, match="not one of POS"):
        AdaptConfig(nps_bands={"BAD": [1]})


def test_split_keeps_the_newest_apart_and_customers_on_one_side() -> None:
    rows = pd.DataFrame(
        {
            "created_at": pd.date_range("2026-01-01", periods=10, freq="D"),
            "customer": ["a", "b", "c", "a", "d", "e", "f", "g", "h", "c"],
        }
    )
    train, heldout = split_by_time(rows, 0.2)
    assert heldout["created_at"].min() > train["created_at"].max()
    assert set(heldout["customer"]) == {"h", "c"}
    assert not set(train["customer"]) & set(heldout["customer"])
    assert "c" not in set(train["customer"])  # its older comment left the training part


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("adapt")
    # a slice of the shipped corpus: the mix is tested, not the time to embed all of it
    corpus = root / "corpus"
    corpus.mkdir()
    for task in ("sentiment", "emotion"):
        rows = pd.read_csv(REPO / "training" / "corpus" / f"{task}_es.csv", dtype=str)
        rows.sample(300, random_state=0).to_csv(corpus / f"{task}_es.csv", index=False)
    config = use_fast_models(
        write_small_setup(root, days=30, surveys_per_day=25, social_per_day=5, tickets_per_day=8),
        models={"adapt": {"corpus_dir": str(corpus)}},
    )
    settings = load_config(config, environ={})
    first = run_pipeline(settings, as_of=AS_OF)
    return {"root": root, "config": config, "settings": settings, "first": first}


def _store(settings: Any) -> Any:
    from cxnlp.store import Store

    return Store(settings.resolve(settings.store.path))


def test_train_from_store_registers_both_figures_and_promotion_repredicts(
    run: dict[str, Any],
) -> None:
    from cxnlp.enrich import load_models
    from cxnlp.nlp.adapt import repredict

    settings = run["settings"]
    shipped = {p: p.stat().st_mtime for p in (REPO / "models").rglob("*") if p.is_file()}
    with _store(settings) as store:
        labels = store_labels(store, "sentiment", settings.models.adapt)
        assert len(labels) > 200 and set(labels["kind"]) == {"weak"}
        results = train_from_store(store, settings, ("sentiment",), promote_if_better=False)
        (result,) = results
        assert result.f1_candidate is not None and result.f1_current is not None
        assert 0 < result.f1_candidate <= 1 and 0 < result.f1_current <= 1
        assert result.n_heldout >= settings.models.adapt.min_heldout
        assert result.counts["weak"] > 0 and result.counts["corpus"] == 300
        assert not result.promoted
        folder = Path(result.path or "")
        assert folder.parent == settings.resolve("var/models") and (folder / "head.json").is_file()
        meta = json.loads((folder / "head.json").read_text(encoding="utf-8"))
        assert meta["training_sources"] == result.counts
        registry = list_models(store)
        row = registry.set_index("version").loc[result.version]
        assert row["f1_candidate"] == pytest.approx(result.f1_candidate)
        assert row["f1_current"] == pytest.approx(result.f1_current)
        assert not row["active"]

        old_key = load_models(with_active_models(settings).models).key
        promote(store, settings, result.version, "ana")
        active = with_active_models(settings)
        assert active.models.sentiment.path == result.path
        new_key = load_models(active.models).key
        assert new_key != old_key and result.version in new_key
        # the promoted head's key has no predictions yet: the window is predicted again
        missing = len(store.missing_predictions(new_key))
        assert missing > 0
        assert repredict(store, active) == missing
        assert len(store.missing_predictions(new_key)) == 0
        assert active_versions(store) == {"sentiment": result.version}
    # nothing was written under the shipped models
    assert {p: p.stat().st_mtime for p in (REPO / "models").rglob("*") if p.is_file()} == shipped


def test_next_run_uses_the_promoted_head_and_rollback_goes_back(run: dict[str, Any]) -> None:
    from cxnlp.pipeline import run_pipeline

    settings = run["settings"]
    with _store(settings) as store:
        if not active_versions(store):  # this test alone: promote a fresh head first
            (result,) = train_from_store(store, settings, ("sentiment",), promote_if_better=False)
            promote(store, settings, str(result.version), "ana")
        first = active_versions(store)["sentiment"]
        # trained again on top of the active head: another version, kept apart
        (other,) = train_from_store(store, settings, ("sentiment",), promote_if_better=False)
        assert other.version and other.version != first
        promote(store, settings, other.version, "ana")
        n_texts = store.con.execute(
            "SELECT count(DISTINCT text_hash) FROM feedback WHERE coalesce(text_norm, '') <> ''"
        ).fetchall()[0][0]
    # no repredict here: the run itself sees a new models key and predicts the window again
    second = run_pipeline(settings, as_of=AS_OF)
    assert other.version in second.counts["models_key"]
    assert second.counts["enrich"]["classified"] == n_texts
    with _store(settings) as store:
        assert rollback(store, settings, "sentiment", "ana")[0] == first
        version, paths = rollback(store, settings, "sentiment", "ana")
        assert version == "shipped" and paths == {}
        assert active_versions(store) == {}
        with pytest.raises(Exception, match="nothing to roll back"):
            rollback(store, settings, "sentiment", "ana")
    assert with_active_models(settings).models.sentiment.path == settings.models.sentiment.path


def test_weak_labels_the_current_head_contradicts_are_left_out(run: dict[str, Any]) -> None:
    settings = run["settings"]

    def adapted(**changes: Any) -> Any:
        config = settings.models.adapt.model_copy(update=changes)
        models = settings.models.model_copy(update={"adapt": config})
        with _store(settings) as store:
            (result,) = train_from_store(
                store,
                settings.model_copy(update={"models": models}),
                ("sentiment",),
                promote_if_better=False,
            )
        return result

    kept_all = adapted(weak_filter=None)
    strict = adapted(weak_filter=0.5)
    assert kept_all.counts["weak_dropped"] == 0 and strict.counts["weak_dropped"] > 0
    assert strict.counts["weak"] + strict.counts["weak_dropped"] == kept_all.counts["weak"]
    assert strict.version != kept_all.version  # other rows, another head
    with _store(settings) as store:
        details = list_models(store).set_index("version").loc[strict.version, "details"]
    details = json.loads(details) if isinstance(details, str) else details
    candidate, current = details["f1_trusted_weak"]
    assert 0 <= candidate <= 1 and 0 <= current <= 1


def test_cli_train_from_store_and_models_list(run: dict[str, Any]) -> None:
    from cxnlp.cli import app

    runner = CliRunner()
    config = str(run["config"])
    trained = runner.invoke(
        app, ["train", "--from-store", "--task", "sentiment", "--no-promote", "--config", config]
    )
    assert trained.exit_code == 0, trained.stdout
    assert "held-out macro-F1" in trained.stdout and "adapted vs" in trained.stdout
    listed = runner.invoke(app, ["models", "list", "-c", config])
    assert listed.exit_code == 0 and "sentiment-head-" in listed.stdout
    bad = runner.invoke(app, ["models", "promote", "nope", "-c", config])
    assert bad.exit_code == 2


def test_adapt_is_due_only_on_the_configured_weekday() -> None:
    from cxnlp.config import Settings

    weekly = Settings.model_validate({"models": {"adapt": {"schedule": "weekly", "weekday": 6}}})
    assert adapt_due(weekly, datetime(2026, 11, 22))  # a Sunday
    assert not adapt_due(weekly, datetime(2026, 11, 23))
    assert not adapt_due(Settings(), datetime(2026, 11, 22))  # off by default


def test_store_labels_take_corrections_before_scores(tmp_path: Path) -> None:
    from cxnlp.labels import put_corrections
    from cxnlp.schema import make_feedback_id
    from cxnlp.store import Store

    ids = ["1", "2", "3", "4", "5"]
    rows = pd.DataFrame(
        {
            "feedback_id": [make_feedback_id("surveys", i) for i in ids],
            "source": "surveys",
            "source_kind": "survey",
            "source_id": ids,
            "customer_id": ["a", "b", "c", "d", "e"],
            "created_at": pd.date_range("2026-11-01", periods=5, freq="D"),
            "nps": [0, 10, 6, 9, 8],
            "text": "x",
            "text_norm": [f"texto {i}" for i in ids],
            "text_hash": [f"h{i}" for i in ids[:4]] + ["h1"],  # the 5th repeats the 1st text
        }
    )
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert_feedback(rows)
        put_corrections(
            store,
            [
                {"text_hash": "h2", "sentiment": "NEG", "emotion": None, "corrected_at": AS_OF},
                {"text_hash": "h3", "sentiment": None, "emotion": "joy", "corrected_at": AS_OF},
            ],
        )
        sentiment = store_labels(store, "sentiment", AdaptConfig()).set_index("text_hash")
        emotion = store_labels(store, "emotion", AdaptConfig()).set_index("text_hash")
    # h1: NPS 0 and NPS 8 disagree -> no label; h2: the analyst's NEG beats NPS 10;
    # h3: NPS 6 says nothing and its correction is for emotion only; h4: NPS 9 -> POS
    assert sentiment["label"].to_dict() == {"h2": "NEG", "h4": "POS"}
    assert sentiment.loc["h2", "kind"] == "correction" and sentiment.loc["h4", "kind"] == "weak"
    assert emotion["label"].to_dict() == {"h3": "joy"}  # emotion has no weak labels


def test_guard_judges_on_corrections_and_leaves_weak_only_wins_to_a_person() -> None:
    from cxnlp.nlp.adapt_guard import judge

    # 60 weak rows the candidate gets right and the current head wrong; 40 corrections
    # where it is the other way round (the fresh sample's measured risk, made plain)
    kinds = ["weak"] * 60 + ["correction"] * 40
    gold = ["NEG", "NEU", "POS"] * 20 + ["NEG", "POS"] * 20
    candidate = gold[:60] + ["NEU"] * 40
    current = ["NEU"] * 60 + gold[60:]
    f1_all = (0.6, 0.5)
    config = AdaptConfig()
    verdict = judge(kinds, gold, candidate, current, f1_all, config)
    assert verdict.n_corrections == 40 and verdict.automatic and not verdict.wins
    assert verdict.f1_current == pytest.approx(1.0) and verdict.f1_candidate == 0.0
    assert "40 held-out corrections" in verdict.reason
    # only weak rows: it wins on them, but a person has to promote it
    weak_only = judge(kinds[:60], gold[:60], candidate[:60], current[:60], f1_all, config)
    assert weak_only.wins and not weak_only.automatic and weak_only.n_corrections == 0
    assert "min_corrections 30" in weak_only.reason
    # too few corrections to judge on: the whole slice decides, still by hand
    few = AdaptConfig(min_corrections=41)
    assert not judge(kinds, gold, candidate, current, f1_all, few).automatic
    # min_corrections 0: the old rule, the whole slice decides and may promote
    old = judge(kinds, gold, candidate, current, f1_all, AdaptConfig(min_corrections=0))
    assert old.wins and old.automatic


def test_guard_refuses_a_head_that_wins_on_corrections_but_loses_on_scored_comments() -> None:
    from cxnlp.nlp.adapt_guard import judge

    # 40 corrections the candidate gets right (the current head wrong); 30 trusted
    # weak labels it gets wrong (the current head right); 30 weak labels the current
    # head contradicted (not trusted), which the candidate follows
    kinds = ["correction"] * 40 + ["weak"] * 60
    gold = ["NEG", "POS"] * 20 + ["NEU", "POS", "NEG"] * 10 + ["NEU"] * 30
    candidate = gold[:40] + ["NEG"] * 30 + gold[70:]
    current = ["NEU"] * 40 + gold[40:70] + ["NEG"] * 30
    trusted = [True] * 70 + [False] * 30
    config = AdaptConfig()
    verdict = judge(kinds, gold, candidate, current, (0.7, 0.5), config, trusted)
    assert verdict.automatic and not verdict.wins
    assert verdict.f1_weak is not None and verdict.f1_weak[0] < verdict.f1_weak[1] == 1.0
    assert "scores lower on the held-out scored comments" in verdict.reason
    # the same head judged without the scored comments' check would have been promoted
    plain = judge(kinds[:40], gold[:40], candidate[:40], current[:40], (0.7, 0.5), config)
    assert plain.wins and plain.automatic
    # untrusted weak rows do not count for the slice's figure: without corrections the
    # candidate loses on the 30 trusted rows, though it wins on all 60
    weak_only = judge(kinds[40:], gold[40:], candidate[40:], current[40:], (0.9, 0.1), config)
    assert weak_only.wins  # f1_all given: it decides
    judged = judge(
        kinds[40:], gold[40:], candidate[40:], current[40:], (0.9, 0.1), config, trusted[40:]
    )
    assert not judged.wins


def test_a_head_is_promoted_by_itself_only_on_enough_held_out_corrections(
    run: dict[str, Any],
) -> None:
    from cxnlp.labels import put_corrections

    settings = run["settings"]
    # min_gain -1: the candidate always "wins", so only the guard decides
    eager = settings.models.adapt.model_copy(update={"min_gain": -1.0})
    settings = settings.model_copy(
        update={"models": settings.models.model_copy(update={"adapt": eager})}
    )
    with _store(settings) as store:
        before = active_versions(store)
        (weak,) = train_from_store(store, settings, ("sentiment",), promote_if_better=True)
        assert weak.f1_candidate is not None and not weak.promoted
        assert "min_corrections 30" in weak.reason and "cxnlp models promote" in weak.reason
        assert active_versions(store) == before
        # an analyst corrects 35 of the newest comments: they land in the held-out slice
        newest = store_labels(store, "sentiment", eager).tail(35)
        stamp = datetime(2026, 11, 22, 12)
        put_corrections(
            store,
            [
                {"text_hash": h, "sentiment": "NEG", "emotion": None, "corrected_at": stamp}
                for h in newest["text_hash"]
            ],
        )
        try:
            (fixed,) = train_from_store(store, settings, ("sentiment",), promote_if_better=True)
            assert fixed.promoted and "35 held-out corrections" in fixed.reason
            details = list_models(store).set_index("version").loc[fixed.version, "details"]
            details = json.loads(details) if isinstance(details, str) else details
            assert details["heldout_corrections"] == 35
            assert active_versions(store)["sentiment"] == fixed.version
            rollback(store, settings, "sentiment", "test")
        finally:
            store.con.execute("DELETE FROM label_corrections WHERE corrected_at = ?", [stamp])
        assert active_versions(store) == before
