"""How root-cause grouping behaves on a demo store, judged against the sample's planted truth.

Run from the repository root after ``make demo`` (or ``cxnlp demo``)::

    python bench/eval_causes.py
    python bench/eval_causes.py --store var/cxnlp.duckdb --run <run_id> --threshold 0.2 0.3 0.4

For the run's window it ranks the topics once (as the drivers step does before
grouping), then prints:

- the word-profile cosine (:func:`cxnlp.drivers.causes.term_profiles`) between
  pairs of issue topics whose comments mostly come from the *same* planted
  cause, and between pairs from *different* causes (background counts as one
  cause per topic, so two background topics are "different");
- for each threshold: how many root causes (issue causes at least 70% from one
  planted cause) each planted cause gets, and every group with the planted cause
  most of its comments come from and that share.

Nothing is written; the store is opened read-only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from cxnlp.config import load_config
from cxnlp.drivers import rank_drivers
from cxnlp.drivers.causes import comment_texts, group_causes, term_profiles
from cxnlp.store import Store

PURE = 0.7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--store", default=None, help="default: store.path of the config")
    parser.add_argument("--run", default=None, help="default: the latest completed run")
    parser.add_argument("--sample", default="var/sample", help="folder with truth.json")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.2, 0.25, 0.3, 0.35, 0.4])
    args = parser.parse_args()

    settings = load_config(args.config)
    path = Path(args.store) if args.store else settings.resolve(settings.store.path)
    truth = json.loads((Path(args.sample) / "truth.json").read_text(encoding="utf-8"))
    rows = pd.read_csv(Path(args.sample) / "truth_rows.csv", dtype=str)
    planted = [c["cause_id"] for c in truth["causes"] if c.get("expected_impact_rank")]

    with Store(path, read_only=True) as store:
        run_id = args.run or store.last_successful_run()
        run = store.get_run(run_id)
        if run is None:
            raise SystemExit(f"no run {run_id!r} in {path}")
        as_of = pd.Timestamp(run["as_of"]).to_pydatetime()
        key = (run.get("model_versions") or {}).get("key")
        start = as_of - timedelta(days=settings.topics.window_days)
        frame = store.load_window(start=start, end=as_of, models=key, run_id=run_id)
        topics = store.read_topics(run_id)

    drivers = rank_drivers(frame, topics, as_of=as_of, config=settings.ranking)
    joined = frame.merge(rows, on=["source", "source_id"], how="left")
    joined["cause_id"] = joined["cause_id"].fillna("?")
    issues = drivers.loc[drivers["is_issue"].astype(bool), "topic_id"].astype(int).tolist()
    print(f"run {run_id}: {len(drivers)} ranked topics, {len(issues)} issues")

    owner = {}
    for tid in issues:
        comp = Counter(joined.loc[joined["topic_id"] == tid, "cause_id"])
        top, k = comp.most_common(1)[0]
        owner[tid] = top if top != "none" and k / sum(comp.values()) >= PURE else f"bg-{tid}"
    profiles = term_profiles(comment_texts(frame) or [], frame["topic_id"].to_numpy(), issues)
    sims = profiles @ profiles.T
    same, other = [], []
    for i in range(len(issues)):
        for j in range(i + 1, len(issues)):
            (same if owner[issues[i]] == owner[issues[j]] else other).append(sims[i, j])
    if same:
        print(f"same planted cause: {len(same)} pairs, cosine {min(same):.2f}-{max(same):.2f}")
    if other:
        print(
            f"different causes: {len(other)} pairs, cosine median {np.median(other):.2f}, "
            f"95th percentile {np.percentile(other, 95):.2f}, max {max(other):.2f}"
        )

    for threshold in args.threshold:
        causes = group_causes(drivers, topics, frame, min_similarity=threshold)
        cause_of = dict(zip(causes["topic_id"], causes["cause_id"], strict=True))
        joined["cause"] = [cause_of.get(int(t), int(t)) for t in joined["topic_id"]]
        items: Counter[str] = Counter()
        for cid in {cause_of[t] for t in issues}:
            comp = Counter(joined.loc[joined["cause"] == cid, "cause_id"])
            top, k = comp.most_common(1)[0]
            if top in planted and k / sum(comp.values()) >= PURE:
                items[top] += 1
        groups = []
        for cid, members in causes[causes["n_topics"] > 1].groupby("cause_id")["topic_id"]:
            comp = Counter(joined.loc[joined["cause"] == cid, "cause_id"])
            top, k = comp.most_common(1)[0]
            groups.append(f"{sorted(members)} -> {top} {k / sum(comp.values()):.2f}")
        print(
            f"threshold {threshold}: items per planted cause "
            f"{ {c: items.get(c, 0) for c in planted} }; groups: {'; '.join(groups) or 'none'}"
        )


if __name__ == "__main__":
    main()
