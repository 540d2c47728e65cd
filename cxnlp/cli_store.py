"""Commands that move the store between DuckDB and PostgreSQL.

cxnlp store copy --to TARGET [--from SOURCE] [--replace] [--chunk-rows N]

TARGET and SOURCE are a DuckDB file, or ``env:NAME`` (an environment variable
holding a PostgreSQL URL). A URL written on the command line works too, but it
lands in the shell's history: prefer ``env:NAME``. SOURCE defaults to the
config's store. Every message names a URL without its password.

Wired into the main command by ``register_store_commands(app)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from cxnlp.cli_outputs import ConfigOpt, _fail, console, out
from cxnlp.errors import ConfigError, CxnlpError
from cxnlp.store.copy import CHUNK_ROWS

TargetOpt = Annotated[
    str,
    typer.Option(
        "--to",
        help="Destino: un fichero DuckDB, o env:VARIABLE con la URL de PostgreSQL.",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Origen (por defecto, el almacén de la configuración): fichero DuckDB o env:VARIABLE.",
    ),
]


def register_store_commands(app: typer.Typer) -> None:
    """Add the ``store`` group to ``app``."""
    store = typer.Typer(
        no_args_is_help=True,
        help="El almacén: copiarlo entre DuckDB y PostgreSQL (y comprobar la copia).",
    )
    store.command("copy")(copy_command)
    app.add_typer(store, name="store")


def resolve_location(value: str) -> Path | str:
    """A ``--to``/``--from`` value as a DuckDB path or a PostgreSQL URL.

    Raises:
        ConfigError: ``env:NAME`` names an unset variable.
    """
    from cxnlp.store.pg import is_postgres_url

    if value.startswith("env:"):
        name = value[4:]
        url = os.environ.get(name, "").strip()
        if not url:
            raise ConfigError(f"environment variable {name} is not set (from {value!r})")
        if not is_postgres_url(url):
            raise ConfigError(f"environment variable {name} does not hold a PostgreSQL URL")
        return url
    return value if is_postgres_url(value) else Path(value).expanduser()


def copy_command(
    to: TargetOpt,
    source: SourceOpt = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Vaciar antes las tablas del destino.")
    ] = False,
    chunk_rows: Annotated[
        int,
        typer.Option(
            "--chunk-rows",
            min=0,
            help="Filas copiadas de una vez (memoria); 0 = cada tabla entera.",
        ),
    ] = CHUNK_ROWS,
    config: ConfigOpt = None,
) -> None:
    """Copy the store into another (DuckDB <-> PostgreSQL); check row counts and figures."""
    from cxnlp.config import load_config
    from cxnlp.store import Store
    from cxnlp.store.copy import copy_store
    from cxnlp.store.open import store_exists, store_label, store_location

    try:
        settings = load_config(config)
        origin = resolve_location(source) if source else store_location(settings)
        target = resolve_location(to)
        if not store_exists(origin):
            raise CxnlpError(f"no store at {store_label(origin)}; nothing to copy")
        if store_label(origin) == store_label(target):
            raise CxnlpError("the source and the target are the same store")
        with Store(origin, read_only=True) as src, Store(target) as dst, _Bars() as bars:
            report = copy_store(src, dst, replace=replace, chunk_rows=chunk_rows, progress=bars)
            where = (src.path, dst.path)
    except CxnlpError as exc:
        _fail(exc)
        return
    _show(report, where)
    if not report.ok:
        raise typer.Exit(1)


class _Bars:
    """One progress bar per table (on standard error), fed by ``copy_store``."""

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> _Bars:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def __call__(self, table: str, done: int, total: int) -> None:
        if table not in self.tasks:
            self.tasks[table] = self.progress.add_task(escape(table), total=total)
        self.progress.update(self.tasks[table], completed=done, total=total)


def _show(report: Any, where: tuple[str, str]) -> None:
    table = Table(title=f"{where[0]} -> {where[1]}")
    for col in ("tabla", "origen", "copia", ""):
        table.add_column(col)
    for name, (a, b) in sorted(report.rows.items()):
        table.add_row(escape(name), f"{a:,}", f"{b:,}", "ok" if a == b else "DISTINTO")
    out.print(table)
    if report.figures_run is None:
        out.print("cifras: ninguna ejecución terminada con causas que recalcular")
    elif report.figure_mismatches:
        console.print(
            f"[bold red]cifras distintas[/] (ejecución {escape(report.figures_run)}): "
            + escape("; ".join(report.figure_mismatches[:10]))
        )
    else:
        out.print(
            f"cifras recalculadas en los dos lados (sql/recompute_figures.sql, ejecución "
            f"{escape(report.figures_run)}): {report.figures_checked:,} valores iguales"
        )
    out.print("copia correcta" if report.ok else "la copia NO coincide con el origen")
