"""Tests of cxnlp.text.normalize."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxnlp.errors import ConfigError
from cxnlp.text.normalize import (
    clean_display_text,
    emoji_to_text,
    normalize_text,
    truncate_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("RT @Aerolinea: sin maletas otra vez", "sin maletas otra vez"),
        ("RT @a: RT @b: me uno a la queja", "me uno a la queja"),
        ("mirad https://t.co/AbC123 y www.ejemplo.com/ayuda.", "mirad [URL] y [URL]."),
        ("(ver http://ejemplo.es/x?y=1)", "(ver [URL])"),
        ("@Soporte_Luz ¿alguien?", "@usuario ¿alguien?"),
        ("#PésimoServicio una vez más", "pésimo servicio una vez más"),
        ("tres días #sin_luz", "tres días sin luz"),
        ("#ATTFail y #Covid19", "att fail y covid 19"),
        ("pésimooo servicio", "pésimo servicio"),
        ("holaaaa", "hola"),
        ("NOOOOO", "NO"),
        ("síííí", "sí"),
        ("que caaaaro!!!!", "que caro!!"),
        ("¿¿¿¿en serio????", "¿¿en serio??"),
        ("esperando.......", "esperando..."),
        ("carrrrro y llllamar", "carro y llamar"),
        ("jajajja", "jaja"),
        ("JAJAJA", "jaja"),
        ("jsjsjs", "jaja"),
        ("ja ja ja qué risa", "jaja qué risa"),
        ("jejeje", "jaja"),
        ("línea 1\n\n  línea\t2", "línea 1 línea 2"),
        ("con\x00trol\u200b y\ufeff bom", "con trol y bom"),
        ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
        ("hola<br/>adiós <b>ya</b>", "hola adiós ya"),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    "word",
    ["llamar", "lleno", "carro", "cooperar", "acción", "leer", "innovar", "perro", "zoológico"],
)
def test_legitimate_double_letters_stay(word: str) -> None:
    assert normalize_text(word) == word


@pytest.mark.parametrize("word", ["hijo", "hija", "Jaime", "Jorge", "hoja", "jamás", "ajá"])
def test_words_that_look_like_laughter_stay(word: str) -> None:
    assert normalize_text(word) == word


def test_keeps_meaning_carriers() -> None:
    text = "Genial 🙃 ¿Otra vez sin luz? [TELEFONO] [EMAIL] 45,90 € Felipe III"
    assert normalize_text(text) == text


def test_cap_at_word_boundary() -> None:
    text = "palabra " * 2000
    out = normalize_text(text)
    assert len(out) <= 5_000
    assert out.endswith("palabra")
    assert normalize_text(text, max_chars=20) == "palabra palabra"


def test_truncate_without_spaces_cuts_hard() -> None:
    assert truncate_text("a" * 50, 10) == "a" * 10
    assert truncate_text("corto", 10) == "corto"


def test_clean_display_text_keeps_words_and_lines() -> None:
    raw = "Un saludo,\r\n\r\n\r\n   Lucía\u200b  Gómez\t\t\x00 https://x.es #Hashtag"
    assert clean_display_text(raw) == "Un saludo,\n\nLucía Gómez https://x.es #Hashtag"
    assert clean_display_text(raw, keep_newlines=False) == (
        "Un saludo, Lucía Gómez https://x.es #Hashtag"
    )
    assert clean_display_text("") == ""


def test_emoji_to_text_in_spanish() -> None:
    out = emoji_to_text("Genial 😡 vale")
    assert out.startswith("Genial ")
    assert out.endswith(" vale")
    assert "😡" not in out
    assert "cara" in out
    assert "_" not in out


def test_emoji_and_zwj_sequences_survive() -> None:
    family = "👨\u200d👩\u200d👧"
    assert normalize_text(f"mi familia {family} feliz") == f"mi familia {family} feliz"


_TRICKY = st.sampled_from(
    [
        "RT @x:", "#", "#Hola_Mundo", "@", "@user", "http://", "www.", "[URL]", "jaja", "ja ",
        "aaa", "lll", "rrr", "!!!", "....", "&amp;", "&", "<br>", "<b", "r>", "\u200b", "\x00",
        "\r\n", "\n", " ", "Ñ", "é", "e\u0301", "😡", "\u200d", "III", "oOo", ";", "lt;",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.text(max_size=5)), max_size=20))
def test_normalize_is_idempotent(parts: list[str]) -> None:
    text = "".join(parts)
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=5, max_value=400))
def test_normalize_is_idempotent_on_any_text(text: str, max_chars: int) -> None:
    once = normalize_text(text, max_chars=max_chars)
    assert len(once) <= max_chars
    assert normalize_text(once, max_chars=max_chars) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_TRICKY, st.text(max_size=5)), max_size=20))
def test_clean_display_text_is_idempotent(parts: list[str]) -> None:
    once = clean_display_text("".join(parts))
    assert clean_display_text(once) == once


@pytest.mark.parametrize("bad", [0, -5])
def test_max_chars_is_validated(bad: int) -> None:
    with pytest.raises(ConfigError, match=str(bad)):
        normalize_text("hola", max_chars=bad)
