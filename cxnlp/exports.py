"""CSV and XLSX files that are safe to open in a spreadsheet and never carry raw text.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before reading a formula) is run as a
formula by Excel, LibreOffice and Google Sheets when the file is opened: a
customer comment such as ``=HYPERLINK(...)`` would become a live link. Every
CSV cxnlp writes goes through :func:`write_safe_csv` and every workbook through
:func:`write_safe_xlsx`. Both prefix such cells with an apostrophe (the
spreadsheet convention for "this is text") and drop the raw-text column, so
only redacted text leaves the store. The workbook also stores every text cell
as a string cell, so none of its cells is a formula; it is laid out for
reading (widths, wrapped text, frozen header, autofilter, date cells).

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
from collections.abc import Mapping, Sequence
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
XLSX_MIN_WIDTH = 8  # column widths, in characters
XLSX_MAX_WIDTH = 60


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
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        # "2026-11-22 10:30:00" (no "T"): what spreadsheets read as a date and time
        plain = (value.hour, value.minute, value.second) == (0, 0, 0)
        return f"{value:%Y-%m-%d}" if plain else f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
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
    numbers and booleans are written bare. Dates are written ``2026-11-22`` and
    times ``2026-11-22 10:30:00``, which spreadsheets read as dates.

    Args:
        frame: What to write; the index is not written.
        path: Destination file; its folder is created when missing.
        bom: Start the file with a UTF-8 byte-order mark. Excel opens a CSV without
            one in the system's legacy code page (Windows-1252 in Spanish), which
            garbles every accent; with it, Excel reads UTF-8. Files meant for
            spreadsheets (the Jira CSV, the call-back list) are written with one.

    Returns:
        The path written.
    """
    path, keep = _destination(frame, path)
    safe = pd.DataFrame(
        # as objects, so an Int64 column with gaps stays integers ("3", not "3.0")
        {i: frame.iloc[:, i].astype(object).map(_cell) for i in keep},
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


def write_safe_xlsx(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    sheet: str = "cxnlp",
    widths: Mapping[str, float] | None = None,
    number_formats: Mapping[str, str] | None = None,
    notes: Sequence[tuple[str, str]] = (),
    notes_sheet: str = "Léeme",
) -> Path:
    """Write ``frame`` as an Excel workbook laid out for reading, formula cells neutralised.

    Text cells (column names included) are neutralised as in :func:`write_safe_csv`
    and stored as string cells, never as formulas. Numbers and booleans stay
    numeric cells; dates and times are date cells (``dd/mm/aaaa`` or
    ``dd/mm/aaaa hh:mm``), so a spreadsheet sorts and filters them as dates.
    Control characters that a workbook cannot hold are removed before
    neutralising, so ``"\\x0b=1+1"`` becomes ``"'=1+1"``. Text longer than an
    Excel cell holds (32,767 characters) is cut, with a warning.

    The sheet has a bold, frozen header row with an autofilter, column widths
    fitted to their content (at most :data:`XLSX_MAX_WIDTH` characters; ``widths``
    overrides by column name), and wrapped text, top-aligned, in columns whose
    text is wider than the column.

    Args:
        frame: What to write; the index is not written.
        path: Destination file; its folder is created when missing.
        sheet: Name of the data worksheet (the first one).
        widths: Column width in characters by column name, for columns not to fit.
        number_formats: Excel number format by column name (``"0.0"``, ``"0%"``).
        notes: ``(title, text)`` rows for a second sheet that explains the first.
        notes_sheet: Name of that second sheet.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path, keep = _destination(frame, path)
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    cut = 0
    top = Alignment(vertical="top")

    def put(row: int, col: int, raw: Any) -> Any:
        nonlocal cut
        value = _xlsx_value(raw)
        if value == "":
            value = None
        if isinstance(value, str) and len(value) > XLSX_MAX_CHARS:
            value, cut = value[:XLSX_MAX_CHARS], cut + 1
        cell = worksheet.cell(row=row, column=col, value=value)
        if row > 1:
            cell.alignment = top  # styled, so even an empty cell is written (and its row kept)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; never here
        elif isinstance(value, datetime):
            has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
            cell.number_format = "dd/mm/yyyy hh:mm" if has_time else "dd/mm/yyyy"
        return value

    names = [str(frame.columns[i]) for i in keep]
    longest = [len(name) for name in names]
    for col, name in enumerate(names, start=1):
        put(1, col, name)
        worksheet.cell(row=1, column=col).font = Font(bold=True)
    for r, row in enumerate(frame.iloc[:, keep].itertuples(index=False, name=None), start=2):
        for col, raw in enumerate(row, start=1):
            value = put(r, col, raw)
            size = 16 if isinstance(value, datetime) else len(str(value or ""))
            longest[col - 1] = max(longest[col - 1], min(size, 10 * XLSX_MAX_WIDTH))
    chosen = dict(widths or {})
    formats = dict(number_formats or {})
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(names, start=1):
        width = chosen.get(name, min(max(longest[col - 1] + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH))
        letter = get_column_letter(col)
        worksheet.column_dimensions[letter].width = width
        wraps = longest[col - 1] > width
        if wraps or name in formats:
            for cells in worksheet.iter_rows(min_row=2, min_col=col, max_col=col):
                if wraps:
                    cells[0].alignment = wrap
                if name in formats and isinstance(cells[0].value, int | float):
                    cells[0].number_format = formats[name]
    worksheet.freeze_panes = "A2"
    if names:
        last = get_column_letter(len(names))
        worksheet.auto_filter.ref = f"A1:{last}{max(len(frame) + 1, 1)}"
    if notes:
        _notes_sheet(book, notes_sheet, notes)
    book.save(path)
    if cut:
        log.warning(
            "%d cell(s) of %s cut to %d characters (Excel's limit)", cut, path, XLSX_MAX_CHARS
        )
    return path


def _notes_sheet(book: Any, title: str, notes: Sequence[tuple[str, str]]) -> None:
    """A second sheet of ``(title, text)`` rows that explains the first (neutralised too)."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    for r, (name, text) in enumerate(notes, start=1):
        for col, raw in enumerate((name, text), start=1):
            value = _xlsx_value(raw)
            cell = sheet.cell(row=r, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=r, column=1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100


def _destination(frame: pd.DataFrame, path: str | Path) -> tuple[Path, list[int]]:
    """The export's path (its folder created) and the positions of the columns it may hold."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = [i for i, name in enumerate(frame.columns) if name not in PRIVATE_COLUMNS]
    if len(keep) < len(frame.columns):
        log.warning("dropped %s from %s: only redacted text may be exported", PRIVATE_COLUMNS, path)
    return path, keep


def _xlsx_value(value: Any) -> Any:
    """One cell as openpyxl should store it: None, bool, int, float, naive datetime or safe text."""
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
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        return value.to_pydatetime(warn=False)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise_formula(text)
