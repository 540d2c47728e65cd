"""Training a head on labelled texts: ``train_head`` and the corpus fingerprint."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from cxnlp.errors import ModelError
from cxnlp.nlp.embedders import make_embedder
from cxnlp.nlp.features import FeatureConfig, build_features
from cxnlp.nlp.head import LinearHead
from cxnlp.nlp.head_classifier import HeadClassifier
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

logger = logging.getLogger(__name__)

TASK_LABELS: dict[str, tuple[str, ...]] = {
    "sentiment": SENTIMENT_LABELS,
    "emotion": EMOTION_LABELS,
}


def labels_for_task(task: str) -> tuple[str, ...]:
    """Return the label set of ``task``.

    Raises:
        ModelError: unknown task.
    """
    try:
        return TASK_LABELS[task]
    except KeyError:
        raise ModelError(f"unknown task {task!r}; accepted: {', '.join(TASK_LABELS)}") from None


def hash_corpus(texts: Sequence[str], labels: Sequence[str]) -> str:
    """Return a sha1 fingerprint of the (text, label) rows, order included."""
    digest = hashlib.sha1()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{text}\x1f{label}\x1e".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def embed_in_batches(
    embed: Callable[[Sequence[str]], np.ndarray],
    texts: Sequence[str],
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Embed ``texts`` batch by batch, calling ``progress(n_done)`` after each batch."""
    parts = []
    for start in range(0, len(texts), batch_size):
        batch = list(texts[start : start + batch_size])
        parts.append(embed(batch))
        if progress is not None:
            progress(len(batch))
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack(parts)


def train_head(
    texts: Sequence[str],
    labels: Sequence[str],
    task: str,
    embedder_name: str,
    embedder_options: dict[str, Any] | None = None,
    features: FeatureConfig | None = None,
    head_params: dict[str, Any] | None = None,
    embeddings: np.ndarray | None = None,
    name: str = "custom",
    progress: Callable[[int], None] | None = None,
    batch_size: int = 64,
    groups: Sequence[str] | None = None,
) -> HeadClassifier:
    """Fit a calibrated head for ``task`` on labelled texts.

    Args:
        texts: training texts.
        labels: one label per text, from the task's label set.
        task: ``"sentiment"`` or ``"emotion"``.
        embedder_name: registered embedder the head reads.
        embedder_options: options of that embedder (saved with the head).
        features: extra features (default: embeddings only).
        head_params: :class:`LinearHead` keyword arguments (``C``, ``class_weight``...).
        embeddings: precomputed primary embeddings, one row per text.
        name: short name recorded in the head's version.
        progress: called with the number of texts embedded after each batch.
        batch_size: texts per embedding batch.
        groups: optional group per text; the calibration split keeps groups whole.

    Returns:
        The fitted :class:`HeadClassifier` (not yet saved).

    Raises:
        ModelError: lengths differ, or labels outside the task's set.
    """
    if len(texts) != len(labels):
        raise ModelError(f"got {len(texts)} texts but {len(labels)} labels")
    task_labels = labels_for_task(task)
    unknown = sorted({str(v) for v in labels} - set(task_labels))
    if unknown:
        raise ModelError(
            f"labels {unknown} are not {task} labels; accepted: {', '.join(task_labels)} "
            "(use --label-map to translate your spellings)"
        )
    features = features or FeatureConfig(cues=False)
    options = dict(embedder_options or {})
    items = [str(t) for t in texts]
    embedder = make_embedder(embedder_name, **options)
    if embeddings is None:
        embeddings = embed_in_batches(embedder.embed, items, batch_size, progress)
    blocks = [np.asarray(embeddings, dtype=np.float32)]
    for extra in features.extra_embedders:
        blocks.append(embed_in_batches(make_embedder(extra).embed, items, batch_size))
    X = build_features(items, blocks, features)
    head = LinearHead(labels=task_labels, **(head_params or {})).fit(
        X, [str(v) for v in labels], groups=groups
    )
    counts = {label: int(sum(1 for v in labels if v == label)) for label in task_labels}
    metadata = {
        "name": name,
        "task": task,
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_rows": len(items),
        "training_label_counts": counts,
        "training_corpus_sha1": hash_corpus(items, [str(v) for v in labels]),
    }
    logger.info(
        "trained %s head on %d rows: held-out accuracy %.3f, ECE %.3f -> %.3f (T=%.2f)",
        task,
        len(items),
        head.heldout_accuracy_,
        head.ece_uncalibrated_,
        head.ece_,
        head.temperature_,
    )
    return HeadClassifier(
        head=head,
        embedder_name=embedder_name,
        embedder_version=embedder.version,
        features=features,
        embedder_options=options,
        metadata=metadata,
    )
