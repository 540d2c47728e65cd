"""Per-clause sentiment against a sample's planted truth, on a store kept by ``eval_causes.py``.

Reads the kept folder of ``python bench/eval_causes.py --keep DIR`` (its config,
store and sample) and, for the run in it, compares three ways of reading a topic's
negative share on the *same* topics and causes:

- answer-level: every answer carries its own sentiment into every topic it is in
  (before per-clause sentiment);
- clause-level (shipped): an answer split into clauses carries, into each topic, the
  label of its positive or negative clauses placed there (:func:`cxnlp.drivers.frame.
  member_tone`; what the ranking and the report use now);
- every clause: the same with neutral clauses speaking too (the first design, kept
  for comparison).

It prints the negative share of the causes mostly (>= 50% of their answers) about
each planted theme, and, for split answers counted in a cause mostly about a
negative or positive theme they mention, how often each reading matches the planted
polarity (negative theme: NEG; positive theme: not NEG)::

    python bench/clause_sentiment.py /tmp/d1fresh
    python bench/clause_sentiment.py /tmp/d1demo --json /tmp/d1demo-sent.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_causes import MOSTLY, answer_causes, load_truth  # noqa: E402


def load_run(root: Path) -> dict[str, Any]:
    """The run of a kept folder: its window frame (causes applied), topics, causes and truth."""
    from cxnlp.config import load_config
    from cxnlp.drivers.causes import apply_causes
    from cxnlp.run import clauses as clause_step
    from cxnlp.run.clauses import with_clause_topics
    from cxnlp.run.context import window_start_of
    from cxnlp.store import Store

    settings = load_config(root / "config.yaml")
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        run_id = store.con.execute(
            "SELECT run_id FROM runs WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1"
        ).fetchall()[0][0]
        run = store.get_run(run_id) or {}
        as_of = pd.Timestamp(run["as_of"]).to_pydatetime()
        versions = run.get("model_versions") or {}
        versions = json.loads(versions) if isinstance(versions, str) else versions
        start = window_start_of(settings, as_of)
        window = store.load_window(
            start=start, end=as_of, models=versions.get("key"), run_id=run_id
        )
        clauses = store.read_run_frame("clause_topics", run_id)
        causes = store.read_run_frame("causes", run_id)
        raw_topics = store.read_topics(run_id)
        frame, topics = apply_causes(with_clause_topics(window, clauses), raw_topics, causes)
        # the variant where every clause speaks, neutral ones included (not shipped)
        speaking = clause_step.SPEAKING
        clause_step.SPEAKING = ("NEG", "NEU", "POS")
        try:
            frame_every, _ = apply_causes(with_clause_topics(window, clauses), raw_topics, causes)
        finally:
            clause_step.SPEAKING = speaking
        drivers = store.read_run_frame("drivers", run_id)
        backlog = store.read_run_frame("backlog", run_id)
        members = answer_causes(store.con, run_id, start, as_of)
    return {
        "settings": settings,
        "run_id": run_id,
        "as_of": as_of,
        "frame": frame,
        "frame_every": frame_every,
        "topics": topics,
        "causes": causes,
        "clauses": clauses,
        "drivers": drivers,
        "backlog": backlog,
        "members": members,
        "truth": load_truth(root / "sample"),
    }


def cause_themes(run: dict[str, Any]) -> pd.DataFrame:
    """Per cause id: answers, the planted theme most of them mention and its share."""
    truth = run["truth"]
    joined = run["members"].merge(truth.rows, on=["source", "source_id"], how="inner")
    rows = []
    for cause in sorted({c for cs in joined["causes"] for c in cs}):
        inside = joined[[cause in cs for cs in joined["causes"]]]
        shares = {t: sum(t in th for th in inside["themes"]) / len(inside) for t in truth.kinds}
        top = max(shares, key=lambda t: shares[t])
        rows.append(
            {
                "cause_id": cause,
                "theme": top if shares[top] >= MOSTLY else None,
                "theme_share": shares[top],
            }
        )
    return pd.DataFrame(rows)


def compare(run: dict[str, Any]) -> dict[str, Any]:
    """Answer-level vs clause-level negative shares and polarity agreement."""
    from cxnlp.drivers.frame import code_frame, member_tone, membership
    from cxnlp.drivers.stats import compute_topic_stats

    frame, topics, truth = run["frame"], run["topics"], run["truth"]
    config = run["settings"].ranking
    as_of = run["as_of"]
    readings = {
        "answer": frame.drop(columns=["clause_labels"], errors="ignore"),
        "clause": frame,
        "every": run["frame_every"],
    }
    table = None
    for name, variant in readings.items():
        stats = compute_topic_stats(variant, topics, as_of=as_of, config=config)
        stats = stats[["topic_id", "label", "n", "neg_share"]].rename(
            columns={"neg_share": f"neg_{name}"}
        )
        table = stats if table is None else table.merge(stats[["topic_id", f"neg_{name}"]])
    assert table is not None
    stored = run["drivers"].set_index("topic_id")["neg_share"] if len(run["drivers"]) else None
    if stored is not None:
        table["neg_stored"] = table["topic_id"].map(stored)
    themes = cause_themes(run).rename(columns={"cause_id": "topic_id"})
    table = table.merge(themes, on="topic_id", how="left")
    open_items = run["backlog"]
    if len(open_items) and "status" in open_items.columns:
        open_items = open_items[open_items["status"].astype(str) == "open"]
    in_backlog = set(open_items["topic_id"].astype(int)) if len(open_items) else set()
    table["in_backlog"] = table["topic_id"].isin(in_backlog)
    table["kind"] = table["theme"].map(lambda t: truth.kinds.get(t) if isinstance(t, str) else None)

    # polarity of split answers' memberships in causes mostly about a theme they mention
    coded = code_frame(frame)
    long = membership(coded.frame)
    negs = {
        name: member_tone(code_frame(variant), long, topics)[0]
        for name, variant in readings.items()
    }
    # the same pairs for every reading: answers with a labelled clause placed in a topic
    every = code_frame(readings["every"]).frame
    split = every["clause_labels"].map(lambda v: isinstance(v, dict) and bool(v))
    key = coded.frame[["source", "source_id"]].astype(str)
    owners = zip(truth.rows["source"], truth.rows["source_id"], strict=True)
    mentions = dict(zip(owners, truth.rows["themes"], strict=True))
    theme_of = dict(zip(table["topic_id"], table["theme"], strict=True))
    counts = {"pairs": 0, "mixed_pairs": 0}
    for name in readings:
        counts[f"{name}_right"] = counts[f"mixed_{name}_right"] = 0
    for i, (row, cause) in enumerate(zip(long["row"], long["topic_id"], strict=True)):
        theme = theme_of.get(int(cause))
        kind = truth.kinds.get(theme) if isinstance(theme, str) else None
        if not split.iloc[row] or kind not in ("negative", "positive"):
            continue
        planted = mentions.get((key.iloc[row, 0], key.iloc[row, 1]), frozenset())
        if theme not in planted or any(np.isnan(v[i]) for v in negs.values()):
            continue
        want = 1.0 if kind == "negative" else 0.0
        kinds = {truth.kinds.get(t) for t in planted}
        mixed = "negative" in kinds and "positive" in kinds
        counts["pairs"] += 1
        counts["mixed_pairs"] += int(mixed)
        for name, neg in negs.items():
            counts[f"{name}_right"] += int(neg[i] == want)
            counts[f"mixed_{name}_right"] += int(mixed and neg[i] == want)
    clauses = run["clauses"]
    labelled = int(clauses["sentiment"].notna().sum()) if "sentiment" in clauses.columns else 0
    return {
        "run_id": run["run_id"],
        "clauses": len(clauses),
        "clauses_labelled": labelled,
        "clause_sentiments": clauses["sentiment"].value_counts().to_dict()
        if "sentiment" in clauses.columns
        else {},
        "distinct_clause_texts": int(clauses["text_hash"].nunique())
        if "text_hash" in clauses.columns
        else None,
        "answers_in_window": int(len(frame)),
        "split_answers": int(split.sum()),
        "table": table,
        "polarity": counts,
    }


def _pct(x: float | None) -> str:
    return "-" if x is None or not np.isfinite(x) else f"{100 * x:.0f}%"


def format_lines(result: dict[str, Any]) -> list[str]:
    table = result["table"]
    lines = [
        f"run {result['run_id']}: {result['answers_in_window']} answers, "
        f"{result['split_answers']} split into {result['clauses']} clauses "
        f"({result['clauses_labelled']} labelled {result['clause_sentiments']}; "
        f"{result['distinct_clause_texts']} distinct clause texts = extra head predictions)",
        "causes mostly about a planted theme: n, negative share read on answers -> on their "
        "positive/negative clauses (shipped) | on every clause, neutral ones too:",
    ]
    themed = table[table["theme"].notna()].sort_values(
        ["kind", "theme", "n"], ascending=[True, True, False]
    )
    for r in themed.itertuples(index=False):
        mark = " [backlog]" if r.in_backlog else ""
        lines.append(
            f"  {r.kind:<10} {r.theme:<22} cause {r.topic_id:<4} n={r.n:<5} "
            f"neg {_pct(r.neg_answer)} -> {_pct(r.neg_clause)} | {_pct(r.neg_every)}{mark} "
            f"{str(r.label)[:36]!r}"
        )
    lines.append(
        "answer-weighted mean negative share per kind (answers -> clauses | every clause):"
    )
    for kind, part in themed.groupby("kind"):
        w = part["n"].to_numpy(dtype=float)
        mean = {
            c: float((part[c] * w).sum() / w.sum())
            for c in ("neg_answer", "neg_clause", "neg_every")
        }
        lines.append(
            f"  {kind:<10} {len(part)} causes: {_pct(mean['neg_answer'])} -> "
            f"{_pct(mean['neg_clause'])} | {_pct(mean['neg_every'])}"
        )
    if "neg_stored" in table.columns:
        gap = (table["neg_stored"] - table["neg_clause"]).abs().max()
        lines.append(f"largest gap between the stored drivers and the clause reading: {gap:.3g}")
    p = result["polarity"]
    for prefix, n, what in (
        ("", p["pairs"], "split answers in a cause mostly about a theme they mention"),
        ("mixed_", p["mixed_pairs"], "  of them, answers mixing a negative and a positive theme"),
    ):
        if n:
            shares = ", ".join(
                f"{name} {_pct(p[f'{prefix}{name}_right'] / n)}"
                for name in ("answer", "clause", "every")
            )
            lines.append(f"{what}: {n} pairs; planted polarity matched by {shares}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kept", help="a folder kept by eval_causes.py --keep")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    args = parser.parse_args(argv)
    result = compare(load_run(Path(args.kept).resolve()))
    print("\n".join(format_lines(result)))
    if args.json:
        out = {**result, "table": result["table"].to_dict("records")}
        Path(args.json).write_text(
            json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
