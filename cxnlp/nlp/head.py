"""A linear softmax head with temperature calibration (scikit-learn style)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupShuffleSplit, train_test_split

from cxnlp.errors import ModelError
from cxnlp.nlp.calibration import expected_calibration_error, fit_temperature, softmax

logger = logging.getLogger(__name__)


class LinearHead:
    """Multinomial logistic regression whose probabilities are temperature-scaled.

    ``fit`` holds out ``calibration_fraction`` of the rows, trains on the rest,
    fits a temperature on the held-out logits and records the calibration error
    before and after; it then refits on every row and keeps that temperature.

    Args:
        labels: the label order of the probability columns.
        C: inverse regularisation strength.
        class_weight: ``"balanced"`` (each label weighs the same in total) or ``None``.
        calibration_fraction: share of rows held out to fit the temperature.
        max_iter: solver iterations.
        random_state: seed of the held-out split.
    """

    def __init__(
        self,
        labels: Sequence[str] = (),
        C: float = 1.0,
        class_weight: str | None = "balanced",
        calibration_fraction: float = 0.2,
        max_iter: int = 3000,
        random_state: int = 0,
    ) -> None:
        self.labels = labels
        self.C = C
        self.class_weight = class_weight
        self.calibration_fraction = calibration_fraction
        self.max_iter = max_iter
        self.random_state = random_state

    def get_params(self) -> dict[str, Any]:
        """Return the constructor arguments."""
        return {
            "labels": list(self.labels),
            "C": self.C,
            "class_weight": self.class_weight,
            "calibration_fraction": self.calibration_fraction,
            "max_iter": self.max_iter,
            "random_state": self.random_state,
        }

    def _targets(self, y: Sequence[str]) -> np.ndarray:
        index = {label: i for i, label in enumerate(self.classes_)}
        unknown = sorted({str(v) for v in y} - set(index))
        if unknown:
            raise ModelError(
                f"training labels {unknown} are not in the head's label set {list(self.classes_)}"
            )
        return np.asarray([index[str(v)] for v in y])

    def _fit_lr(
        self, X: Any, targets: np.ndarray, weight: np.ndarray | None = None
    ) -> LogisticRegression:
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        model.fit(X, targets, sample_weight=weight)
        return model

    def _expand(self, model: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients for every label, even ones absent from the training rows."""
        k = len(self.classes_)
        coef = np.zeros((k, model.coef_.shape[1]), dtype=np.float64)
        intercept = np.full(k, -1e3 if len(model.classes_) < k else 0.0)
        if len(model.classes_) == 2 and k >= 2:
            # sklearn stores one row for binary problems
            coef[model.classes_[1]] = model.coef_[0]
            intercept[model.classes_[1]] = model.intercept_[0]
            intercept[model.classes_[0]] = 0.0
        else:
            for row, cls in enumerate(model.classes_):
                coef[cls] = model.coef_[row]
                intercept[cls] = model.intercept_[row]
        return coef, intercept

    def fit(
        self,
        X: Any,
        y: Sequence[str],
        groups: Sequence[str] | None = None,
        sample_weight: Sequence[float] | np.ndarray | None = None,
    ) -> LinearHead:
        """Learn weights and temperature from features ``X`` and labels ``y``.

        Args:
            X: ``(n, d)`` features, dense or sparse.
            y: ``n`` labels.
            groups: optional group of each row (e.g. the template it was rendered
                from); the calibration split then keeps groups whole, so that the
                temperature is fitted on texts unlike the training ones.
            sample_weight: optional weight of each row (a weak label weighs less
                than a checked one); the temperature is fitted unweighted.
        """
        weight = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.classes_ = tuple(self.labels) if self.labels else tuple(sorted({str(v) for v in y}))
        targets = self._targets(y)
        if len(set(targets.tolist())) < 2:
            raise ModelError(f"training needs at least two labels, got only {set(y)}")
        counts = np.bincount(targets, minlength=len(self.classes_))
        can_hold_out = counts[counts > 0].min() >= 2 and self.calibration_fraction > 0
        if can_hold_out:
            idx = np.arange(len(targets))
            if groups is not None:
                splitter = GroupShuffleSplit(
                    n_splits=1, test_size=self.calibration_fraction, random_state=self.random_state
                )
                tr, ca = next(splitter.split(idx, targets, groups=list(groups)))
            else:
                tr, ca = train_test_split(
                    idx,
                    test_size=self.calibration_fraction,
                    stratify=targets,
                    random_state=self.random_state,
                )
            coef, intercept = self._expand(
                self._fit_lr(X[tr], targets[tr], None if weight is None else weight[tr])
            )
            logits = _logits(X[ca], coef, intercept)
            self.temperature_ = fit_temperature(logits, targets[ca])
            self.ece_uncalibrated_ = expected_calibration_error(softmax(logits), targets[ca])
            self.ece_ = expected_calibration_error(softmax(logits / self.temperature_), targets[ca])
            self.heldout_accuracy_ = float((logits.argmax(1) == targets[ca]).mean())
        else:
            logger.warning("too few rows per label to hold out a calibration split; T=1")
            self.temperature_ = 1.0
            self.ece_uncalibrated_ = self.ece_ = float("nan")
            self.heldout_accuracy_ = float("nan")
        self.coef_, self.intercept_ = self._expand(self._fit_lr(X, targets, weight))
        self.n_features_in_ = int(X.shape[1])
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Return uncalibrated logits ``(n, len(classes_))``."""
        return _logits(X, self.coef_, self.intercept_)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Return calibrated probabilities ``(n, len(classes_))``."""
        if X.shape[1] != self.n_features_in_:
            raise ModelError(
                f"head expects {self.n_features_in_} features, got {X.shape[1]}; "
                "was it trained with another embedder or feature config?"
            )
        return softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X: Any) -> list[str]:
        """Return the most probable label of each row."""
        return [self.classes_[i] for i in self.predict_proba(X).argmax(axis=1)]


def _logits(X: Any, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    product = X @ coef.T
    if sparse.issparse(product):
        product = product.toarray()
    return np.asarray(product, dtype=np.float64) + intercept
