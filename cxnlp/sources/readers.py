"""Read an export file into a header and raw rows (CSV, XLSX, JSON, JSONL).

Nothing here judges values: a reader only splits the file into rows, keeps
each row's 1-based number, and flags rows that cannot even be split (a CSV row
with more fields than the header, a JSONL line that is not JSON). A problem
with the whole file raises :class:`~cxnlp.errors.SourceError`.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxnlp.errors import SourceError
from cxnlp.sources.mapping import SourceLayout, fold_name
from cxnlp.text.encoding import decode_bytes

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
_LIST_KEYS = ("data", "results", "records", "result", "items", "tickets", "mentions", "responses")
_CSV_DELIMITERS = (",", ";", "\t", "|")
_CSV_FIELD_LIMIT = 256 * 1024 * 1024


@dataclass
class RawRow:
    """One data row: its values by header name, or the reason it could not be split."""

    number: int
    values: dict[str, Any] | None = None
    problem: str | None = None
    raw: str = ""


@dataclass
class RawTable:
    """A file split into a header and rows."""

    file: str
    header: list[str]
    rows: list[RawRow] = field(default_factory=list)
    encoding: str | None = None
    blank_rows: int = 0


def decode(data: bytes, *, encoding: str, source: str) -> tuple[str, str]:
    """Decode a text export; ``encoding="auto"`` detects BOMs, UTF-8, UTF-16 and cp1252.

    Raises:
        SourceError: if a declared encoding does not fit the bytes, or no encoding
            gives plausible text.
    """
    if encoding == "auto":
        text, used = decode_bytes(data, source=source)
    else:
        try:
            text, used = data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise SourceError(
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
        raise SourceError(
            f"{path}: legacy .xls workbooks are not read; save it as .xlsx or CSV (UTF-8)"
        )
    if suffix not in FORMATS:
        raise SourceError(
            f"{path}: unknown file type {suffix or '(no suffix)'!r}; accepted: "
            f"{', '.join(sorted(FORMATS))}"
        )
    return FORMATS[suffix]


def read_table(
    path: Path, layout: SourceLayout, *, encoding: str = "auto", **options: Any
) -> RawTable:
    """Read one export file into a :class:`RawTable`.

    Args:
        path: the file.
        layout: header layout (preamble rows, multi-row headers, Qualtrics extra rows).
        encoding: ``"auto"`` or a codec name (text formats only).
        **options: ``sheet`` (xlsx) and ``delimiter`` (csv).

    Raises:
        SourceError: when the file is missing, unreadable or empty.
    """
    fmt = file_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise SourceError(f"{path}: the file is empty (no header row)")
    if fmt == "xlsx":
        records = _xlsx_records(data, path, options.get("sheet"))
        return _table_from_records(records, path, layout, encoding=None, delimiter=",")
    text, used = decode(data, encoding=encoding, source=str(path))
    if fmt == "csv":
        delimiter = options.get("delimiter") or _sniff_delimiter(text, layout)
        # The default limit (128 KiB a field) would fail a whole file over one
        # pasted essay; long texts are cut later, row by row.
        csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            csv_records = [list(r) for r in reader]
        except csv.Error as exc:
            raise SourceError(f"{path}: not a readable CSV file: {exc}") from exc
        return _table_from_records(csv_records, path, layout, encoding=used, delimiter=delimiter)
    if fmt == "json":
        try:
            document = _json_loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data":  # one object per line, named .json
                return _jsonl_table(text, path, used)
            raise SourceError(
                f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise SourceError(f"{path}: JSON nested too deeply to read") from None
        return _json_table(document, path, used)
    return _jsonl_table(text, path, used)


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


def _xlsx_records(data: bytes, path: Path, sheet: str | int | None) -> list[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise SourceError(f"{path}: not a readable .xlsx workbook: {exc}") from exc
    try:
        if not book.worksheets:  # a damaged workbook whose sheet parts are missing
            raise SourceError(f"{path}: not a readable .xlsx workbook: it has no worksheet")
        if sheet is None:
            worksheet = book.worksheets[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(book.worksheets):
                raise SourceError(
                    f"{path}: sheet index {sheet} out of range; the workbook has "
                    f"{len(book.worksheets)} sheet(s): {', '.join(book.sheetnames)}"
                )
            worksheet = book.worksheets[sheet]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise SourceError(
                f"{path}: no sheet named {sheet!r}; sheets: {', '.join(book.sheetnames)}"
            )
        try:
            return [list(row) for row in worksheet.iter_rows(values_only=True)]
        except Exception as exc:  # read-only mode parses the sheet lazily: a cut or corrupt sheet
            raise SourceError(
                f"{path}: not a readable .xlsx workbook: sheet {worksheet.title!r} is damaged "
                f"({type(exc).__name__}: {exc})"
            ) from exc
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_blank(record: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in record)


def _header_names(header_records: list[list[Any]], layout: SourceLayout) -> list[str]:
    first = [_cell_text(v) for v in header_records[0]]
    if len(header_records) == 1:
        names = first
    else:
        second = [_cell_text(v) for v in header_records[1]]
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
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        name = name.replace("\ufeff", "") or f"column_{position + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        unique.append(name)
    return unique


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
) -> RawTable:
    position = layout.skip_rows_before_header
    while position < len(records) and _is_blank(records[position]):
        position += 1  # blank lines above the header are not data
    header_records = records[position : position + layout.header_rows]
    if len(header_records) < layout.header_rows or _is_blank(header_records[0]):
        raise SourceError(f"{path}: no header row found (the file has {len(records)} row(s))")
    header = _header_names(header_records, layout)
    position += layout.header_rows
    skipped = 0
    while (
        skipped < layout.extra_header_rows
        and position < len(records)
        and _looks_like_header(records[position], header, layout)
    ):
        position += 1
        skipped += 1
    table = RawTable(file=str(path), header=header, encoding=encoding)
    width = len(header)
    for number, record in enumerate(records[position:], start=1):
        if _is_blank(record):
            table.blank_rows += 1
            continue
        extra = record[width:]
        if any(v is not None and str(v).strip() for v in extra):
            raw = delimiter.join(_cell_text(v) for v in record)
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
        table.rows.append(RawRow(number=number, values=dict(zip(header, padded, strict=True))))
    return table


def _json_int(digits: str) -> int | str:
    # Python refuses ints over 4300 digits; keep such a value as text, so that
    # its row is judged (and rejected) alone instead of failing the whole file.
    try:
        return int(digits)
    except ValueError:
        return digits


def _json_loads(text: str) -> Any:
    # strict=False: a raw tab or NUL inside a string is repaired later, like in a CSV cell.
    return json.loads(text, parse_int=_json_int, strict=False)


def _flat_row(number: int, item: dict[str, Any], raw: str) -> RawRow:
    try:
        return RawRow(number=number, values=_flatten(item))
    except RecursionError:
        return RawRow(number=number, problem="record nested too deeply", raw=raw[:200])


def _flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False) if value else None
        else:
            flat[name] = value
    return flat


def _json_items(document: Any, path: Path) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        lists = {k: v for k, v in document.items() if isinstance(v, list)}
        for key in _LIST_KEYS:
            if key in lists:
                return lists[key]
        if len(lists) == 1:
            return next(iter(lists.values()))
        raise SourceError(
            f"{path}: a JSON object without one list of records; keys found: "
            f"{', '.join(document) or '(none)'}; expected an array or an object with one of "
            f"{', '.join(_LIST_KEYS)}"
        )
    raise SourceError(f"{path}: JSON top level is {type(document).__name__}, expected an array")


def _json_table(document: Any, path: Path, encoding: str) -> RawTable:
    items = _json_items(document, path)
    table = RawTable(file=str(path), header=[], encoding=encoding)
    seen: dict[str, None] = {}
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            row = _flat_row(number, item, "")
            seen.update(dict.fromkeys(row.values or {}))
            table.rows.append(row)
        elif item is None:
            table.blank_rows += 1
        else:
            table.rows.append(
                RawRow(
                    number=number,
                    problem=f"record is a JSON {type(item).__name__}, not an object",
                    raw=json.dumps(item, ensure_ascii=False)[:200],
                )
            )
    table.header = list(seen)
    return table


def _jsonl_table(text: str, path: Path, encoding: str) -> RawTable:
    table = RawTable(file=str(path), header=[], encoding=encoding)
    seen: dict[str, None] = {}
    # Split on newlines only: JSON strings may hold a raw U+2028, which splitlines() breaks.
    lines = text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()  # the newline that ends the last record
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip():
            table.blank_rows += 1
            continue
        try:
            item = _json_loads(line)
        except json.JSONDecodeError as exc:
            table.rows.append(
                RawRow(number=number, problem=f"invalid JSON: {exc.msg}", raw=line[:200])
            )
            continue
        except RecursionError:
            table.rows.append(
                RawRow(number=number, problem="invalid JSON: nested too deeply", raw=line[:200])
            )
            continue
        if not isinstance(item, dict):
            table.rows.append(
                RawRow(
                    number=number,
                    problem=f"line is a JSON {type(item).__name__}, not an object",
                    raw=line[:200],
                )
            )
            continue
        row = _flat_row(number, item, line)
        seen.update(dict.fromkeys(row.values or {}))
        table.rows.append(row)
    if not table.rows:
        raise SourceError(f"{path}: no JSON records found")
    table.header = list(seen)
    return table
