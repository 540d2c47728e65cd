"""``cxnlp themes ...``: analysts curate the themes; the nightly run applies it.

cxnlp themes list                      the themes of the last run, ids, sizes, marks
cxnlp themes rename ID NAME            the name shown everywhere (--undo: the machine's)
cxnlp themes merge ID ID [ID...]       one cause (the id of the first)
cxnlp themes unmerge ID                split a cause (the machine's grouping or a merge)
cxnlp themes ignore ID                 "no es un problema": out of the backlog (--undo)
cxnlp themes pin ID                    never merged automatically (--undo)
cxnlp themes seed NAME -k WORD -e TEXT a theme from keywords / example comments
cxnlp themes history                   every edit, with who, when and why
cxnlp themes undo EDIT_ID              take one edit back
cxnlp themes export FILE / import FILE the taxonomy as YAML

Wired into the main command by ``register_themes_commands(app)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cxnlp.cli_outputs import ConfigOpt, _fail, _read, _writable_store, console, out
from cxnlp.errors import CxnlpError

ByOpt = Annotated[str | None, typer.Option("--by", help="Who makes the edit (default: OS user).")]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why, in your words.")]
UndoOpt = Annotated[bool, typer.Option("--undo", help="Take this kind of edit back.")]
IdArg = Annotated[int, typer.Argument(help="Topic or cause id (see `cxnlp themes list`).")]


def register_themes_commands(app: typer.Typer) -> None:
    """Add the ``themes`` command group to ``app``."""
    group = typer.Typer(no_args_is_help=True, help="Curate the themes (topics and causes).")
    for name, command in (
        ("list", list_command),
        ("rename", rename_command),
        ("merge", merge_command),
        ("unmerge", unmerge_command),
        ("ignore", ignore_command),
        ("pin", pin_command),
        ("seed", seed_command),
        ("history", history_command),
        ("undo", undo_command),
        ("export", export_command),
        ("import", import_command),
    ):
        group.command(name)(command)
    app.add_typer(group, name="themes")


def _latest(store: Any) -> tuple[str | None, Any, Any, Any]:
    """The last successful run, its topics, causes and drivers (empty frames when none)."""
    import pandas as pd

    run = store.last_successful_run()
    if run is None:
        return None, pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    return (
        run,
        store.read_topics(run),
        store.read_run_frame("causes", run),
        store.read_run_frame("drivers", run),
    )


def _known_ids(store: Any) -> set[int] | None:
    """Ids an edit may name: the last run's topics and the seeds (None: no run yet)."""
    from cxnlp.themes import load_state

    run, topics, _, _ = _latest(store)
    if run is None:
        return None
    return {int(t) for t in topics["topic_id"]} | set(load_state(store).seeds)


def _check_ids(store: Any, ids: list[int]) -> None:
    known = _known_ids(store)
    if known is None:
        return
    unknown = [t for t in ids if t not in known]
    if unknown:
        shown = ", ".join(map(str, sorted(known)[:30])) or "(none)"
        raise CxnlpError(
            f"unknown theme id(s) {unknown}: the last run has topics {shown}; "
            "see `cxnlp themes list`"
        )


def _record(config: Path | None, **fields: Any) -> None:
    from cxnlp.themes import ThemeEdit, record_edit

    ids = [int(t) for t in fields.get("topic_ids", ())]
    with _writable_store(config) as store:
        try:
            if fields.get("action") not in (
                "seed",
                "unrename",
                "unignore",
                "unpin",
                "unseed",
                "undo",
            ):
                _check_ids(store, ids)
            edit = record_edit(store, ThemeEdit(**fields))
        except CxnlpError as exc:
            _fail(exc)
    console.print(
        f"[green]edición {edit.edit_id}[/]: {edit.action} {', '.join(map(str, ids))} "
        f"por {escape(edit.edited_by)}; se aplica en la próxima ejecución"
    )


def list_command(config: ConfigOpt = None) -> None:
    """The themes of the last run as causes: ids, names, sizes, members and curated marks."""
    import pandas as pd

    from cxnlp.drivers.cause_view import apply_causes
    from cxnlp.themes import curate_topics, load_state

    def read(store: Any) -> tuple[Any, Any, Any]:
        run, topics, causes, drivers = _latest(store)
        return run, load_state(store), (topics, causes, drivers)

    run, state, (topics, causes, drivers) = _read(config, read)
    if run is None:
        console.print("todavía no hay ninguna ejecución: ejecute `cxnlp run`")
        return
    frame = pd.DataFrame({"topic_id": pd.Series(dtype=int)})
    _, view = apply_causes(frame, topics, causes)
    view = curate_topics(view, state)
    sizes: dict[int, int] = {}
    backlog: dict[int, bool] = {}
    if len(drivers):
        sizes = {int(t): int(n) for t, n in zip(drivers["topic_id"], drivers["n"], strict=True)}
        if "in_backlog" in drivers.columns:
            backlog = {
                int(t): str(b).lower() in ("true", "1")
                for t, b in zip(drivers["topic_id"], drivers["in_backlog"], strict=True)
            }
    table = Table(title=f"Temas de la ejecución {run}")
    for column in ("id", "nombre", "comentarios", "temas", "backlog", "curado"):
        table.add_column(column)
    view = view[view["topic_id"].astype(int) >= 0]
    view = view.assign(
        _n=[
            sizes.get(int(t), int(s or 0))
            for t, s in zip(view["topic_id"], view["size"], strict=True)
        ]
    )
    for row in view.sort_values("_n", ascending=False).to_dict("records"):
        tid = int(row["topic_id"])
        members = [int(m) for m in row.get("member_topic_ids") or [tid]]
        table.add_row(
            str(tid),
            escape(str(row.get("label") or "")),
            str(row["_n"]),
            ", ".join(map(str, members)),
            "sí" if backlog.get(tid) else "no" if tid in backlog else "—",
            escape(str(row.get("curation") or "")),
        )
    pending = [s for s in state.seeds.values() if s.topic_id not in set(view["topic_id"])]
    for seed in pending:
        table.add_row(str(seed.topic_id), escape(seed.name), "—", "", "—", "✚ pendiente")
    out.print(table)


def rename_command(
    topic_id: IdArg,
    name: Annotated[str | None, typer.Argument(help="The new name.")] = None,
    by: ByOpt = None,
    reason: ReasonOpt = None,
    undo: UndoOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Rename a topic or cause: the name the report, backlog and call-backs show."""
    if not undo and not (name and name.strip()):
        _fail(CxnlpError("rename needs a NAME (or --undo to go back to the machine's name)"))
    _record(
        config,
        action="unrename" if undo else "rename",
        topic_ids=(topic_id,),
        name=None if undo else (name or "").strip(),
        edited_by=by or "",
        reason=reason,
    )


def merge_command(
    topic_ids: Annotated[
        list[int], typer.Argument(help="Two or more ids; the first gives its id.")
    ],
    by: ByOpt = None,
    reason: ReasonOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Put topics or causes into one cause; its figures are recomputed on the union."""
    if len(set(topic_ids)) < 2:
        _fail(CxnlpError(f"merge needs at least two different ids, got {topic_ids}"))
    _record(
        config,
        action="merge",
        topic_ids=tuple(dict.fromkeys(topic_ids)),
        cause_id=topic_ids[0],
        edited_by=by or "",
        reason=reason,
    )


def unmerge_command(
    cause_id: IdArg, by: ByOpt = None, reason: ReasonOpt = None, config: ConfigOpt = None
) -> None:
    """Split a cause: its topics are kept apart from now on (and merges of it undone)."""
    from cxnlp.themes import load_state

    with _writable_store(config) as store:
        _, _, causes, _ = _latest(store)
        members: list[int] = []
        if len(causes):
            members = sorted(
                int(t)
                for t, c in zip(causes["topic_id"], causes["cause_id"], strict=True)
                if int(c) == cause_id
            )
        state = load_state(store)
        manual = [m for m in state.merges if cause_id in m.topic_ids]
    if len(members) < 2 and not manual:
        _fail(
            CxnlpError(
                f"cause {cause_id} groups no other topic in the last run and no merge names it; "
                "nothing to split"
            )
        )
    _record(
        config,
        action="unmerge",
        topic_ids=tuple(members if len(members) > 1 else ()),
        cause_id=cause_id,
        edited_by=by or "",
        reason=reason,
    )


def ignore_command(
    topic_id: IdArg,
    by: ByOpt = None,
    reason: ReasonOpt = None,
    undo: UndoOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Mark "no es un problema": out of the backlog and call-back reasons, still counted."""
    _record(
        config,
        action="unignore" if undo else "ignore",
        topic_ids=(topic_id,),
        edited_by=by or "",
        reason=reason,
    )


def pin_command(
    topic_id: IdArg,
    by: ByOpt = None,
    reason: ReasonOpt = None,
    undo: UndoOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Pin a topic: never merged automatically with others."""
    _record(
        config,
        action="unpin" if undo else "pin",
        topic_ids=(topic_id,),
        edited_by=by or "",
        reason=reason,
    )


def seed_command(
    name: Annotated[str, typer.Argument(help="The new theme's name (or its id with --undo).")],
    keyword: Annotated[
        list[str] | None, typer.Option("--keyword", "-k", help="A keyword (repeatable).")
    ] = None,
    example: Annotated[
        list[str] | None, typer.Option("--example", "-e", help="An example comment (repeatable).")
    ] = None,
    by: ByOpt = None,
    reason: ReasonOpt = None,
    undo: UndoOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Create a theme from keywords and/or example comments; every night keeps it."""
    if undo:
        if not name.isdigit():
            _fail(CxnlpError(f"seed --undo needs the seed's id, got {name!r}"))
        _record(config, action="unseed", topic_ids=(int(name),), edited_by=by or "", reason=reason)
        return
    keywords = tuple(k.strip() for k in keyword or [] if k.strip())
    examples = tuple(e.strip() for e in example or [] if e.strip())
    if not keywords and not examples:
        _fail(CxnlpError("seed needs at least one --keyword or --example"))
    from cxnlp.themes.log import next_seed_id

    with _writable_store(config) as store:
        seed_id = next_seed_id(store)
    _record(
        config,
        action="seed",
        topic_ids=(seed_id,),
        name=name.strip(),
        keywords=keywords,
        examples=examples,
        edited_by=by or "",
        reason=reason,
    )


def history_command(
    topic_id: Annotated[int | None, typer.Option("--id", help="Only edits naming this id.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Every edit ever made, oldest first, with who, when and why."""
    from cxnlp.themes import read_edits

    edits = _read(config, read_edits)
    if topic_id is not None:
        edits = [e for e in edits if topic_id in e.topic_ids or e.cause_id == topic_id]
    table = Table(title="Historial de curación")
    for column in ("edición", "cuándo", "quién", "acción", "ids", "nombre / semilla", "por qué"):
        table.add_column(column)
    for e in edits:
        what = e.name or ""
        if e.keywords or e.examples:
            what += f" [{', '.join(e.keywords)}] {len(e.examples)} ejemplo(s)"
        if e.undoes:
            what = f"deshace {e.undoes}"
        table.add_row(
            e.edit_id,
            f"{e.edited_at:%Y-%m-%d %H:%M}",
            escape(e.edited_by),
            e.action,
            ", ".join(map(str, e.topic_ids)) or (str(e.cause_id) if e.cause_id is not None else ""),
            escape(what),
            escape(e.reason or ""),
        )
    out.print(table)


def undo_command(
    edit_id: Annotated[str, typer.Argument(help="The edit to take back (see history).")],
    by: ByOpt = None,
    reason: ReasonOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Take one edit back, as if it had not been made (the log keeps both)."""
    from cxnlp.themes import read_edits

    with _writable_store(config) as store:
        known = {e.edit_id for e in read_edits(store)}
    if edit_id not in known:
        _fail(CxnlpError(f"no edit {edit_id!r} in the log; see `cxnlp themes history`"))
    _record(config, action="undo", undoes=edit_id, edited_by=by or "", reason=reason)


def export_command(
    path: Annotated[Path, typer.Argument(help="The YAML file to write.")],
    config: ConfigOpt = None,
) -> None:
    """Write the curated taxonomy to a YAML file (to keep under version control)."""
    from cxnlp.themes import load_state
    from cxnlp.themes.taxonomy import export_taxonomy

    state = _read(config, load_state)
    export_taxonomy(state, path)
    console.print(f"taxonomía escrita en {escape(str(path))}")


def import_command(
    path: Annotated[Path, typer.Argument(help="The YAML file to apply.")],
    by: ByOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make the curated state what a taxonomy file says (validated first; edits logged)."""
    from cxnlp.themes.log import default_user
    from cxnlp.themes.taxonomy import import_taxonomy

    with _writable_store(config) as store:
        try:
            done = import_taxonomy(store, path, by=by or default_user())
        except CxnlpError as exc:
            _fail(exc)
    console.print(f"{len(done)} edición(es) registradas desde {escape(str(path))}")
