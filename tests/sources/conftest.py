"""Fixtures for the source tests: a throwaway PostgreSQL server and config helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cxnlp.sources import SourceConfig

REPO = Path(__file__).resolve().parents[2]
PG_SCRIPT = REPO / "scripts" / "pg_test_server.sh"

CONNECTORS = {
    "survey": "cxnlp.source.survey_file.v1",
    "social": "cxnlp.source.social_file.v1",
    "ticket": "cxnlp.source.ticket_file.v1",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _unavailable(message: str) -> None:
    # In CI the PostgreSQL test must run: a server that cannot start is a failure.
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
        _unavailable(str(exc))
        raise  # unreachable: _unavailable raises
    if done.returncode != 0 or not done.stdout.strip():
        shutil.rmtree(directory, ignore_errors=True)
        _unavailable(f"exit {done.returncode}: {done.stderr[-2000:]}")
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
def make_config(tmp_path: Path) -> Callable[..., SourceConfig]:
    """Build a SourceConfig for a file source; ``kind`` picks the file connector."""

    def build(kind: str = "survey", **fields: Any) -> SourceConfig:
        fields.setdefault("name", f"test_{kind}")
        fields.setdefault("connector", CONNECTORS[kind])
        return SourceConfig(kind=kind, **fields)

    return build
