"""The transformers backend on a tiny model built here, and tweet preprocessing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cxnlp.nlp import load_classifier
from cxnlp.nlp.config import ClassifierConfig
from cxnlp.nlp.tweet_preprocess import preprocess_tweet

TRANSFORMERS = "cxnlp.classifier.transformers.v1"


def test_preprocess_tweet() -> None:
    text = "@Iberia holaaaaaa!!!! mira https://t.co/xyz #NoMeFunciona 😡"
    out = preprocess_tweet(text)
    assert out.startswith("@usuario holaaa!!!")
    assert "url" in out and "https" not in out
    assert "no me funciona" in out
    assert "emoji" in out and "😡" not in out
    assert preprocess_tweet(text, demojize=False).endswith("😡")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    directory = tmp_path_factory.mktemp("tiny-bert")
    words = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        "@usuario",
        "url",
        "emoji",
        "gracias",
        "fatal",
        "hola",
        "me",
        "encanta",
        "servicio",
        "muy",
        "mal",
    ]
    vocab = directory / "vocab.txt"
    vocab.write_text("\n".join(words) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(str(vocab), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=3,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def test_transformers_backend_on_tiny_model(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    clf = load_classifier(
        ClassifierConfig(name=TRANSFORMERS, options={"model": str(tiny_model), "batch_size": 2})
    )
    assert clf.labels == ("NEG", "NEU", "POS")
    assert clf.embedder_name is None
    texts = ["hola @pepe gracias 😊", "muy mal servicio https://x.y", "me encanta"]
    proba = clf.predict_proba(texts)
    assert proba.shape == (3, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    assert clf.predict(texts) == [clf.labels[i] for i in proba.argmax(axis=1)]
    assert texts[0] == "hola @pepe gracias 😊"
    assert str(tiny_model) in clf.version


def test_transformers_backend_needs_a_model() -> None:
    from cxnlp.errors import ModelError

    with pytest.raises(ModelError, match="model="):
        load_classifier(ClassifierConfig(name=TRANSFORMERS))


def test_transformers_backend_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cxnlp.errors import ModelError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="local directory"):
        load_classifier(
            ClassifierConfig(name=TRANSFORMERS, options={"model": str(tmp_path / "nothing")})
        )
