"""The spreadsheet-safe writers: formula prefixes neutralised exactly where risky; CSV and XLSX
round trips; a carriage return never starts a new spreadsheet row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from bad_input_helpers import (
    FAST,
    NASTY,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cxnlp.exports import FORMULA_PREFIXES, neutralise_formula, write_safe_csv, write_safe_xlsx

# ------------------------------------------------------- spreadsheet-safe CSV

NOT_STRINGS = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


@settings(FAST, max_examples=200)
@given(
    prefix=st.sampled_from(["", *FORMULA_PREFIXES, " ", "'", "a"]),
    text=st.text(max_size=30),
)
def test_neutralise_formula_prefixes_exactly_the_risky_strings(prefix: str, text: str) -> None:
    value = prefix + text
    out = neutralise_formula(value)
    if value.startswith(FORMULA_PREFIXES):
        assert out == "'" + value
    else:
        assert out == value
    assert neutralise_formula(out) == out


@settings(FAST, max_examples=100)
@given(value=NOT_STRINGS)
def test_neutralise_formula_leaves_numbers_and_missing_values_alone(value: Any) -> None:
    assert neutralise_formula(value) is value


CSV_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=25),
    st.sampled_from(NASTY),
    st.builds(lambda p, t: p + t, st.sampled_from(FORMULA_PREFIXES), st.text(max_size=10)),
)


@FAST
@given(
    cells=st.lists(
        st.tuples(CSV_TEXT, st.one_of(st.none(), st.integers(-(10**6), 10**6))),
        min_size=1,
        max_size=8,
    ),
    header=CSV_TEXT,
    bom=st.booleans(),
)
def test_write_safe_csv_round_trip(
    tmp_path: Path, cells: list[tuple[str, int | None]], header: str, bom: bool
) -> None:
    header = header or "h"
    assume(header != "text_raw")
    # Built from rows: the header may repeat "n", as Jira's repeated columns do.
    frame = pd.DataFrame(
        [[text, number, "SECRETO"] for text, number in cells], columns=[header, "n", "text_raw"]
    )
    frame.isetitem(1, pd.array([number for _, number in cells], dtype="Int64"))
    path = write_safe_csv(frame, tmp_path / "out.csv", bom=bom)
    with open(path, newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        rows = list(csv.reader(handle))
    assert "SECRETO" not in path.read_text(encoding="utf-8")
    assert rows[0] == [neutralise_formula(header), "n"]
    assert len(rows) == len(cells) + 1  # no cell split a row, CRs and LFs included
    for (text, number), (text_out, number_out) in zip(cells, rows[1:], strict=True):
        if text.startswith(FORMULA_PREFIXES):
            assert text_out == "'" + text
        else:
            assert text_out == text
        assert number_out == ("" if number is None else str(number))  # -5 stays a number


@FAST
@given(
    cells=st.lists(
        st.tuples(CSV_TEXT, st.one_of(st.none(), st.integers(-(10**6), 10**6))),
        min_size=1,
        max_size=8,
    ),
    header=CSV_TEXT,
)
def test_write_safe_xlsx_round_trip(
    tmp_path: Path, cells: list[tuple[str, int | None]], header: str
) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header = header or "h"
    assume(header != "text_raw")
    frame = pd.DataFrame(
        [[text, number, "SECRETO"] for text, number in cells], columns=[header, "n", "text_raw"]
    )
    frame.isetitem(1, pd.array([number for _, number in cells], dtype="Int64"))
    path = write_safe_xlsx(frame, tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(path)
    rows = [list(row) for row in book.active.iter_rows()]
    book.close()

    def expected(text: str) -> str | None:
        # Characters a workbook cannot hold go first; XML reads a bare CR back as LF.
        out = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", text))
        return out.replace("\r\n", "\n").replace("\r", "\n") or None

    assert [c.value for c in rows[0]] == [expected(header), "n"]
    assert len(rows) == len(cells) + 1
    for (text, number), (text_out, number_out) in zip(cells, rows[1:], strict=True):
        assert text_out.data_type != "f" and number_out.data_type != "f"
        assert text_out.value == expected(text)
        assert number_out.value == number  # -5 stays the number -5
        assert number is None or number_out.data_type == "n"
    assert all("SECRETO" != c.value for row in rows for c in row)


def test_a_carriage_return_cannot_start_a_new_spreadsheet_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"c": ["\r=1+1", 'bien\r=HYPERLINK("http://x")', "ok"]})
    path = write_safe_csv(frame, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["c"], ["'\r=1+1"], ['bien\r=HYPERLINK("http://x")'], ["ok"]]
    # The bare CRs sit inside quoted cells, where no spreadsheet ends a row.
    body = path.read_bytes()
    assert body.count(b"\r") == 4 + 2  # four row ends, two inside quotes
    assert b'"\'\r=1+1"' in body and b'"bien\r=HYPERLINK(""http://x"")"' in body
