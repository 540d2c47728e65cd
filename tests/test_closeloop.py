"""Close the loop: negative detractors to call back, grouped by root cause, exported safely."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from drivers.synth import AS_OF, RAW_MARKER, make_feedback
from sheet_helpers import first_sheet_cells, unsafe_xlsx_cells, xlsx_text

from cxnlp.closeloop import (
    CALLBACK_COLUMNS,
    NO_TOPIC,
    build_callbacks,
    callback_sheet,
    export_callbacks,
)
from cxnlp.drivers import rank_drivers
from cxnlp.errors import CxnlpError
from cxnlp.ranking_config import RankingConfig


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame, topics = make_feedback(seed=3)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=RankingConfig(bootstrap=100))
    return frame, topics, drivers


def _expected(frame: pd.DataFrame, days: int) -> pd.DataFrame:
    start = pd.Timestamp(AS_OF) - pd.Timedelta(days=days)
    nps = pd.to_numeric(frame["nps"], errors="coerce")
    return frame[
        (frame["created_at"] >= start)
        & (frame["created_at"] <= pd.Timestamp(AS_OF))
        & ((nps <= 6) | (frame["csat"] <= 2))
        & (frame["sentiment"] == "NEG")
        & frame["dup_of"].isna()
    ]


def test_lists_exactly_the_negative_detractors_of_the_window(planted) -> None:
    frame, topics, drivers = planted
    calls = build_callbacks(frame, as_of=AS_OF, topics=topics, drivers=drivers)
    expected = _expected(frame, 14)
    assert len(expected) > 50
    assert sorted(calls["feedback_id"]) == sorted(expected["feedback_id"])
    assert list(calls.columns) == list(CALLBACK_COLUMNS)
    week = build_callbacks(frame, as_of=AS_OF, days=7, topics=topics)
    assert sorted(week["feedback_id"]) == sorted(_expected(frame, 7)["feedback_id"])


def test_grouped_by_root_cause_in_rank_order(planted) -> None:
    frame, topics, drivers = planted
    calls = build_callbacks(frame, as_of=AS_OF, topics=topics, drivers=drivers)
    groups = list(dict.fromkeys(calls["topic"]))
    rank = dict(zip(drivers["label"], drivers["rank"], strict=True))
    ranked = [g for g in groups if g != NO_TOPIC]
    assert ranked == sorted(ranked, key=rank.__getitem__)
    assert groups[0] == drivers.iloc[0]["label"]
    if NO_TOPIC in groups:
        assert groups[-1] == NO_TOPIC
    # Each group's rows are contiguous, the unhappiest first, then the newest.
    for _, rows in calls.groupby("topic", sort=False):
        assert rows.index.to_series().diff().dropna().eq(1).all()
        severity = rows["nps"].astype("Float64") / 10
        severity = severity.fillna((rows["csat"] - 1) / (rows["csat_scale"] - 1)).astype(float)
        assert severity.is_monotonic_increasing, rows[["nps", "csat"]]
        for _, same in rows.groupby(severity, sort=False):
            assert same["created_at"].is_monotonic_decreasing
    assert calls.loc[calls["topic"] == drivers.iloc[0]["label"], "topic_rank"].eq(1).all()
    assert calls["priority"].tolist() == list(range(1, len(calls) + 1))


def test_one_call_per_customer_and_root_cause_and_an_id_is_needed() -> None:
    base = {
        "created_at": pd.Timestamp(AS_OF) - pd.Timedelta(days=1),
        "sentiment": "NEG",
        "nps": 2,
        "csat": None,
        "topic_id": 7,
        "text": "mal",
        "channel": "web",
        "source": "encuestas",
        "dup_of": None,
    }
    frame = pd.DataFrame(
        [
            {**base, "customer_id": "C1", "feedback_id": "a"},
            {**base, "customer_id": "C1", "feedback_id": "b", "created_at": pd.Timestamp(AS_OF)},
            {**base, "customer_id": "C1", "feedback_id": "c", "topic_id": 8},
            {**base, "customer_id": None, "feedback_id": "d"},
            {**base, "customer_id": "C2", "feedback_id": "e", "nps": 7},  # passive
            {**base, "customer_id": "C3", "feedback_id": "f", "nps": None, "csat": 2.0},  # DSAT
            {**base, "customer_id": "C4", "feedback_id": "g", "sentiment": "NEU"},
            {**base, "customer_id": "C5", "feedback_id": "h", "dup_of": "a"},
        ]
    )
    calls = build_callbacks(frame, as_of=AS_OF)
    assert sorted(calls["feedback_id"]) == ["b", "c", "f"]
    assert set(calls["topic"]) == {"Tema 7", "Tema 8"}


def test_export_is_spreadsheet_safe_and_redacted(planted, tmp_path: Path) -> None:
    frame, topics, drivers = planted
    frame = frame.copy()
    hostile = _expected(frame, 14).index[0]
    frame.loc[hostile, "text"] = '=HYPERLINK("http://malo")'
    calls = build_callbacks(
        frame.assign(text_raw=RAW_MARKER), as_of=AS_OF, topics=topics, drivers=drivers
    )
    paths = export_callbacks(calls, tmp_path)
    path = paths["csv"]
    assert path.name == "callbacks.csv" and paths["xlsx"].name == "callbacks.xlsx"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the accents
    content = path.read_text(encoding="utf-8-sig")
    assert RAW_MARKER not in content and "text_raw" not in content
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header == list(callback_sheet(calls).columns)
    text_col = header.index("Comentario (anonimizado)")
    assert '\'=HYPERLINK("http://malo")' in [r[text_col] for r in rows]
    risky = [
        c for row in rows for c in row if c.startswith(("=", "+", "-", "@")) and not _is_number(c)
    ]
    assert risky == []
    # NPS is an integer ("3", never "3.0"); the comment date reads as a date.
    nps = [r[header.index("NPS")] for r in rows[1:] if r[header.index("NPS")]]
    assert nps and all(v.isdigit() for v in nps)
    assert all(
        pd.Timestamp(r[header.index("Fecha del comentario")]) <= pd.Timestamp(AS_OF)
        for r in rows[1:]
    )

    # The workbook: same cells, no formula, numbers still numbers, dates as dates.
    assert RAW_MARKER not in xlsx_text(paths["xlsx"])
    assert unsafe_xlsx_cells(paths["xlsx"]) == []
    cells = first_sheet_cells(paths["xlsx"])
    assert [c.value for c in cells[0]] == header
    texts = [row[text_col].value for row in cells[1:]]
    assert '\'=HYPERLINK("http://malo")' in texts
    assert len(cells) == len(rows)
    for column in ("NPS", "Prioridad", "Puesto de la causa"):
        col = header.index(column)
        numbers = [row[col] for row in cells[1:] if row[col].value is not None]
        assert numbers and all(c.data_type == "n" for c in numbers), column
        assert all(isinstance(c.value, int) for c in numbers), column
    when = header.index("Fecha del comentario")
    assert all(row[when].is_date for row in cells[1:])


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_bad_inputs_are_clear_errors() -> None:
    with pytest.raises(CxnlpError, match="at least 1 day"):
        build_callbacks(pd.DataFrame(), as_of=AS_OF, days=0)
    with pytest.raises(CxnlpError, match="customer_id"):
        build_callbacks(pd.DataFrame({"text": ["x"]}), as_of=AS_OF)


def test_contact_columns_are_redacted_unless_allowed(tmp_path: Path) -> None:
    base = {
        "created_at": pd.Timestamp(AS_OF) - pd.Timedelta(days=1),
        "sentiment": "NEG",
        "topic_id": 7,
        "text": "mal",
        "dup_of": None,
    }
    frame = pd.DataFrame(
        [
            {**base, "customer_id": "C1", "feedback_id": "a", "nps": 6, "csat": None,
             "email": "ana@correo.es", "phone": "612 345 678"},
            {**base, "customer_id": "C2", "feedback_id": "b", "nps": 0, "csat": None,
             "email": "=HYPERLINK(1)", "phone": None},
            {**base, "customer_id": "C3", "feedback_id": "c", "nps": None, "csat": 1.0,
             "csat_scale": 5, "email": None, "phone": None},
        ]
    )  # fmt: skip
    calls = build_callbacks(frame, as_of=AS_OF)
    # one cause: the lowest score first (NPS 0, CSAT 1 of 5, NPS 6)
    assert calls["feedback_id"].tolist() == ["b", "c", "a"]
    hidden = callback_sheet(calls)
    assert (
        hidden["Email"].tolist()[2] == "[EMAIL]" and hidden["Teléfono"].tolist()[2] == "[TELEFONO]"
    )
    assert hidden["Motivo"].tolist() == [
        "NPS 0 (detractor), comentario negativo sobre «Tema 7»",
        "CSAT 1 de 5 (insatisfecho), comentario negativo sobre «Tema 7»",
        "NPS 6 (detractor), comentario negativo sobre «Tema 7»",
    ]
    shown = callback_sheet(calls, contacts_allowed=True)
    assert shown["Email"].tolist()[2] == "ana@correo.es"
    paths = export_callbacks(calls, tmp_path, contacts_allowed=True)
    with open(paths["csv"], newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Email"] for r in rows] == ["'=HYPERLINK(1)", "", "ana@correo.es"]
    # scores are whole answers of their scale: "1", not "1.0"
    assert [r["NPS"] for r in rows] == ["0", "", "6"]
    assert [r["CSAT"] for r in rows] == ["", "1", ""]
    assert unsafe_xlsx_cells(paths["xlsx"]) == []
