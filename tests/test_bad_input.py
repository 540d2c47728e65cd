"""Bad input never crashes a load, is quarantined with a reason, and never costs a good row.

The connector tests in ``tests/sources/`` walk through one messy file per
connector; the text tests in ``tests/text/`` check the normaliser and the
redactor on chosen examples. This file adds what they leave out: generated
input (hypothesis) over every file connector and the single-value parsers,
files in wrong encodings or cut short, damaged workbooks, values that overflow
(a 5,000-digit number, JSON nested 5,000 deep), megabyte comments through the
text functions, hostile text through the store, and the spreadsheet-safe CSV
writer.

The rules checked everywhere:

- a load either returns a batch or raises :class:`~cxnlp.errors.SourceError`
  naming the file; nothing else escapes;
- every reject names its file, its row number and a field, with a short reason;
- every good row of a file loads, whatever the bad rows around it hold.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cxnlp.errors import SourceError
from cxnlp.exports import FORMULA_PREFIXES, neutralise_formula, write_safe_csv, write_safe_xlsx
from cxnlp.ingest import prepare_records, prepare_rejects
from cxnlp.sources import SourceBatch, SourceConfig, make_connector
from cxnlp.sources.dates import parse_datetime
from cxnlp.sources.values import (
    ValueProblem,
    parse_bool,
    parse_count,
    parse_score,
)
from cxnlp.store import Store
from cxnlp.text import (
    clean_display_text,
    find_pii,
    normalize_text,
    prepare_texts,
    redact_pii,
)

CONNECTORS = {
    "survey": "cxnlp.source.survey_file.v1",
    "social": "cxnlp.source.social_file.v1",
    "ticket": "cxnlp.source.ticket_file.v1",
}
MADRID = ZoneInfo("Europe/Madrid")
# Each generated example writes files: keep them quick, and keep the database of
# failing examples out of the checkout.
FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FAST, max_examples=25)

SURVEY_HEADER = [
    "response_id",
    "submitted_at",
    "customer_id",
    "nps",
    "csat",
    "ces",
    "channel",
    "region",
    "product",
    "journey_stage",
    "comment",
]

# Values that broke, or could break, a parser somewhere: formulas, markup, SQL,
# control characters, emoji, other scripts, numbers too large for a float,
# scores as words, dates in odd forms and zones, broken URLs.
NASTY = [
    "",
    " ",
    "\x00",
    "co\x00bro",
    "\x1b[31mrojo",
    "diez",
    "DIEZ",
    " nueve ",
    "once",
    "10 - Extremadamente probable",
    "-1",
    "2.5",
    "8,0",
    "1e400",
    "9" * 400,
    "9" * 400 + "k",
    "nan",
    "inf",
    "-0",
    "1.2K",
    "3,4M",
    "sí",
    "quizá",
    '=HYPERLINK("http://x.example","pulsa")',
    "=1+1",
    "+34 612 345 678",
    "@SUM(A1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "<script>alert(1)</script>",
    "<b>negrita</b> &amp; <i>cursiva</i>",
    "'; DROP TABLE feedback; --",
    "Robert'); DROP TABLE quarantine;--",
    "1 OR 1=1",
    "😀",
    "😡😡😡",
    "👨\u200d👩\u200d👧",
    "\u200b\ufeff\u202e",
    "日本語のテキスト",
    "مرحبا بالعالم",
    "The app crashes pero la factura está bien",
    "31/02/2026",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-23:59",
    "31/12/9999 23:59 +14:00",
    "1899-12-30",
    "2099-01-01",
    "13/13/2013",
    "ayer por la tarde",
    "1700000000",
    "1700000000000",
    "46037.5",
    "Thu, 15 Jan 2026 10:30:00 +0000",
    "Thu, 15 Jan 9999 23:30:00 -1200",
    "Sun Feb 01 09:00:00 +9999 2026",
    "15/01/2026 10:30 pm",
    "15/01/2026 13:30 pm",
    "2026-01-15T10:30:00+14:00",
    "https://[roto",
    "//[::1",
]
# Unicode text without surrogates or C0/C1 controls: control characters come
# from NASTY, one or two at a time, so that a generated file stays a text file
# (the decoder takes more than 1 % control characters for a binary file).
TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=30)
CELL = st.one_of(st.sampled_from(NASTY), TEXT, st.integers().map(str))
JSON_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**600), max_value=10**600),
    st.floats(),
    st.sampled_from(NASTY),
    TEXT,
)
JSON_VALUE = st.recursive(
    JSON_SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def config(kind: str, path: Path, **fields: Any) -> SourceConfig:
    fields.setdefault("mapping_preset", "cxnlp_sample")
    return SourceConfig(
        name=f"bad_{kind}", kind=kind, connector=CONNECTORS[kind], path=str(path), **fields
    )


def load(kind: str, path: Path, **fields: Any) -> SourceBatch:
    return make_connector(config(kind, path, **fields)).load(None)


def load_or_source_error(kind: str, path: Path, **fields: Any) -> SourceBatch | None:
    """Load a file; a SourceError that names the file is an accepted outcome (None)."""
    try:
        batch = load(kind, path, **fields)
    except SourceError as exc:
        assert str(path) in str(exc), exc
        return None
    check_rejects(batch, path)
    return batch


def check_rejects(batch: SourceBatch, path: Path) -> None:
    """Every reject names the file, a 1-based row and a field, with a short reason.

    A file-level entry (a repeated header, CSAT past its scale) has no row and no id.
    """
    rejects = batch.rejects
    if rejects.empty:
        return
    assert (rejects["file"] == str(path)).all()
    file_level = rejects["row_number"].isna()
    assert rejects.loc[file_level, "source_id"].isna().all()
    assert (rejects.loc[~file_level, "row_number"] >= 1).all()
    assert rejects["field"].map(lambda f: isinstance(f, str) and f != "").all()
    assert rejects["reason"].map(lambda r: isinstance(r, str) and 0 < len(r) < 5_000).all()
    assert rejects["value"].map(lambda v: v is None or len(v) <= 200).all()
    stats = batch.stats
    assert stats["loaded"] + stats["rejected"] <= stats["rows_read"]


def survey_row(rid: str, **extra: str) -> list[str]:
    values = {
        "response_id": rid,
        "submitted_at": "2026-01-10 10:00",
        "customer_id": "C-" + rid,
        "nps": "8",
        "csat": "4",
        "ces": "3",
        "channel": "web",
        "region": "Madrid",
        "product": "fibra",
        "journey_stage": "facturación",
        "comment": f"La atención del pedido {rid} fue pésima, ¿por qué?",
    }
    values.update(extra)
    return [values[h] for h in SURVEY_HEADER]


def csv_bytes(
    rows: list[list[str]], *, encoding: str = "utf-8", header: list[str] | None = None
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header or SURVEY_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def mention(mid: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "mention_id": mid,
        "published_at": "2026-02-01T09:00:00Z",
        "platform": "twitter",
        "author": "@cliente",
        "followers": 120,
        "likes": 3,
        "shares": 1,
        "url": f"https://x.com/cliente/status/{mid}",
        "text": f"Sin cobertura otra vez, mención {mid}",
    }
    values.update(extra)
    return values


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


def test_text_functions_take_linear_time_on_long_texts() -> None:
    # About half a megabyte each. Each shape once took minutes or hours: a pasted
    # table of numbers (every
    # prefix of one long digit run was tried) and thousands of e-mails or names
    # (each match was checked against every earlier one).
    shapes = {
        "digit table": "1234567890 " * 45_000,
        "e-mails": "x@y.es " * 70_000,
        "names": "Atte. Juan Pérez García, Sr. Luis " * 15_000,
        "dotted": "1.2.3.4.5.6.7.8.9." * 28_000,
    }
    for name, text in shapes.items():
        start = time.perf_counter()
        redacted = redact_pii(text)
        clean_display_text(text)
        normalize_text(text)
        elapsed = time.perf_counter() - start
        assert elapsed < 60, f"{name}: {elapsed:.1f} s for {len(text):,} characters"
        assert "[" in redacted, name
    assert "@" not in redact_pii(shapes["e-mails"])


def test_prepare_texts_on_a_megabyte_comment_and_odd_texts() -> None:
    raw: list[str | None] = [
        "Mi correo es ana@correo.es. " + "La factura llegó mal otra vez. " * 33_000,
        "😀😡👨\u200d👩\u200d👧",
        "",
        "   \n\t ",
        "\x00\x01\u200b\ufeff",
        None,
        "The app keeps crashing pero la factura está bien, obrigado",
        "日本語のテキスト 612 345 678",
        "مرحبا ana@correo.es",
        "<script>alert('ana@correo.es')</script><b>612345678</b>",
        '\'; DROP TABLE feedback; -- =HYPERLINK("http://x")',
    ]
    frame = prepare_texts(raw, keep_raw=False)
    assert len(frame) == len(raw)
    assert frame["text_raw"].isna().all()
    for text in frame["text"].tolist() + frame["text_norm"].tolist():
        assert "ana@correo.es" not in text and "612345678" not in text and "612 345 678" not in text
    assert len(frame.loc[0, "text_norm"]) <= 5_000
    assert frame.loc[2, "lang"] is None and frame.loc[5, "lang"] is None
    assert frame["lang"].map(lambda lang: lang is None or isinstance(lang, str)).all()
    assert frame["is_spanish"].dtype == bool


# ------------------------------------------------- normaliser and redactor

# Markup, formulas and SQL wrapped around personal data, with blanks between.
WRAPPERS = st.sampled_from(
    [
        ("<b>", "</b>"),
        ("<script>alert('", "')</script>"),
        ('<a href="mailto:', '">x</a>'),
        ('=HYPERLINK("', '")'),
        ("'; DROP TABLE feedback; -- ", ""),
        ("SELECT * FROM t WHERE x = '", "'"),
        ("😡 ", " 😡"),
        ("", ""),
    ]
)
PII = st.sampled_from(
    [
        "ana@correo.es",
        "+34 612 345 678",
        "612345678",
        "12345678Z",
        "ES91 2100 0418 4502 0005 1332",
        "4111 1111 1111 1111",
    ]
)


@FAST
@given(st.lists(st.tuples(WRAPPERS, PII, TEXT), min_size=1, max_size=5))
def test_personal_data_inside_markup_formulas_and_sql_is_redacted(
    parts: list[tuple[tuple[str, str], str, str]],
) -> None:
    raw = " ".join(f"{before} {pii} {after} {filler} ." for (before, after), pii, filler in parts)
    frame = prepare_texts([raw], keep_raw=False)
    for column in ("text", "text_norm"):
        out = frame.loc[0, column]
        for _, pii, _ in parts:
            assert pii not in out, (column, out)
        assert find_pii(out) == [], (column, out)


@FAST
@given(st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=12))
def test_normaliser_and_redactor_accept_any_text(parts: list[str]) -> None:
    text = "".join(parts)
    display = clean_display_text(text)
    assert clean_display_text(display) == display
    norm = normalize_text(text)
    assert normalize_text(norm) == norm and len(norm) <= 5_000
    redacted = redact_pii(text)
    assert redact_pii(redacted) == redacted
    frame = prepare_texts([text, None], keep_raw=True)
    assert frame.loc[0, "text_raw"] == text and frame.loc[1, "text"] == ""


def test_every_phone_of_a_long_blank_separated_list_is_redacted() -> None:
    text = "mis números: " + " ".join(f"6123456{n:02d}" for n in range(12))
    assert find_pii(redact_pii(text)) == []


# ------------------------------------------------------- single-value parsers

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(),
    st.decimals(allow_nan=False),
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


@settings(FAST, max_examples=300)
@given(
    value=ANY_VALUE,
    zone=st.sampled_from(["Europe/Madrid", "America/Mexico_City", "UTC", "Pacific/Kiritimati"]),
)
def test_value_parsers_return_or_raise_value_problem_only(value: Any, zone: str) -> None:
    tz = ZoneInfo(zone)
    for parse in (
        lambda v: parse_score(v, low=0, high=10),
        parse_count,
        parse_bool,
        lambda v: parse_datetime(v, tz=tz),
        lambda v: parse_datetime(v, tz=tz, date_format="%d/%m/%Y %H:%M"),
    ):
        try:
            parse(value)
        except ValueProblem as exc:
            assert str(exc)


SCORE_FORMS = [
    "{n}",
    "{n}.0",
    "{n},0",
    " {n} ",
    "{word}",
    "{Word}",
    "{WORD}",
    "{n} - Muy probable",
]
WORDS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]


@settings(FAST, max_examples=100)
@given(n=st.integers(min_value=0, max_value=10), form=st.sampled_from(SCORE_FORMS))
def test_scores_as_digits_words_or_labels(n: int, form: str) -> None:
    word = WORDS[n]
    raw = form.format(n=n, word=word, Word=word.capitalize(), WORD=word.upper())
    assert parse_score(raw, low=0, high=10) == n


@pytest.mark.parametrize("raw", ["once", "veinte", "diez y medio", "10/10", "muy bien", "½"])
def test_score_words_outside_zero_to_ten_are_rejected(raw: str) -> None:
    with pytest.raises(ValueProblem):
        parse_score(raw, low=0, high=10)


DATE_FORMS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
]
ZONES = [
    "Europe/Madrid",
    "Atlantic/Canary",
    "America/Mexico_City",
    "America/Bogota",
    "UTC",
    "Asia/Tokyo",
]


@settings(FAST, max_examples=100)
@given(
    moment=st.datetimes(min_value=datetime(2002, 1, 2), max_value=datetime(2035, 12, 30)),
    form=st.sampled_from(DATE_FORMS),
    zone=st.sampled_from(ZONES),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
)
def test_dates_in_several_formats_and_zones_become_the_same_utc_instant(
    moment: datetime, form: str, zone: str, offset_minutes: int
) -> None:
    moment = moment.replace(microsecond=0)
    tz = ZoneInfo(zone)
    text = moment.strftime(form)
    # Without an offset: wall-clock time in the source's zone.
    expected = moment.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
    assert parse_datetime(text, tz=tz) == expected
    # With an explicit offset the source's zone does not matter.
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    suffix = f"{sign}{hours:02d}:{minutes:02d}"
    shifted = (moment - timedelta(minutes=offset_minutes)).replace(tzinfo=None)
    assert parse_datetime(text + suffix, tz=tz) == shifted
    # Unix epochs (seconds and milliseconds) carry no zone either.
    epoch = int(moment.replace(tzinfo=UTC).timestamp())
    assert parse_datetime(epoch, tz=tz) == moment
    assert parse_datetime(str(epoch * 1000), tz=tz) == moment


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


# ------------------------------------------------------- SQL source and store


def test_hostile_values_from_a_sql_source_are_quarantined_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    engine = sa.create_engine(url)
    rows = [
        ("T1", "2026-03-01 09:00:00", "4", "Sin red", "2026-03-01 10:00:00"),
        ("T2", "2026-03-01 09:00:00", "diez", "'; DROP TABLE tickets; --", "2026-03-01 10:00:00"),
        ("T3", "no es fecha", "4", "co\x00bro", "2026-03-01 10:00:00"),
        ("T4", "2026-03-01 09:00:00", b"\x00\xff", "<script>x</script>", "2026-03-01 10:00:00"),
        ("T5", "2026-03-01 09:00:00", 10**18, '=HYPERLINK("x")', "2026-03-01 10:00:00"),
        ("T6", "2026-03-01 09:00:00", "cinco", "😡" * 10, "2026-03-01 10:00:00"),
    ]
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE tickets (id text, opened_at text, csat, subject text, updated_at text)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO tickets VALUES (:id, :opened, :csat, :subject, :updated)"),
            [
                dict(zip(["id", "opened", "csat", "subject", "updated"], r, strict=True))
                for r in rows
            ],
        )
    engine.dispose()
    monkeypatch.setenv("CXNLP_TEST_BAD_URL", url)
    source = SourceConfig(
        name="tickets_db",
        kind="ticket",
        connector="cxnlp.source.ticket_sql.v1",
        url_env="CXNLP_TEST_BAD_URL",
        query="SELECT id AS ticket_id, opened_at, csat, subject, updated_at FROM tickets "
        "WHERE updated_at > :watermark",
        mapping_preset="cxnlp_sample",
        mapping={"updated_at": "updated_at"},
    )
    batch = make_connector(source).load(None)
    # Unreadable CSAT values cost the ticket its CSAT only.
    assert set(batch.records["source_id"]) == {"T1", "T2", "T4", "T5", "T6"}
    assert dict(zip(batch.rejects["source_id"], batch.rejects["field"], strict=True)) == {
        "T2": "csat",  # "diez" is a word score, but 10 is off the 1-5 scale
        "T3": "opened_at",
        "T4": "csat",
        "T5": "csat",
    }
    assert (batch.rejects["file"] == "sql:CXNLP_TEST_BAD_URL").all()
    assert batch.rejects["row_number"].notna().all()


def test_hostile_text_round_trips_through_the_store(tmp_path: Path) -> None:
    hostile = [
        "'; DROP TABLE feedback; --",
        "Robert'); DELETE FROM quarantine; --",
        '=HYPERLINK("http://x.example","pulsa")',
        "<script>alert(1)</script>",
        "😀 ñandú «comillas» \"dobles\" 'simples' \\barra",
    ]
    rows = [survey_row(f"s{i}", comment=text) for i, text in enumerate(hostile)]
    rows.append(survey_row("'; DROP TABLE watermarks; --", nps="'; DROP TABLE runs; --"))
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load("survey", path)
    # The row with an SQL string for its NPS loads without it; the value is quarantined.
    assert len(batch.records) == len(hostile) + 1 and len(batch.rejects) == 1

    with Store(tmp_path / "store.duckdb") as store:
        records = prepare_records(batch.records, keep_raw=True, store=store)
        with store.transaction():
            store.upsert_feedback(records)
            store.add_quarantine(prepare_rejects(batch.rejects, "run-1"))
            store.set_watermark("encuestas'; DROP TABLE feedback; --", "2026-01-10T09:00:00")
        stored = dict(store.con.execute("SELECT source_id, text_raw FROM feedback").fetchall())
        assert stored == {
            **{f"s{i}": text for i, text in enumerate(hostile)},
            "'; DROP TABLE watermarks; --": rows[-1][-1],
        }
        quarantined = store.con.execute("SELECT source_id, value FROM quarantine").fetchall()
        assert quarantined == [("'; DROP TABLE watermarks; --", "'; DROP TABLE runs; --")]
        assert store.get_watermark("encuestas'; DROP TABLE feedback; --") == "2026-01-10T09:00:00"
        for table in ("feedback", "quarantine", "watermarks", "runs"):
            store.count(table)  # every table is still there


# ------------------------------------------------------- spreadsheet-safe CSV

NOT_STRINGS = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


@settings(FAST, max_examples=200)
@given(
    prefix=st.sampled_from(["", *FORMULA_PREFIXES, " ", "'", "a"]),
    text=st.text(max_size=30),
)
def test_neutralise_formula_prefixes_exactly_the_risky_strings(prefix: str, text: str) -> None:
    value = prefix + text
    out = neutralise_formula(value)
    if value.startswith(FORMULA_PREFIXES):
        assert out == "'" + value
    else:
        assert out == value
    assert neutralise_formula(out) == out


@settings(FAST, max_examples=100)
@given(value=NOT_STRINGS)
def test_neutralise_formula_leaves_numbers_and_missing_values_alone(value: Any) -> None:
    assert neutralise_formula(value) is value


CSV_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=25),
    st.sampled_from(NASTY),
    st.builds(lambda p, t: p + t, st.sampled_from(FORMULA_PREFIXES), st.text(max_size=10)),
)


@FAST
@given(
    cells=st.lists(
        st.tuples(CSV_TEXT, st.one_of(st.none(), st.integers(-(10**6), 10**6))),
        min_size=1,
        max_size=8,
    ),
    header=CSV_TEXT,
    bom=st.booleans(),
)
def test_write_safe_csv_round_trip(
    tmp_path: Path, cells: list[tuple[str, int | None]], header: str, bom: bool
) -> None:
    header = header or "h"
    assume(header != "text_raw")
    # Built from rows: the header may repeat "n", as Jira's repeated columns do.
    frame = pd.DataFrame(
        [[text, number, "SECRETO"] for text, number in cells], columns=[header, "n", "text_raw"]
    )
    frame.isetitem(1, pd.array([number for _, number in cells], dtype="Int64"))
    path = write_safe_csv(frame, tmp_path / "out.csv", bom=bom)
    with open(path, newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        rows = list(csv.reader(handle))
    assert "SECRETO" not in path.read_text(encoding="utf-8")
    assert rows[0] == [neutralise_formula(header), "n"]
    assert len(rows) == len(cells) + 1  # no cell split a row, CRs and LFs included
    for (text, number), (text_out, number_out) in zip(cells, rows[1:], strict=True):
        if text.startswith(FORMULA_PREFIXES):
            assert text_out == "'" + text
        else:
            assert text_out == text
        assert number_out == ("" if number is None else str(number))  # -5 stays a number


@FAST
@given(
    cells=st.lists(
        st.tuples(CSV_TEXT, st.one_of(st.none(), st.integers(-(10**6), 10**6))),
        min_size=1,
        max_size=8,
    ),
    header=CSV_TEXT,
)
def test_write_safe_xlsx_round_trip(
    tmp_path: Path, cells: list[tuple[str, int | None]], header: str
) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header = header or "h"
    assume(header != "text_raw")
    frame = pd.DataFrame(
        [[text, number, "SECRETO"] for text, number in cells], columns=[header, "n", "text_raw"]
    )
    frame.isetitem(1, pd.array([number for _, number in cells], dtype="Int64"))
    path = write_safe_xlsx(frame, tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(path)
    rows = [list(row) for row in book.active.iter_rows()]
    book.close()

    def expected(text: str) -> str | None:
        # Characters a workbook cannot hold go first; XML reads a bare CR back as LF.
        out = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", text))
        return out.replace("\r\n", "\n").replace("\r", "\n") or None

    assert [c.value for c in rows[0]] == [expected(header), "n"]
    assert len(rows) == len(cells) + 1
    for (text, number), (text_out, number_out) in zip(cells, rows[1:], strict=True):
        assert text_out.data_type != "f" and number_out.data_type != "f"
        assert text_out.value == expected(text)
        assert number_out.value == number  # -5 stays the number -5
        assert number is None or number_out.data_type == "n"
    assert all("SECRETO" != c.value for row in rows for c in row)


def test_a_carriage_return_cannot_start_a_new_spreadsheet_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"c": ["\r=1+1", 'bien\r=HYPERLINK("http://x")', "ok"]})
    path = write_safe_csv(frame, tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["c"], ["'\r=1+1"], ['bien\r=HYPERLINK("http://x")'], ["ok"]]
    # The bare CRs sit inside quoted cells, where no spreadsheet ends a row.
    body = path.read_bytes()
    assert body.count(b"\r") == 4 + 2  # four row ends, two inside quotes
    assert b'"\'\r=1+1"' in body and b'"bien\r=HYPERLINK(""http://x"")"' in body
