"""A small classifier on the sentence embeddings that adds churn and escalation flags.

The rules miss wording they were never shown; a logistic regression per intent
on the run's embeddings catches some of it (measured in docs/intents.md). For
the intents it was trained on (:data:`HEAD_INTENTS` by default) the head adds a
flag when its probability reaches :attr:`IntentHead.threshold`, and, when the
head has a ``veto``, drops a rule's hit whose probability is below it (a rule
firing on a word in another sense). It is used only for the embedder it was
trained on: a head stores that embedder's version and is used when the run's
embedder has the same one, else the rules work alone.

A head is a folder ``models/intents-head-*/`` with ``head.json`` (names,
threshold, embedder version, training sets) and ``weights.npz``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)

# The intents the head was measured on; the others stay rules only.
HEAD_INTENTS: tuple[str, ...] = ("churn", "escalation")
HEAD_GLOB = "intents-head-*"


@dataclass(frozen=True)
class IntentHead:
    """Logistic-regression weights per intent over one embedder's vectors."""

    name: str
    embedder: str
    coef: np.ndarray  # (len(intents), dim)
    intercept: np.ndarray  # (len(intents),)
    threshold: float = 0.7
    intents: tuple[str, ...] = HEAD_INTENTS
    meta: dict[str, Any] = field(default_factory=dict)
    veto: float | None = None
    # Per-intent thresholds that override ``threshold`` (e.g. a stricter one for effort).
    thresholds: dict[str, float] = field(default_factory=dict)

    def threshold_of(self, intent: str) -> float:
        """The probability at or above which the head flags ``intent``."""
        return self.thresholds.get(intent, self.threshold)

    def predict_proba(self, vectors: np.ndarray) -> np.ndarray:
        """Probability of each intent, shape (n, len(intents))."""
        x = np.asarray(vectors, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.coef.shape[1]:
            raise CxnlpError(
                f"intent head {self.name!r} expects vectors of dimension {self.coef.shape[1]} "
                f"from {self.embedder!r}; got shape {x.shape}"
            )
        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))

    def predict(self, vectors: np.ndarray) -> pd.DataFrame:
        """One bool column per intent: probability at least :attr:`threshold`."""
        if len(vectors) == 0:
            return pd.DataFrame({i: pd.Series(dtype=bool) for i in self.intents})
        proba = self.predict_proba(vectors)
        return pd.DataFrame(proba >= self._cutoffs(), columns=list(self.intents))

    def _cutoffs(self) -> np.ndarray:
        return np.array([self.threshold_of(i) for i in self.intents])

    def combine(
        self, rule_hits: np.ndarray, proba: np.ndarray, negated: np.ndarray | None = None
    ) -> np.ndarray:
        """Final flags for :attr:`intents` from the rules' hits and the head's probabilities.

        Args:
            rule_hits: bool, shape (n, len(intents)): the rules' flags, same column order.
            proba: :meth:`predict_proba` of the same texts.
            negated: bool, same shape: the rules found that intent's cue negated
                ("no pienso cancelar"); the head adds no flag there.

        Returns:
            bool array of the same shape: a rule hit stays unless the head's
            probability is under :attr:`veto`; the head adds a flag at
            :meth:`threshold_of` or above.
        """
        hits = np.asarray(rule_hits, dtype=bool)
        if self.veto is not None:
            hits = hits & (proba >= self.veto)
        added = proba >= self._cutoffs()
        if negated is not None:
            added &= ~np.asarray(negated, dtype=bool)
        return hits | added


def fit_head(
    vectors: np.ndarray,
    labels: pd.DataFrame,
    *,
    name: str,
    embedder: str,
    threshold: float = 0.7,
    thresholds: dict[str, float] | None = None,
    veto: float | None = None,
    c: float = 4.0,
    intents: tuple[str, ...] = HEAD_INTENTS,
    meta: dict[str, Any] | None = None,
) -> IntentHead:
    """Fit one balanced logistic regression per intent of ``intents``."""
    from sklearn.linear_model import LogisticRegression

    coefs, intercepts = [], []
    for intent in intents:
        y = labels[intent].to_numpy(bool)
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(vectors, y)
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return IntentHead(
        name=name,
        embedder=embedder,
        coef=np.vstack(coefs),
        intercept=np.asarray(intercepts),
        threshold=threshold,
        intents=tuple(intents),
        meta=meta or {},
        veto=veto,
        thresholds=dict(thresholds or {}),
    )


def save_head(head: IntentHead, folder: Path) -> Path:
    """Write ``head.json`` and ``weights.npz`` into ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "weights.npz", coef=head.coef, intercept=head.intercept)
    info = {
        "name": head.name,
        "embedder": head.embedder,
        "threshold": head.threshold,
        "veto": head.veto,
        "thresholds": head.thresholds,
        "intents": list(head.intents),
        **head.meta,
    }
    (folder / "head.json").write_text(
        json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return folder


def load_head(folder: Path) -> IntentHead:
    """Read a head written by :func:`save_head`.

    Raises:
        CxnlpError: naming the folder when a file is missing or malformed.
    """
    try:
        info = json.loads((folder / "head.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz") as weights:
            coef, intercept = weights["coef"], weights["intercept"]
        meta = {
            k: v
            for k, v in info.items()
            if k not in {"name", "embedder", "threshold", "veto", "thresholds", "intents"}
        }
        veto = info.get("veto")
        return IntentHead(
            name=str(info["name"]),
            embedder=str(info["embedder"]),
            coef=coef,
            intercept=intercept,
            threshold=float(info["threshold"]),
            intents=tuple(info["intents"]),
            meta=meta,
            veto=None if veto is None else float(veto),
            thresholds={str(k): float(v) for k, v in (info.get("thresholds") or {}).items()},
        )
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise CxnlpError(f"intent head in {folder}: cannot read it ({exc})") from exc


def combine_flags(
    rules: pd.DataFrame,
    proba: np.ndarray,
    head: IntentHead,
    negated: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rules' bool frame with the head's intents recombined by :meth:`IntentHead.combine`."""
    out = rules.copy()
    cols = list(head.intents)
    blocked = None if negated is None else negated[cols].to_numpy(bool)
    out[cols] = head.combine(rules[cols].to_numpy(bool), proba, blocked)
    return out


def find_head(models_dir: Path, embedder_version: str) -> IntentHead | None:
    """The head under ``models_dir`` trained on ``embedder_version`` (None when none is)."""
    if not models_dir.is_dir():
        return None
    for folder in sorted(models_dir.glob(HEAD_GLOB)):
        if (folder / "head.json").is_file():
            head = load_head(folder)
            if head.embedder == embedder_version:
                return head
    log.info("no intent head for embedder %s under %s: rules only", embedder_version, models_dir)
    return None
