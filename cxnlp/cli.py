"""The ``cxnlp`` command.

cxnlp demo-data            write the bundled sample exports under var/sample
cxnlp run                  run the nightly flow once (Prefect, ephemeral API)
cxnlp demo                 demo-data + run, then print where the outputs are
cxnlp serve                start a local Prefect server and serve the nightly schedule
cxnlp status               the latest runs and their counts
cxnlp quarantine | report | backlog | callbacks   what runs hand to people (cli_outputs.py)
cxnlp sources ...          watermarks and quarantine replays (cli_sources.py)
cxnlp train/evaluate/predict   sentiment and emotion models
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cxnlp.errors import CxnlpError
from cxnlp.offline import set_offline_defaults

set_offline_defaults()

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


def _fail(exc: Exception) -> NoReturn:
    console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(2)


def _settings(config: Path | None) -> Any:
    """The settings, or one line naming the bad file or key and exit code 2."""
    from cxnlp.config import load_config

    try:
        return load_config(config)
    except CxnlpError as exc:
        _fail(exc)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            out.print(f"cxnlp {version('cxnlp')}")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            out.print("cxnlp (not installed)")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Spanish customer-feedback mining."""


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
    end_date: Annotated[
        str | None, typer.Option(help="Last day, YYYY-MM-DD (default: yesterday, UTC).")
    ] = None,
) -> None:
    """Generate the bundled Spanish sample exports (surveys, social, tickets, truth).

    The sample ends on ``--end-date`` (default yesterday) and its story (trends,
    the cause that emerged 13 days before the end) is placed relative to that end,
    so the demo tells the same story on any day.
    """
    from datetime import date, timedelta

    from cxnlp.sampledata import generate_sample

    settings = _settings(config)
    target = out_dir or settings.resolve(settings.sample.dir)
    if end_date:
        try:
            last = date.fromisoformat(end_date)
        except ValueError:
            raise typer.BadParameter(f"--end-date {end_date!r}: use YYYY-MM-DD") from None
    else:
        last = datetime.utcnow().date() - timedelta(days=1)
    kwargs: dict[str, Any] = {
        "seed": settings.sample.seed,
        "days": days or settings.sample.days,
        "end_date": last,
        "story_end": last,
    }
    with console.status("generating sample data"):
        manifest = generate_sample(target, **kwargs)
    out.print(f"sample data written to {target} ({manifest.start_date} to {manifest.end_date})")
    for key, value in manifest.counts.items():
        out.print(f"  {key}: {value:,} rows")


def _run(config: Path | None, as_of: datetime | None, use_prefect: bool) -> dict[str, Any]:
    settings = _settings(config)
    if use_prefect:
        from flows.nightly import nightly

        with console.status("running the nightly flow (progress in the log)"):
            state_data = nightly(config_path=str(config) if config else None, as_of=as_of)
        return cast(dict[str, Any], state_data)
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
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Run as of this time (ISO); the sample ends the day before. Default now."
        ),
    ] = None,
    prefect: Annotated[bool, typer.Option("--prefect/--no-prefect")] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Generate the sample data, run the nightly flow on it, print the outputs."""
    from datetime import timedelta

    _setup_logging(verbose)
    when = _parse_as_of(as_of)
    last = ((when or datetime.utcnow()) - timedelta(days=1)).date()
    try:
        demo_data(config=config, out_dir=None, days=None, end_date=last.isoformat())
        result = _run(config, when, prefect)
    except CxnlpError as exc:
        _fail(exc)
        return
    _print_outputs(result)


def _print_outputs(result: dict[str, Any]) -> None:
    out.print(f"run {result['run_id']}: {result['status']}")
    outputs = result.get("outputs") or {}
    for key in sorted(outputs):
        out.print(f"  {key:>14}: {outputs[key]}")
    if result.get("status") == "completed_with_errors":
        console.print(
            "[bold yellow]warning:[/] a source failed or came empty tonight; "
            "see `cxnlp status` and the top of the report"
        )
        raise typer.Exit(3)


@app.command("status")
def status(
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option(help="How many runs.")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the latest runs: status, as-of, counts, seconds, and what went wrong."""
    from cxnlp.status import read_status
    from cxnlp.store.open import store_exists, store_label, store_location

    settings = _settings(config)
    try:
        path = store_label(location := store_location(settings))  # never a URL's password
    except CxnlpError as exc:
        _fail(exc)
        return
    if not store_exists(location):
        out.print(f"no store yet at {path}; run `cxnlp demo` or `cxnlp run` first")
        return
    try:  # the live store, or while a run writes the copy of the last finished run
        runs, feedback, quarantined, note = read_status(settings, limit, notify=console.print)
    except CxnlpError as exc:
        _fail(exc)
        return
    if as_json:
        out.print_json(runs.to_json(orient="records", date_format="iso"))
        return
    # the header on its own line, never wrapped into the table's width (a long store path
    # would cut "store busy ... copy of the run finished" in two)
    out.print(
        f"{path}: {feedback:,} feedback rows, {quarantined:,} quarantined{note}", soft_wrap=True
    )
    table = Table()
    for col in (
        "run", "started", "as of", "status", "loaded", "rejected", "classified", "topics",
        "drivers", "seconds", "notes",
    ):  # fmt: skip
        table.add_column(col)
    for _, row in runs.iterrows():
        counts = json.loads(row["counts"]) if isinstance(row["counts"], str) else {}
        table.add_row(
            str(row["run_id"]),
            _when(row.get("started_at")),
            _when(row.get("as_of")),
            str(row["status"]),
            str(counts.get("ingest", {}).get("loaded", "")),
            str(counts.get("ingest", {}).get("rejected", "")),
            str(counts.get("enrich", {}).get("classified", "")),
            str(counts.get("topics", {}).get("topics", "")),
            str(counts.get("drivers", {}).get("drivers", "")),
            _seconds(row.get("started_at"), row.get("finished_at")),
            _notes(row, counts),
        )
    out.print(table)


def _when(value: Any) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


def _seconds(started: Any, finished: Any) -> str:
    import pandas as pd

    if started is None or finished is None or pd.isna(started) or pd.isna(finished):
        return ""
    return f"{(pd.Timestamp(finished) - pd.Timestamp(started)).total_seconds():.0f}"


def _notes(row: Any, counts: dict[str, Any]) -> str:
    """What a person should know about a run, in a few words."""
    from cxnlp.text import redact_pii

    notes: list[str] = []
    error = row.get("error")
    if isinstance(error, str) and error:
        notes.append(redact_pii(error)[:160])
    ingest = counts.get("ingest") or {}
    if ingest.get("failed_sources"):
        notes.append("failed: " + ", ".join(ingest["failed_sources"]))
    if ingest.get("empty_sources"):
        notes.append("empty: " + ", ".join(ingest["empty_sources"]))
    for name, last in sorted((ingest.get("silent_sources") or {}).items()):
        notes.append(f"{name} silent since {last}" if last else f"{name} never delivered")
    for step, result in counts.items():
        if isinstance(result, dict) and result.get("status") == "skipped":
            notes.append(f"{step} skipped")
    return "; ".join(notes)


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
    from cxnlp.cli_alerts import register_alerts_commands
    from cxnlp.cli_labels import register_labels_commands
    from cxnlp.cli_models import register_models_commands
    from cxnlp.cli_outputs import register_output_commands
    from cxnlp.cli_sources import register_source_commands
    from cxnlp.cli_store import register_store_commands
    from cxnlp.cli_themes import register_themes_commands

    register_alerts_commands(app)
    register_output_commands(app)
    register_source_commands(app)
    register_store_commands(app)
    register_labels_commands(app)
    register_models_commands(app)
    register_themes_commands(app)
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
