"""The ``transformers`` classifier backend: any sequence-classification model by id or path."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

import numpy as np

from cxnlp.errors import ModelError
from cxnlp.nlp.tweet_preprocess import preprocess_tweet
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

logger = logging.getLogger(__name__)

# Spellings that hub models use for the project's sentiment codes.
_LABEL_ALIASES = {
    "positive": "POS",
    "pos": "POS",
    "negative": "NEG",
    "neg": "NEG",
    "neutral": "NEU",
    "neu": "NEU",
}
# ... and for its emotion codes (EmoEvent, pysentimiento and Spanish spellings)
_EMOTION_ALIASES = {
    **{label: label for label in EMOTION_LABELS},
    "happiness": "joy",
    "alegria": "joy",
    "alegría": "joy",
    "tristeza": "sadness",
    "ira": "anger",
    "enfado": "anger",
    "enojo": "anger",
    "miedo": "fear",
    "sorpresa": "surprise",
    "asco": "disgust",
    "neutral": "others",
    "other": "others",
    "otros": "others",
    "otras": "others",
}
_TASKS = {
    "sentiment": (SENTIMENT_LABELS, _LABEL_ALIASES),
    "emotion": (EMOTION_LABELS, _EMOTION_ALIASES),
}


class TransformersClassifier:
    """A Hugging Face sequence classifier, with tweet preprocessing.

    Args:
        model: hub id or local directory (no hub is needed for a local directory).
        preprocess: apply :func:`preprocess_tweet` before tokenising.
        batch_size: texts per forward pass.
        max_length: tokens kept per text.
        label_map: model label -> project label, for models whose labels differ;
            several model labels may map to one (``"1 star": NEG, "2 stars": NEG``).
        device: torch device.
        threads: torch intra-op threads (``None`` leaves torch's default).
        task: ``sentiment`` or ``emotion``: the columns come in the project's label
            order, each the sum of the probabilities of the model labels mapped to it
            (a project label no model label maps to gets 0). Every model label must
            map to one of the task's labels. ``None``: the model's own labels.
    """

    embedder_name: str | None = None

    def __init__(
        self,
        model: str,
        preprocess: bool = True,
        batch_size: int = 32,
        max_length: int = 128,
        label_map: dict[str, str] | None = None,
        device: str = "cpu",
        threads: int | None = None,
        task: str | None = None,
    ) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelError(
                f"the transformers backend needs torch and transformers: {exc}"
            ) from exc
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(model)
            self._model = AutoModelForSequenceClassification.from_pretrained(model)
        except Exception as exc:  # hub errors, missing files, bad configs
            raise ModelError(
                f"could not load sequence-classification model {model!r} "
                f"(models.<task>.options.model): {exc}. Give a local directory when no model "
                "hub is reachable"
            ) from exc
        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self._model.eval().to(device)
        self._device = device
        self.preprocess = preprocess
        self.batch_size = batch_size
        self.max_length = max_length
        id2label = self._model.config.id2label
        if task is not None and task not in _TASKS:
            raise ModelError(f"transformers option task={task!r}; accepted: sentiment, emotion")
        accepted, aliases = _TASKS[task] if task else ((), _LABEL_ALIASES)
        mapping = {**aliases, **(label_map or {})}
        model_labels = tuple(
            mapping.get(str(id2label[i]), mapping.get(str(id2label[i]).lower(), str(id2label[i])))
            for i in range(len(id2label))
        )
        self._columns: np.ndarray | None = None
        self.labels: tuple[str, ...] = model_labels
        if task:
            unmapped = [str(id2label[i]) for i, x in enumerate(model_labels) if x not in accepted]
            if unmapped:
                raise ModelError(
                    f"model {model!r} has labels {unmapped} that map to no {task} label; "
                    f"map each with options.label_map to one of {', '.join(accepted)}"
                )
            missing = [x for x in accepted if x not in model_labels]
            if missing:
                logger.warning("model %s never predicts %s: their probability is 0", model, missing)
            # (model labels, project labels) 0/1 matrix: probabilities are summed into it
            self._columns = np.asarray(
                [[1.0 if x == y else 0.0 for y in accepted] for x in model_labels]
            )
            self.labels = tuple(accepted)
        try:
            tf_version = package_version("transformers")
        except PackageNotFoundError:
            tf_version = "unknown"
        self.version = f"transformers/{model}/transformers-{tf_version}"
        if label_map:  # another mapping gives other labels: another predictions key
            blob = json.dumps(sorted(label_map.items()), ensure_ascii=False).encode()
            self.version += f"/map-{hashlib.sha1(blob).hexdigest()[:8]}"

    def predict_proba(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """Return softmax probabilities ``(n, len(labels))``; ``embeddings`` is ignored."""
        items = ["" if t is None else str(t) for t in texts]
        if self.preprocess:
            items = [preprocess_tweet(t) for t in items]
        out = np.zeros((len(items), len(self.labels)), dtype=np.float64)
        with self._torch.inference_mode():
            for start in range(0, len(items), self.batch_size):
                batch = items[start : start + self.batch_size]
                encoded = self._tokenizer(
                    batch,
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(self._device)
                logits = self._model(**encoded).logits
                out[start : start + len(batch)] = (
                    self._torch.softmax(logits.float(), dim=-1).cpu().numpy()
                ) @ (self._columns if self._columns is not None else np.eye(out.shape[1]))
        return out

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        """Return the most probable label of each text."""
        proba = self.predict_proba(texts, embeddings)
        return [self.labels[i] for i in proba.argmax(axis=1)]


def make_transformers_classifier(**options: Any) -> TransformersClassifier:
    """Build a :class:`TransformersClassifier` (``model`` is required)."""
    if "model" not in options:
        raise ModelError(
            "classifier 'cxnlp.classifier.transformers.v1' needs option model= (a hub id or a "
            "local directory)"
        )
    return TransformersClassifier(**options)
