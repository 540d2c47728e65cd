"""The sample generator's vocabulary is data: its JSON tables load, fill and fail clearly."""

from __future__ import annotations

import json
import string
from datetime import date
from importlib import resources
from typing import Any

import numpy as np
import pytest

from cxnlp.sampledata import dialects, tables
from cxnlp.sampledata.causes import CAUSES
from cxnlp.sampledata.vocab_causes import VOCAB

DATA = resources.files("cxnlp.sampledata").joinpath("data")
TABLES = ("background", "causes", "dialects", "neutral", "social", "tickets")
# Forms whose one placeholder compose.py fills itself (with an action, a time),
# before the region's slots: table -> key -> placeholder.
COMPOSED = {"neutral": {"ask_forms": "a", "hours_forms": "when"}}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def test_every_table_ships_as_package_data_and_parses() -> None:
    names = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json"))
    assert names == sorted(f"{t}.json" for t in TABLES)
    for t in TABLES:
        assert json.loads(DATA.joinpath(f"{t}.json").read_text(encoding="utf-8"))["about"]


def test_every_planted_negative_cause_has_its_wording() -> None:
    assert set(VOCAB) == {c.cause_id for c in CAUSES if not c.neutral}
    for vocab in VOCAB.values():
        assert all(isinstance(x, tuple) and x for x in vars(vocab).values())


@pytest.mark.parametrize("table", [t for t in TABLES if t != "dialects"])
def test_every_slot_in_the_wording_is_one_a_region_can_fill(table: str) -> None:
    """A placeholder no region knows would crash the generator on the day it is drawn."""
    composed = COMPOSED.get(table, {})
    data = tables.load_table(table)
    slots: set[str] = set()
    for key, value in data.items():
        if key == "about":
            continue
        for text in _strings(value):
            found = _placeholders(text)
            if key in composed:
                assert composed[key] in found, f"{table}.{key}: {text!r}"
                found.discard(composed[key])
            slots |= found
    assert slots, f"{table}: no placeholder at all, the test would prove nothing"
    for region in dialects.REGIONS:
        filler = dialects.Slots(
            np.random.default_rng(0), region.dialect, date(2026, 11, 21), region, "Fibra"
        )
        for name in sorted(slots):
            assert filler[name], f"{table}: {{{name}}} is empty in {region.dialect}"


def test_every_dialect_has_every_regional_word() -> None:
    dialects_used = {r.dialect for r in dialects.REGIONS}
    words = tables.mapping("dialects", "words")
    for slot, options in words.items():
        assert set(options) == dialects_used, slot


def test_a_missing_key_names_the_file_and_key() -> None:
    with pytest.raises(tables.TableError, match=r"data/social\.json: missing key 'no_such'"):
        tables.strings("social", "no_such")


def test_a_table_of_the_wrong_shape_names_where() -> None:
    with pytest.raises(
        tables.TableError, match=r"data/x\.json: k\.neg: expected a list of strings"
    ):
        tables.as_string_map({"neg": ["ok", 3]}, "data/x.json: k")
    with pytest.raises(tables.TableError, match="empty list"):
        tables.as_strings([], "data/x.json: k")
    with pytest.raises(tables.TableError, match="expected a list of numbers"):
        tables.as_floats([0.5, True], "data/x.json: w")
    with pytest.raises(
        tables.TableError, match=r"data/tickets\.json: channels: expected an object"
    ):
        tables.mapping("tickets", "channels")


def test_a_missing_file_is_a_clear_error() -> None:
    with pytest.raises(tables.TableError, match=r"data/nope\.json"):
        tables.load_table("nope")
