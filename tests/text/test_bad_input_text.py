"""Megabyte and hostile texts through the text functions: linear time, no crash, personal
data inside markup, formulas and SQL still redacted.
"""

from __future__ import annotations

from bad_input_helpers import (
    FAST,
    NASTY,
    TEXT,
)
from hypothesis import given
from hypothesis import strategies as st

from cxnlp.text import (
    clean_display_text,
    find_pii,
    normalize_text,
    prepare_texts,
    redact_pii,
)


def test_text_functions_finish_on_long_texts_that_were_once_quadratic() -> None:
    # About half a megabyte each. Each shape once took minutes or hours: a pasted
    # table of numbers (every prefix of one long digit run was tried) and thousands
    # of e-mails or names (each match was checked against every earlier one). No
    # clock here: pytest's timeout stops a regression, and bench/pii_recall.py
    # prints the redaction throughput.
    shapes = {
        "digit table": "1234567890 " * 45_000,
        "e-mails": "x@y.es " * 70_000,
        "names": "Atte. Juan Pérez García, Sr. Luis " * 15_000,
        "dotted": "1.2.3.4.5.6.7.8.9." * 28_000,
    }
    for name, text in shapes.items():
        redacted = redact_pii(text)
        assert "[" in redacted, name
        assert len(clean_display_text(text)) > 0, name
        assert len(normalize_text(text)) > 0, name
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
