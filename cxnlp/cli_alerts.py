"""``cxnlp intraday`` (one intraday cycle by hand) and ``cxnlp alerts list|test``.

Wired into the main command by ``register_alerts_commands(app)``.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cxnlp.errors import CxnlpError

console = Console(stderr=True)
out = Console()

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML config (default configs/default.yaml).")
]


def register_alerts_commands(app: typer.Typer) -> None:
    """Add ``intraday`` and the ``alerts`` command group to ``app``."""
    app.command("intraday")(intraday_command)
    group = typer.Typer(no_args_is_help=True, help="Alerts: what was sent, and a test message.")
    group.command("list")(list_command)
    group.command("test")(test_command)
    app.add_typer(group, name="alerts")


def _settings(config: Path | None) -> Any:
    from cxnlp.config import load_config

    try:
        return load_config(config)
    except CxnlpError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None


def intraday_command(
    config: ConfigOpt = None,
    as_of: Annotated[str | None, typer.Option(help="Reference time (ISO); default now.")] = None,
    prefect: Annotated[
        bool, typer.Option("--prefect/--no-prefect", help="Run as a Prefect flow.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run one intraday cycle: new rows, classified, placed in the topics, hot alerts.

    Exits 0 when the cycle ran, 4 when it skipped because a night holds the store.
    """
    from cxnlp.logs import configure_logging

    configure_logging(logging.DEBUG if verbose else logging.INFO)
    when = None
    if as_of:
        try:
            when = datetime.fromisoformat(as_of)
        except ValueError:
            raise typer.BadParameter(f"--as-of {as_of!r}: use an ISO time") from None
    settings = _settings(config)
    try:
        if prefect:
            from flows.intraday import intraday

            result = intraday(config_path=str(config) if config else None, as_of=when)
        else:
            from cxnlp.alerts.intraday import run_intraday_cycle

            result = run_intraday_cycle(settings, as_of=when)
    except CxnlpError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        out.print_json(json.dumps(result, default=str))
    elif result.get("status") == "skipped":
        out.print(f"ciclo omitido: {result.get('reason')}")
    else:
        out.print(
            f"ciclo {result['cycle_id']}: {result['loaded']} filas nuevas, "
            f"{result['classified']} clasificadas, {result['placed']} asignadas a un tema, "
            f"{result['alerts']} alertas ({result['sent']} enviadas, {result['failed']} fallidas, "
            f"{result['suppressed']} omitidas) en {result['seconds']:.1f} s"
        )
    if result.get("status") == "skipped":
        raise typer.Exit(4)


def list_command(
    config: ConfigOpt = None,
    days: Annotated[int, typer.Option(help="How many days back.")] = 7,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the alerts logged in the store (every receiver's attempt), newest first."""
    from cxnlp.alerts.log import read_alerts
    from cxnlp.status import open_reader

    settings = _settings(config)
    try:
        with open_reader(settings, notify=console.print) as store:  # live, or the last copy
            frame = read_alerts(store, since=datetime.utcnow() - timedelta(days=days))
    except CxnlpError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None
    if as_json:
        out.print_json(json.dumps(frame.to_dict("records"), default=str))
        return
    table = Table(title=f"Alertas de los últimos {days} días")
    for column in ("fecha", "tipo", "asunto", "destinatario", "estado", "intentos", "error"):
        table.add_column(column)
    for row in frame.itertuples(index=False):
        table.add_row(
            f"{row.created_at:%Y-%m-%d %H:%M}",
            str(row.kind),
            str(row.title),
            str(row.target or "—"),
            str(row.status),
            str(row.attempts),
            str(row.error or ""),
        )
    out.print(table)


def test_command(config: ConfigOpt = None) -> None:
    """Send a test message to every configured receiver and say which got it.

    Exits 1 when a receiver failed (after its retries), 2 when none is configured.
    """
    from cxnlp.alerts.send import send_test

    settings = _settings(config)
    if not settings.alerts.targets:
        console.print("[bold red]error:[/] no alert targets in the config (alerts.targets)")
        raise typer.Exit(2)
    try:
        from flows.intraday import register

        register()  # block: targets send through Prefect blocks
    except ImportError:  # pragma: no cover - Prefect is a dependency
        pass
    failed = 0
    for result in send_test(settings.alerts):
        if result["sent"]:
            out.print(f"{result['target']}: enviado")
        else:
            failed += 1
            out.print(
                f"{result['target']}: FALLÓ tras {result['attempts']} intentos: {result['error']}"
            )
    if failed:
        raise typer.Exit(1)
