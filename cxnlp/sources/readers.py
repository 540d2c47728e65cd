"""Read an export file into a header and raw rows (CSV, XLSX, JSON, JSONL).

Nothing here judges values: a reader only splits the file into rows, keeps
each row's 1-based number, and flags rows that cannot even be split (a CSV row
with more fields than the header, a JSONL line that is not JSON, a row holding
bytes that are not UTF-8 in an otherwise UTF-8 file). A problem with the whole
file raises :class:`~cxnlp.errors.SourceError`; an empty file (no bytes, only a
header, an empty sheet) is an empty table, not an error.

A workbook gives one table per sheet, named ``path#Sheet`` when it has more
than one sheet.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

from cxnlp.errors import SourceError
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.json_rows import json_loads, json_table, jsonl_table
from cxnlp.sources.mapping import SourceLayout, fold_name
from cxnlp.sources.raw import RawRow as RawRow
from cxnlp.sources.raw import RawTable as RawTable
from cxnlp.sources.raw import invalid_bytes_problem
from cxnlp.text.encoding import decode_bytes, show_invalid_bytes

logger = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_CSV_DELIMITERS = (",", ";", "\t", "|")
_CSV_FIELD_LIMIT = 256 * 1024 * 1024


def decode(data: bytes, *, encoding: str, source: str) -> tuple[str, str]:
    """Decode a text export; ``encoding="auto"`` detects BOMs, UTF-8, UTF-16 and cp1252.

    With ``"auto"``, a mostly-UTF-8 file is read as UTF-8 and its few invalid bytes
    are kept escaped, for the rows that hold them to be set aside.

    Raises:
        SourceError: if a declared encoding does not fit the bytes, or no encoding
            gives plausible text.
    """
    if encoding == "auto":
        try:
            text, used = decode_bytes(data, source=source, escape_invalid=True)
        except SourceError as exc:
            raise PermanentSourceError(str(exc)) from None
    else:
        try:
            text, used = data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise PermanentSourceError(
                f"{source}: cannot decode as {encoding!r} at byte {exc.start} "
                f"({data[exc.start : exc.start + 8]!r}); set `encoding: auto` or the right codec"
            ) from None
    return text.lstrip("\ufeff"), used


def file_format(path: Path) -> str:
    """Return csv | xlsx | json | jsonl for a file name.

    Raises:
        SourceError: for suffixes no reader handles.
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise PermanentSourceError(
            f"{path}: legacy .xls workbooks are not read; save it as .xlsx or CSV (UTF-8)"
        )
    if suffix not in FORMATS:
        raise PermanentSourceError(
            f"{path}: unknown file type {suffix or '(no suffix)'!r}; accepted: "
            f"{', '.join(sorted(FORMATS))}"
        )
    return FORMATS[suffix]


def read_tables(
    path: Path, layout: SourceLayout, *, encoding: str = "auto", **options: Any
) -> list[RawTable]:
    """Read one export file into tables: one per sheet of a workbook, else one.

    Args:
        path: the file.
        layout: header layout (preamble rows, multi-row headers, Qualtrics extra rows).
        encoding: ``"auto"`` or a codec name (text formats only).
        **options: ``sheet`` (xlsx: a name, a 0-based index, a list of them, or
            ``None`` for every sheet) and ``delimiter`` (csv).

    Raises:
        SourceError: when the file is missing or unreadable; a
            :class:`~cxnlp.sources.errors.PermanentSourceError` when it can never be
            read as it is (a wrong format, an unknown sheet).
    """
    fmt = file_format(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PermanentSourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except OSError as exc:  # a share that went away may come back: retried
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        return [RawTable(file=str(path), header=[])]
    if fmt == "xlsx":
        in_book, sheets = _xlsx_sheets(data, path, options.get("sheet"))
        return [
            _table_from_records(
                records,
                path,
                layout,
                encoding=None,
                delimiter=",",
                file=f"{path}#{title}" if in_book > 1 else str(path),
            )
            for title, records in sheets
        ]
    return [_text_table(data, fmt, path, layout, encoding, options.get("delimiter"))]


def _text_table(
    data: bytes,
    fmt: str,
    path: Path,
    layout: SourceLayout,
    encoding: str,
    delimiter: str | None,
) -> RawTable:
    text, used = decode(data, encoding=encoding, source=str(path))
    if fmt == "csv":
        delimiter = delimiter or _sniff_delimiter(text, layout)
        # The default limit (128 KiB a field) would fail a whole file over one
        # pasted essay; long texts are cut later, row by row.
        csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            csv_records = [list(r) for r in reader]
        except csv.Error as exc:
            raise PermanentSourceError(f"{path}: not a readable CSV file: {exc}") from exc
        return _table_from_records(
            csv_records, path, layout, encoding=used, delimiter=delimiter, file=str(path)
        )
    if fmt == "json":
        try:
            document = json_loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":  # one object per line, named .json
                return jsonl_table(text, path, used)
            raise PermanentSourceError(
                f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise PermanentSourceError(f"{path}: JSON nested too deeply to read") from None
        return json_table(document, path, used)
    return jsonl_table(text, path, used)


def _sniff_delimiter(text: str, layout: SourceLayout) -> str:
    lines = text.splitlines()
    index = min(layout.skip_rows_before_header, max(len(lines) - 1, 0))
    header_line = lines[index] if lines else ""
    counts = {d: _count_outside_quotes(header_line, d) for d in _CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def _xlsx_sheets(
    data: bytes, path: Path, sheet: str | int | list[str | int] | None
) -> tuple[int, list[tuple[str, list[list[Any]]]]]:
    """Return (how many sheets the workbook has, [(title, rows)] of the chosen sheets)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise PermanentSourceError(f"{path}: not a readable .xlsx workbook: {exc}") from exc
    try:
        if not book.worksheets:  # a damaged workbook whose sheet parts are missing
            raise PermanentSourceError(
                f"{path}: not a readable .xlsx workbook: it has no worksheet"
            )
        if sheet is None:
            chosen = list(book.worksheets)
        else:
            wanted = sheet if isinstance(sheet, list) else [sheet]
            chosen = [_worksheet(book, name, path) for name in wanted]
        out: list[tuple[str, list[list[Any]]]] = []
        for worksheet in chosen:
            try:
                rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
            except Exception as exc:  # read-only mode parses lazily: a cut or corrupt sheet
                raise PermanentSourceError(
                    f"{path}: not a readable .xlsx workbook: sheet {worksheet.title!r} is "
                    f"damaged ({type(exc).__name__}: {exc})"
                ) from exc
            out.append((worksheet.title, rows))
        return len(book.worksheets), out
    finally:
        book.close()


def _worksheet(book: Any, sheet: str | int, path: Path) -> Any:
    if isinstance(sheet, int):
        if not 0 <= sheet < len(book.worksheets):
            raise PermanentSourceError(
                f"{path}: sheet index {sheet} out of range; the workbook has "
                f"{len(book.worksheets)} sheet(s): {', '.join(book.sheetnames)}"
            )
        return book.worksheets[sheet]
    if sheet in book.sheetnames:
        return book[sheet]
    raise PermanentSourceError(
        f"{path}: no sheet named {sheet!r}; sheets: {', '.join(book.sheetnames)}"
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(record: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in record)


def _header_names(
    header_records: list[list[Any]], layout: SourceLayout
) -> tuple[list[str], dict[str, list[str]]]:
    """Return the unique column names and, for each name used twice, its copies' names."""
    first = [show_invalid_bytes(_cell_text(v)) for v in header_records[0]]
    if len(header_records) == 1:
        names = first
    else:
        second = [show_invalid_bytes(_cell_text(v)) for v in header_records[1]]
        width = max(len(first), len(second))
        first += [""] * (width - len(first))
        second += [""] * (width - len(second))
        ignored = {fold_name(s) for s in layout.subheader_ignore}
        names, current = [], ""
        for top, sub in zip(first, second, strict=True):
            # Multi-row headers leave the top cell blank over a question's extra columns.
            current = top or current
            if sub and fold_name(sub) not in ignored:
                names.append(f"{current} - {sub}" if current else sub)
            else:
                names.append(top or current)
    unique: list[str] = []
    copies: dict[str, list[str]] = {}
    for position, name in enumerate(names):
        name = name.replace("\ufeff", "") or f"column_{position + 1}"
        given = name
        if name in copies:
            given = f"{name}.{len(copies[name])}"
            while given in copies or given in unique:  # a real column named "nps.1"
                given += "_"
            copies[name].append(given)
        else:
            copies[name] = [name]
        unique.append(given)
    return unique, {name: given for name, given in copies.items() if len(given) > 1}


def _looks_like_header(record: list[Any], header: list[str], layout: SourceLayout) -> bool:
    cells = [_cell_text(v) for v in record]
    if any(c.startswith('{"ImportId"') for c in cells):
        return True
    id_column = layout.columns.get("source_id")
    if isinstance(id_column, str) and layout.header_row_id_labels:
        labels = {fold_name(x) for x in layout.header_row_id_labels}
        folded = [fold_name(h) for h in header]
        if fold_name(id_column) in folded:
            position = folded.index(fold_name(id_column))
            if position < len(cells) and fold_name(cells[position]) in labels:
                return True
    return False


def _table_from_records(
    records: list[list[Any]],
    path: Path,
    layout: SourceLayout,
    *,
    encoding: str | None,
    delimiter: str,
    file: str,
) -> RawTable:
    position = layout.skip_rows_before_header
    while position < len(records) and _is_blank(records[position]):
        position += 1  # blank lines above the header are not data
    header_records = records[position : position + layout.header_rows]
    if len(header_records) < layout.header_rows or _is_blank(header_records[0]):
        # Nothing but a preamble or blank lines: an empty export, not a broken one.
        return RawTable(file=file, header=[], encoding=encoding)
    header, duplicates = _header_names(header_records, layout)
    position += layout.header_rows
    skipped = 0
    while (
        skipped < layout.extra_header_rows
        and position < len(records)
        and _looks_like_header(records[position], header, layout)
    ):
        position += 1
        skipped += 1
    table = RawTable(file=file, header=header, encoding=encoding, duplicates=duplicates)
    width = len(header)
    for number, record in enumerate(records[position:], start=1):
        if _is_blank(record):
            table.blank_rows += 1
            continue
        extra = record[width:]
        if any(v is not None and str(v).strip() for v in extra):
            raw = show_invalid_bytes(delimiter.join(_cell_text(v) for v in record))
            table.rows.append(
                RawRow(
                    number=number,
                    problem=(
                        f"row has {len(record)} fields but the header has {width} "
                        "(an unquoted delimiter or line break?)"
                    ),
                    raw=raw,
                )
            )
            continue
        padded = list(record[:width]) + [None] * max(0, width - len(record))
        values = dict(zip(header, padded, strict=True))
        damaged = invalid_bytes_problem(values)
        if damaged is not None:
            raw = show_invalid_bytes(delimiter.join(_cell_text(v) for v in record))
            table.rows.append(RawRow(number=number, problem=damaged, raw=raw))
            continue
        table.rows.append(RawRow(number=number, values=values))
    return table
