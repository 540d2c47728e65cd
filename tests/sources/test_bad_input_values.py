"""The single-value parsers on generated and hostile values: a value or a ValueProblem, nothing
else; scores as digits, words or labels; dates in several formats and zones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bad_input_helpers import (
    FAST,
    NASTY,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cxnlp.sources.dates import parse_datetime
from cxnlp.sources.values import (
    ValueProblem,
    parse_bool,
    parse_count,
    parse_score,
)

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
