"""Compare fine-tuned runs with the shipped heads on the eval files: a paired bootstrap.

Usage: ``python -m training.finetune.compare RUN [RUN ...]`` (run names under runs/).
For each task and run: macro-F1, ECE, and the macro-F1 difference to the shipped
head with a 95 % interval from 2,000 bootstrap resamples of the eval rows (the
same resampled rows for both models, so the interval is for the difference).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from cxnlp.nlp.calibration import expected_calibration_error

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

EVAL_DIR = REPO.parent / "shared" / "eval"
TASKS = {
    "sentiment": ("sentiment_airline_dev.csv", ["POS", "NEU", "NEG"]),
    "emotion": (
        "emotion_emoevent_dev.csv",
        ["joy", "sadness", "anger", "fear", "surprise", "disgust", "others"],
    ),
}
MAP = {"positive": "POS", "neutral": "NEU", "negative": "NEG"}


def macro_f1_many(y: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    """Macro-F1 of each row of ``y``/``pred`` (shape [B, n]), zero_division=0 as sklearn."""
    f1s = []
    for c in range(k):
        tp = ((pred == c) & (y == c)).sum(1)
        fp = ((pred == c) & (y != c)).sum(1)
        fn = ((pred != c) & (y == c)).sum(1)
        den = 2 * tp + fp + fn
        f1s.append(np.where(den > 0, 2 * tp / np.maximum(den, 1), 0.0))
    return np.mean(f1s, axis=0)


def main() -> None:
    runs = sys.argv[1:]
    rng = np.random.default_rng(0)
    shipped = np.load(HERE / "runs" / "shipped" / "eval_probs.npz")
    rows = []
    for task, (fname, labels) in TASKS.items():
        frame = pd.read_csv(EVAL_DIR / fname, dtype=str, keep_default_na=False)
        y = np.array([labels.index(MAP.get(v, v)) for v in frame.label])
        n, k = len(y), len(labels)
        boot = rng.integers(0, n, size=(2000, n))
        base_pred = shipped[task].argmax(1)
        base_f1 = macro_f1_many(y[None], base_pred[None], k)[0]
        base_boot = macro_f1_many(y[boot], base_pred[boot], k)
        lo, hi = np.percentile(base_boot, [2.5, 97.5])
        rows.append(
            {
                "task": task,
                "model": "shipped head",
                "macro_f1": 100 * base_f1,
                "f1_95": f"{100 * lo:.1f}-{100 * hi:.1f}",
                "ece": expected_calibration_error(shipped[task], y),
                "diff": "",
                "diff_95": "",
                "p_better": "",
            }
        )
        for run in runs:
            p = np.load(HERE / "runs" / run / "eval_probs.npz")[task]
            pred = p.argmax(1)
            f1 = macro_f1_many(y[None], pred[None], k)[0]
            b = macro_f1_many(y[boot], pred[boot], k)
            d = b - base_boot
            lo, hi = np.percentile(b, [2.5, 97.5])
            dlo, dhi = np.percentile(d, [2.5, 97.5])
            rows.append(
                {
                    "task": task,
                    "model": run,
                    "macro_f1": 100 * f1,
                    "f1_95": f"{100 * lo:.1f}-{100 * hi:.1f}",
                    "ece": expected_calibration_error(p, y),
                    "diff": f"{100 * (f1 - base_f1):+.1f}",
                    "diff_95": f"{100 * dlo:+.1f} to {100 * dhi:+.1f}",
                    "p_better": f"{(d > 0).mean():.3f}",
                }
            )
    table = pd.DataFrame(rows)
    try:
        print(table.to_markdown(index=False, floatfmt=".3f"))
    except ImportError:
        print(table.to_string(index=False))
    (HERE / "runs" / "compare.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
