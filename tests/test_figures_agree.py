"""A figure shown in two places has one value, one sign and one definition.

One small night is run; the report's ranking and the backlog's items (JSON
description and Jira CSV) must show the same impact on NPS (value and sign,
negative when the cause pulls the NPS down), the same priority band and
score, for every cause that has an item.
"""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import use_fast_models, write_small_setup

pytestmark = pytest.mark.slow

IMPACT_LABEL = "Impacto en NPS (NPS global − NPS sin el tema; negativo: lo resta)"


def _number(text: str) -> float:
    """A Spanish-formatted number ("−12,4", "+3,0", "1.234,5") as a float."""
    clean = text.strip().replace("−", "-").replace("+", "").replace(".", "").replace(",", ".")
    return float(clean)


# A topic's figures: a row of the ranking table (the causes in full) or the collapsed
# line of every other topic; both carry the same classes.
TOPIC_BLOCKS = re.compile(
    r'<tr data-topic="(-?\d+)">(.*?)</tr>'
    r'|<details class="topic-line" id="tema-\d+" data-topic="(\d+)">(.*?)</details>',
    re.S,
)


def _topic_blocks(report: str) -> list[tuple[int, str]]:
    return [
        (int(m.group(1) or m.group(3)), m.group(2) or m.group(4))
        for m in TOPIC_BLOCKS.finditer(report)
    ]


def _report_rows(report: str) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for topic_id, body in _topic_blocks(report):
        impact = re.search(r'class="impact-num">([^<\s]+)', body)
        priority = re.search(r"<strong>(P\d)</strong> · ([\d,]+)", body)
        if impact and priority:
            shown = html.unescape(impact.group(1))
            rows[topic_id] = {
                "impact": None if shown == "—" else _number(shown),
                "band": priority.group(1),
                "score": _number(priority.group(2)),
            }
    return rows


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("agree")
    config = write_small_setup(
        root,
        days=30,
        end_date=date(2026, 11, 21),
        surveys_per_day=25,
        social_per_day=10,
        tickets_per_day=6,
    )
    config = use_fast_models(config, topics={"min_topic_size": 10})
    summary = run_pipeline(load_config(config), as_of=datetime(2026, 11, 22, 3))
    assert summary.status == "completed"
    return summary


def test_report_and_backlog_show_the_same_impact_and_priority(night: Any) -> None:
    report = _report_rows(Path(night.outputs["report"]).read_text(encoding="utf-8"))
    data = json.loads(Path(night.outputs["json"]).read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    open_items = [i for i in items if i.get("status") != "merged"]
    assert open_items, "the night filed no backlog item"
    checked = 0
    for item in open_items:
        row = report.get(int(item["topic_id"]))
        assert row is not None, f"backlog item {item['item_id']} has no row in the report"
        lines = [x for x in item["description_md"].splitlines() if IMPACT_LABEL in x]
        if row["impact"] is None:  # no scored answer in the cause: neither place shows one
            assert lines == [], (item["title"], lines)
        else:
            shown = _number(lines[0].split("|")[2].split("puntos")[0])
            assert shown == row["impact"], (item["title"], shown, row["impact"])
        assert item["priority"] == row["band"], (item["title"], item["priority"], row["band"])
        score = re.search(r"puntuación ([\d,]+)", item["description_md"])
        assert score is not None and _number(score.group(1)) == row["score"]
        checked += 1
    # the top cause hurts: its impact is negative in both places
    top = min(open_items, key=lambda i: int(i["rank"]))
    assert (report[int(top["topic_id"])]["impact"] or 0) < 0
    with Path(night.outputs["jira_csv"]).open(encoding="utf-8-sig", newline="") as fh:
        jira = list(csv.DictReader(fh))
    by_summary = {r["Summary"]: r for r in jira}
    for item in open_items:
        expected = report[int(item["topic_id"])]["impact"]
        description = by_summary[item["title"]]["Description"]
        lines = [x for x in description.splitlines() if IMPACT_LABEL in x]
        if expected is None:
            assert lines == []
            continue
        cell = lines[0].split("|")[2].replace("\\", "")  # Jira wiki escapes "-" and "["
        number = re.match(r"\s*([-−]?[\d.]+,\d)", cell)
        assert number is not None, cell
        assert _number(number.group(1)) == expected
    assert checked == len(open_items)


def test_the_backlog_workbook_holds_the_report_figures_as_numbers(night: Any) -> None:
    """The analyst workbook's numeric cells, rounded as the report rounds, are its figures."""
    from openpyxl import load_workbook

    report = _report_rows(Path(night.outputs["report"]).read_text(encoding="utf-8"))
    data = json.loads(Path(night.outputs["json"]).read_text(encoding="utf-8"))
    topic_of = {i["item_id"]: int(i["topic_id"]) for i in data if i.get("status") != "merged"}
    book = load_workbook(night.outputs["jira_xlsx"])
    rows = [[c.value for c in r] for r in book["backlog"].iter_rows()]
    book.close()
    head = rows[0]
    compared = 0
    for row in rows[1:]:
        item = dict(zip(head, row, strict=True))
        if item["Id"] not in topic_of:
            continue
        shown = report[topic_of[item["Id"]]]
        assert item["Prioridad"] == shown["band"]
        assert round(item["Puntuación"], 2) == shown["score"]
        if shown["impact"] is None:
            assert item["Impacto en NPS"] is None
        else:
            assert isinstance(item["Impacto en NPS"], float)
            assert round(item["Impacto en NPS"], 1) == shown["impact"]
        compared += 1
    assert compared == len(topic_of)


def test_the_trend_column_is_the_trend_the_reason_quotes(night: Any) -> None:
    report = Path(night.outputs["report"]).read_text(encoding="utf-8")
    compared = 0
    for _topic_id, body in _topic_blocks(report):
        trend = re.search(r'class="[^"]*\btrend\b[^"]*">(.*?)</(?:td|span)>', body, re.S)
        reason = " ".join(re.findall(r'<span class="reason">(.*?)</span>', body, re.S))
        if trend is None or "en 14 días" not in reason:
            continue
        shown = html.unescape(re.sub(r"<[^>]+>", "", trend.group(1))).strip()
        if "tema nuevo en 14 días" in reason:
            assert shown == "nuevo", (shown, reason)
            compared += 1
            continue
        quoted = re.search(r"(se multiplica por [\d.,]+|[+\-−]?\d+%) en 14 días", reason)
        assert quoted is not None, reason
        if shown.startswith("×"):
            assert quoted.group(1) == f"se multiplica por {shown[1:]}", (shown, reason)
        else:
            assert _number(shown.rstrip(" %")) == _number(quoted.group(1).rstrip("%")), (
                shown,
                reason,
            )
        compared += 1
    assert compared >= 3


def test_one_night_reads_its_window_once_after_the_ranking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backlog and the reports take the window view the ranking built: no second read.

    The topics step reads the window's texts (no predictions) and the ranking step reads
    the enriched window: two reads of the window in all (there were four), the drivers
    table read back once (there were two), the causes table never (there were two).
    The previous run is asked of the store once per night (there were three queries),
    and its backlog read once on a night that has one (there were two reads).
    """
    from collections import Counter

    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    reads: Counter[str] = Counter()
    original_window, original_frame = Store.load_window, Store.read_run_frame
    original_last = Store.last_successful_run

    def load_window(self: Store, **kwargs: Any) -> Any:
        reads["window"] += 1
        return original_window(self, **kwargs)

    def read_run_frame(self: Store, table: str, run_id: str) -> Any:
        reads[table] += 1
        return original_frame(self, table, run_id)

    def last_successful_run(self: Store, **kwargs: Any) -> Any:
        reads["last_successful_run"] += 1
        return original_last(self, **kwargs)

    monkeypatch.setattr(Store, "load_window", load_window)
    monkeypatch.setattr(Store, "read_run_frame", read_run_frame)
    monkeypatch.setattr(Store, "last_successful_run", last_successful_run)
    config = write_small_setup(
        tmp_path, days=20, end_date=date(2026, 11, 21), surveys_per_day=15, social_per_day=6
    )
    config = use_fast_models(config, topics={"min_topic_size": 10})
    settings = load_config(config)
    first = run_pipeline(settings, as_of=datetime(2026, 11, 22, 3))
    assert first.status == "completed"
    assert reads["window"] == 2, reads
    assert reads["drivers"] == 1, reads
    assert reads["causes"] == 0, reads
    assert reads["last_successful_run"] == 1, reads
    first_backlog_reads = reads["backlog"]  # the report's read of tonight's backlog only

    reads.clear()
    second = run_pipeline(settings, as_of=datetime(2026, 11, 23, 3))
    assert second.status == "completed"
    assert second.counts["backlog"]["backlog_items"] > 0
    assert reads["window"] == 2, reads
    assert reads["drivers"] == 1, reads
    assert reads["causes"] == 0, reads
    assert reads["last_successful_run"] == 1, reads
    # yesterday's backlog, read once for the ranking and the backlog step together
    assert reads["backlog"] == first_backlog_reads + 1, reads


def test_report_and_backlog_count_the_same_comments(night: Any) -> None:
    """A cause's comment count is the ranking's (clauses included) in both places."""
    html = Path(night.outputs["report"]).read_text(encoding="utf-8")
    shown = {
        int(n.replace(".", ""))
        for n in re.findall(r"respuestas con nota de ([\d.]+) comentarios", html)
    }
    assert shown, "the report shows no cause card with its base"
    data = json.loads(Path(night.outputs["json"]).read_text(encoding="utf-8"))
    counted = set()
    for item in data:
        if item.get("status") != "open":
            continue
        found = re.search(r"\| Comentarios \| (\d+) \(", item["description_md"])
        assert found is not None, item["title"]
        counted.add(int(found.group(1)))
    # every cause card of the report is a backlog item and says the item's count
    assert shown <= counted, (shown, counted)
