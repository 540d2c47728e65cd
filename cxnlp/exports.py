"""CSV and XLSX files that are safe to open in a spreadsheet and never carry raw text.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before reading a formula) is run as a
formula by Excel, LibreOffice and Google Sheets when the file is opened: a
customer comment such as ``=HYPERLINK(...)`` would become a live link. Every
CSV cxnlp writes goes through :func:`write_safe_csv` and every workbook through
:func:`write_safe_xlsx`. Both prefix such cells with an apostrophe (the
spreadsheet convention for "this is text") and drop the raw-text column, so
only redacted text leaves the store. The workbook also stores every text cell
as a string cell, so none of its cells is a formula.

A formula can also hide *inside* a cell, behind a character that some
spreadsheet takes for a column separator: ``Cobro doble;=1+1;me cobraron``
written bare into a comma-separated file is opened by Excel in a Spanish
locale, whose list separator is ``;``, as three cells, the middle one the
formula ``=1+1``. The CSV therefore quotes every text cell (numbers stay bare,
so they still read as numbers). Spreadsheets never split a quoted cell,
whichever separator they use (``,``, ``;``, tab, ``|``), so the only place a
formula can start is the start of a cell, which the apostrophe guards. The
text inside the cell is kept as written: an apostrophe in front of each
``;=`` piece would change what analysts read without making the file safer.
"""

from __future__ import annotations

import csv
import logging
import math
import numbers
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_COLUMNS = ("text_raw",)
XLSX_MAX_CHARS = 32_767  # the most characters an Excel cell holds


def neutralise_formula(value: Any) -> Any:
    """Return ``value`` with a leading apostrophe when a spreadsheet would read it as a formula.

    Only strings are changed; numbers, dates and missing values pass through
    (a negative *number* is not a formula).

    Args:
        value: One cell.

    Returns:
        The cell, safe to write to a CSV that a spreadsheet may open.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    return neutralise_formula(value)


def write_safe_csv(frame: pd.DataFrame, path: str | Path, *, bom: bool = False) -> Path:
    """Write ``frame`` as UTF-8 CSV with formula cells neutralised and raw text dropped.

    Column names are neutralised like cells; duplicate column names are kept
    (Jira's importer reads repeated ``Labels`` columns as several labels).
    Every text cell, column names included, is quoted, so no separator inside
    a cell (``,``, ``;``, tab, ``|``) can split it in any spreadsheet locale;
    numbers and booleans are written bare.

    Args:
        frame: What to write; the index is not written.
        path: Destination file; its folder is created when missing.
        bom: Start the file with a UTF-8 byte-order mark (helps old Excel versions
            detect UTF-8; some importers, Jira's among them, prefer none).

    Returns:
        The path written.
    """
    path, keep = _destination(frame, path)
    safe = pd.DataFrame(
        {i: frame.iloc[:, i].map(_cell) for i in keep},
    )
    safe.columns = [neutralise_formula(str(frame.columns[i])) for i in keep]
    # CRLF line ends (RFC 4180): the csv writer then quotes every cell holding a CR
    # or LF. With pandas' default "\n" a lone CR stays bare and splits the row in
    # a spreadsheet, so "'\r=1" would reach it as a new row starting with "=1".
    # QUOTE_NONNUMERIC quotes every text cell; QUOTE_MINIMAL would leave "a;=1+1" bare
    # in a comma-separated file, and a ";" locale would split it into "a" and "=1+1".
    safe.to_csv(
        path,
        index=False,
        encoding="utf-8-sig" if bom else "utf-8",
        lineterminator="\r\n",
        quoting=csv.QUOTE_NONNUMERIC,
    )
    return path


def write_safe_xlsx(frame: pd.DataFrame, path: str | Path, *, sheet: str = "cxnlp") -> Path:
    """Write ``frame`` as an Excel workbook with formula cells neutralised and raw text dropped.

    Text cells (column names included) are neutralised as in :func:`write_safe_csv`
    and stored as string cells, never as formulas. Numbers and booleans stay
    numeric cells; dates are written as ISO 8601 text, as in the CSV. Control
    characters that a workbook cannot hold are removed before neutralising, so
    ``"\\x0b=1+1"`` becomes ``"'=1+1"``. Text longer than an Excel cell holds
    (32,767 characters) is cut, with a warning.

    Args:
        frame: What to write; the index is not written.
        path: Destination file; its folder is created when missing.
        sheet: Name of the single worksheet.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    path, keep = _destination(frame, path)
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    cut = 0

    def cell(value: Any) -> Cell:
        nonlocal cut
        value = _xlsx_value(value)
        if isinstance(value, str) and len(value) > XLSX_MAX_CHARS:
            value, cut = value[:XLSX_MAX_CHARS], cut + 1
        out = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, str):
            out.data_type = "s"  # openpyxl reads a leading "=" as a formula; never here
        return out

    worksheet.append([cell(str(frame.columns[i])) for i in keep])
    for row in frame.iloc[:, keep].itertuples(index=False, name=None):
        worksheet.append([cell(value) for value in row])
    book.save(path)
    if cut:
        log.warning(
            "%d cell(s) of %s cut to %d characters (Excel's limit)", cut, path, XLSX_MAX_CHARS
        )
    return path


def _destination(frame: pd.DataFrame, path: str | Path) -> tuple[Path, list[int]]:
    """The export's path (its folder created) and the positions of the columns it may hold."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = [i for i, name in enumerate(frame.columns) if name not in PRIVATE_COLUMNS]
    if len(keep) < len(frame.columns):
        log.warning("dropped %s from %s: only redacted text may be exported", PRIVATE_COLUMNS, path)
    return path, keep


def _xlsx_value(value: Any) -> Any:
    """One cell as openpyxl should store it: None, bool, int, float or neutralised text."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isfinite(number):
            return number
        value = str(number)  # Excel has no infinity: "inf" / "-inf" as text
    if isinstance(value, pd.Timestamp | datetime | date):
        value = value.isoformat()
    elif isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise_formula(text)
