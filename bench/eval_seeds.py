"""How well a seeded theme (cxnlp themes seed) gathers the comments of a planted cause.

For every planted cause of a generated sample, three of its comments are taken
as the seed's examples (several draws); the post-fit assignment of
:mod:`cxnlp.themes.seeds` then runs on the last run's topics and embeddings of
the store. Precision and recall of the seed's comments against the planted
truth are printed, next to those of the machine's own topic that holds most of
the cause (the reference: what the fit found without help).

    python bench/eval_seeds.py --config CONFIG [--draws 5] [--examples 3]

The store must hold a finished run over the sample that ``truth_rows.csv``
describes (``sample.dir`` of the config).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--floor-quantile", type=float, default=0.1)
    parser.add_argument(
        "--closer", action="store_true", help="also require: closer to the seed than to own topic"
    )
    args = parser.parse_args()

    from cxnlp.config import load_config
    from cxnlp.enrich import embed_with_cache
    from cxnlp.nlp.embedders import load_embedder
    from cxnlp.run.context import window_start_of
    from cxnlp.store import Store
    from cxnlp.themes import ThemeEdit
    from cxnlp.themes.seeds import _unit, assign_seeds, seed_vectors
    from cxnlp.themes.state import Seed

    settings = load_config(args.config)
    truth_path = settings.resolve(settings.sample.dir) / "truth_rows.csv"
    with truth_path.open(encoding="utf-8") as fh:
        truth = {(r["source"], r["source_id"]): r["cause_id"] for r in csv.DictReader(fh)}
    embedder = load_embedder(settings.models)
    with Store(settings.resolve(settings.store.path)) as store:
        run = store.last_successful_run()
        assert run is not None, "no finished run in the store"
        as_of = store.get_run(run)["as_of"]  # type: ignore[index]
        frame = store.load_window(
            start=window_start_of(settings, as_of),
            end=as_of,
            models=None,
            columns=["feedback_id", "source", "source_id", "text", "text_norm", "text_hash"],
        )
        assigned = dict(
            store.con.execute(
                "SELECT feedback_id, topic_id FROM topic_assignments WHERE run_id = ?", [run]
            ).fetchall()
        )
        topics = store.read_topics(run)
        frame = frame[frame["text_norm"].fillna("").str.len() > 0].reset_index(drop=True)
        vectors, _ = embed_with_cache(
            store, embedder, frame["text_hash"].tolist(), frame["text_norm"].tolist()
        )
    topic_of = np.array([int(assigned.get(f, -1)) for f in frame["feedback_id"]])
    cause = np.array(
        [truth.get((s, i), "?") for s, i in zip(frame["source"], frame["source_id"], strict=True)]
    )
    centroids = {
        int(t): _unit(np.asarray(c, dtype=float))
        for t, c in zip(topics["topic_id"], topics["centroid"], strict=True)
        if len(c)
    }
    rng = np.random.default_rng(0)
    print(f"run {run}: {len(frame)} comments, {len(centroids)} topics, embedder {embedder.version}")
    print(f"{'cause':24} {'n':>5} | {'seed P':>7} {'seed R':>7} | {'topic P':>7} {'topic R':>7}")
    for name in sorted(set(cause) - {"none", "?"}):
        mine = np.flatnonzero(cause == name)
        if len(mine) < args.examples * 2:
            continue
        held = topic_of[mine][topic_of[mine] >= 0]
        best = int(np.bincount(held).argmax()) if len(held) else -1
        in_best = topic_of == best
        topic_p = (cause[in_best] == name).mean() if in_best.any() else 0.0
        topic_r = in_best[mine].mean()
        precision, recall = [], []
        for _ in range(args.draws):
            picks = rng.choice(mine, size=args.examples, replace=False)
            examples = tuple(str(frame.at[int(i), "text"]) for i in picks)
            seed = Seed(10_000, name, (), examples, ThemeEdit(action="seed"))
            new = assign_seeds(
                vectors,
                topic_of,
                list(zip(frame["text_norm"].fillna(""), frame["text"].fillna(""), strict=True)),
                centroids,
                [seed],
                seed_vectors(embedder, [seed]),
                floor_quantile=args.floor_quantile,
                closer=args.closer,
            )
            got = new == 10_000
            others = got & ~np.isin(np.arange(len(frame)), picks)
            precision.append((cause[others] == name).mean() if others.any() else 0.0)
            recall.append(got[mine].mean())
        print(
            f"{name:24} {len(mine):5d} | {np.mean(precision):7.2f} {np.mean(recall):7.2f} |"
            f" {topic_p:7.2f} {topic_r:7.2f}"
        )


if __name__ == "__main__":
    main()
