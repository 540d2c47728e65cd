"""A real night runs in one process while another reads the store throughout (issue 22).

Every read (`cxnlp status`, the analysis API the notebooks use, `cxnlp report`)
must complete, from the live store or from the copy of the last finished run,
and after the night the reader must see the new run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_helpers import REPO, use_fast_models, write_small_setup
from typer.testing import CliRunner

from cxnlp.cli import app

pytestmark = pytest.mark.slow

runner = CliRunner()
COPY_LINE = "leyendo la copia de la última ejecución terminada"


def _night(config: Path, as_of: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.update({"PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    cmd = [sys.executable, "-m", "cxnlp", "run", "--no-prefect", "-c", str(config)]
    return subprocess.Popen(
        [*cmd, "--as-of", as_of],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finished(proc: subprocess.Popen[str]) -> str:
    out, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, out[-3000:]
    return out


def _latest_run(config: Path) -> dict[str, object]:
    result = runner.invoke(app, ["status", "--config", str(config), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    start = result.stdout.index("[")
    runs = json.loads(result.stdout[start:])
    return runs[0] if runs else {}


def test_reads_from_a_second_process_complete_throughout_a_night(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from cxnlp.analysis import load_run

    config = use_fast_models(
        write_small_setup(
            tmp_path, days=12, surveys_per_day=15, social_per_day=8, tickets_per_day=4
        ),
        topics={"min_topic_size": 10},
    )
    _finished(_night(config, "2026-11-22T03:00:00"))
    first = _latest_run(config)
    assert first["status"] == "completed"

    night = _night(config, "2026-11-23T03:00:00")
    reads: list[tuple[str, bool]] = []  # (what, read the copy)
    analysed: list[tuple[str, bool]] = []  # (run id the analysis API returned, read the copy)
    while night.poll() is None:
        caplog.clear()
        status = runner.invoke(app, ["status", "--config", str(config)])
        assert status.exit_code == 0, status.output
        reads.append(("status", COPY_LINE in status.output))

        data = load_run(config)
        analysed.append((str(data.run["run_id"]), COPY_LINE in caplog.text))
        reads.append(("analysis", analysed[-1][1]))

        report = runner.invoke(app, ["report", "--config", str(config)])
        assert report.exit_code == 0, report.output
        assert "report:" in report.output
        reads.append(("report", COPY_LINE in report.output))
    out = _finished(night)

    # the night held the store long enough for every kind of read to meet it
    from_copy = {what for what, copy in reads if copy}
    assert from_copy == {"status", "analysis", "report"}, (reads, out[-2000:])
    second = _latest_run(config)
    assert second["run_id"] != first["run_id"] and second["run_id"] in out
    assert second["status"] == "completed"
    # the copy always holds the last finished run; the live store, the night once it ended
    assert {rid for rid, copy in analysed if copy} == {first["run_id"]}
    assert {rid for rid, _ in analysed} <= {first["run_id"], second["run_id"]}
    caplog.clear()
    assert load_run(config).run["run_id"] == second["run_id"]
    assert COPY_LINE not in caplog.text  # the night is over: the live store again
