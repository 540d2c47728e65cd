"""Single-value parsers: dates in many forms and zones, scores, counts, flags, text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cxnlp.sources.dates import format_watermark, parse_datetime, read_watermark
from cxnlp.sources.values import (
    ValueProblem,
    clean_label,
    clean_text,
    parse_bool,
    parse_count,
    parse_score,
)

MADRID = ZoneInfo("Europe/Madrid")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Madrid is UTC+1 in winter and UTC+2 in summer.
        ("2026-01-15 10:30", datetime(2026, 1, 15, 9, 30)),
        ("2026-07-15 10:30:00", datetime(2026, 7, 15, 8, 30)),
        ("2026-01-15T10:30:00Z", datetime(2026, 1, 15, 10, 30)),
        ("2026-01-15T10:30:00.250+01:00", datetime(2026, 1, 15, 9, 30, 0, 250000)),
        ("2026-01-15T10:30:00-05:00", datetime(2026, 1, 15, 15, 30)),
        ("2026-01-15", datetime(2026, 1, 14, 23, 0)),
        ("15/01/2026 10:30", datetime(2026, 1, 15, 9, 30)),
        ("03/04/2026", datetime(2026, 4, 2, 22, 0)),  # day first: 3 April
        ("15-01-2026 10:30:15", datetime(2026, 1, 15, 9, 30, 15)),
        ("15.01.26", datetime(2026, 1, 14, 23, 0)),
        ("2026/01/15 10:30", datetime(2026, 1, 15, 9, 30)),
        ("15/01/2026 10:30 pm", datetime(2026, 1, 15, 21, 30)),
        ("15/01/2026 10:30 UTC", datetime(2026, 1, 15, 10, 30)),
        ("Thu, 15 Jan 2026 10:30:00 +0000", datetime(2026, 1, 15, 10, 30)),
        ("Thu Jan 15 10:30:00 +0000 2026", datetime(2026, 1, 15, 10, 30)),
        ("46037.5", datetime(2026, 1, 15, 11, 0)),  # Excel serial: 12:00 wall time in Madrid
        (1768473000, datetime(2026, 1, 15, 10, 30)),  # epoch seconds
        (1768473000000, datetime(2026, 1, 15, 10, 30)),  # epoch milliseconds
        (datetime(2026, 1, 15, 10, 30), datetime(2026, 1, 15, 9, 30)),  # naive = local
        (datetime(2026, 1, 15, 10, 30, tzinfo=UTC), datetime(2026, 1, 15, 10, 30)),
        (date(2026, 1, 15), datetime(2026, 1, 14, 23, 0)),
    ],
)
def test_parse_datetime_reads_common_forms_as_naive_utc(raw: object, expected: datetime) -> None:
    assert parse_datetime(raw, tz=MADRID) == expected


def test_parse_datetime_dst_gap_and_other_zones() -> None:
    mexico = ZoneInfo("America/Mexico_City")
    assert parse_datetime("2026-01-15 10:30", tz=mexico) == datetime(2026, 1, 15, 16, 30)
    assert parse_datetime("2026-01-15 10:30", tz=ZoneInfo("UTC")) == datetime(2026, 1, 15, 10, 30)


@pytest.mark.parametrize(
    "raw", ["31/02/2026", "2026-02-30", "ayer", "15/13/2026", "13:30", "2026-01-15 25:00", "0"]
)
def test_parse_datetime_rejects_impossible_dates(raw: str) -> None:
    with pytest.raises(ValueProblem, match="unparsable"):
        parse_datetime(raw, tz=MADRID)


def test_parse_datetime_with_explicit_format_is_month_first_when_asked() -> None:
    fmt = "%m/%d/%Y %I:%M:%S %p"
    assert parse_datetime("01/15/2026 10:23:45 PM", tz=MADRID, date_format=fmt) == datetime(
        2026, 1, 15, 21, 23, 45
    )
    # ISO stays accepted; anything else must match the format.
    assert parse_datetime("2026-01-15T10:00:00Z", tz=MADRID, date_format=fmt) == datetime(
        2026, 1, 15, 10, 0
    )
    with pytest.raises(ValueProblem, match="date_format"):
        parse_datetime("15/01/2026 10:23", tz=MADRID, date_format=fmt)


def test_parse_datetime_empty_is_none() -> None:
    for raw in (None, "", "   ", float("nan")):
        assert parse_datetime(raw, tz=MADRID) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9", 9),
        (" 9 ", 9),
        ("9.0", 9),
        ("9,0", 9),
        (7.0, 7),
        (Decimal("3"), 3),
        ("diez", 10),
        ("Diez", 10),
        ("CERO", 0),
        ("nueve", 9),
        ("10 - Extremadamente probable", 10),
        ("0 - Nada probable", 0),
        ("", None),
        (None, None),
    ],
)
def test_parse_score_accepts_digits_and_spanish_words(raw: object, expected: int | None) -> None:
    assert parse_score(raw, low=0, high=10) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("11", "outside 0-10"),
        ("-1", "outside 0-10"),
        ("8.5", "not a whole number"),
        ("once", "not a number"),
        ("muy bueno", "not a number"),
        (True, "yes/no"),
    ],
)
def test_parse_score_rejects(raw: object, message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_score(raw, low=0, high=10)


def test_parse_score_scale_note() -> None:
    with pytest.raises(ValueProblem, match="outside 1-5 scale"):
        parse_score("6", low=1, high=5, scale_note=" scale")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ("1,234,567", 1234567),
        ("1 234", 1234),
        ("1.2K", 1200),
        ("3,4M", 3400000),
        ("12 mil", 12000),
        (15.0, 15),
        ("0", 0),
        ("", None),
    ],
)
def test_parse_count(raw: object, expected: int | None) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["-5", "abc", "1.5", 2.5])
def test_parse_count_rejects(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_count(raw)


def test_parse_bool() -> None:
    for raw in ("sí", "Si", "TRUE", "1", 1, "yes", "x", True):
        assert parse_bool(raw) is True
    for raw in ("no", "False", "0", 0, "falso", "N"):
        assert parse_bool(raw) is False
    assert parse_bool("") is None
    with pytest.raises(ValueProblem, match="yes/no"):
        parse_bool("quizá")


def test_clean_text_removes_nul_and_cuts() -> None:
    assert clean_text("ho\x00la\r\nadiós\x07 ", max_chars=100) == ("hola\nadiós", False)
    assert clean_text("   ", max_chars=100) == (None, False)
    text, cut = clean_text("a" * 500, max_chars=100)
    assert cut and text == "a" * 100
    assert clean_text("=SUMA(A1:A3)", max_chars=100) == ("=SUMA(A1:A3)", False)


def test_clean_label() -> None:
    assert clean_label("  Madrid \n centro ") == "Madrid centro"
    assert clean_label(12345.0) == "12345"
    assert clean_label(None) is None


def test_watermark_round_trip() -> None:
    moment = datetime(2026, 1, 15, 9, 30, 0, 123)
    assert read_watermark(format_watermark(moment), where="t") == moment
    assert read_watermark("2026-01-15T10:30:00+01:00", where="t") == datetime(2026, 1, 15, 9, 30)
    assert read_watermark(None, where="t") is None
    with pytest.raises(ValueError, match="not an ISO timestamp"):
        read_watermark("2026-01-15'; DROP TABLE x; --", where="t")
    assert format_watermark(datetime(2026, 1, 1) + timedelta(seconds=1)) == "2026-01-01T00:00:01"
