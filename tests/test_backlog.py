"""Backlog: stable ids across runs, resolved items, the export formats, safe CSV and XLSX cells."""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from drivers.synth import AS_OF, DEFAULT_TOPICS, RAW_MARKER, Scenario, make_feedback
from sheet_helpers import unsafe_xlsx_cells, xlsx_cells, xlsx_text, xlsx_values

from cxnlp.backlog import build_backlog, export_backlog, item_id_for
from cxnlp.backlog.render import md_escape
from cxnlp.drivers import rank_drivers
from cxnlp.drivers.reason import fmt_num
from cxnlp.exports import XLSX_MAX_CHARS, neutralise_formula, write_safe_csv, write_safe_xlsx
from cxnlp.metrics import nps_value
from cxnlp.ranking_config import RankingConfig

CONFIG = RankingConfig(bootstrap=100)
DAY = pd.Timedelta(days=1)


def _run(topics_spec, *, seed: int, day: int, previous: pd.DataFrame | None, run_id: str):
    frame, topics = make_feedback(Scenario(topics_spec), seed=seed)
    frame["created_at"] = frame["created_at"] + day * DAY
    as_of = pd.Timestamp(AS_OF) + day * DAY
    drivers = rank_drivers(frame, topics, as_of=as_of, config=CONFIG)
    backlog = build_backlog(drivers, topics, frame, previous=previous, run_id=run_id, as_of=as_of)
    return frame, topics, drivers, backlog


@pytest.fixture(scope="module")
def runs():
    """Day 0: planted topics. Day 1: topic 3 is fixed (now praised), topic 2 vanishes. Day 2: 3 is back."""
    day0 = _run(DEFAULT_TOPICS, seed=0, day=0, previous=None, run_id="run-0")
    calm = tuple(
        replace(t, p_pro=0.6, p_det=0.1, anger=0.05) if t.topic_id == 3 else t
        for t in DEFAULT_TOPICS
        if t.topic_id != 2
    )
    day1 = _run(calm, seed=1, day=1, previous=day0[3], run_id="run-1")
    no_2 = tuple(t for t in DEFAULT_TOPICS if t.topic_id != 2)
    day2 = _run(no_2, seed=2, day=2, previous=day1[3], run_id="run-2")
    return day0, day1, day2


def test_one_item_per_root_cause_with_stable_ids(runs) -> None:
    (_, _, drivers, backlog), _, _ = runs
    issues = drivers[drivers["is_issue"]]
    assert backlog["item_id"].tolist() == [item_id_for(t) for t in issues["topic_id"]]
    assert item_id_for(7) == "CX-0007"
    assert (backlog["status"] == "open").all()
    assert backlog["item_id"].is_unique
    assert set(backlog["priority"]) <= {"P1", "P2", "P3", "P4"}
    assert backlog.iloc[0]["title"] == "Cobros duplicados"


def test_next_run_updates_items_in_place(runs) -> None:
    (_, _, _, first), (_, _, _, second), _ = runs
    first_by_id = first.set_index("item_id")
    second_by_id = second.set_index("item_id")
    assert second["item_id"].is_unique
    item = second_by_id.loc["CX-0001"]
    assert item["status"] == "open"
    assert item["first_seen"] == first_by_id.loc["CX-0001", "first_seen"]
    assert item["last_updated"] == pd.Timestamp(AS_OF) + DAY
    assert item["run_id"] == "run-1"
    assert item["description_md"] != first_by_id.loc["CX-0001", "description_md"]  # fresh figures


def test_resolved_topics_are_marked_and_kept(runs) -> None:
    _, (_, _, drivers, second), (_, _, _, third) = runs
    by_id = second.set_index("item_id")
    assert 2 not in set(drivers["topic_id"])
    assert by_id.loc["CX-0002", "status"] == "resolved"
    assert "ya no aparece" in by_id.loc["CX-0002", "description_md"]
    assert by_id.loc["CX-0003", "status"] == "resolved"
    assert "ya no resta" in by_id.loc["CX-0003", "description_md"]
    assert by_id.loc["CX-0003", "resolved_at"] == pd.Timestamp(AS_OF) + DAY
    assert second["status"].tolist() == sorted(second["status"])  # open items first
    # A day later CX-0002 is still gone: kept, still resolved, not touched again.
    again = third.set_index("item_id").loc["CX-0002"]
    assert again["status"] == "resolved"
    assert again["last_updated"] == by_id.loc["CX-0002", "last_updated"]
    assert again["run_id"] == "run-2"


def test_a_resolved_item_reopens_under_the_same_id(runs) -> None:
    (_, _, _, first), _, (_, _, _, third) = runs
    item = third.set_index("item_id").loc["CX-0003"]
    assert item["status"] == "open"
    assert pd.isna(item["resolved_at"])
    assert item["first_seen"] == first.set_index("item_id").loc["CX-0003", "first_seen"]


def test_tracker_resolved_topic_is_resolved() -> None:
    frame, topics = make_feedback(seed=0)
    topics.loc[topics["topic_id"] == 1, "status"] = "resolved"
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    backlog = build_backlog(drivers, topics, frame, previous=None, run_id="r", as_of=AS_OF)
    assert backlog.set_index("item_id").loc["CX-0001", "status"] == "resolved"


def test_figures_in_the_description_recompute_from_the_frame(runs) -> None:
    (frame, _, drivers, backlog), _, _ = runs
    originals = frame[(frame["topic_id"] == 1) & frame["dup_of"].isna()]
    body = backlog.set_index("item_id").loc["CX-0001", "description_md"]
    assert f"| NPS del tema | {fmt_num(nps_value(originals['nps']))} \\[" in body
    assert f"| Comentarios | {int((frame['topic_id'] == 1).sum())} (" in body
    scored = frame[frame["dup_of"].isna()]
    loo = nps_value(scored["nps"]) - nps_value(scored.loc[scored["topic_id"] != 1, "nps"])
    assert (
        f"| Impacto en NPS (NPS global − NPS sin el tema; negativo: lo resta) | {fmt_num(loo)} puntos \\["
        in body
    )
    assert drivers.iloc[0]["reason"].split(" [")[0] in body


def test_description_quotes_three_to_five_redacted_comments(runs) -> None:
    (_, _, _, backlog), _, _ = runs
    for body in backlog["description_md"]:
        quotes = [
            line for line in body.splitlines() if line.startswith("> ") and "Comentario" in line
        ]
        assert 3 <= len(quotes) <= 5
        assert RAW_MARKER not in body


def test_comments_cannot_inject_markdown() -> None:
    frame, topics = make_feedback(seed=0)
    topics["representative_texts"] = topics["representative_texts"].map(
        lambda texts: ["@soporte mirad <img src=x onerror=alert(1)> [aquí](http://malo)", *texts]
    )
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    backlog = build_backlog(drivers, topics, frame, previous=None, run_id="r", as_of=AS_OF)
    body = backlog.loc[0, "description_md"]
    assert re.search(r"(?<!\\)<img", body) is None and re.search(r"(?<!\\)\]\(http", body) is None
    assert "\\<img" in body
    assert "@\u200bsoporte" in body
    assert "{noformat}@soporte" in backlog.loc[0, "description_jira"]
    assert md_escape("a|b") == "a\\|b"


def _read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def test_exports_json_jira_csv_and_markdown(runs, tmp_path: Path) -> None:
    _, (frame, _, _, backlog), _ = runs
    paths = export_backlog(backlog, tmp_path)
    records = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert [r["item_id"] for r in records] == backlog["item_id"].tolist()
    assert {
        "title",
        "description_md",
        "priority",
        "score",
        "status",
        "first_seen",
        "run_id",
    } <= set(records[0])
    assert isinstance(records[0]["first_seen"], str)
    assert not any("actualizan esta misma ficha" in r["description_md"] for r in records)
    assert all("aún sin enlazar" in r["description_jira"] for r in records)

    assert paths["jira_csv"].read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = _read_csv(paths["jira_csv"])
    assert rows[0] == [
        "Summary", "Description", "Issue Type", "Priority", "Labels", "Labels", "Labels",
        "External ID", "Status", "Issue Key",
    ]  # fmt: skip
    body = rows[1:]
    assert [r[7] for r in body] == backlog["item_id"].tolist()
    assert [r[5] for r in body] == ["cxnlp-" + i.lower() for i in backlog["item_id"]]
    assert {r[3] for r in body} <= {"Highest", "High", "Medium", "Low"}
    assert {r[8] for r in body} == {"To Do", "Done"}
    assert all(r[4] == "cxnlp" and " " not in r[5] for r in body)
    assert all(r[9] == "" for r in body)  # nothing linked yet: Jira creates every row
    assert body[0][1].startswith("*Causa raíz:*")  # Jira wiki markup, not Markdown
    # The description says what importing it does, and no longer promises an update.
    assert all("actualizan esta misma ficha" not in r[1] for r in body)
    assert all("aún sin enlazar: importar este CSV crea una incidencia nueva" in r[1] for r in body)

    files = sorted(p.name for p in paths["markdown_dir"].glob("*.md"))
    assert files == sorted(f"{i}.md" for i in backlog["item_id"])
    text = (paths["markdown_dir"] / "CX-0001.md").read_text(encoding="utf-8")
    assert text.startswith("**Causa raíz:** Cobros duplicados")
    assert "<!-- cxnlp-item: CX-0001 -->" in text
    assert "actualizan esta misma ficha" not in text and "cxnlp no abre ni actualiza" in text


def test_no_raw_text_reaches_any_export(runs, tmp_path: Path) -> None:
    _, (frame, _, _, backlog), _ = runs
    leaky = backlog.assign(text_raw=RAW_MARKER)
    paths = export_backlog(leaky, tmp_path)
    assert paths["jira_xlsx"].suffix == ".xlsx"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            if path.suffix == ".xlsx":
                content = xlsx_text(path)
            else:
                content = path.read_text(encoding="utf-8")
            assert RAW_MARKER not in content, path
            assert "text_raw" not in content, path


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+34 600", "'+34 600"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("normal", "normal"),
        ("a=b", "a=b"),
        (-4.5, -4.5),
        (None, None),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_write_safe_csv_neutralises_every_cell_and_header(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=cmd": ["=1+1", "ok"], "n": [-3, 4], "text_raw": ["secreto", "x"]})
    path = write_safe_csv(frame, tmp_path / "out" / "x.csv")
    rows = _read_csv(path)
    assert rows == [["'=cmd", "n"], ["'=1+1", "-3"], ["ok", "4"]]


SEPARATOR_CELLS = [
    "Cobro doble;=1+1;me cobraron",
    "a,=1+1",
    "b\t=1+1",
    "c|@SUM(A1)",
    'd"=1',
    "e\n-2+3",
    "f; +34 600",
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_write_safe_csv_keeps_cells_whole_whatever_separator_a_spreadsheet_uses(
    tmp_path: Path, delimiter: str
) -> None:
    frame = pd.DataFrame({"motivo": SEPARATOR_CELLS, "n": range(len(SEPARATOR_CELLS))})
    path = write_safe_csv(frame, tmp_path / "callbacks.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    # Read with the wrong separator (Excel in a Spanish locale splits on ";"),
    # no cell may start a formula: the quoted text cell is never split.
    starts = [cell.lstrip(" ") for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in starts), rows
    if delimiter == ",":
        assert [r[0] for r in rows[1:]] == SEPARATOR_CELLS  # the text itself is unchanged


def test_write_safe_csv_quotes_every_text_cell_and_no_number(tmp_path: Path) -> None:
    frame = pd.DataFrame({"texto": ["Cobro doble;=1+1;me cobraron", "bien", None], "n": [-3, 4, 5]})
    body = write_safe_csv(frame, tmp_path / "x.csv").read_bytes()
    assert body == (b'"texto","n"\r\n"Cobro doble;=1+1;me cobraron",-3\r\n"bien",4\r\n"",5\r\n')


def test_hostile_topic_label_is_neutralised_in_the_jira_csv(tmp_path: Path) -> None:
    frame, topics = make_feedback(seed=0)
    topics.loc[topics["topic_id"] == 1, "label"] = '=HYPERLINK("http://malo","clic")'
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    backlog = build_backlog(drivers, topics, frame, previous=None, run_id="r", as_of=AS_OF)
    rows = _read_csv(export_backlog(backlog, tmp_path)["jira_csv"])
    assert rows[1][0] == "'" + '=HYPERLINK("http://malo","clic")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


HOSTILE_CELLS = [
    '=HYPERLINK("http://malo","clic")',
    "+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def test_write_safe_xlsx_neutralises_every_text_cell_and_keeps_numbers(tmp_path: Path) -> None:
    n = len(HOSTILE_CELLS)
    frame = pd.DataFrame(
        {
            "=cmd": HOSTILE_CELLS,
            "n": pd.array([-3, 4, None, 0, 7, -1, 2], dtype="Int64"),
            "x": [-2.5, 1e6, float("nan"), 0.25, -0.0, 3.0, 1.5],
            "ok": [True, False, True, False, True, False, True],
            "when": pd.to_datetime(["2026-11-22 10:00"] * n),
            "plain": ["normal", "a=b", "", None, "bien", "co\x0bsa", "\x0b=1+1"],
            "text_raw": ["secreto"] * n,
        }
    )
    path = write_safe_xlsx(frame, tmp_path / "out" / "x.xlsx", sheet="datos")
    cells = xlsx_cells(path)
    assert all(cell.data_type != "f" for row in cells for cell in row)  # no formula at all
    assert unsafe_xlsx_cells(path) == []
    values = xlsx_values(path)
    assert values[0] == ["'=cmd", "n", "x", "ok", "when", "plain"]  # text_raw dropped
    assert "secreto" not in xlsx_text(path)
    body = values[1:]
    # XML reads a bare CR back as LF; the cell still starts with the apostrophe.
    assert [r[0] for r in body] == ["'" + v.replace("\r", "\n") for v in HOSTILE_CELLS]
    assert all(cells[i + 1][0].data_type == "s" for i in range(n))
    # Numbers stay numeric cells, negatives included; a missing value is an empty cell.
    assert [r[1] for r in body] == [-3, 4, None, 0, 7, -1, 2]
    assert [cells[i + 1][1].data_type for i in (0, 1, 5)] == ["n", "n", "n"]
    assert body[0][2] == -2.5 and body[1][2] == 1e6 and body[2][2] is None
    assert all(isinstance(r[2], float | int) for r in body if r[2] is not None)
    assert [r[3] for r in body] == [True, False, True, False, True, False, True]
    assert body[0][4] == datetime(2026, 11, 22, 10, 0)  # a date cell, not text
    assert cells[1][4].is_date and cells[1][4].number_format == "dd/mm/yyyy hh:mm"
    # Characters a workbook cannot hold are removed first, then the cell is neutralised.
    assert [r[5] for r in body] == ["normal", "a=b", None, None, "bien", "cosa", "'=1+1"]


def test_write_safe_xlsx_cuts_text_longer_than_an_excel_cell(tmp_path: Path) -> None:
    frame = pd.DataFrame({"c": ["-" + "x" * (XLSX_MAX_CHARS + 10), "ok"]})
    values = xlsx_values(write_safe_xlsx(frame, tmp_path / "long.xlsx"))
    assert len(values[1][0]) == XLSX_MAX_CHARS and values[1][0].startswith("'-x")
    assert values[2] == ["ok"]


def test_write_safe_xlsx_infinite_numbers_become_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"v": [math.inf, -math.inf, 1.0]})
    values = xlsx_values(write_safe_xlsx(frame, tmp_path / "inf.xlsx"))
    assert [r[0] for r in values[1:]] == ["inf", "'-inf", 1]


def test_hostile_topic_label_is_neutralised_in_the_jira_xlsx(tmp_path: Path) -> None:
    frame, topics = make_feedback(seed=0)
    topics.loc[topics["topic_id"] == 1, "label"] = '=HYPERLINK("http://malo","clic")'
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=CONFIG)
    backlog = build_backlog(drivers, topics, frame, previous=None, run_id="r", as_of=AS_OF)
    path = export_backlog(backlog, tmp_path)["jira_xlsx"]
    values = xlsx_values(path)
    assert values[1][values[0].index("Causa")] == "'" + '=HYPERLINK("http://malo","clic")'
    assert unsafe_xlsx_cells(path) == []


def test_previous_backlog_read_back_from_duckdb_still_merges(runs) -> None:
    """The store hands back strings and second-resolution timestamps; ids and dates hold."""
    import duckdb

    (frame, topics, drivers, first), _, _ = runs
    con = duckdb.connect()
    con.register("_b", first)
    stored = con.execute("SELECT * FROM _b").df()
    as_of = pd.Timestamp(AS_OF) + DAY
    again = build_backlog(drivers, topics, frame, previous=stored, run_id="run-x", as_of=as_of)
    assert again["item_id"].tolist() == first["item_id"].tolist()
    assert (again["first_seen"].to_numpy() == first["first_seen"].to_numpy()).all()
    assert (again["last_updated"] == as_of).all()


def test_github_issues_link_by_the_hidden_marker_and_the_body_names_them(
    runs, tmp_path: Path
) -> None:
    from cxnlp.backlog.links import read_github_export

    _, (_, _, _, backlog), _ = runs
    first, other = backlog["item_id"].tolist()[:2]
    listed = tmp_path / "issues.json"
    marker = f"texto\n\n<!-- cxnlp-item: {first} -->\n"
    listed.write_text(
        json.dumps(
            [
                {"number": 30, "body": marker},  # a duplicate, opened later
                {"number": 12, "body": marker},
                {"number": 5, "body": "otra cosa"},
                {"number": 7, "body": "<!-- cxnlp-item: CX-9999 -->"},
            ]
        ),
        encoding="utf-8",
    )
    report = read_github_export(listed, set(backlog["item_id"]))
    assert report.links == {first: "#12"}
    assert report.not_ours == 1
    assert report.problems == [
        "issues.json, issue 4 of the list, body: cxnlp-item CX-9999 names no item of this "
        "store's backlog; skipped",
        f"issues.json, issue 1 of the list, number: {first} is also on #30; linked to the "
        "older #12 (close #30 as a duplicate in GitHub)",
    ]
    paths = export_backlog(backlog, tmp_path / "out", github_links=report.links)
    linked = (paths["markdown_dir"] / f"{first}.md").read_text(encoding="utf-8")
    assert "enlazado con la incidencia \\#12 de GitHub" in linked
    assert f"gh issue edit 12 --body-file {first}.md" in linked
    assert "aún sin enlazar" in (paths["markdown_dir"] / f"{other}.md").read_text(encoding="utf-8")
    records = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert [r["github_issue"] for r in records[:2]] == ["#12", None]
