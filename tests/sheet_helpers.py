"""Reading back the workbooks cxnlp writes, cell by cell, as a spreadsheet would see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_cells(path: Path) -> list[list[Cell]]:
    """Every cell of every sheet, row by row (a full load: cells keep their data types)."""
    book = load_workbook(path)
    try:
        return [list(row) for sheet in book.worksheets for row in sheet.iter_rows()]
    finally:
        book.close()


def xlsx_values(path: Path) -> list[list[Any]]:
    """The values of :func:`xlsx_cells`."""
    return [[cell.value for cell in row] for row in xlsx_cells(path)]


def xlsx_text(path: Path) -> str:
    """All cell values of a workbook joined into one text, for leak scans."""
    return "\n".join(
        "\t".join("" if v is None else str(v) for v in row) for row in xlsx_values(path)
    )


def unsafe_xlsx_cells(path: Path) -> list[tuple[str, Any]]:
    """Cells a spreadsheet would run: formulas, and text starting like a formula."""
    return [
        (cell.coordinate, cell.value)
        for row in xlsx_cells(path)
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS))
    ]


def first_sheet_cells(path: Path) -> list[list[Cell]]:
    """Every cell of the first sheet only (the data; later sheets explain it)."""
    book = load_workbook(path)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows()]
    finally:
        book.close()
