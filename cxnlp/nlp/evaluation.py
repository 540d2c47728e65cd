"""Scoring predictions against gold labels: macro-F1, accuracy, per-class F1, confusion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from cxnlp.errors import ConfigError
from cxnlp.nlp.calibration import expected_calibration_error


def parse_label_map(spec: str | None) -> dict[str, str]:
    """Parse ``"positive=POS,neutral=NEU"`` into a dict.

    Raises:
        ConfigError: an item without ``=``.
    """
    if not spec:
        return {}
    mapping: dict[str, str] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            raise ConfigError(
                f"--label-map item {item!r} has no '='; expected e.g. positive=POS,negative=NEG"
            )
        source, target = item.split("=", 1)
        mapping[source.strip()] = target.strip()
    return mapping


def evaluate_predictions(
    gold: Sequence[str],
    predicted: Sequence[str],
    labels: Sequence[str],
    probabilities: np.ndarray | None = None,
) -> dict[str, Any]:
    """Return macro-F1, accuracy, per-class F1, the confusion matrix and (given probabilities) ECE.

    Args:
        gold: true labels.
        predicted: predicted labels.
        labels: the label order of the report (and of ``probabilities`` columns).
        probabilities: ``(n, len(labels))`` predicted probabilities, optional.
    """
    gold = [str(g) for g in gold]
    predicted = [str(p) for p in predicted]
    label_list = list(labels)
    per_class = f1_score(gold, predicted, labels=label_list, average=None, zero_division=0)
    report: dict[str, Any] = {
        "n": len(gold),
        "labels": label_list,
        "macro_f1": float(
            f1_score(gold, predicted, labels=label_list, average="macro", zero_division=0)
        ),
        "accuracy": float(accuracy_score(gold, predicted)) if gold else 0.0,
        "per_class_f1": {label: float(v) for label, v in zip(label_list, per_class, strict=True)},
        "support": {label: int(sum(1 for g in gold if g == label)) for label in label_list},
        "confusion_matrix": confusion_matrix(gold, predicted, labels=label_list).tolist(),
    }
    if probabilities is not None and len(gold):
        index = {label: i for i, label in enumerate(label_list)}
        keep = [i for i, g in enumerate(gold) if g in index]
        targets = np.asarray([index[gold[i]] for i in keep])
        report["ece"] = expected_calibration_error(np.asarray(probabilities)[keep], targets)
    return report
