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


def _build_tiny(directory: Path, id2label: dict[int, str]) -> Path:
    """A two-layer BERT with random weights and ``id2label``, saved in ``directory``."""
    import torch
    import transformers

    directory.mkdir(parents=True, exist_ok=True)
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
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    return _build_tiny(
        tmp_path_factory.mktemp("tiny-bert"), {0: "negative", 1: "neutral", 2: "positive"}
    )


STARS = {0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"}
STAR_MAP = {"1 star": "NEG", "2 stars": "NEG", "3 stars": "NEU", "4 stars": "POS", "5 stars": "POS"}
# a Spanish emotion model with its own spellings, in its own order
SPANISH_EMOTIONS = {
    0: "neutral", 1: "ira", 2: "alegría", 3: "miedo", 4: "tristeza", 5: "sorpresa", 6: "asco"
}  # fmt: skip


def test_label_mapping_to_the_project_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("transformers")
    from cxnlp.errors import ModelError
    from cxnlp.nlp.transformers_backend import TransformersClassifier
    from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    stars = _build_tiny(tmp_path / "stars", STARS)
    texts = ["muy mal servicio", "me encanta gracias", "hola"]
    raw = TransformersClassifier(str(stars))  # the model's own five labels
    assert raw.labels == tuple(STARS.values())
    p_raw = raw.predict_proba(texts)
    mapped = load_classifier(
        ClassifierConfig(
            name=TRANSFORMERS,
            options={"model": str(stars), "task": "sentiment", "label_map": STAR_MAP},
        )
    )
    assert mapped.labels == SENTIMENT_LABELS
    proba = mapped.predict_proba(texts)
    # each project label holds the summed probability of the model labels mapped to it
    np.testing.assert_allclose(proba[:, 0], p_raw[:, 3] + p_raw[:, 4], atol=1e-6)
    np.testing.assert_allclose(proba[:, 1], p_raw[:, 2], atol=1e-6)
    np.testing.assert_allclose(proba[:, 2], p_raw[:, 0] + p_raw[:, 1], atol=1e-6)
    assert "/map-" in mapped.version and mapped.version != raw.version
    with pytest.raises(ModelError, match=r"\['4 stars', '5 stars'\] that map to no sentiment"):
        TransformersClassifier(
            str(stars), task="sentiment", label_map={k: STAR_MAP[k] for k in list(STAR_MAP)[:3]}
        )

    emotions = _build_tiny(tmp_path / "emo", SPANISH_EMOTIONS)
    clf = TransformersClassifier(str(emotions), task="emotion")  # Spanish spellings known
    assert clf.labels == EMOTION_LABELS
    p_emo = clf.predict_proba(texts)
    p_own = TransformersClassifier(str(emotions)).predict_proba(texts)
    order = {label: i for i, label in enumerate(EMOTION_LABELS)}
    for i, spelling in SPANISH_EMOTIONS.items():
        code = {"neutral": "others", "ira": "anger", "alegría": "joy", "miedo": "fear",
                "tristeza": "sadness", "sorpresa": "surprise", "asco": "disgust"}[spelling]  # fmt: skip
        np.testing.assert_allclose(p_emo[:, order[code]], p_own[:, i], atol=1e-6)


def test_load_models_puts_a_transformers_model_in_the_task_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("transformers")
    from cxnlp.enrich import load_models
    from cxnlp.nlp.config import ModelsConfig
    from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    stars = _build_tiny(tmp_path / "stars", STARS)
    emotions = _build_tiny(tmp_path / "emo", SPANISH_EMOTIONS)
    config = ModelsConfig.model_validate(
        {
            "embedder": "cxnlp.embedder.use.v1",
            "sentiment": {
                "name": TRANSFORMERS,
                "options": {"model": str(stars), "label_map": STAR_MAP},
            },
            "emotion": {"name": TRANSFORMERS, "options": {"model": str(emotions)}},
        }
    )
    models = load_models(config)  # refuses classifiers whose labels are not the project's
    assert models.sentiment.labels == SENTIMENT_LABELS
    assert models.emotion.labels == EMOTION_LABELS


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
