"""Per-row probabilities of the shipped heads on the eval files (for the paired bootstrap).

Same code path as ``cxnlp evaluate`` (default models config, ``predict_frame``,
``evaluate_predictions``), so the figures must equal the CLI's; the per-row
probabilities go to ``runs/shipped/eval_probs.npz`` (ignored by git).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd

from cxnlp.nlp.commands import _classifier, _models_config, predict_frame
from cxnlp.nlp.evaluation import evaluate_predictions

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

EVAL_DIR = REPO.parent / "shared" / "eval"
FILES = {"sentiment": "sentiment_airline_dev.csv", "emotion": "emotion_emoevent_dev.csv"}
MAP = {"positive": "POS", "neutral": "NEU", "negative": "NEG"}


def main() -> None:
    out_dir = HERE / "runs" / "shipped"
    out_dir.mkdir(parents=True, exist_ok=True)
    probs, metrics = {}, {}
    for task, fname in FILES.items():
        frame = pd.read_csv(EVAL_DIR / fname, dtype=str, keep_default_na=False)
        gold = [MAP.get(v, v) for v in frame.label]
        clf = _classifier(task, _models_config(None), None, None)
        t0 = time.time()
        p = predict_frame(frame.text.tolist(), clf, 64, show_progress=False)
        secs = time.time() - t0
        rep = evaluate_predictions(gold, [clf.labels[i] for i in p.argmax(1)], clf.labels, p)
        rep["seconds"] = secs
        rep["classifier"] = clf.version
        probs[task], metrics[task] = p, rep
        print(
            f"{task}: macro-F1 {100 * rep['macro_f1']:.1f}, accuracy {100 * rep['accuracy']:.1f}, "
            f"ECE {rep['ece']:.3f}, {secs:.0f}s, labels {list(clf.labels)}",
            flush=True,
        )
    np.savez(out_dir / "eval_probs.npz", **probs)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
