"""The ``cxnlp`` command.

cxnlp demo-data            write the bundled sample exports under var/sample
cxnlp run                  run the nightly flow once (Prefect, ephemeral API)
cxnlp demo                 demo-data + run, then print where the outputs are
cxnlp serve                start a local Prefect server and serve the nightly schedule
cxnlp status               the latest runs and their counts
cxnlp report RUN_ID        re-render the reports of a past run from the store
cxnlp quarantine           rows that were rejected, with their reasons
cxnlp train/evaluate/predict   sentiment and emotion models
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cxnlp.errors import CxnlpError

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect gives its ephemeral server 20 s to start; a busy 2-core machine needs more
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Spanish customer-feedback mining."
)
console = Console(stderr=True)
out = Console()

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML config (default configs/default.yaml).")
]


def _setup_logging(verbose: bool) -> None:
    from cxnlp.logs import configure_logging

    configure_logging(logging.DEBUG if verbose else logging.INFO)


def _fail(exc: Exception) -> None:
    console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(2)


def _settings(config: Path | None) -> Any:
    from cxnlp.config import load_config

    return load_config(config)


def _parse_as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"--as-of {value!r}: use ISO format, e.g. 2026-11-22T03:00"
        ) from None


class _Bars:
    """Rich progress bars keyed by step name."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.progress.add_task(step, total=max(total, 1))
        self.progress.update(self.tasks[step], completed=done, total=max(total, 1))


@app.command("demo-data")
def demo_data(
    config: ConfigOpt = None,
    out_dir: Annotated[
        Path | None, typer.Option(help="Where to write (default sample.dir).")
    ] = None,
    days: Annotated[int | None, typer.Option(help="Days of data.")] = None,
    end_date: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
) -> None:
    """Generate the bundled Spanish sample exports (surveys, social, tickets, truth)."""
    from datetime import date

    from cxnlp.sampledata import generate_sample

    settings = _settings(config)
    target = out_dir or settings.resolve(settings.sample.dir)
    kwargs: dict[str, Any] = {"seed": settings.sample.seed, "days": days or settings.sample.days}
    if end_date:
        kwargs["end_date"] = date.fromisoformat(end_date)
    with console.status("generating sample data"):
        manifest = generate_sample(target, **kwargs)
    out.print(f"sample data written to {target}")
    for key, value in manifest.counts.items():
        out.print(f"  {key}: {value:,} rows")


def _run(config: Path | None, as_of: datetime | None, use_prefect: bool) -> dict[str, Any]:
    settings = _settings(config)
    if use_prefect:
        from flows.nightly import nightly

        with console.status("running the nightly flow (progress in the log)"):
            return nightly(config_path=str(config) if config else None, as_of=as_of)
    from cxnlp.pipeline import run_pipeline

    columns = (
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        summary = run_pipeline(settings, as_of=as_of, progress=_Bars(progress))
    return {"run_id": summary.run_id, "status": summary.status, "outputs": summary.outputs}


@app.command("run")
def run(
    config: ConfigOpt = None,
    as_of: Annotated[str | None, typer.Option(help="Reference time (ISO); default now.")] = None,
    prefect: Annotated[
        bool, typer.Option("--prefect/--no-prefect", help="Run as a Prefect flow.")
    ] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Run the nightly pipeline once."""
    _setup_logging(verbose)
    try:
        result = _run(config, _parse_as_of(as_of), prefect)
    except CxnlpError as exc:
        _fail(exc)
        return
    _print_outputs(result)


@app.command("demo")
def demo(
    config: ConfigOpt = None,
    prefect: Annotated[bool, typer.Option("--prefect/--no-prefect")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Generate the sample data, run the nightly flow on it, print the outputs."""
    _setup_logging(verbose)
    try:
        demo_data(config=config, out_dir=None, days=None, end_date=None)
        result = _run(config, None, prefect)
    except CxnlpError as exc:
        _fail(exc)
        return
    _print_outputs(result)


def _print_outputs(result: dict[str, Any]) -> None:
    out.print(f"run {result['run_id']}: {result['status']}")
    outputs = result.get("outputs") or {}
    for key in sorted(outputs):
        out.print(f"  {key:>14}: {outputs[key]}")


@app.command("status")
def status(
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option(help="How many runs.")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the latest runs, their status and counts."""
    from cxnlp.store import Store

    settings = _settings(config)
    path = settings.resolve(settings.store.path)
    if not path.exists():
        out.print(f"no store yet at {path}; run `cxnlp demo` or `cxnlp run` first")
        return
    with Store(path, read_only=True) as store:
        runs = store.runs(limit)
        feedback = store.count("feedback")
        quarantine = store.count("quarantine")
    if as_json:
        out.print_json(runs.to_json(orient="records", date_format="iso"))
        return
    table = Table(title=f"{path}: {feedback:,} feedback rows, {quarantine:,} quarantined")
    for col in (
        "run",
        "started",
        "status",
        "loaded",
        "rejected",
        "classified",
        "topics",
        "drivers",
        "seconds",
    ):
        table.add_column(col)
    for _, row in runs.iterrows():
        counts = json.loads(row["counts"]) if isinstance(row["counts"], str) else {}
        secs = sum(float(v.get("seconds", 0)) for v in counts.values() if isinstance(v, dict))
        table.add_row(
            str(row["run_id"]),
            f"{row['started_at']:%Y-%m-%d %H:%M}",
            str(row["status"]),
            str(counts.get("ingest", {}).get("loaded", "")),
            str(counts.get("ingest", {}).get("rejected", "")),
            str(counts.get("enrich", {}).get("classified", "")),
            str(counts.get("topics", {}).get("topics", "")),
            str(counts.get("drivers", {}).get("drivers", "")),
            f"{secs:.0f}",
        )
    out.print(table)


@app.command("quarantine")
def quarantine(
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option()] = 50,
) -> None:
    """List rejected rows with file, row, field and reason."""
    from cxnlp.store import Store

    settings = _settings(config)
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        rows = store.con.execute(
            "SELECT source, file, row_number, field, reason FROM quarantine "
            "ORDER BY quarantined_at DESC, source, row_number LIMIT ?",
            [limit],
        ).df()
    table = Table(title="quarantine")
    for col in rows.columns:
        table.add_column(col)
    for _, row in rows.iterrows():
        table.add_row(*[str(v) for v in row.tolist()])
    out.print(table)


@app.command("report")
def report(
    run_id: Annotated[
        str | None, typer.Argument(help="Run id (default: latest completed).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render the analyst report and social review of a past run from the store."""
    from cxnlp.report_step import render_run_reports
    from cxnlp.store import Store

    settings = _settings(config)
    try:
        with Store(settings.resolve(settings.store.path)) as store:
            rid = run_id or store.last_successful_run()
            if rid is None:
                raise CxnlpError("no completed run in the store; run `cxnlp run` first")
            paths = render_run_reports(store, settings, rid)
    except CxnlpError as exc:
        _fail(exc)
        return
    for key, value in paths.items():
        out.print(f"{key}: {value}")


@app.command("serve")
def serve(
    config: ConfigOpt = None,
    port: Annotated[int, typer.Option(help="Port of the local Prefect server.")] = 4200,
    external: Annotated[
        bool, typer.Option("--external", help="Use PREFECT_API_URL instead of starting a server.")
    ] = False,
) -> None:
    """Start a local Prefect server on 127.0.0.1 and serve the nightly deployment on its cron."""
    from flows.serve import serve_nightly

    settings = _settings(config)
    try:
        serve_nightly(
            settings,
            config_path=str(config) if config else None,
            port=port,
            start_server=not external,
        )
    except CxnlpError as exc:
        _fail(exc)


def _register_plugins() -> None:
    try:
        from cxnlp.nlp.commands import register_commands
    except ImportError as exc:  # pragma: no cover - only while a backend is missing
        logging.getLogger(__name__).debug("model commands unavailable: %s", exc)
        return
    register_commands(app)


_register_plugins()


def main() -> None:  # pragma: no cover
    """Entry point for ``python -m cxnlp``."""
    try:
        app()
    except CxnlpError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(2)
