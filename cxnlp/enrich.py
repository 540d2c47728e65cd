"""One embedding pass per text, shared by sentiment, emotion and topics.

Embeddings are cached in the store by ``(text_hash, embedder version)``, so a
text is embedded once, ever; predictions are keyed by text hash and the
combined model versions, so a rerun classifies only what is new.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import CxnlpError, ModelError
from cxnlp.nlp.config import ClassifierConfig, ModelsConfig
from cxnlp.nlp.protocols import Classifier, Embedder
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS
from cxnlp.store import Store

log = logging.getLogger(__name__)


@dataclass
class EnrichModels:
    """The embedder and the two classifiers of a run."""

    embedder: Embedder
    sentiment: Classifier
    emotion: Classifier

    @property
    def key(self) -> str:
        """The predictions' cache key: changes whenever any model changes."""
        return f"{self.embedder.version}|{self.sentiment.version}|{self.emotion.version}"

    def versions(self) -> dict[str, str]:
        """Model versions recorded with the run."""
        return {
            "embedder": self.embedder.version,
            "sentiment": self.sentiment.version,
            "emotion": self.emotion.version,
            "key": self.key,
        }


def load_models(config: ModelsConfig) -> EnrichModels:
    """Load the embedder and classifiers named in config, checking they fit together.

    Raises:
        ModelError: if a model cannot be loaded, or a head was trained on another
            embedder than the configured one.
    """
    from cxnlp.nlp.classifiers import TRANSFORMERS, load_classifier
    from cxnlp.nlp.embedders import load_embedder

    def for_task(section: ClassifierConfig, task: str) -> ClassifierConfig:
        # a sequence-classification model's labels are put in the task's order
        if section.name != TRANSFORMERS or "task" in section.options:
            return section
        return section.model_copy(update={"options": {**section.options, "task": task}})

    try:
        embedder = load_embedder(config)
        sentiment = load_classifier(for_task(config.sentiment, "sentiment"))
        emotion = load_classifier(for_task(config.emotion, "emotion"))
    except CxnlpError:
        raise
    except Exception as exc:  # any backend failure becomes one clear message
        raise ModelError(f"could not load the models in config 'models': {exc}") from exc
    for task, clf, labels in (
        ("sentiment", sentiment, SENTIMENT_LABELS),
        ("emotion", emotion, EMOTION_LABELS),
    ):
        if tuple(clf.labels) != tuple(labels):
            raise ModelError(
                f"models.{task} predicts labels {list(clf.labels)}; cxnlp expects {list(labels)}"
            )
        if clf.embedder_name is not None and clf.embedder_name != embedder.name:
            raise ModelError(
                f"models.{task} was trained on embedder {clf.embedder_name!r} but models.embedder "
                f"is {embedder.name!r}; set models.embedder to {clf.embedder_name!r} or retrain "
                "the head with `cxnlp train`"
            )
    return EnrichModels(embedder, sentiment, emotion)


def embed_with_cache(
    store: Store, embedder: Embedder, hashes: Sequence[str], texts: Sequence[str]
) -> tuple[np.ndarray, int]:
    """Return vectors for ``texts``, embedding only those not cached; cache the new ones.

    Returns:
        The ``(n, dim)`` vectors in input order and how many were newly embedded.
    """
    out = np.zeros((len(hashes), embedder.dim), dtype=np.float32)
    found = store.fill_embeddings(hashes, embedder.version, out)
    missing = np.flatnonzero(~found)
    if len(missing):
        new_vectors = embedder.embed([texts[int(i)] for i in missing])
        store.put_embeddings([hashes[int(i)] for i in missing], new_vectors, embedder.version)
        out[missing] = new_vectors
    return out, len(missing)


def predict_frame(models: EnrichModels, texts: Sequence[str], vectors: np.ndarray) -> pd.DataFrame:
    """Sentiment and emotion labels and probabilities for texts with their vectors."""
    p_sent = models.sentiment.predict_proba(texts, vectors)
    p_emo = models.emotion.predict_proba(texts, vectors)
    frame = pd.DataFrame(
        {
            "sentiment": [SENTIMENT_LABELS[i] for i in p_sent.argmax(axis=1)],
            **{f"p_{label}": p_sent[:, j] for j, label in enumerate(SENTIMENT_LABELS)},
            "emotion": [EMOTION_LABELS[i] for i in p_emo.argmax(axis=1)],
            **{f"p_{label}": p_emo[:, j] for j, label in enumerate(EMOTION_LABELS)},
        }
    )
    return frame


@functools.lru_cache(maxsize=2)
def _worker_models(config_json: str) -> EnrichModels:
    return load_models(ModelsConfig.model_validate_json(config_json))


def enrich_chunk(texts: Sequence[str], config_json: str) -> dict[str, Any]:
    """Embed and classify one chunk in a worker process (what Dask maps).

    Args:
        texts: normalised texts.
        config_json: ``ModelsConfig.model_dump_json()``; models load once per worker.

    Returns:
        ``{"vectors": ndarray, "predictions": DataFrame, "embedder": version}``.
    """
    models = _worker_models(config_json)
    vectors = models.embedder.embed(list(texts))
    return {
        "vectors": vectors,
        "predictions": predict_frame(models, list(texts), vectors),
        "embedder": models.embedder.version,
        "key": models.key,
    }


def models_config_json(config: ModelsConfig) -> str:
    """Serialise a models config for shipping to workers."""
    return json.dumps(config.model_dump(mode="json"), sort_keys=True)
