"""Theme curation over two small nights, the second refitting the topic model.

Night 1 runs untouched. An analyst then renames its top cause, marks the second
"no es un problema", merges the third and fourth, and seeds a theme from three
comments of another topic, all through ``cxnlp themes``. Night 2 refits the
topics: the edits, keyed on stable topic ids, must still apply, and the backlog
(JSON, Jira CSV, workbook), the report and the call-back list must show them.
"""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import use_fast_models, write_small_setup
from typer.testing import CliRunner

pytestmark = pytest.mark.slow

runner = CliRunner()
FIRST, SECOND, THIRD = (datetime(2026, 11, d, 3) for d in (22, 23, 24))
NEW_NAME = "Cobros repetidos en la tarjeta"
SEED_NAME = "Tema sembrado por el equipo"


def _cli(config: Path, *args: str) -> str:
    from cxnlp.cli import app

    result = runner.invoke(app, ["themes", *args, "-c", str(config)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    root = tmp_path_factory.mktemp("themes")
    config = write_small_setup(
        root,
        days=30,
        end_date=date(2026, 11, 21),
        surveys_per_day=25,
        social_per_day=10,
        tickets_per_day=6,
    )
    config = use_fast_models(config, topics={"min_topic_size": 10, "refit_every_days": 1})
    settings = load_config(config)
    first = run_pipeline(settings, as_of=FIRST)
    assert first.status == "completed"
    db = settings.resolve(settings.store.path)
    with Store(db) as store:
        drivers = store.read_run_frame("drivers", first.run_id).sort_values("rank")
        topics = store.read_topics(first.run_id)
    items = [int(t) for t in drivers.loc[drivers["in_backlog"].astype(bool), "topic_id"]]
    assert len(items) >= 4, "night 1 needs four backlog items to curate"
    renamed, ignored, merged = items[0], items[1], items[2:4]
    others = drivers[~drivers["topic_id"].astype(int).isin(items)]
    donor = int(others.sort_values("n", ascending=False)["topic_id"].iloc[0])
    examples = list(topics.set_index("topic_id").at[donor, "representative_texts"])[:3]
    assert len(examples) == 3
    _cli(config, "rename", str(renamed), NEW_NAME, "--by", "ana", "--reason", "más claro")
    _cli(config, "ignore", str(ignored), "--by", "luis", "--reason", "es una consulta")
    _cli(config, "merge", *map(str, merged), "--by", "ana")
    seed_args = [x for e in examples for x in ("-e", e)]
    _cli(config, "seed", SEED_NAME, *seed_args, "-k", "técnico", "--by", "eva")
    second = run_pipeline(settings, as_of=SECOND)
    assert second.status == "completed"
    before_second = db.with_name("second.duckdb")
    shutil.copy(db, before_second)  # the pin test reruns a step on a copy
    third = run_pipeline(settings, as_of=THIRD)  # a second refit, the seed carried over
    assert third.status == "completed"
    return {
        "config": config,
        "settings": settings,
        "db": db,
        "copy": before_second,
        "first": first,
        "second": second,
        "third": third,
        "renamed": renamed,
        "ignored": ignored,
        "ignored_label": str(drivers.set_index("topic_id").at[ignored, "label"]),
        "merged": merged,
        "examples": examples,
        "donor": donor,
    }


def _items(night: Any) -> list[dict[str, Any]]:
    return json.loads(Path(night.outputs["json"]).read_text(encoding="utf-8"))


def test_night_two_refitted_the_topics(nights: dict[str, Any]) -> None:
    topics = nights["second"].counts["topics"]
    assert topics["refit"] is True


def test_a_rename_shows_in_the_backlog_report_and_call_backs(nights: dict[str, Any]) -> None:
    night, tid = nights["second"], nights["renamed"]
    item = next(i for i in _items(night) if int(i["topic_id"]) == tid and i["status"] == "open")
    assert item["title"] == NEW_NAME
    assert "✎ renombrado por ana" in item["curation"]
    assert "✎ renombrado por ana" in item["description_md"]
    with Path(night.outputs["jira_csv"]).open(encoding="utf-8-sig", newline="") as fh:
        jira = {r["Summary"]: r for r in csv.DictReader(fh)}
    assert "renombrado por ana" in jira[NEW_NAME]["Description"]
    report = Path(night.outputs["report"]).read_text(encoding="utf-8")
    assert NEW_NAME in report and "✎ renombrado por ana" in report
    with Path(night.outputs["callbacks"]).open(encoding="utf-8-sig", newline="") as fh:
        causes = {r["Causa"] for r in csv.DictReader(fh)}
    assert f"{NEW_NAME} (✎ renombrado por ana)" in causes
    # the first night, before the edit, showed the machine's name
    assert all(i["title"] != NEW_NAME for i in _items(nights["first"]))


def test_ignore_takes_a_cause_out_of_the_backlog_but_not_out_of_the_report(
    nights: dict[str, Any],
) -> None:
    from cxnlp.store import Store

    night, tid, label = nights["second"], nights["ignored"], nights["ignored_label"]
    first_items = {int(i["topic_id"]) for i in _items(nights["first"]) if i["status"] == "open"}
    assert tid in first_items
    open_items = [i for i in _items(night) if i["status"] == "open"]
    assert tid not in {int(i["topic_id"]) for i in open_items}
    with Store(nights["copy"], read_only=True) as store:
        drivers = store.read_run_frame("drivers", night.run_id).set_index("topic_id")
    assert bool(drivers.at[tid, "ignored"]) and not bool(drivers.at[tid, "in_backlog"])
    assert "luis" in drivers.at[tid, "backlog_rule"]
    report = Path(night.outputs["report"]).read_text(encoding="utf-8")
    assert "«no es un problema» según luis" in report
    with Path(night.outputs["callbacks"]).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and not any(label in r["Causa"] or label in r["Motivo"] for r in rows)


def test_a_merge_gives_one_item_counted_on_the_union(nights: dict[str, Any]) -> None:
    from cxnlp.store import Store

    night = nights["second"]
    lead, other = nights["merged"]
    items = _items(night)
    item = next(i for i in items if int(i["topic_id"]) == lead and i["status"] == "open")
    assert str(other) in item["topic_ids"].split(", ")
    assert not any(int(i["topic_id"]) == other and i["status"] == "open" for i in items)
    with Store(nights["copy"], read_only=True) as store:
        drivers = store.read_run_frame("drivers", night.run_id).set_index("topic_id")
        members = set(json.loads(drivers.at[lead, "member_topic_ids"]))
        own = store.con.execute(
            "SELECT feedback_id, topic_id FROM topic_assignments WHERE run_id = ?",
            [night.run_id],
        ).fetchall()
        clauses = store.read_run_frame("clause_topics", night.run_id)
    assert {lead, other} <= members
    topics_of: dict[str, set[int]] = {str(f): {int(t)} for f, t in own}
    for f, t in zip(clauses["feedback_id"], clauses["topic_id"], strict=True):
        topics_of.setdefault(str(f), set()).add(int(t))
    union = sum(1 for ts in topics_of.values() if ts & members)
    per_member = [sum(1 for ts in topics_of.values() if m in ts) for m in members]
    assert int(drivers.at[lead, "n"]) == union
    assert union <= sum(per_member) and union > max(per_member)
    assert "⧉ fusionado por ana" in item["curation"]


def test_a_seed_yields_a_theme_holding_its_comments(nights: dict[str, Any]) -> None:
    from cxnlp.store import Store

    night = nights["second"]
    with Store(nights["copy"], read_only=True) as store:
        topics = store.read_topics(night.run_id)
        seeded = topics[topics["label"] == SEED_NAME]
        assert len(seeded) == 1
        sid = int(seeded["topic_id"].iloc[0])
        rows = store.con.execute(
            "SELECT f.text, a.topic_id FROM topic_assignments a JOIN feedback f "
            "USING (feedback_id) WHERE a.run_id = ?",
            [night.run_id],
        ).fetchall()
    held = [t for t, topic in rows if topic == sid]
    assert all(any(e == t for t in held) for e in nights["examples"])
    assert len(held) >= len(nights["examples"]) and int(seeded["size"].iloc[0]) == len(held)
    # the seed took a fresh id: no topic fitted tonight shares it
    assert (topics["topic_id"] == sid).sum() == 1
    listed = _cli(nights["config"], "list")
    assert SEED_NAME in listed and "✚ creado por eva" in listed


def test_history_shows_every_edit_with_who_and_why(nights: dict[str, Any]) -> None:
    said = _cli(nights["config"], "history")
    for text in ("rename", "ignore", "merge", "seed", "ana", "luis", "eva", "es una consulta"):
        assert text in said


def test_pin_and_unmerge_keep_apart_topics_the_grouping_would_merge(
    nights: dict[str, Any],
) -> None:
    """Rerun night 2's ranking on a copy with grouping so loose that it merges issues."""
    from cxnlp.run.context import RunContext
    from cxnlp.run.drivers import rank_root_causes
    from cxnlp.store import Store
    from cxnlp.themes import ThemeEdit, record_edit

    settings = nights["settings"].model_copy(deep=True)
    settings.ranking.group_min_similarity = 0.0
    settings.ranking.group_cross_stage_similarity = 0.0
    settings.ranking.group_semantic_floor = None
    night = nights["second"]

    def causes(store: Store) -> dict[int, int]:
        ctx = RunContext(settings, store, run_id=night.run_id, as_of=SECOND)
        rank_root_causes(ctx)
        table = store.read_run_frame("causes", night.run_id)
        return dict(zip(table["topic_id"].astype(int), table["cause_id"].astype(int), strict=True))

    with Store(nights["copy"]) as store:
        loose = causes(store)
        grouped = [t for t, c in loose.items() if t != c]
        assert grouped, "a similarity threshold of 0 must merge some issues"
        pinned = grouped[0]
        partner = loose[pinned]
        record_edit(store, ThemeEdit(action="pin", topic_ids=(pinned,), edited_by="ana"))
        kept = causes(store)
        # unmerge: the machine's (loose) grouping of a cause is split for good
        lead = next(c for t, c in kept.items() if t != c)
        members = tuple(sorted(t for t, c in kept.items() if c == lead))
        record_edit(
            store,
            ThemeEdit(action="unmerge", topic_ids=members, cause_id=lead, edited_by="ana"),
        )
        split = causes(store)
    assert kept[pinned] == pinned
    assert all(c != pinned for t, c in kept.items() if t != pinned)
    assert kept[partner] != pinned
    assert len(members) >= 2
    assert all(split[t] == t for t in members)


def test_the_cli_refuses_unknown_ids_and_bad_files_and_round_trips(
    nights: dict[str, Any], tmp_path: Path
) -> None:
    from cxnlp.cli import app

    config = str(nights["config"])
    unknown = runner.invoke(app, ["themes", "rename", "9999", "x", "-c", config])
    assert unknown.exit_code == 2 and "unknown theme id(s) [9999]" in unknown.output
    bad = tmp_path / "mala.yaml"
    bad.write_text("themes: [{id: 1, pin: quizá}]\n", encoding="utf-8")
    refused = runner.invoke(app, ["themes", "import", str(bad), "-c", config])
    assert refused.exit_code == 2
    assert "mala.yaml" in refused.output and "themes[0], field 'pin'" in refused.output
    exported = tmp_path / "taxonomia.yaml"
    _cli(nights["config"], "export", str(exported))
    text = exported.read_text(encoding="utf-8")
    assert NEW_NAME in text and SEED_NAME in text and "es una consulta" in text
    assert "0 edición(es)" in _cli(nights["config"], "import", str(exported))


def test_a_third_night_keeps_the_seed_id_and_the_names(nights: dict[str, Any]) -> None:
    from cxnlp.store import Store

    second, third = nights["second"], nights["third"]
    assert third.counts["topics"]["refit"] is True
    with Store(nights["db"], read_only=True) as store:
        ids = [
            int(store.read_topics(run.run_id).set_index("label").at[SEED_NAME, "topic_id"])
            for run in (second, third)
        ]
        seeded = store.read_topics(third.run_id).set_index("topic_id").loc[ids[1]]
        held = {
            t
            for (t,) in store.con.execute(
                "SELECT f.text FROM topic_assignments a JOIN feedback f USING (feedback_id) "
                "WHERE a.run_id = ? AND a.topic_id = ?",
                [third.run_id, ids[1]],
            ).fetchall()
        }
    assert ids[0] == ids[1]
    assert seeded["status"] == "persisting" and str(seeded["first_seen"])[:10] == "2026-11-23"
    assert set(nights["examples"]) <= held
    titles = {i["title"] for i in _items(third) if i["status"] == "open"}
    assert NEW_NAME in titles
