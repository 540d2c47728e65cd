"""Commands for analysts' label corrections.

cxnlp labels import FILE     store the corrections of a filled sheet (CSV or XLSX)
cxnlp labels list            the stored corrections, newest last
cxnlp labels export FILE     every correction as CSV (redacted text, formulas neutralised)

Wired into the main command by ``register_labels_commands(app)``.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cxnlp.cli_outputs import ConfigOpt, _fail, _read, _writable_store, console, out
from cxnlp.errors import CxnlpError

ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who made the corrections (default: your user name).")
]


def register_labels_commands(app: typer.Typer) -> None:
    """Add the ``labels`` group to ``app``."""
    labels = typer.Typer(
        no_args_is_help=True,
        help="Label corrections: a corrected sentiment or emotion always wins over the model.",
    )
    labels.command("import")(import_command)
    labels.command("list")(list_command)
    labels.command("export")(export_command)
    app.add_typer(labels, name="labels")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "desconocido"


def import_command(
    file: Annotated[Path, typer.Argument(help="The filled sheet (CSV or XLSX).")],
    by: ByOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Store corrected labels: columns feedback_id (or text), sentiment and/or emotion.

    A later correction of the same comment replaces the earlier one for the task it
    fills. A bad row is named (file, row, column) and skipped; the rest are kept.
    """
    from cxnlp.labels import import_corrections

    with _writable_store(config) as store:
        try:
            result = import_corrections(store, file, by or _user())
        except CxnlpError as exc:
            _fail(exc)
            return
    out.print(
        f"{file.name}: {result.stored} correction(s) stored, {result.empty} row(s) without a "
        f"label, {len(result.problems)} row(s) skipped"
    )
    for problem in result.problems:
        console.print(f"[bold yellow]skipped:[/] {escape(problem)}")
    if result.problems:
        raise typer.Exit(1)


def list_command(config: ConfigOpt = None) -> None:
    """The stored corrections: comment, corrected labels, who and when."""
    from cxnlp.labels import list_corrections

    frame = _read(config, list_corrections)
    if frame.empty:
        out.print("no label corrections yet; see `cxnlp labels import --help`")
        return
    table = Table(title=f"{len(frame)} label correction(s)")
    for column in ("feedback_id", "sentiment", "emotion", "corrected_by", "corrected_at"):
        table.add_column(column, no_wrap=True)
    table.add_column("text")
    for row in frame.itertuples(index=False):
        text = "" if row.text is None else str(row.text)
        table.add_row(
            *[
                "" if v is None or v != v else escape(str(v))
                for v in (row.feedback_id, row.sentiment, row.emotion, row.corrected_by)
            ],
            str(row.corrected_at)[:19],
            escape(text[:80] + ("…" if len(text) > 80 else "")),
        )
    out.print(table)


def export_command(
    file: Annotated[Path, typer.Argument(help="The CSV to write.")],
    config: ConfigOpt = None,
) -> None:
    """Write every correction as CSV (redacted text only, formula cells neutralised)."""
    from cxnlp.exports import write_safe_csv
    from cxnlp.labels import list_corrections

    frame = _read(config, list_corrections)
    columns = ["feedback_id", "text", "sentiment", "emotion", "corrected_by", "corrected_at"]
    write_safe_csv(frame.reindex(columns=columns), file, bom=True)
    out.print(f"wrote {len(frame)} correction(s) to {file}")
