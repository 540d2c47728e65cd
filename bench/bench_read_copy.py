"""What the read copy of a DuckDB store costs a run: seconds and megabytes.

Usage:
    python bench/bench_read_copy.py                              # the demo store, var/cxnlp.duckdb
    python bench/bench_read_copy.py --store /path/to/cxnlp.duckdb --repeat 5

The store is first copied to a temporary folder, so the original is never
touched. Then, on that copy, it times what a run does when it ends
(:func:`cxnlp.store.snapshot.write_read_copy`: CHECKPOINT, copy the file,
fsync, rename) against the alternative it was chosen over, DuckDB's
``ATTACH`` + ``COPY FROM DATABASE`` into a fresh file. Nothing here is a test:
numbers depend on the machine and its load, and are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _copy_from_database(con: object, target: Path) -> None:
    execute = con.execute  # type: ignore[attr-defined]
    name = execute("SELECT current_database()").fetchall()[0][0]
    execute(f"ATTACH '{target}' AS read_copy")
    execute(f'COPY FROM DATABASE "{name}" TO read_copy')
    execute("DETACH read_copy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=REPO / "var" / "cxnlp.duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.store.is_file():
        sys.exit(f"no store at {args.store}; run `make demo` first or pass --store")

    from cxnlp.store import Store
    from cxnlp.store.snapshot import write_read_copy

    with tempfile.TemporaryDirectory(prefix="cxnlp-read-copy-") as tmp:
        db = Path(tmp) / "cxnlp.duckdb"
        shutil.copyfile(args.store, db)
        with Store(db) as store:
            rows = store.count("feedback")
            plain, logical = [], []
            size = logical_size = 0
            for i in range(args.repeat):
                start = time.perf_counter()
                copy = write_read_copy(store)
                plain.append(time.perf_counter() - start)
                assert copy is not None, "no copy was written (see the log)"
                size = copy.stat().st_size
                target = Path(tmp) / f"logical-{i}.duckdb"
                start = time.perf_counter()
                _copy_from_database(store.con, target)
                logical.append(time.perf_counter() - start)
                logical_size = target.stat().st_size
                target.unlink()
    mb = 1024 * 1024
    print(f"store {args.store}: {rows:,} feedback rows, {size / mb:.1f} MiB")
    print(
        f"read copy (checkpoint + file copy + fsync + rename): median "
        f"{statistics.median(plain):.3f} s over {args.repeat} (min {min(plain):.3f} s)"
    )
    print(
        f"ATTACH + COPY FROM DATABASE: median {statistics.median(logical):.3f} s "
        f"(min {min(logical):.3f} s), {logical_size / mb:.1f} MiB"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
