"""Read a sheet a person filled in: a CSV (`,` or `;`, UTF-8 or cp1252) or an XLSX workbook.

Call-back outcomes (:mod:`cxnlp.callbacks`) and label corrections
(:mod:`cxnlp.labels.sheet`) come back this way, so both read it here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from cxnlp.errors import CxnlpError


def unneutralise(value: str) -> str:
    """Undo the apostrophe cxnlp's exports put before a cell that looks like a formula."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def read_sheet(
    path: Path, *, sheet_name: str | None = None
) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the non-empty data rows, each with its row number as a spreadsheet shows it.

    Args:
        sheet_name: the workbook sheet to read when the workbook has one of that name
            (otherwise the first sheet); ignored for a CSV file.

    Raises:
        CxnlpError: the file is missing, not a readable workbook, or empty.
    """
    if not path.is_file():
        raise CxnlpError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise CxnlpError(f"{path}: not a readable workbook ({exc})") from None
        try:
            named = sheet_name is not None and sheet_name in book.sheetnames
            sheet = book[sheet_name] if named else book.worksheets[0]
            grid = [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_text(encoding="cp1252")  # Excel's "CSV" in a Spanish locale
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if not grid:
        raise CxnlpError(f"{path}: the sheet is empty")
    header = ["" if h is None else unneutralise(str(h).strip()) for h in grid[0]]
    rows = [
        (number, row)
        for number, row in enumerate(grid[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]
    return header, rows
