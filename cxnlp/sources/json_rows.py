"""JSON and JSON Lines exports as raw rows: nested objects flattened to dotted names.

A JSON document is an array of records or an object holding one list of them
(under a usual key such as ``data`` or ``results``); a JSON Lines file has one
record per line, and a line that is not a JSON object is set aside alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.raw import RawRow, RawTable, invalid_bytes_problem
from cxnlp.text.encoding import show_invalid_bytes

_LIST_KEYS = ("data", "results", "records", "result", "items", "tickets", "mentions", "responses")


def _json_int(digits: str) -> int | str:
    # Python refuses ints over 4300 digits; keep such a value as text, so that
    # its row is judged (and rejected) alone instead of failing the whole file.
    try:
        return int(digits)
    except ValueError:
        return digits


def json_loads(text: str) -> Any:
    # strict=False: a raw tab or NUL inside a string is repaired later, like in a CSV cell.
    return json.loads(text, parse_int=_json_int, strict=False)


def _flat_row(number: int, item: dict[str, Any], raw: str) -> RawRow:
    try:
        values = _flatten(item)
    except RecursionError:
        return RawRow(
            number=number, problem="record nested too deeply", raw=show_invalid_bytes(raw[:200])
        )
    damaged = invalid_bytes_problem(values)
    if damaged is not None:
        shown = raw or json.dumps(item, ensure_ascii=False, default=str)
        return RawRow(number=number, problem=damaged, raw=show_invalid_bytes(shown[:200]))
    return RawRow(number=number, values=values)


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
        raise PermanentSourceError(
            f"{path}: a JSON object without one list of records; keys found: "
            f"{', '.join(document) or '(none)'}; expected an array or an object with one of "
            f"{', '.join(_LIST_KEYS)}"
        )
    raise PermanentSourceError(
        f"{path}: JSON top level is {type(document).__name__}, expected an array"
    )


def json_table(document: Any, path: Path, encoding: str) -> RawTable:
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
                    raw=show_invalid_bytes(json.dumps(item, ensure_ascii=False)[:200]),
                )
            )
    table.header = list(seen)
    return table


def jsonl_table(text: str, path: Path, encoding: str) -> RawTable:
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
        shown = show_invalid_bytes(line[:200])
        try:
            item = json_loads(line)
        except json.JSONDecodeError as exc:
            table.rows.append(RawRow(number=number, problem=f"invalid JSON: {exc.msg}", raw=shown))
            continue
        except RecursionError:
            table.rows.append(
                RawRow(number=number, problem="invalid JSON: nested too deeply", raw=shown)
            )
            continue
        if not isinstance(item, dict):
            table.rows.append(
                RawRow(
                    number=number,
                    problem=f"line is a JSON {type(item).__name__}, not an object",
                    raw=shown,
                )
            )
            continue
        row = _flat_row(number, item, line)
        seen.update(dict.fromkeys(row.values or {}))
        table.rows.append(row)
    table.header = list(seen)
    return table
