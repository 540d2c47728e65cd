"""Tests of cxnlp.text.language on texts written for these tests."""

from __future__ import annotations

import pytest

from cxnlp.errors import ConfigError
from cxnlp.text.language import (
    LANGUAGES,
    SHORT_TEXT_CONFIDENCE,
    detect_language,
    detect_languages,
    is_spanish,
)

SPANISH_SLANG = [
    "q onda wey, el internet no jala ni madres",
    "ntp bro, ya me llegó el paquete xd",
    "alv con el servicio, tres días sin luz",
    "k pedo con la señal, otra vez sin datos",
    "tmb me pasó a mi, q mal servicio",
    "xq no contestan?? llevo una hora esperando",
    "neta q ya me tienen harto con sus cobros",
    "ya valió, otra vez sin señal 🙃",
    "hostia tío, qué cutre la app nueva",
    "ni de coña vuelvo a volar con vosotros",
    "que mala onda, me dejaron plantado en el aeropuerto",
    "aver cuando arreglan esto xfa, es urgente",
    "RT @usuario: pésimo servicio jaja [URL]",
]

OTHER_LANGUAGES = [
    ("The flight was delayed again and nobody helped us", "en"),
    ("Obrigado pelo atendimento, tudo resolvido muito rápido", "pt"),
    ("Bon dia, la connexió no funciona des d'ahir a la tarda", "ca"),
    ("Le service client ne répond jamais au téléphone", "fr"),
    ("Il volo è stato cancellato senza nessun avviso", "it"),
    ("Der Kundenservice ist eine absolute Katastrophe", "de"),
    ("Bo día, o servizo non funciona dende onte pola tarde", "gl"),
    ("Egun on, internet ez dabil atzotik", "eu"),
]


@pytest.mark.parametrize("text", SPANISH_SLANG)
def test_spanish_slang_is_spanish(text: str) -> None:
    lang, confidence = detect_language(text)
    assert lang == "es"
    assert confidence > 0.5
    assert is_spanish(text)


@pytest.mark.parametrize(("text", "expected"), OTHER_LANGUAGES)
def test_other_languages_are_recognised(text: str, expected: str) -> None:
    lang, confidence = detect_language(text)
    assert lang == expected
    assert confidence > 0.5
    assert not is_spanish(text)


@pytest.mark.parametrize(
    "text", ["", None, "ok", "gracias!", "😡😡😡", "[URL] [EMAIL] @usuario", "123 456", "jaja"]
)
def test_short_or_empty_texts_default_to_spanish_with_low_confidence(text: str | None) -> None:
    assert detect_language(text) == ("es", SHORT_TEXT_CONFIDENCE)


def test_results_stay_within_the_allowed_languages() -> None:
    # Dutch is not allowed: the answer must still be one of LANGUAGES.
    lang, _ = detect_language("De klantenservice heeft nooit teruggebeld vandaag")
    assert lang in LANGUAGES


def test_spanish_prior_tips_ambiguous_texts() -> None:
    text = "tmb me pasó a mi"
    lang_flat, _ = detect_language(text, spanish_prior=1 / len(LANGUAGES))
    lang_prior, _ = detect_language(text)
    assert lang_prior == "es"
    assert lang_flat in LANGUAGES


def test_batch_matches_single_calls_and_keeps_order() -> None:
    texts = [SPANISH_SLANG[0], OTHER_LANGUAGES[0][0], None, SPANISH_SLANG[0]]
    assert detect_languages(texts) == [detect_language(t) for t in texts]


def test_prior_is_validated() -> None:
    with pytest.raises(ConfigError, match="1.5"):
        detect_language("hola qué tal estáis todos", spanish_prior=1.5)
