"""``cxnlp sources ...``: make sources read again what the store thinks it has.

cxnlp sources reset-watermark NAME   forget NAME's watermark (rows hidden below it load)
cxnlp sources replay-quarantine      judge quarantined rows again at the next run

Wired into the main command by ``register_source_commands(app)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from cxnlp.errors import ConfigError, CxnlpError

console = Console(stderr=True)
out = Console()

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="YAML config (default configs/default.yaml).")
]


def register_source_commands(app: typer.Typer) -> None:
    """Add the ``sources`` command group to ``app``."""
    group = typer.Typer(
        no_args_is_help=True, help="Make sources read again what the store thinks it has."
    )
    group.command("reset-watermark")(reset_watermark_command)
    group.command("replay-quarantine")(replay_quarantine_command)
    app.add_typer(group, name="sources")


@contextmanager
def _held_store(config: Path | None) -> Iterator[tuple[Any, Any]]:
    """The settings and the store opened for writing, under the run lock.

    A run in progress owns the store: like the other commands that write
    (:func:`cxnlp.writers.open_writer`), this waits for it up to
    ``store.lock_timeout_s``, saying so once, then fails. Every error is one line
    naming what is wrong, and exit code 2.
    """
    from cxnlp.config import load_config
    from cxnlp.store.open import store_exists, store_label, store_location
    from cxnlp.writers import open_writer

    try:
        settings = load_config(config)
        path = store_location(settings)
        if not store_exists(path):
            raise CxnlpError(
                f"no store yet at {store_label(path)}; nothing to reset (run `cxnlp run` first)"
            )
        with open_writer(settings, notify=lambda line: console.print(escape(line))) as store:
            yield settings, store
    except CxnlpError as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _pick_sources(settings: Any, names: list[str]) -> list[Any]:
    known = {s.name: s for s in settings.sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(
            f"unknown source(s) {', '.join(map(repr, unknown))}; sources in the config: "
            f"{', '.join(known) or '(none)'}"
        )
    return [known[n] for n in names] if names else list(known.values())


def reset_watermark_command(
    name: Annotated[str, typer.Argument(help="The source whose watermark to forget.")],
    config: ConfigOpt = None,
) -> None:
    """Forget a source's watermark: its next load reads every row (known rows are skipped)."""
    from cxnlp.sources.known import reset_watermark

    with _held_store(config) as (settings, store):
        (source,) = _pick_sources(settings, [name])
        previous = reset_watermark(store, source.name)
    if previous is None:
        out.print(f"{name}: had no watermark; the next run reads every row as before")
    else:
        out.print(
            f"{name}: watermark {previous} removed; the next run reads every row and loads "
            "those the store does not hold yet"
        )


def replay_quarantine_command(
    names: Annotated[
        list[str] | None, typer.Argument(help="Sources to replay (default: every source).")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Judge every quarantined row again at the next run (after fixing a rule or a mapping)."""
    from cxnlp.sources.known import replay_quarantine

    with _held_store(config) as (settings, store):
        replayed = replay_quarantine(store, _pick_sources(settings, names or []))
    for name, entries in replayed.items():
        out.print(f"{name}: {entries:,} quarantine entr{'y' if entries == 1 else 'ies'} to replay")
    out.print("the next `cxnlp run` reads these rows again; rows that now pass load")
