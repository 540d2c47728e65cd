"""Peak memory and time of `cxnlp store copy` from DuckDB into PostgreSQL.

    python bench/bench_store_copy.py                      # 100,000 comments + 100,000 vectors
    python bench/bench_store_copy.py --rows 20000 --chunk-rows 5000 --chunk-rows 0 --back

Builds a synthetic DuckDB store through the store API (``rows`` feedback rows and
as many 384-float embeddings; no models run), kept under ``--work`` so a second
call reuses it, then starts a throwaway PostgreSQL server
(``scripts/pg_test_server.sh``) and copies the store into a new database once per
``--chunk-rows`` value (``--back``: and from there into a new DuckDB file), each
copy in its own child process so that its peak
resident memory (``VmHWM``) is its own. ``--chunk-rows 0`` copies each table in
one piece (what the copy did before it was chunked). Prints one JSON line per copy
and a table at the end; run ``uptime`` beside it, since the machine's load moves
the seconds (compare ratios from one call, not across calls).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CHILD = """
import json, sys, time
from pathlib import Path
from cxnlp.store import Store
from cxnlp.store.copy import copy_store

def peak_mib():
    # VmHWM: this process's own peak (ru_maxrss would carry the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)

source, url, chunk, back = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
base = peak_mib()
started = time.perf_counter()
if back:  # PostgreSQL -> a new DuckDB file
    source, url = url, Path(back)
with Store(source, read_only=True) as src, Store(url) as dst:
    kwargs = {} if chunk < 0 else {"chunk_rows": chunk}
    report = copy_store(src, dst, **kwargs)
seconds = time.perf_counter() - started
print(json.dumps({
    "direction": "pg->duckdb" if back else "duckdb->pg",
    "chunk_rows": chunk,
    "seconds": round(seconds, 2),
    "peak_rss_mib": peak_mib(),
    "rss_after_imports_mib": base,
    "ok": report.ok,
    "rows": {t: n[1] for t, n in report.rows.items() if n[1]},
}))
"""


def build_store(path: Path, rows: int, dim: int) -> None:
    """A DuckDB store with ``rows`` feedback rows and one vector per row."""
    import numpy as np
    import pandas as pd

    from cxnlp.schema import make_feedback_id
    from cxnlp.store import Store

    rng = np.random.default_rng(7)
    words = np.array(["pedido", "tarde", "cobro", "app", "atención", "envío", "caro", "bien"])
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    step = 20_000
    with Store(tmp) as store:
        for lo in range(0, rows, step):
            ids = [str(i) for i in range(lo, min(rows, lo + step))]
            picks = rng.integers(0, len(words), size=(len(ids), 12))
            texts = [" ".join(words[p]) for p in picks]
            frame = pd.DataFrame(
                {
                    "feedback_id": [make_feedback_id("surveys", i) for i in ids],
                    "source": "surveys",
                    "source_kind": "survey",
                    "source_id": ids,
                    "created_at": pd.Timestamp("2026-06-01")
                    + pd.to_timedelta(rng.integers(0, 180 * 24, len(ids)), unit="h"),
                    "nps": rng.integers(0, 11, len(ids)),
                    "text": texts,
                    "text_norm": texts,
                    "text_hash": [f"h{i}" for i in ids],
                }
            )
            store.upsert_feedback(frame)
            vectors = rng.normal(size=(len(ids), dim)).astype(np.float32)
            store.put_embeddings([f"h{i}" for i in ids], vectors, "bench.v1")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument(
        "--chunk-rows",
        type=int,
        action="append",
        help="rows per chunk (repeatable); 0 = a whole table at once; -1 = copy_store's "
        "default (the only choice before chunking existed). Default: -1",
    )
    parser.add_argument(
        "--back", action="store_true", help="also copy each PostgreSQL copy back into DuckDB"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/cxnlp-bench-copy"))
    args = parser.parse_args(argv)
    chunks = args.chunk_rows or [-1]

    args.work.mkdir(parents=True, exist_ok=True)
    source = args.work / f"store-{args.rows}-{args.dim}.duckdb"
    if not source.exists():
        started = time.perf_counter()
        build_store(source, args.rows, args.dim)
        print(f"built {source} in {time.perf_counter() - started:.1f} s", flush=True)
    size = source.stat().st_size / 2**20
    print(f"source {source}: {size:.1f} MiB on disk; load: {os.getloadavg()}", flush=True)

    from bench.pg_server import throwaway_postgres

    results = []
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with throwaway_postgres() as new_database:
        for chunk in chunks:
            url = new_database()
            runs = [""]
            if args.back:
                runs.append(str(args.work / f"back-{chunk}.duckdb"))
            for back in runs:
                if back:
                    Path(back).unlink(missing_ok=True)
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(source), url, str(chunk), back],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
                if done.returncode != 0:
                    print(done.stderr[-3000:], file=sys.stderr)
                    return 1
                line = done.stdout.strip().splitlines()[-1]
                print(line, flush=True)
                results.append(json.loads(line))
                if back:
                    Path(back).unlink(missing_ok=True)
    print(f"\nrows {args.rows:,}, dim {args.dim}; load after: {os.getloadavg()}")
    print(
        f"{'direction':>11} {'chunk rows':>11} {'seconds':>9} {'peak RSS MiB':>13} "
        f"{'after imports':>14} ok"
    )
    for r in results:
        label = {-1: "default", 0: "whole"}.get(r["chunk_rows"], f"{r['chunk_rows']:,}")
        print(
            f"{r['direction']:>11} {label:>11} {r['seconds']:>9} {r['peak_rss_mib']:>13} "
            f"{r['rss_after_imports_mib']:>14} {r['ok']}"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process, which built the store: {own:.0f} MiB peak)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
