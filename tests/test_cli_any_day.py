"""The commands a user types, on any day: the demo with a moved clock, status, report.

``test_demo_far_in_the_future`` runs the first README command's job (`cxnlp
demo`, through Prefect) on a fresh folder with the clock moved 400 days ahead
of today, so at least 400 days after any date written in the code; the rest
checks the read commands' rough edges.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_helpers import REPO, use_fast_models, write_small_setup
from typer.testing import CliRunner

from cxnlp.cli import app

END = date(2026, 11, 21)
runner = CliRunner()


def _fresh_demo_config(root: Path, days: int = 45) -> Path:
    """The default config with every path under ``root`` and the fast models."""
    config = yaml.safe_load((REPO / "configs" / "default.yaml").read_text(encoding="utf-8"))
    config["root"] = str(root)
    config["sample"]["days"] = days
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return use_fast_models(path, topics={"min_topic_size": 20})


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "HF_HUB_OFFLINE": "1",
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PYTHONPATH": str(REPO),
            "COLUMNS": "200",
        }
    )
    return env


@pytest.mark.slow
@pytest.mark.parametrize("store_kind", ["duckdb", "postgres"])
def test_demo_far_in_the_future(
    tmp_path: Path, store_kind: str, request: pytest.FixtureRequest
) -> None:
    """`cxnlp demo` through Prefect, 400 days from today, on a folder with nothing in it,
    with the store in a DuckDB file, then in a PostgreSQL database (store.url_env)."""
    config = _fresh_demo_config(tmp_path)
    env = _env()
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    if store_kind == "postgres":
        doc = yaml.safe_load(config.read_text(encoding="utf-8"))
        doc["store"]["url_env"] = "CX_DEMO_PG_URL"
        config.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        env["CX_DEMO_PG_URL"] = request.getfixturevalue("fresh_pg_url")
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "demo_at.py"), "--days-ahead", "400", "--"]
        + ["demo", "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        timeout=1500,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    future = date.today() + timedelta(days=400)
    assert f"to {future - timedelta(days=1)}" in proc.stdout  # the sample ends yesterday
    assert ": completed" in proc.stdout
    runs = tmp_path / "var" / "reports"
    run_dirs = [p for p in runs.iterdir() if p.name != "latest"]
    assert len(run_dirs) == 1 and run_dirs[0].name.startswith(f"{future:%Y%m%d}")
    report = (run_dirs[0] / "report.html").read_text(encoding="utf-8")
    assert "sin datos nuevos" not in report  # the data is fresh: no silent source
    backlog = json.loads((tmp_path / "var" / "exports" / "latest" / "backlog.json").read_text())
    items = backlog["items"] if isinstance(backlog, dict) else backlog
    assert items, "the backlog of a fresh demo is empty"
    # the emerging cause is flagged as emerging, as on the day the sample was written
    from cxnlp.config import load_config
    from cxnlp.store.open import open_store, store_location

    settings = load_config(config, environ={})
    if store_kind == "postgres":
        location = env["CX_DEMO_PG_URL"]
        assert not (tmp_path / "var" / "cxnlp.duckdb").exists()  # nothing went to a file
    else:
        location = store_location(settings)
    with open_store(settings, read_only=True, location=location) as store:
        run_id = store.last_successful_run()
        assert run_id is not None
        drivers = store.read_run_frame("drivers", run_id)
        as_of = store.get_run(run_id)["as_of"]  # type: ignore[index]
    assert drivers["emerging"].fillna(False).astype(bool).any(), drivers[["label", "emerging"]]
    assert abs((as_of.date() - future).days) <= 1


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("cxnlp ")


@pytest.mark.parametrize("command", ["status", "quarantine", "report", "run", "demo-data"])
def test_a_bad_config_is_one_line_naming_the_file(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  window_days: -3\n", encoding="utf-8")
    result = runner.invoke(app, [command, "--config", str(bad)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    text = result.output.strip()
    assert str(bad) in text.replace("\n", "") and "window_days" in text


def _small_run(tmp_path: Path, *, break_social: bool = False) -> tuple[Path, Any]:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    config = use_fast_models(
        write_small_setup(
            tmp_path, days=20, end_date=END, surveys_per_day=15, social_per_day=8, tickets_per_day=4
        ),
        topics={"min_topic_size": 10},
    )
    if break_social:
        (tmp_path / "sample" / "social.jsonl").unlink()
    return config, run_pipeline(load_config(config), as_of=datetime(2026, 11, 22, 3))


@pytest.mark.slow
def test_status_shows_as_of_seconds_and_what_went_wrong(tmp_path: Path) -> None:
    config, summary = _small_run(tmp_path, break_social=True)
    assert summary.status == "completed_with_errors"
    result = runner.invoke(app, ["status", "--config", str(config)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if summary.run_id in x)
    assert "completed_with_errors" in line
    assert "2026-11-22 03:00" in line  # as of
    assert "failed: social" in line
    cells = [c.strip() for c in line.split("│")]
    seconds = cells[cells.index("completed_with_errors") + 6]
    assert seconds.isdigit() and int(seconds) > 0, cells


@pytest.mark.slow
def test_the_cli_exits_3_when_a_source_failed(tmp_path: Path) -> None:
    config = use_fast_models(
        write_small_setup(
            tmp_path, days=10, end_date=END, surveys_per_day=10, social_per_day=5, tickets_per_day=3
        ),
        topics={"min_topic_size": 10},
    )
    (tmp_path / "sample" / "tickets.csv").unlink()
    result = runner.invoke(
        app, ["run", "--no-prefect", "--config", str(config), "--as-of", "2026-11-22T03:00"]
    )
    assert result.exit_code == 3, result.output
    assert "completed_with_errors" in result.output


@pytest.mark.slow
def test_the_prefect_flow_state_says_completed_with_errors(tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.nightly import nightly

    config = use_fast_models(
        write_small_setup(
            tmp_path, days=10, end_date=END, surveys_per_day=10, social_per_day=5, tickets_per_day=3
        ),
        topics={"min_topic_size": 10},
    )
    (tmp_path / "sample" / "tickets.csv").write_text("ticket_id,opened_at\n", encoding="utf-8")
    with prefect_test_harness(server_startup_timeout=180):
        state = nightly(config_path=str(config), as_of=datetime(2026, 11, 22, 3), return_state=True)
    assert state.is_completed()
    assert state.name == "CompletedWithErrors"
    assert "tickets" in (state.message or "")
    result = state.result()
    assert result["status"] == "completed_with_errors"


@pytest.mark.slow
def test_status_reads_the_snapshot_while_a_run_holds_the_store(tmp_path: Path) -> None:
    config, summary = _small_run(tmp_path)
    db = tmp_path / "var" / "cxnlp.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom cxnlp.store import Store\n"
            f"s = Store({str(db)!r})\nprint('held', flush=True)\ntime.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = runner.invoke(app, ["status", "--config", str(config)], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        assert "store busy" in result.output and "copy of the run finished" in result.output
        assert summary.run_id in result.output
        assert time.monotonic() - started < 60
        # the other read commands read the copy the run left, and say so (issue 22)
        result = runner.invoke(app, ["quarantine", "--config", str(config)])
        assert result.exit_code == 0, result.output
        assert "leyendo la copia de la última ejecución terminada" in result.output
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_report_of_a_failed_run_says_so(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.store import Store

    config, summary = _small_run(tmp_path)
    settings = load_config(config)
    with Store(settings.resolve(settings.store.path)) as store:
        store.update_run(summary.run_id, status="failed", error="RuntimeError: disk full")
    result = runner.invoke(app, ["report", summary.run_id, "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "failed" in result.output
    page = Path(settings.resolve(settings.output.reports_dir)) / summary.run_id / "report.html"
    assert "Esta ejecución falló (RuntimeError: disk full)" in page.read_text(encoding="utf-8")
