"""Commands about what a run hands to people: the report, the backlog, the call-back list.

cxnlp quarantine                 rows that were rejected, with their reasons
cxnlp report [RUN_ID]            re-render the analyst report and social review of a run
cxnlp backlog link FILE          remember item -> Jira issue from Jira's own CSV export
cxnlp backlog links              the links remembered
cxnlp callbacks import FILE      store the outcomes of a filled call-back sheet
cxnlp callbacks stats            closure rate and median time to call back

Wired into the main command by ``register_output_commands(app)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cxnlp.errors import CxnlpError

console = Console(stderr=True)
out = Console()

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML config (default configs/default.yaml).")
]
FileArg = Annotated[Path, typer.Argument(help="The file to read.")]


def register_output_commands(app: typer.Typer) -> None:
    """Add ``quarantine``, ``report`` and the ``backlog`` and ``callbacks`` groups to ``app``."""
    app.command("quarantine")(quarantine_command)
    app.command("report")(report_command)
    backlog = typer.Typer(
        no_args_is_help=True, help="Link backlog items to tracker issues (Jira round trip)."
    )
    backlog.command("link")(link_command)
    backlog.command("links")(links_command)
    app.add_typer(backlog, name="backlog")
    callbacks = typer.Typer(no_args_is_help=True, help="Read back the filled call-back sheet.")
    callbacks.command("import")(import_command)
    callbacks.command("stats")(stats_command)
    app.add_typer(callbacks, name="callbacks")


def _fail(exc: Exception) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    raise typer.Exit(2)


@contextmanager
def _writable_store(config: Path | None) -> Iterator[Any]:
    """The store opened for writing under the run lock: a run in progress owns it.

    Waits for a run up to ``store.lock_timeout_s``, saying so; every error is one
    line naming what is wrong, and exit code 2.
    """
    from cxnlp.config import load_config
    from cxnlp.writers import open_writer

    try:
        with open_writer(load_config(config), notify=console.print) as store:
            yield store
    except CxnlpError as exc:
        _fail(exc)


def _read(config: Path | None, read: Any) -> Any:
    """``read(store)`` on the store opened read-only (waiting a little for a run)."""
    from cxnlp.config import load_config
    from cxnlp.status import with_reader
    from cxnlp.store.open import store_exists, store_label, store_location

    try:
        settings = load_config(config)
        path = store_location(settings)
        if not store_exists(path):
            raise CxnlpError(
                f"no store yet at {store_label(path)}; run `cxnlp demo` or `cxnlp run` first"
            )
        return with_reader(path, read, notify=console.print)  # live, or the last copy
    except CxnlpError as exc:
        _fail(exc)


def quarantine_command(
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option()] = 50,
) -> None:
    """List rejected rows with file, row, field and reason."""
    from cxnlp.config import load_config
    from cxnlp.status import with_reader
    from cxnlp.store.open import store_exists, store_label, store_location

    try:
        settings = load_config(config)
        path = store_location(settings)
    except CxnlpError as exc:
        _fail(exc)
    if not store_exists(path):
        out.print(f"no store yet at {store_label(path)}; run `cxnlp demo` or `cxnlp run` first")
        return
    try:
        rows = with_reader(
            path,
            lambda s: s.con.execute(
                "SELECT source, file, row_number, field, reason FROM quarantine "
                "ORDER BY quarantined_at DESC, source, row_number LIMIT ?",
                [limit],
            ).df(),
            notify=console.print,
        )
    except CxnlpError as exc:
        _fail(exc)
    table = Table(title="quarantine")
    for col in rows.columns:
        table.add_column(col)
    for _, row in rows.iterrows():
        table.add_row(*[str(v) for v in row.tolist()])
    out.print(table)


def report_command(
    run_id: Annotated[
        str | None, typer.Argument(help="Run id (default: latest completed).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render the analyst report and social review of a past run from the store."""
    from cxnlp.config import load_config
    from cxnlp.report_step import render_run_reports
    from cxnlp.status import with_reader
    from cxnlp.store import Store
    from cxnlp.store.open import store_exists, store_label, store_location

    def render(store: Store) -> tuple[dict[str, Path], dict[str, Any]]:
        rid = run_id or store.last_successful_run()
        if rid is None:
            raise CxnlpError("no completed run in the store; run `cxnlp run` first")
        run = store.get_run(rid)
        if run is None:
            raise CxnlpError(f"run {rid!r} is not in the store {store.path}; see `cxnlp status`")
        return render_run_reports(store, settings, rid), run

    try:
        settings = load_config(config)
        path = store_location(settings)
        if not store_exists(path):
            raise CxnlpError(
                f"no store yet at {store_label(path)}; run `cxnlp demo` or `cxnlp run` first"
            )
        paths, run = with_reader(path, render, notify=console.print)  # live, or the last copy
    except CxnlpError as exc:
        _fail(exc)
        return
    if run.get("status") not in ("completed", "completed_with_errors"):
        console.print(
            f"[bold yellow]warning:[/] run {run['run_id']} {run.get('status')}"
            + (f" ({run['error']})" if run.get("error") else "")
            + ": the report shows what it stored before that, and says so at its top"
        )
    for key, value in paths.items():
        out.print(f"{key}: {value}")


def link_command(
    file: FileArg,
    config: ConfigOpt = None,
) -> None:
    """Read Jira's CSV export of the issues cxnlp created and remember item -> issue key.

    Export the issues from Jira (filter by the label cxnlp, Export > CSV) and pass the
    file here. The next Jira CSV then carries each linked issue's key in its
    ``Issue Key`` column, so Jira's importer updates those issues instead of
    creating new ones. Rows naming no item of this store, or without a valid key,
    are listed and skipped. A ``.json`` file is read as GitHub issues instead
    (``gh issue list --label cxnlp --state all --json number,body``).
    """
    from cxnlp.backlog.links import (
        known_item_ids,
        read_github_export,
        read_jira_export,
        save_links,
    )

    tracker = "github" if file.suffix.lower() == ".json" else "jira"
    reader = read_github_export if tracker == "github" else read_jira_export
    with _writable_store(config) as store:
        try:
            report = reader(file, known_item_ids(store))
        except CxnlpError as exc:
            _fail(exc)
        changed = save_links(store, report.links, tracker=tracker, source=file.name)
    name = "GitHub" if tracker == "github" else "Jira"
    out.print(
        f"{file.name}: {len(report.links)} backlog item(s) found on {name} issues, "
        f"{changed} new or changed link(s) stored; {report.not_ours} row(s) without a cxnlp "
        "label or marker left alone"
    )
    for item, key in sorted(report.links.items()):
        out.print(f"  {item} -> {key}")
    for problem in report.problems:
        console.print(f"[bold yellow]skipped:[/] {escape(problem)}")
    if tracker == "jira":
        out.print("the next `cxnlp run` writes these keys in the Issue Key column of the Jira CSV")
    else:
        out.print("the next `cxnlp run` names these issues in the Markdown bodies (backlog_md/)")


def links_command(config: ConfigOpt = None) -> None:
    """List the backlog items linked to tracker issues."""
    from cxnlp.backlog.links import links_frame

    frame = _read(config, links_frame)
    if frame.empty:
        out.print("no backlog item is linked yet; see `cxnlp backlog link --help`")
        return
    table = Table(title="backlog links")
    for column in frame.columns:
        table.add_column(column)
    for row in frame.itertuples(index=False):
        table.add_row(*["" if v is None else str(v) for v in row])
    out.print(table)


def import_command(
    file: FileArg,
    config: ConfigOpt = None,
) -> None:
    """Store the outcomes of a filled call-back sheet (callbacks.xlsx or callbacks.csv).

    Rows with an Estado are stored (a later import of the same answer replaces it);
    a row with a bad value is named (file, row, column) and skipped, the rest kept.
    """
    from cxnlp.callbacks import import_outcomes

    with _writable_store(config) as store:
        try:
            report = import_outcomes(store, file)
        except CxnlpError as exc:
            _fail(exc)
            return
    out.print(
        f"{file.name}: {report.stored} outcome(s) stored, {report.untouched} row(s) not "
        f"worked yet, {len(report.problems)} row(s) skipped"
    )
    for problem in report.problems:
        console.print(f"[bold yellow]skipped:[/] {escape(problem)}")
    if report.problems:
        raise typer.Exit(1)


def stats_command(
    config: ConfigOpt = None,
    as_of: Annotated[str | None, typer.Option(help="Up to this date (ISO); default now.")] = None,
    days: Annotated[
        int | None, typer.Option(help="Only comments of the last N days before --as-of.")
    ] = None,
) -> None:
    """Closure rate and median time to call back, from the imported outcomes."""
    from cxnlp.callbacks import callback_stats

    try:
        when = datetime.fromisoformat(as_of) if as_of else datetime.utcnow()
    except ValueError:
        raise typer.BadParameter(f"--as-of {as_of!r}: use ISO format, e.g. 2026-11-22") from None
    stats = _read(config, lambda store: callback_stats(store, when, days=days))
    rate = "-" if stats.closure_rate is None else f"{stats.closure_rate:.1%}"
    wait = (
        "-"
        if stats.median_days_to_callback is None
        else f"{stats.median_days_to_callback:.1f} days"
    )
    out.print(
        f"listed {stats.listed}, called {stats.called}, closed {stats.closed}; "
        f"closure rate {rate}; median time to call back {wait}"
    )
