"""cxnlp's log lines are redacted and printed once, with and without Prefect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

PLAIN = """
import logging
from cxnlp.logs import configure_logging
configure_logging()
logging.getLogger("cxnlp.demo").info("llamar a ana.lopez@example.com al 612 345 678")
"""

IN_FLOW = """
import logging
from prefect import flow
from cxnlp.logs import configure_logging
configure_logging()

@flow
def one_line():
    logging.getLogger("cxnlp.demo").info("llamar a ana.lopez@example.com al 612 345 678")

one_line()
"""


def _stderr_of(code: str, tmp_path: Path) -> str:
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), DO_NOT_TRACK="1")
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "llamar a" in line]


def test_plain_run_prints_one_redacted_line(tmp_path: Path) -> None:
    lines = _lines(_stderr_of(PLAIN, tmp_path))
    assert len(lines) == 1, lines
    assert "ana.lopez" not in lines[0] and "345 678" not in lines[0]
    assert "[EMAIL]" in lines[0]


@pytest.mark.slow
def test_inside_a_prefect_flow_the_line_is_printed_once_and_redacted(tmp_path: Path) -> None:
    lines = _lines(_stderr_of(IN_FLOW, tmp_path))
    assert len(lines) == 1, lines  # Prefect's console handler prints it; ours stays quiet
    assert "ana.lopez" not in lines[0] and "345 678" not in lines[0]
