"""Hostile files through every file connector: random bytes, hostile rows among good rows,
duplicated ids, any encoding, files cut short, damaged workbooks, megabyte comments and
mixed date formats. A load returns a batch or raises a SourceError naming the file; every
reject names its file, row and field; no good row is lost.
"""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from bad_input_helpers import (
    CELL,
    CONNECTORS,
    FAST,
    FEW,
    JSON_VALUE,
    SURVEY_HEADER,
    check_rejects,
    csv_bytes,
    load,
    load_or_source_error,
    mention,
    survey_row,
)
from hypothesis import given
from hypothesis import strategies as st

from cxnlp.errors import SourceError

# ----------------------------------------------------------------- random bytes

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]


@FAST
@given(
    kind=st.sampled_from(sorted(CONNECTORS)),
    suffix=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".xlsx"]),
    bom=st.sampled_from(BOMS),
    data=st.binary(max_size=400),
)
def test_random_bytes_load_or_raise_a_source_error(
    tmp_path: Path, kind: str, suffix: str, bom: bytes, data: bytes
) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(bom + data)
    load_or_source_error(kind, path)


@FEW
@given(
    head=st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-1.4\n", b"\x1f\x8b\x08"]),
    data=st.binary(min_size=50, max_size=400),
)
def test_binary_files_named_as_text_raise_a_source_error(
    tmp_path: Path, head: bytes, data: bytes
) -> None:
    # Zip, OLE, PDF and gzip files saved with a .csv name: a clear error, not rows of junk.
    path = tmp_path / "export.csv"
    path.write_bytes(head + data + b"\x00" * 40)
    with pytest.raises(SourceError, match="export.csv"):
        load("survey", path)


# ------------------------------------------------- hostile rows among good rows


@FAST
@given(
    hostile=st.lists(
        st.tuples(
            st.fixed_dictionaries({h: CELL for h in SURVEY_HEADER[1:]}),
            st.sampled_from(["same", "short", "long"]),
        ),
        min_size=1,
        max_size=6,
    ),
    positions=st.lists(st.integers(min_value=0, max_value=200), min_size=6, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_hostile_csv_rows_never_cost_a_good_row(
    tmp_path: Path,
    hostile: list[tuple[dict[str, str], str]],
    positions: list[int],
    encoding: str,
) -> None:
    rows: list[list[str]] = [survey_row(f"g{i:03d}") for i in range(200)]
    for n, ((cells, shape), at) in enumerate(zip(hostile, positions, strict=False)):
        values = [f"h{n}", *[cells[h] for h in SURVEY_HEADER[1:]]]
        if shape == "short":
            values = values[:4]  # fewer fields than the header: padded with blanks
        elif shape == "long":
            values = [*values, "sobra", "x"]  # more fields: the row cannot be split
        rows.insert(at, values)
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows, encoding=encoding))

    batch = load("survey", path)
    check_rejects(batch, path)
    loaded = set(batch.records["source_id"])
    assert {f"g{i:03d}" for i in range(200)} <= loaded
    good = batch.records[batch.records["source_id"].str.startswith("g")]
    assert (good["nps"] == 8).all() and (
        good["created_at"] == pd.Timestamp("2026-01-10 09:00")
    ).all()
    # Each hostile row is accounted for: loaded, or quarantined under its own row number.
    numbers = {n: i + 1 for i, r in enumerate(rows) for n in [r[0]] if n.startswith("h")}
    rejected = set(batch.rejects["row_number"].astype(int))
    for rid, number in numbers.items():
        assert rid in loaded or number in rejected, (rid, number)
    assert rejected <= set(numbers.values())
    assert batch.stats["rows_read"] == len(rows)


@FAST
@given(
    hostile=st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {
                    k: JSON_VALUE
                    for k in (
                        "published_at",
                        "platform",
                        "followers",
                        "likes",
                        "shares",
                        "url",
                        "text",
                    )
                }
            ),
            st.text(max_size=40),  # a line that is not JSON at all
            JSON_VALUE,  # JSON, but not an object
        ),
        min_size=1,
        max_size=6,
    ),
    positions=st.lists(st.integers(min_value=0, max_value=40), min_size=6, max_size=6),
    layout=st.sampled_from(["jsonl", "json"]),
)
def test_hostile_json_records_never_cost_a_good_row(
    tmp_path: Path, hostile: list[Any], positions: list[int], layout: str
) -> None:
    items: list[Any] = [mention(f"g{i:02d}") for i in range(40)]
    for n, (item, at) in enumerate(zip(hostile, positions, strict=False)):
        if isinstance(item, dict):
            item = {"mention_id": f"h{n}", **item}
        items.insert(at, item)
    if layout == "json":  # a garbage line becomes a JSON string: a record that is not an object
        path = tmp_path / "menciones.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    else:
        lines = [i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items]
        lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
        path = tmp_path / "menciones.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    batch = load_or_source_error("social", path)
    assert batch is not None
    assert {f"g{i:02d}" for i in range(40)} <= set(batch.records["source_id"])
    assert batch.stats["rows_read"] + batch.stats["blank_rows"] == len(items)


def test_a_broken_url_keeps_the_mention(tmp_path: Path) -> None:
    # urlparse raises on "https://[roto"; the platform must simply stay unknown.
    path = tmp_path / "menciones.jsonl"
    lines = [
        mention("m1", platform=None, url="https://[roto/status/1"),
        mention("m2", platform=None, url="//[::1"),
        mention("m3"),
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    batch = load("social", path)
    assert list(batch.records["source_id"]) == ["m1", "m2", "m3"]
    assert batch.records["platform"].tolist()[:2] == [None, None]


def test_numbers_too_large_for_a_float_are_rejected_row_by_row(tmp_path: Path) -> None:
    # JSON ints over Python's 4,300-digit limit, and ints too large for a float.
    huge = "9" * 5_000
    lines = [
        json.dumps(mention("m1")),
        '{"mention_id": "m2", "published_at": "2026-02-01T09:00:00Z", "likes": ' + huge + "}",
        json.dumps(mention("m3", followers=10**400, published_at=10**400)),
        json.dumps(mention("m4")),
    ]
    path = tmp_path / "menciones.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    batch = load("social", path)
    check_rejects(batch, path)
    assert list(batch.records["source_id"]) == ["m1", "m4"]
    reasons = dict(zip(batch.rejects["row_number"], batch.rejects["reason"], strict=True))
    assert "likes=" in reasons[2] and "not a whole count" in reasons[2]
    assert "published_at=" in reasons[3] and "followers=" in reasons[3]
    assert max(len(r) for r in reasons.values()) < 1_000  # long values are cut in reasons

    (tmp_path / "array.json").write_text("[" + ",".join(lines) + "]", encoding="utf-8")
    batch = load("social", tmp_path / "array.json")
    assert list(batch.records["source_id"]) == ["m1", "m4"]

    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        "\n".join(
            json.dumps(t)
            for t in [
                {"ticket_id": "T1", "opened_at": "2026-03-01 09:00", "csat": 4},
                {"ticket_id": "T2", "opened_at": "2026-03-01 09:00", "csat": 10**400},
                {"ticket_id": "T3", "opened_at": 10**400, "first_contact_resolution": 10**400},
                {"ticket_id": "T4", "opened_at": "2026-03-01 09:00", "reopen_count": 10**400},
            ]
        ),
        encoding="utf-8",
    )
    batch = load("ticket", tickets)
    check_rejects(batch, tickets)
    assert list(batch.records["source_id"]) == ["T1", "T2"]  # T2 without its csat
    assert dict(zip(batch.rejects["source_id"], batch.rejects["field"], strict=True)) == {
        "T2": "csat",
        "T3": "opened_at",
        "T4": "reopen_count",
    }


def test_json_nested_too_deeply(tmp_path: Path) -> None:
    deep = '{"mention_id": "d", "x": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    path = tmp_path / "menciones.jsonl"
    path.write_text("\n".join([json.dumps(mention("m1")), deep, json.dumps(mention("m3"))]))
    batch = load("social", path)
    check_rejects(batch, path)
    assert list(batch.records["source_id"]) == ["m1", "m3"]
    assert batch.rejects.loc[0, "row_number"] == 2
    assert "nested too deeply" in batch.rejects.loc[0, "reason"]

    array = tmp_path / "menciones.json"
    array.write_text("[" + json.dumps(mention("m1")) + "," + deep + "]")
    with pytest.raises(SourceError, match="menciones.json.*nested too deeply"):
        load("social", array)


def test_raw_control_characters_inside_json_strings_are_repaired(tmp_path: Path) -> None:
    # A raw tab or NUL inside a JSON string breaks strict JSON; like in a CSV
    # cell, it is removed and the row loads.
    path = tmp_path / "menciones.jsonl"
    raw = json.dumps(mention("m1", text="co_bro\tindebido")).replace("co_bro", "co\x00bro")
    raw = raw.replace("\\t", "\t")
    path.write_text(raw + "\n" + json.dumps(mention("m2")) + "\n", encoding="utf-8")
    batch = load("social", path)
    assert batch.rejects.empty
    assert batch.records.set_index("source_id").loc["m1", "text_raw"] == "cobro\tindebido"


# ----------------------------------------------------------- duplicated ids


@FAST
@given(ids=st.lists(st.sampled_from(["a", "b", " a ", "a\x00", "1", "1.0", "B", ""]), max_size=12))
def test_duplicated_ids_keep_the_first_copy_and_reject_the_rest(
    tmp_path: Path, ids: list[str]
) -> None:
    comments = ["primera", *[f"copia {n}" for n in range(len(ids))]]
    rows = [
        survey_row(i, customer_id="C", comment=c)
        for i, c in zip(["g1", *ids], comments, strict=True)
    ]
    # Padding: a file of a few rows with NULs in them is more than 1 % control
    # characters, which the decoder takes for a binary file (a SourceError).
    padding = [survey_row(f"p{n:02d}") for n in range(40)]
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows + padding))
    batch = load("survey", path)
    check_rejects(batch, path)
    batch.records = batch.records[~batch.records["source_id"].str.match(r"p\d\d$")]
    # Ids are cleaned (blanks and control characters dropped) before they are compared.
    cleaned = ["g1", *["".join(ch for ch in i if ch >= " ").strip() or None for i in ids]]
    first: dict[str, int] = {}
    for number, rid in enumerate(cleaned, start=1):
        if rid is not None:
            first.setdefault(rid, number)
    assert sorted(batch.records["source_id"]) == sorted(first)
    by_id = batch.records.set_index("source_id")
    for rid, number in first.items():
        assert by_id.loc[rid, "text_raw"] == comments[number - 1]  # the first copy
    for _, reject in batch.rejects.iterrows():
        assert reject["field"] == "source_id"
        rid = cleaned[reject["row_number"] - 1]
        if rid is None:
            assert reject["reason"].startswith("missing id")
        else:
            assert f"first seen at row {first[rid]}" in reject["reason"]
    assert len(batch.records) + len(batch.rejects) == len(rows)


# ------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    "encoding", ["latin-1", "cp1252", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_text_exports_in_any_common_encoding_give_the_same_records(
    tmp_path: Path, encoding: str
) -> None:
    comments = ["La atención fue pésima, ¿por qué?", "Año nuevo, misma señal: «ninguna»"]
    rows = [survey_row(f"e{i}", comment=c) for i, c in enumerate(comments)]
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows, encoding=encoding))
    batch = load("survey", path)
    assert batch.rejects.empty
    assert list(batch.records["text_raw"]) == comments

    social = tmp_path / "menciones.jsonl"
    lines = [
        json.dumps(mention(f"m{i}", text=c), ensure_ascii=False) for i, c in enumerate(comments)
    ]
    social.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    batch = load("social", social)
    assert batch.rejects.empty
    assert list(batch.records["text_raw"]) == comments


# -------------------------------------------------------------- truncated files


@FAST
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-32"]),
    fraction=st.floats(min_value=0.0, max_value=1.0),
)
def test_a_csv_cut_anywhere_keeps_every_complete_row(
    tmp_path: Path, encoding: str, fraction: float
) -> None:
    rows = [survey_row(f"r{i:02d}") for i in range(30)]
    data = csv_bytes(rows, encoding=encoding)
    header_end = len(csv_bytes([], encoding=encoding))
    cut = header_end + int((len(data) - header_end) * fraction)
    path = tmp_path / "encuesta.csv"
    path.write_bytes(data[:cut])
    batch = load_or_source_error("survey", path)
    assert batch is not None
    # A row whose bytes (up to its last field) all arrived must load; the row the
    # cut went through may load shortened, or be quarantined.
    terminator = len("\r\n".encode(encoding)) - len("".encode(encoding))  # BOMs cancel out
    complete = [
        f"r{i:02d}"
        for i in range(len(rows))
        if len(csv_bytes(rows[: i + 1], encoding=encoding)) - terminator <= cut
    ]
    assert set(complete) <= set(batch.records["source_id"])
    assert len(batch.records) + len(batch.rejects) <= len(complete) + 1


@FAST
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_a_jsonl_cut_anywhere_keeps_every_complete_record(tmp_path: Path, fraction: float) -> None:
    lines = [json.dumps(mention(f"m{i:02d}"), ensure_ascii=False) for i in range(30)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    cut = int(len(data) * fraction)
    path = tmp_path / "menciones.jsonl"
    path.write_bytes(data[:cut])
    batch = load_or_source_error("social", path)
    complete = [
        f"m{i:02d}" for i in range(len(lines)) if len("\n".join(lines[: i + 1]).encode()) <= cut
    ]
    if batch is None:  # nothing at all arrived, or only part of the first line
        assert not complete
        return
    assert set(complete) <= set(batch.records["source_id"])
    cut_short = set(batch.rejects["row_number"])
    assert cut_short <= {len(complete) + 1}  # only the line the cut went through
    if cut_short:
        assert batch.rejects["reason"].iloc[0].startswith("invalid JSON")


@FEW
@given(fraction=st.floats(min_value=0.05, max_value=0.999))
def test_a_json_array_cut_short_is_a_clear_source_error(tmp_path: Path, fraction: float) -> None:
    data = json.dumps([mention(f"m{i}") for i in range(10)]).encode()
    path = tmp_path / "menciones.json"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(SourceError, match=r"menciones\.json"):
        load("social", path)


def _workbook(rows: list[list[Any]], header: list[str] = SURVEY_HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return _workbook([survey_row(f"x{i}") for i in range(30)])


@FEW
@given(fraction=st.floats(min_value=0.0, max_value=0.999))
def test_a_truncated_workbook_is_a_clear_source_error(
    tmp_path: Path, workbook: bytes, fraction: float
) -> None:
    path = tmp_path / "encuesta.xlsx"
    path.write_bytes(workbook[: int(len(workbook) * fraction)])
    if not path.stat().st_size:  # nothing arrived: an empty export, reported as such
        assert load("survey", path).stats["empty"] is True
        return
    with pytest.raises(SourceError, match=r"encuesta\.xlsx"):
        load("survey", path)


def _rezip(data: bytes, change: dict[str, bytes | None]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = change.get(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.95])
def test_a_workbook_with_a_damaged_sheet_is_a_clear_source_error(
    tmp_path: Path, workbook: bytes, fraction: float
) -> None:
    # A valid zip whose sheet XML is cut: read-only openpyxl only notices while iterating.
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    path = tmp_path / "encuesta.xlsx"
    path.write_bytes(
        _rezip(workbook, {"xl/worksheets/sheet1.xml": sheet[: int(len(sheet) * fraction)]})
    )
    with pytest.raises(SourceError, match=r"encuesta\.xlsx: not a readable \.xlsx workbook"):
        load("survey", path)


def test_a_workbook_without_its_sheet_is_a_clear_source_error(
    tmp_path: Path, workbook: bytes
) -> None:
    path = tmp_path / "encuesta.xlsx"
    path.write_bytes(_rezip(workbook, {"xl/worksheets/sheet1.xml": None}))
    with pytest.raises(SourceError, match=r"encuesta\.xlsx: not a readable \.xlsx workbook"):
        load("survey", path)


def test_typed_workbook_cells_out_of_range_are_quarantined(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["a1", datetime(2026, 1, 1, 10), "C", 9, 4, 3, "web", "M", "p", "j", "bien"],
        ["a2", datetime(1, 1, 1), "C", 9, 4, 3, "web", "M", "p", "j", "año 1"],
        ["a3", datetime(9999, 12, 31, 23, 59), "C", 9, 4, 3, "web", "M", "p", "j", "año 9999"],
        ["a4", clock(10, 30), "C", 9, 4, 3, "web", "M", "p", "j", "solo hora"],
        ["a5", timedelta(days=2), "C", 9, 4, 3, "web", "M", "p", "j", "una duración"],
        ["a6", 1e308, "C", 1e308, -1e308, 1e20, "web", "M", "p", "j", '=HYPERLINK("x")'],
        ["a7", date(2026, 1, 2), "C", True, False, None, "web", "M", "p", "j", "sí/no"],
        ["a8", "2026-01-02", "C", "diez", "cinco", "siete", None, None, None, None, "😀😀"],
        ["a9", datetime(2026, 1, 1, 10), "C", 9, 4, 3, "web", "M", "p", "j", "x" * 40_000],
    ]
    path = tmp_path / "encuesta.xlsx"
    path.write_bytes(_workbook(rows))
    batch = load("survey", path)
    check_rejects(batch, path)
    # a7's yes/no scores are unreadable: the row loads without them, each one quarantined.
    assert list(batch.records["source_id"]) == ["a1", "a7", "a8", "a9"]
    a7 = batch.records.set_index("source_id").loc["a7"]
    assert pd.isna(a7["nps"]) and pd.isna(a7["csat"])
    a8 = batch.records.set_index("source_id").loc["a8"]
    assert (a8["nps"], a8["csat"], a8["ces"]) == (10, 5, 7)
    assert len(batch.records.set_index("source_id").loc["a9", "text_raw"]) == 20_000
    fields = list(zip(batch.rejects["source_id"], batch.rejects["field"], strict=True))
    assert fields == [
        ("a2", "created_at"),
        ("a3", "created_at"),
        ("a4", "created_at"),
        ("a5", "created_at"),
        ("a6", "created_at"),
        ("a7", "nps"),
        ("a7", "csat"),
    ]


# -------------------------------------------------------- megabyte comments


def test_megabyte_comments_are_cut_in_every_file_connector(tmp_path: Path) -> None:
    big_words = "La factura llegó mal otra vez. " * 35_000  # about 1 MB
    big_blob = "x" * 1_000_000  # no blank to cut at
    big_digits = "612345678 " * 100_000
    rows = [
        survey_row("b1", comment=big_words),
        survey_row("b2", comment=big_blob),
        survey_row("b3", comment=big_digits),
        survey_row("b4"),
    ]
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load("survey", path)
    assert batch.rejects.empty and len(batch.records) == 4
    assert batch.records["text_raw"].str.len().max() == 20_000
    assert batch.stats["truncated_texts"] == 3

    tickets = tmp_path / "tickets.json"
    tickets.write_text(
        json.dumps(
            [
                {"ticket_id": "T1", "opened_at": "2026-03-01 09:00", "subject": big_words,
                 "description": big_blob},
                {"ticket_id": "T2", "opened_at": "2026-03-01 09:00", "subject": "Corto"},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    batch = load("ticket", tickets)
    assert batch.rejects.empty
    assert batch.records["text_raw"].str.len().tolist() == [20_000, 5]


def test_a_file_mixing_date_formats_and_zones_loads_each_row_at_the_right_instant(
    tmp_path: Path,
) -> None:
    forms = {
        "d1": ("2026-01-15 10:30", "2026-01-15 09:30"),  # Madrid wall time, winter
        "d2": ("2026-07-15 10:30", "2026-07-15 08:30"),  # Madrid wall time, summer
        "d3": ("15/01/2026 10:30", "2026-01-15 09:30"),
        "d4": ("15.01.2026", "2026-01-14 23:00"),
        "d5": ("2026-01-15T10:30:00Z", "2026-01-15 10:30"),
        "d6": ("2026-01-15T10:30:00-06:00", "2026-01-15 16:30"),
        "d7": ("Thu, 15 Jan 2026 10:30:00 +0000", "2026-01-15 10:30"),
        "d8": ("1768473000", "2026-01-15 10:30"),
        "d9": ("46037.5", "2026-01-15 11:00"),
        "d10": ("15/01/2026 10:30 pm", "2026-01-15 21:30"),
        "d11": ("2026-03-29 02:30", "2026-03-29 01:30"),  # inside Madrid's spring-forward gap
    }
    rows = [survey_row(rid, submitted_at=raw) for rid, (raw, _) in forms.items()]
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load("survey", path)
    assert batch.rejects.empty, batch.rejects["reason"].tolist()
    got = dict(zip(batch.records["source_id"], batch.records["created_at"], strict=True))
    assert got == {rid: pd.Timestamp(utc) for rid, (_, utc) in forms.items()}
