"""What the bad-input tests share: hostile values, generators and load helpers.

The bad-input tests sit beside the tests of what they exercise (``tests/sources/``,
``tests/text/``, ``tests/test_store_bad_input.py``, ``tests/test_exports_bad_input.py``).
The rules checked everywhere:

- a load either returns a batch or raises :class:`~cxnlp.errors.SourceError`
  naming the file; nothing else escapes;
- every reject names its file, its row number and a field, with a short reason;
- every good row of a file loads, whatever the bad rows around it hold.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cxnlp.errors import SourceError
from cxnlp.sources import SourceBatch, SourceConfig, make_connector

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
