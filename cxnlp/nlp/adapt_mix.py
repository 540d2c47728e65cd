"""The store's labelled rows as training rows: which weak labels count, and how much.

A score says how the customer feels about the whole experience, not what the
comment says: an NPS of 7 next to "el vuelo salió con dos horas de retraso" is a
weak NEU label on a complaint. Three rules keep that noise from teaching the head
the wrong thing (measured in docs/models.md, "What the weak labels may
teach"):

- ``weak_filter``: a weak label the current head contradicts with at least this
  probability is dropped (the text says something else than the score);
- ``distill``: each remaining weak row's target is ``(1 - distill)`` times its
  label plus ``distill`` times the current head's probabilities (the new head
  learns from the score *and* the current reading), written as one weighted copy
  of the row per label, which is the soft-target cross-entropy for a logistic head;
- ``weak_share``: the weak rows together weigh at most this share of the corpus's
  total weight, so 20,000 scored comments do not drown the corpus (the general
  figure) and 100 do not count for nothing (each row still weighs at most
  ``weak_weight``).

Corrections are a person's reading: always kept, hard targets, ``correction_weight``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import ModelError
from cxnlp.nlp.config import AdaptConfig
from cxnlp.nlp.features import FeatureConfig
from cxnlp.nlp.head_classifier import HeadClassifier
from cxnlp.nlp.protocols import Classifier


@dataclass
class StoreRows:
    """Training rows from the store: positions into the vectors, labels, weights."""

    index: np.ndarray  # row of the vectors each training row reads
    labels: list[str]
    weights: np.ndarray
    n_weak: int  # weak labels kept
    n_dropped: int  # weak labels the current head contradicted
    n_corrections: int


def weak_row_weight(n_weak: int, n_corpus: int, config: AdaptConfig) -> float:
    """The weight of one weak row (``weak_weight``, capped by ``weak_share`` of the corpus)."""
    if n_weak == 0:
        return 0.0
    if config.weak_share is None or n_corpus == 0:
        return config.weak_weight
    return min(config.weak_weight, config.weak_share * n_corpus / n_weak)


def store_training_rows(
    kinds: Sequence[str],
    labels: Sequence[str],
    current_proba: np.ndarray | None,
    label_order: Sequence[str],
    n_corpus: int,
    config: AdaptConfig,
) -> StoreRows:
    """Turn the store's labelled training rows into weighted (soft) training rows.

    Args:
        kinds: ``correction`` or ``weak`` per row.
        labels: the row's label.
        current_proba: the current head's probabilities ``(n, len(label_order))``,
            or None when it has none (then no filter and no distillation).
        label_order: the label of each probability column.
        n_corpus: corpus rows mixed in (each weighs 1).
        config: ``models.adapt``.
    """
    kinds_a = np.asarray(list(kinds), dtype=object)
    labels_a = np.asarray([str(v) for v in labels], dtype=object)
    order = list(label_order)
    fixed = np.flatnonzero(kinds_a == "correction")
    weak = np.flatnonzero(kinds_a != "correction")
    dropped = 0
    if current_proba is not None and config.weak_filter is not None and len(weak):
        own = np.asarray([order.index(v) for v in labels_a[weak]])
        proba = current_proba[weak]
        against = (proba.argmax(axis=1) != own) & (proba.max(axis=1) >= config.weak_filter)
        dropped = int(against.sum())
        weak = weak[~against]
    index = [fixed]
    out_labels = list(labels_a[fixed])
    weights = [np.full(len(fixed), config.correction_weight)]
    per_row = weak_row_weight(len(weak), n_corpus, config)
    if current_proba is None or config.distill == 0 or not len(weak):
        index.append(weak)
        out_labels += list(labels_a[weak])
        weights.append(np.full(len(weak), per_row))
    else:
        onehot = pd.get_dummies(pd.Categorical(labels_a[weak], categories=order)).to_numpy(float)
        target = (1 - config.distill) * onehot + config.distill * current_proba[weak]
        for k, label in enumerate(order):
            keep = target[:, k] > 1e-3
            index.append(weak[keep])
            out_labels += [label] * int(keep.sum())
            weights.append(per_row * target[keep, k])
    return StoreRows(
        index=np.concatenate(index).astype(int),
        labels=out_labels,
        weights=np.concatenate(weights),
        n_weak=len(weak),
        n_dropped=dropped,
        n_corrections=len(fixed),
    )


def mix_rows(
    current: Classifier,
    train: pd.DataFrame,
    vectors: np.ndarray,
    n_corpus: int,
    config: AdaptConfig,
) -> StoreRows:
    """The store's training rows (``text_norm``, ``kind``, ``label``) read against ``current``.

    ``vectors`` are the rows' stored vectors (the current head reads them; a model
    without an embedder reads the texts).
    """
    texts = train["text_norm"].astype(str).tolist()
    proba = current.predict_proba(texts, vectors if current.embedder_name else None)
    kinds, gold = train["kind"].tolist(), train["label"].astype(str).tolist()
    return store_training_rows(kinds, gold, proba, current.labels, n_corpus, config)


def trusted_rows(
    current: Classifier, rows: pd.DataFrame, vectors: np.ndarray, config: AdaptConfig
) -> list[bool]:
    """Per row: False for a weak label ``current`` contradicts (left out, as in training)."""
    kept = set(mix_rows(current, rows, vectors, 0, config).index.tolist())
    return [i in kept for i in range(len(rows))]


def head_params(current: Classifier) -> tuple[FeatureConfig, dict[str, Any]]:
    """The feature config and head parameters an adapted head copies from ``current``."""
    if isinstance(current, HeadClassifier):
        if current.features.extra_embedders:
            raise ModelError(
                "the current head reads extra embedders; adapting from the store uses the "
                "stored vectors of models.embedder only"
            )
        params = current.head.get_params()
        params.pop("labels", None)
        return current.features, params
    return FeatureConfig(cues=False), {"C": 0.3}
