"""Commands for the heads trained from the store.

cxnlp train --from-store        train, score and (when better) promote new heads
cxnlp models list               every trained head, its held-out figures, the active one
cxnlp models promote VERSION    make a trained head the active one
cxnlp models rollback           go back to the head active before

Wired into the main command by ``register_models_commands(app)``.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cxnlp.cli_outputs import ConfigOpt, _fail, _read, _writable_store, out
from cxnlp.errors import CxnlpError

TaskOpt = Annotated[str, typer.Option("--task", help="sentiment or emotion")]


def register_models_commands(app: typer.Typer) -> None:
    """Add the ``models`` group to ``app``."""
    models = typer.Typer(
        no_args_is_help=True,
        help="Heads trained from the store (cxnlp train --from-store): list, promote, roll back.",
    )
    models.command("list")(list_command)
    models.command("promote")(promote_command)
    models.command("rollback")(rollback_command)
    app.add_typer(models, name="models")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconocido"


def _settings(config: Path | None) -> object:
    from cxnlp.config import load_config
    from cxnlp.nlp.model_registry import with_active_models

    return with_active_models(load_config(config))


def train_from_store_command(config: Path | None, task: str | None, promote: bool | None) -> None:
    """``cxnlp train --from-store``: adapt the heads and print both held-out figures."""
    from cxnlp.nlp.adapt import TASKS, repredict, train_from_store

    if task is not None and task not in TASKS:
        _fail(CxnlpError(f"--task {task!r} is not accepted; use one of {', '.join(TASKS)}"))
    tasks = (task,) if task else TASKS
    with _writable_store(config) as store:
        try:
            settings = _settings(config)
            results = train_from_store(
                store, settings, tasks, promote_if_better=promote, by=_user()
            )
            if any(r.promoted for r in results):
                n = repredict(store, _settings(config))
                out.print(f"{n} stored texts predicted again with the promoted heads")
        except CxnlpError as exc:
            _fail(exc)
            return
    for result in results:
        out.print(escape(result.line()))


def list_command(config: ConfigOpt = None) -> None:
    """Every head trained from the store: held-out macro-F1 (new vs current), active mark."""
    from cxnlp.nlp.model_registry import list_models

    frame = _read(config, list_models)
    if frame.empty:
        out.print("no heads trained from the store yet; see `cxnlp train --from-store`")
        return
    table = Table(title="heads trained from the store (* = active)")
    for column in ("version", "task", "F1 new", "F1 current", "held out", "trained on", "created"):
        table.add_column(column, no_wrap=column == "version")
    for row in frame.itertuples(index=False):
        table.add_row(
            ("* " if row.active else "  ") + str(row.version),
            str(row.task),
            f"{100 * row.f1_candidate:.1f}",
            f"{100 * row.f1_current:.1f}",
            str(row.n_heldout),
            str(row.n_train),
            str(row.created_at)[:16],
        )
    out.print(table)


def promote_command(
    version: Annotated[str, typer.Argument(help="A version from `cxnlp models list`.")],
    config: ConfigOpt = None,
) -> None:
    """Make a trained head the active one; stored texts are predicted again with it."""
    from cxnlp.nlp.adapt import repredict
    from cxnlp.nlp.model_registry import promote

    with _writable_store(config) as store:
        try:
            promote(store, _settings(config), version, _user())
            n = repredict(store, _settings(config))
        except CxnlpError as exc:
            _fail(exc)
            return
    out.print(f"{version} is now active; {n} stored texts predicted again with it")


def rollback_command(task: TaskOpt = "sentiment", config: ConfigOpt = None) -> None:
    """Go back to the head that was active before (the shipped one at the start)."""
    from cxnlp.nlp.adapt import repredict
    from cxnlp.nlp.model_registry import rollback

    with _writable_store(config) as store:
        try:
            version, _ = rollback(store, _settings(config), task, _user())
            n = repredict(store, _settings(config))
        except CxnlpError as exc:
            _fail(exc)
            return
    out.print(f"{task}: {version} is active again; {n} stored texts predicted again")
