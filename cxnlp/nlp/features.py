"""The feature matrix a head reads: embeddings, plus optional cues and character n-grams."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from cxnlp.nlp.cues import CUE_NAMES, extract_char_ngrams, extract_cues


@dataclass(frozen=True)
class FeatureConfig:
    """Which features a head reads, and how much each block weighs.

    Attributes:
        extra_embedders: embedders whose vectors are appended to the primary
            embedder's (e.g. ``["cxnlp.embedder.use.v1"]``); each costs a pass.
        cues: append :data:`cxnlp.nlp.cues.CUE_NAMES` counts.
        char_ngrams: hashed character n-gram dimensions (0 = none).
        char_ngram_max: longest character n-gram.
        embedding_weight, cue_weight, char_weight: block scale factors (the head's
            regularisation is shared, so the scale decides how much each block may say).
    """

    extra_embedders: tuple[str, ...] = field(default_factory=tuple)
    cues: bool = True
    char_ngrams: int = 0
    char_ngram_max: int = 5
    embedding_weight: float = 1.0
    cue_weight: float = 0.3
    char_weight: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        data = asdict(self)
        data["extra_embedders"] = list(self.extra_embedders)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        """Inverse of :meth:`to_dict`."""
        data = dict(data)
        data["extra_embedders"] = tuple(data.get("extra_embedders", ()))
        return cls(**data)

    def n_features(self, embedding_dims: Sequence[int]) -> int:
        """Return the width of the feature matrix for these embedding widths."""
        return sum(embedding_dims) + (len(CUE_NAMES) if self.cues else 0) + self.char_ngrams


def build_features(
    texts: Sequence[str],
    embeddings: Sequence[np.ndarray],
    config: FeatureConfig,
) -> sparse.csr_matrix | np.ndarray:
    """Assemble the head's input matrix.

    Args:
        texts: the texts (used by cues and character n-grams).
        embeddings: one ``(n, dim)`` array per embedder, primary first.
        config: which blocks and at what weight.

    Returns:
        A dense array when every block is dense, else a CSR matrix.
    """
    blocks: list[Any] = [
        np.asarray(e, dtype=np.float32) * config.embedding_weight for e in embeddings
    ]
    if config.cues:
        blocks.append(extract_cues(texts) * config.cue_weight)
    if config.char_ngrams:
        grams = extract_char_ngrams(texts, config.char_ngrams, config.char_ngram_max)
        blocks.append(grams * config.char_weight)
        return sparse.hstack(
            [sparse.csr_matrix(b) if isinstance(b, np.ndarray) else b for b in blocks]
        ).tocsr()
    return np.hstack(blocks).astype(np.float32)


EmbedFn = Callable[[Sequence[str]], np.ndarray]
