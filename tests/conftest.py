"""Shared test set-up: offline, telemetry off, a private Prefect home."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
# Prefect gives its ephemeral server 20 s to start; a busy 2-core machine needs more
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
# Tests never touch a user's Prefect profile or database.
_PREFECT_HOME = Path(tempfile.mkdtemp(prefix="cxnlp-prefect-home-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root folder."""
    return REPO


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and other evidence (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# -- PostgreSQL for the store and the SQL sources (scripts/pg_test_server.sh) ------------
PG_SCRIPT = REPO / "scripts" / "pg_test_server.sh"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _pg_unavailable(message: str) -> None:
    # In CI the PostgreSQL tests must run: a server that cannot start is a failure.
    if _in_ci():
        pytest.fail(f"PostgreSQL test server unavailable in CI: {message}")
    pytest.skip(f"PostgreSQL test server unavailable (not CI, so skipped): {message}")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Start PostgreSQL on loopback for the session; yield its SQLAlchemy URL."""
    # Under /tmp rather than pytest's private basetemp: as root, the server runs as
    # another user, who must be able to reach the directory.
    directory = tempfile.mkdtemp(prefix="cxnlp-pg-")
    try:
        done = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", directory],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(directory, ignore_errors=True)
        _pg_unavailable(str(exc))
        raise  # unreachable: _pg_unavailable raises
    if done.returncode != 0 or not done.stdout.strip():
        shutil.rmtree(directory, ignore_errors=True)
        _pg_unavailable(f"exit {done.returncode}: {done.stderr[-2000:]}")
    url = done.stdout.strip().splitlines()[-1]
    try:
        yield url
    finally:
        subprocess.run(
            ["bash", str(PG_SCRIPT), "stop", directory],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def fresh_pg_url(postgres_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's server (dropped afterwards)."""
    import psycopg

    from cxnlp.store.pg import libpq_url

    name = f"cx_{uuid.uuid4().hex[:12]}"
    admin = libpq_url(postgres_url)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield postgres_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["duckdb", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a test's store lives: a DuckDB file, then a fresh PostgreSQL database."""
    if request.param == "duckdb":
        return tmp_path / "s.duckdb"
    return str(request.getfixturevalue("fresh_pg_url"))
