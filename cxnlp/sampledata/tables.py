"""Read the sample generator's word tables from ``data/*.json``.

The vocabulary the sample is written with is data, not code: each
``vocab_*`` module and :mod:`dialects` read their tables here once, at import,
and expose them under the names the rest of the package uses. A table that is
missing or of the wrong shape fails at import with the file and key named, so a
hand edit of a JSON file cannot silently change the sample's shape.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "cxnlp.sampledata"


class TableError(ValueError):
    """A vocabulary data file is missing, unreadable or of the wrong shape."""


@cache
def load_table(name: str) -> dict[str, Any]:
    """Return the parsed ``data/<name>.json`` (one JSON object)."""
    path = resources.files(_PACKAGE).joinpath("data", f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TableError(f"cannot read sample vocabulary data/{name}.json: {exc}") from exc
    if not isinstance(data, dict):
        raise TableError(f"data/{name}.json: expected a JSON object at the top")
    return data


def entry(table: str, key: str) -> Any:
    """Return the value under ``key`` of ``table``; a missing key names the file."""
    data = load_table(table)
    if key not in data:
        raise TableError(f"data/{table}.json: missing key {key!r}")
    return data[key]


def mapping(table: str, key: str) -> dict[str, Any]:
    """Return the JSON object under ``key`` of ``table`` (a table with its own shape)."""
    value = entry(table, key)
    if not isinstance(value, dict):
        raise TableError(f"data/{table}.json: {key}: expected an object")
    return value


def records(table: str, key: str) -> list[Any]:
    """Return the JSON list under ``key`` of ``table`` (one item per record)."""
    value = entry(table, key)
    if not isinstance(value, list):
        raise TableError(f"data/{table}.json: {key}: expected a list")
    return value


def as_strings(value: object, where: str) -> tuple[str, ...]:
    """Return ``value``, a non-empty list of strings, as a tuple."""
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise TableError(f"{where}: expected a list of strings")
    if not value:
        raise TableError(f"{where}: empty list (the generator draws from it)")
    return tuple(value)


def as_string_map(value: object, where: str) -> dict[str, tuple[str, ...]]:
    """Return ``value``, an object of string lists (name -> options), with tuples."""
    if not isinstance(value, dict):
        raise TableError(f"{where}: expected an object of string lists")
    return {k: as_strings(v, f"{where}.{k}") for k, v in value.items()}


def as_floats(value: object, where: str) -> tuple[float, ...]:
    """Return ``value``, a list of numbers, as a tuple of floats."""
    if not isinstance(value, list) or not all(
        isinstance(x, (int, float)) and not isinstance(x, bool) for x in value
    ):
        raise TableError(f"{where}: expected a list of numbers")
    return tuple(float(x) for x in value)


def strings(table: str, key: str) -> tuple[str, ...]:
    """Return the list of strings under ``key`` of ``table``."""
    return as_strings(entry(table, key), f"data/{table}.json: {key}")


def string_map(table: str, key: str) -> dict[str, tuple[str, ...]]:
    """Return the object of string lists under ``key`` of ``table``."""
    return as_string_map(entry(table, key), f"data/{table}.json: {key}")


def floats(table: str, key: str) -> tuple[float, ...]:
    """Return the list of numbers under ``key`` of ``table``."""
    return as_floats(entry(table, key), f"data/{table}.json: {key}")
