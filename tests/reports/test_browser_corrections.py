"""The corrections CSV of the report's comment view, downloaded in headless Chromium,
filled as an analyst would and read back by ``cxnlp labels import`` (issue 19)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from reports.browser_support import assert_clean, browser, open_page
from reports.reports_synthetic import RAW_MARKER, build_report_data

from cxnlp.labels import import_corrections, read_corrections
from cxnlp.reports import ReportData, render_analyst_report
from cxnlp.schema import text_hash
from cxnlp.store import Store

pytestmark = pytest.mark.slow

__all__ = ["browser"]  # the shared fixture

FORMULA = '=HYPERLINK("http://example.com","pulse")'


def _data() -> ReportData:
    data = build_report_data()
    frame = data.frame.copy()
    first = frame.index[(frame["topic_id"] == 0) & frame["dup_of"].isna()][0]
    frame.loc[first, "text"] = FORMULA
    frame["label_corrected"] = False
    frame.loc[frame.index[frame["topic_id"] == 0][1], "label_corrected"] = True
    return ReportData(
        frame=frame,
        topics=data.topics,
        drivers=data.drivers,
        backlog=data.backlog,
        kpis=data.kpis,
        changes=data.changes,
        run=data.run,
        generated_at=data.generated_at,
    )


def _store_of(frame: pd.DataFrame, path: Path) -> Store:
    """A store holding the report's comments, as the run that drew it would."""
    store = Store(path)
    rows = frame[["feedback_id", "created_at", "text"]].copy()
    rows["source"] = "surveys"
    rows["source_kind"] = "survey"
    rows["source_id"] = rows["feedback_id"]
    rows["text_norm"] = rows["text"]
    rows["text_hash"] = [text_hash(str(t)) for t in rows["text"]]
    store.upsert_feedback(rows)
    return store


def test_corrections_csv_round_trip(browser: Any, tmp_path: Path) -> None:
    data = _data()
    page_path = render_analyst_report(data, tmp_path / "report")
    frame = data.frame
    billing = frame[frame["topic_id"] == 0]
    page, log = open_page(browser, page_path, accept_downloads=True)
    tools = page.locator('article .comment-tools[data-topic="0"]')
    with page.expect_download() as info:
        tools.locator(".js-fix-csv").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.startswith("correcciones-")
    raw = target.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    # one row per distinct text shown, with the model's labels and empty columns to fill
    assert len(rows) == billing["text"].nunique()
    assert {r["feedback_id"] for r in rows} <= set(billing["feedback_id"])
    assert all(r["sentimiento"] == "" and r["emocion"] == "" for r in rows)
    by_id = billing.set_index("feedback_id")
    for r in rows:
        assert r["sentimiento_predicho"] == by_id.loc[r["feedback_id"], "sentiment"]
    assert "'" + FORMULA in {r["texto"] for r in rows}
    assert not [v for r in rows for v in r.values() if v[:1] in ("=", "+", "-", "@")]
    assert RAW_MARKER not in raw
    assert sum(r["corregida"] == "sí" for r in rows) == 1
    assert_clean(log)
    page.close()

    # the analyst fills three rows (one of them the formula) and saves the sheet
    filled = [dict(r) for r in rows]
    wanted = {}
    for r, (sentiment, emotion) in zip(
        filled[:3], [("negativo", "enfado"), ("POS", ""), ("", "tristeza")], strict=True
    ):
        r["sentimiento"], r["emocion"] = sentiment, emotion
        wanted[r["feedback_id"]] = (sentiment, emotion)
    formula_row = next(r for r in filled if r["texto"] == "'" + FORMULA)
    formula_row["sentimiento"] = "neutro"
    wanted[formula_row["feedback_id"]] = ("neutro", formula_row["emocion"])
    sheet = tmp_path / "filled.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(filled)

    with _store_of(frame, tmp_path / "var" / "cxnlp.duckdb") as store:
        result = import_corrections(store, sheet, "ana")
        stored = read_corrections(store).set_index("text_hash")
    assert result.problems == [] and result.stored == len(wanted)
    assert result.empty == len(rows) - len(wanted)
    codes = {"negativo": "NEG", "POS": "POS", "neutro": "NEU", "": None}
    emotions = {"enfado": "anger", "tristeza": "sadness", "": None}
    for feedback_id, (sentiment, emotion) in wanted.items():
        got = stored.loc[text_hash(str(by_id.loc[feedback_id, "text"]))]
        assert (None if pd.isna(got["sentiment"]) else got["sentiment"]) == codes[sentiment]
        assert (None if pd.isna(got["emotion"]) else got["emotion"]) == emotions[emotion]
