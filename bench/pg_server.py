"""A throwaway PostgreSQL server for benchmarks (``scripts/pg_test_server.sh``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "pg_test_server.sh"


@contextmanager
def throwaway_postgres() -> Iterator[Callable[[], str]]:
    """Start a server on 127.0.0.1; yield a function that creates a new database and
    returns its URL. The server and its files are removed on exit."""
    import psycopg

    directory = tempfile.mkdtemp(prefix="cxnlp-bench-pg-")  # under /tmp: see the script
    done = subprocess.run(
        ["bash", str(SCRIPT), "start", directory], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        shutil.rmtree(directory, ignore_errors=True)
        raise SystemExit(f"could not start PostgreSQL: {done.stderr[-2000:]}")
    url = done.stdout.strip().splitlines()[-1]
    admin = url.replace("postgresql+psycopg://", "postgresql://", 1)

    def new_database() -> str:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}")
        return url.rsplit("/", 1)[0] + "/" + name

    try:
        yield new_database
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, check=False)
        shutil.rmtree(directory, ignore_errors=True)
