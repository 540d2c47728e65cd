"""Spanish topic words: stems, stop-words, n-grams, display forms, labels."""

from __future__ import annotations

from collections import Counter

import pytest

from cxnlp.topics.labels import (
    dedupe_labels,
    is_variant,
    keyword_displays,
    make_label,
    select_keywords,
)
from cxnlp.topics.spanish import TopicAnalyzer, choose_display, default_stopwords
from cxnlp.topics.stemmer import stem


@pytest.fixture(scope="module")
def analyzer() -> TopicAnalyzer:
    return TopicAnalyzer()


@pytest.mark.parametrize(
    "forms",
    [
        ["cobraron", "cobró", "cobro", "cobros", "cobrar", "cobrado", "Cobros"],
        ["factura", "facturas", "facturación", "facturaron"],
        ["devolución", "devolver", "devolvieron", "devuelto"],
        ["duplicado", "duplicada", "duplicados"],
        ["entrega", "entregaron", "entregar", "entregas"],
        ["bloqueo", "bloqueada", "bloquear"],
        ["crédito", "credito", "créditos"],
    ],
)
def test_inflected_forms_share_one_key(forms: list[str]) -> None:
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


def test_distinct_cx_words_stay_apart() -> None:
    assert stem("pedido") != stem("pedir")  # an order is not a request
    assert stem("factura") != stem("tarjeta")
    assert stem("cobro") != stem("cargo")


def test_filler_placeholders_and_stopwords_never_become_keys(analyzer: TopicAnalyzer) -> None:
    text = (
        "Hola, buenas tardes @usuario. Por favor, gracias!! [URL] [EMAIL] <TELEFONO> "
        "https://t.co/abc saludos jajaja 😡 un saludo"
    )
    assert analyzer(text) == []
    for word in ("hola", "buenas", "gracias", "favor", "saludos", "de", "la", "que", "porque"):
        assert analyzer.is_stopword(word), word
    assert "no" not in default_stopwords()  # kept as a negation prefix


def test_ngrams_keep_de_inside_only(analyzer: TopicAnalyzer) -> None:
    grams = dict(analyzer.grams("Me cobraron la tarjeta de crédito dos veces"))
    assert grams[f"{stem('tarjeta')} de {stem('crédito')}"] == "tarjeta de crédito"
    for key in grams:
        words = key.split()
        assert words[0] not in {"de", "la", "me"} and words[-1] not in {"de", "la", "me"}


def test_ngrams_never_cross_breaks_or_removed_words(analyzer: TopicAnalyzer) -> None:
    keys = analyzer("pedido [URL] retraso. factura, cobro @usuario duplicado\nrecibo")
    assert all(" " not in key for key in keys), keys


def test_negation_bigram(analyzer: TopicAnalyzer) -> None:
    assert f"no {stem('llega')}" in analyzer("el pedido no llega")


def test_hashtags_are_split_into_words(analyzer: TopicAnalyzer) -> None:
    assert stem("pedido") in analyzer("#DondeEstaMiPedido")


def test_extra_stopwords_drop_brand_names() -> None:
    analyzer = TopicAnalyzer(extra_stopwords=["TuMarca"])
    assert analyzer("TuMarca cobro") == [stem("cobro")]


def test_display_prefers_the_noun_and_singular() -> None:
    assert choose_display(Counter({"cobraron": 40, "cobro": 25, "cobros": 30})) == "cobro"
    assert choose_display(Counter({"facturas": 9, "factura": 3})) == "factura"
    assert choose_display(Counter({"crédito": 5, "credito": 2})) == "crédito"


def test_misspellings_are_variants_but_other_words_are_not() -> None:
    assert is_variant("factra", ["factura"])
    assert is_variant("paquteria", ["paquetería"])
    assert is_variant("ufnciona", ["funciona"])
    assert not is_variant("correo", ["correcto"])
    assert not is_variant("cita", ["cinta"])


def _label_for(texts: list[str], ranked: list[tuple[str, float]], analyzer: TopicAnalyzer) -> str:
    tokens = [analyzer.tokens(t) for t in texts]
    displays = keyword_displays(analyzer, tokens, [k for k, _ in ranked])
    return make_label(select_keywords(ranked, displays, analyzer), displays, tokens)


def test_label_joins_keywords_as_customers_write_them(analyzer: TopicAnalyzer) -> None:
    texts = [
        "Tengo un cobro duplicado en la factura",
        "otra vez cobro duplicado en la factura de junio",
        "me cobraron dos veces, cobro duplicado en la factura",
        "la factura trae un cobro duplicado",
    ] * 5
    ranked = [
        (f"{stem('cobro')} {stem('duplicado')}", 1.0),
        (stem("factura"), 0.9),
        (stem("cobro"), 0.8),
    ]
    assert _label_for(texts, ranked, analyzer) == "Cobro duplicado en la factura"


def test_label_never_shows_digits_underscores_or_only_stopwords(analyzer: TopicAnalyzer) -> None:
    texts = ["0_de_la_que 123 de la que"] * 10
    ranked = [("0_de_la_que", 1.0), ("123", 0.5), ("de", 0.4)]
    label = _label_for(texts, ranked, analyzer)
    assert label == "Comentarios sin palabras clave"


def test_duplicate_labels_get_a_distinguishing_keyword() -> None:
    labels = dedupe_labels(["App", "App", "Factura"], [["app", "error"], ["app", "contraseña"], []])
    assert labels == ["App · error", "App · contraseña", "Factura"]
