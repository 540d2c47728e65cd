"""The nightly deployment served on a local Prefect server, triggered through the API."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from e2e_helpers import write_small_setup

from flows.serve import free_port, server_env, start_local_server, stop_process, wait_healthy

pytestmark = pytest.mark.slow


def test_served_deployment_runs_and_writes_store(tmp_path: Path) -> None:
    config = write_small_setup(
        tmp_path, days=20, surveys_per_day=25, social_per_day=10, tickets_per_day=8
    )
    home = tmp_path / "prefect-home"
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    server = start_local_server(port, home=home, log_path=tmp_path / "server.log")
    served = None
    try:
        wait_healthy(api_url, timeout_s=180, proc=server)
        env = server_env(api_url=api_url, home=home)
        env["CXNLP_CONFIG"] = str(config)
        code = (
            "from flows.nightly import nightly\n"
            "nightly.serve(name='cxnlp-test', cron='0 3 * * *', "
            f"parameters={{'config_path': {str(config)!r}, 'as_of': '2026-11-22T00:00:00'}})\n"
        )
        served = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            stdout=open(tmp_path / "serve.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # Prefect has read its settings at import (other tests import it first), so
        # an os.environ change would be ignored and the client would talk to an
        # ephemeral server of its own; the URL goes through Prefect's settings.
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            state = asyncio.run(_trigger(tmp_path))
        logs = (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
        assert state == "COMPLETED", f"flow run ended {state}; serve log:\n{logs}"
    finally:
        if served is not None:
            stop_process(served)
        stop_process(server)

    from cxnlp.store import Store

    with Store(tmp_path / "var" / "cxnlp.duckdb", read_only=True) as store:
        runs = store.runs()
        assert runs["status"].tolist()[0] == "completed"
        assert store.count("feedback") > 500


async def _trigger(tmp_path: Path) -> str:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    async with get_client() as client:
        deadline = datetime.now().timestamp() + 420  # slow when the machine is loaded
        while True:  # the served process registers the deployment after start-up
            try:
                await client.read_deployment_by_name("cxnlp-nightly/cxnlp-test")
                break
            except Exception:
                if datetime.now().timestamp() > deadline:
                    raise
                await asyncio.sleep(1)
    flow_run = await run_deployment("cxnlp-nightly/cxnlp-test", timeout=1200, poll_interval=3)
    return str(flow_run.state.type.value if flow_run.state else None)
