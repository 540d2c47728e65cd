"""Serve the nightly deployment (and the intraday one) on their crons, with a local Prefect server.

``cxnlp serve`` starts ``prefect server start --host 127.0.0.1`` as a child
process, waits for its health check, then serves the ``cxnlp-nightly``
deployment (and ``cxnlp-intraday`` when ``schedule.intraday_cron`` is set; both crons in
``schedule.timezone``) until interrupted; the server stops with
it. ``cxnlp serve --external`` skips the server and registers with whatever
``PREFECT_API_URL`` points at (an existing server or Prefect Cloud).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from cxnlp.config import Settings
from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(api_url: str | None = None, home: Path | None = None) -> dict[str, str]:
    """Environment for Prefect processes: telemetry off, optional API URL and home."""
    env = dict(os.environ)
    env["DO_NOT_TRACK"] = "1"
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    return env


def start_local_server(
    port: int, *, home: Path | None = None, log_path: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start ``prefect server start`` on 127.0.0.1:port (returns at once)."""
    cmd = [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    sink = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    env = server_env(home=home)
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        cmd, stdout=sink, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def wait_healthy(
    api_url: str, timeout_s: float = 120.0, proc: subprocess.Popen[bytes] | None = None
) -> None:
    """Wait until ``{api_url}/health`` answers.

    Raises:
        CxnlpError: if the server exits or does not answer in time.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise CxnlpError(
                f"the Prefect server exited with code {proc.returncode} before answering"
            )
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise CxnlpError(f"the Prefect server at {api_url} did not answer within {timeout_s:.0f} s")


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 20.0) -> None:
    """Terminate a child process group, killing it if it does not stop in time."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, 15)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait(5)


def serve_nightly(
    settings: Settings, *, config_path: str | None, port: int = 4200, start_server: bool = True
) -> None:
    """Serve the nightly deployment on ``schedule.cron`` until interrupted."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = None
    api_url = PREFECT_API_URL.value()
    if start_server:
        api_url = f"http://127.0.0.1:{port}/api"
        server = start_local_server(port)
        wait_healthy(api_url, proc=server)
        log.info("Prefect server on %s (UI at http://127.0.0.1:%d)", api_url, port)
    elif not api_url:
        raise CxnlpError("--external needs PREFECT_API_URL pointing at a Prefect server")
    from prefect import serve

    # Prefect reads its settings once, at import; setting os.environ now would be
    # ignored, so the URL goes through its own settings context.
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            serve(*deployments(settings, config_path))
    finally:
        if server is not None:
            stop_process(server)


def deployments(settings: Settings, config_path: str | None) -> list[Any]:
    """The nightly deployment and, when ``schedule.intraday_cron`` is set, the intraday one.

    Both crons are read in ``schedule.timezone`` (the intraday one is usually office
    hours, "*/15 8-20 * * *").
    """
    from prefect.schedules import Cron

    from flows.nightly import nightly

    parameters = {"config_path": config_path}
    timezone = settings.schedule.timezone
    found = [
        nightly.to_deployment(
            name=settings.schedule.deployment_name,
            schedule=Cron(settings.schedule.cron, timezone=timezone),
            parameters=parameters,
        )
    ]
    if settings.schedule.intraday_cron:
        from flows.intraday import intraday

        found.append(
            intraday.to_deployment(
                name=settings.schedule.intraday_deployment_name,
                schedule=Cron(settings.schedule.intraday_cron, timezone=timezone),
                parameters=parameters,
            )
        )
    return found
