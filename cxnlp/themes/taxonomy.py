"""The curated taxonomy as a YAML file a team can keep under version control.

``export_taxonomy`` writes the state in force; ``taxonomy_edits`` reads a file,
validates it (errors name the file, the entry and the field) and returns the
edits that bring the store's state to what the file says. Who and when stay in
the store's log; the file says what and why.

Format (every section optional)::

    version: 1
    themes:            # renames, "no es un problema", pins, by topic or cause id
      - {id: 12, name: Entrega tardía, ignore: false, pin: true, reason: ...}
    merges:            # the first id gives the cause its id
      - {ids: [12, 15], reason: ...}
    splits:            # a cause the machine grouped, kept apart
      - {cause: 7, topics: [7, 9], reason: ...}
    seeds:             # themes started from keywords and/or example comments
      - {id: 40, name: Cobro doble, keywords: [cobro, doble], examples: [...], reason: ...}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cxnlp.themes.log import ThemeEdit, ThemeError
from cxnlp.themes.state import CuratedState

VERSION = 1
_THEME_KEYS = {"id", "name", "ignore", "pin", "reason"}
_MERGE_KEYS = {"ids", "reason"}
_SPLIT_KEYS = {"cause", "topics", "reason"}
_SEED_KEYS = {"id", "name", "keywords", "examples", "reason"}


def taxonomy_of(state: CuratedState) -> dict[str, Any]:
    """The state in force as the YAML document (plain lists and dicts, sorted by id)."""
    themes: dict[int, dict[str, Any]] = {}

    def entry(tid: int) -> dict[str, Any]:
        return themes.setdefault(tid, {"id": tid})

    for tid, edit in state.names.items():
        if edit.action == "rename":
            entry(tid)["name"] = edit.name
            if edit.reason:
                entry(tid).setdefault("reason", edit.reason)
    for tid, edit in state.ignored.items():
        entry(tid)["ignore"] = True
        if edit.reason:
            entry(tid).setdefault("reason", edit.reason)
    for tid, edit in state.pinned.items():
        entry(tid)["pin"] = True
        if edit.reason:
            entry(tid).setdefault("reason", edit.reason)
    doc: dict[str, Any] = {"version": VERSION}
    doc["themes"] = [_ordered(themes[t], _THEME_KEYS) for t in sorted(themes)]
    doc["merges"] = [
        _drop_empty({"ids": list(m.topic_ids), "reason": m.reason}) for m in state.merges
    ]
    doc["splits"] = [
        _drop_empty({"cause": s.cause_id, "topics": list(s.topic_ids), "reason": s.reason})
        for s in state.splits
    ]
    doc["seeds"] = [
        _drop_empty(
            {
                "id": s.topic_id,
                "name": s.name,
                "keywords": list(s.keywords),
                "examples": list(s.examples),
                "reason": s.edit.reason,
            }
        )
        for s in sorted(state.seeds.values(), key=lambda s: s.topic_id)
    ]
    return doc


def export_taxonomy(state: CuratedState, path: str | Path) -> Path:
    """Write :func:`taxonomy_of` to ``path`` (UTF-8 YAML) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(taxonomy_of(state), allow_unicode=True, sort_keys=False, width=100)
    target.write_text(
        "# cxnlp theme taxonomy: `cxnlp themes import` this file to apply it\n" + text,
        encoding="utf-8",
    )
    return target


def read_taxonomy(path: str | Path) -> dict[str, Any]:
    """Read and validate a taxonomy file.

    Raises:
        ThemeError: naming the file, the entry (``themes[2]``) and the field.
    """
    source = Path(path)
    try:
        loaded = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ThemeError(f"{source}: cannot read the taxonomy file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise ThemeError(f"{source}:{line} is not valid YAML ({exc})") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise ThemeError(f"{source}: expected a mapping with themes/merges/splits/seeds")
    unknown = set(loaded) - {"version", "themes", "merges", "splits", "seeds"}
    if unknown:
        raise ThemeError(
            f"{source}: unknown section(s) {sorted(unknown)}; "
            "known: version, themes, merges, splits, seeds"
        )
    if loaded.get("version", VERSION) != VERSION:
        raise ThemeError(
            f"{source}: version {loaded.get('version')!r} is not supported; expected {VERSION}"
        )
    doc: dict[str, Any] = {"version": VERSION}
    for section, keys in (
        ("themes", _THEME_KEYS),
        ("merges", _MERGE_KEYS),
        ("splits", _SPLIT_KEYS),
        ("seeds", _SEED_KEYS),
    ):
        entries = loaded.get(section) or []
        if not isinstance(entries, list):
            raise ThemeError(f"{source}: {section} must be a list of entries")
        doc[section] = [
            _validate(source, f"{section}[{i}]", section, e, keys) for i, e in enumerate(entries)
        ]
    ids = [e["id"] for e in doc["themes"]]
    twice = sorted({t for t in ids if ids.count(t) > 1})
    if twice:
        raise ThemeError(f"{source}: themes: id(s) {twice} appear more than once")
    return doc


def taxonomy_edits(
    doc: dict[str, Any], state: CuratedState, *, by: str, source: str
) -> tuple[list[ThemeEdit], list[ThemeEdit]]:
    """The edits that bring names and flags of ``state`` to ``doc``: (removals, additions).

    Grouping and seeds come after, from :func:`group_additions` on the state the
    removals leave (an unmerge takes back every merge touching its cause, so merges
    the file keeps are then added again).
    """
    why = f"importado de {source}"

    def edit(action: str, ids: list[int], **fields: Any) -> ThemeEdit:
        reason = fields.pop("reason", why)
        return ThemeEdit(
            action=action,
            topic_ids=tuple(ids),
            edited_by=by,
            reason=reason,
            **fields,
        )

    themes = {int(e["id"]): e for e in doc["themes"]}
    removals: list[ThemeEdit] = []
    additions: list[ThemeEdit] = []
    for tid, current in state.names.items():
        if current.action == "rename" and not themes.get(tid, {}).get("name"):
            removals.append(edit("unrename", [tid]))
    for tid in state.ignored:
        if not themes.get(tid, {}).get("ignore"):
            removals.append(edit("unignore", [tid]))
    for tid in state.pinned:
        if not themes.get(tid, {}).get("pin"):
            removals.append(edit("unpin", [tid]))
    wanted_merges = [tuple(m["ids"]) for m in doc["merges"]]
    wanted_splits = [(m["cause"], tuple(m["topics"])) for m in doc["splits"]]
    for merge in state.merges:
        if tuple(merge.topic_ids) not in wanted_merges:
            removals.append(edit("unmerge", [], cause_id=merge.topic_ids[0]))
    for split in state.splits:
        if (split.cause_id, tuple(split.topic_ids)) not in wanted_splits:
            removals.append(edit("unmerge", [], cause_id=split.cause_id))
    seeds = {int(s["id"]): s for s in doc["seeds"]}
    for tid, seed in state.seeds.items():
        wanted = seeds.get(tid)
        if wanted is None or _seed_differs(seed, wanted):
            removals.append(edit("unseed", [tid]))
    for tid, entry in themes.items():
        reason = entry.get("reason")
        named = state.names.get(tid)
        if entry.get("name") and (named is None or named.name != entry["name"]):
            additions.append(edit("rename", [tid], name=entry["name"], reason=reason))
        if entry.get("ignore") and tid not in state.ignored:
            additions.append(edit("ignore", [tid], reason=reason))
        if entry.get("pin") and tid not in state.pinned:
            additions.append(edit("pin", [tid], reason=reason))
    return removals, additions


def import_taxonomy(store: Any, path: str | Path, *, by: str) -> list[ThemeEdit]:
    """Validate ``path`` and record the edits that make the store's state what it says.

    Returns:
        The edits recorded (none when the store already says the same).
    """
    from cxnlp.themes.log import read_edits, record_edit
    from cxnlp.themes.state import derive_state

    doc = read_taxonomy(path)
    source = Path(path).name
    removals, additions = taxonomy_edits(doc, derive_state(read_edits(store)), by=by, source=source)
    done = [record_edit(store, e) for e in [*removals, *additions]]
    state = derive_state(read_edits(store))
    done += [record_edit(store, e) for e in group_additions(doc, state, by=by, source=source)]
    return done


def group_additions(
    doc: dict[str, Any], state: CuratedState, *, by: str, source: str
) -> list[ThemeEdit]:
    """Merges, splits and seeds of ``doc`` not in force in ``state`` (after the removals)."""
    why = f"importado de {source}"

    def edit(action: str, ids: list[int], **fields: Any) -> ThemeEdit:
        reason = fields.pop("reason", why)
        return ThemeEdit(action=action, topic_ids=tuple(ids), edited_by=by, reason=reason, **fields)

    return _group_additions(doc, state, edit, {int(s["id"]): s for s in doc["seeds"]})


def _group_additions(
    doc: dict[str, Any], state: CuratedState, edit: Any, seeds: dict[int, dict[str, Any]]
) -> list[ThemeEdit]:
    out: list[ThemeEdit] = []
    merges = [tuple(m.topic_ids) for m in state.merges]
    splits = [(s.cause_id, tuple(s.topic_ids)) for s in state.splits]
    for entry in doc["merges"]:
        if tuple(entry["ids"]) not in merges:
            out.append(
                edit("merge", entry["ids"], cause_id=entry["ids"][0], reason=entry.get("reason"))
            )
    for entry in doc["splits"]:
        if (entry["cause"], tuple(entry["topics"])) not in splits:
            out.append(
                edit(
                    "unmerge", entry["topics"], cause_id=entry["cause"], reason=entry.get("reason")
                )
            )
    for tid, entry in seeds.items():
        current = state.seeds.get(tid)
        if current is None or _seed_differs(current, entry):
            out.append(
                edit(
                    "seed",
                    [tid],
                    name=entry["name"],
                    keywords=tuple(entry.get("keywords", [])),
                    examples=tuple(entry.get("examples", [])),
                    reason=entry.get("reason"),
                )
            )
    return out


def _seed_differs(seed: Any, entry: dict[str, Any]) -> bool:
    return (
        seed.name != entry["name"]
        or list(seed.keywords) != list(entry.get("keywords", []))
        or list(seed.examples) != list(entry.get("examples", []))
    )


def _validate(source: Path, where: str, section: str, entry: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ThemeError(f"{source}: {where}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - keys
    if unknown:
        raise ThemeError(
            f"{source}: {where}: unknown field(s) {sorted(unknown)}; known: {sorted(keys)}"
        )

    def fail(field: str, what: str) -> ThemeError:
        return ThemeError(f"{source}: {where}, field {field!r}: {what} (got {entry.get(field)!r})")

    def topic_id(field: str) -> int:
        value = entry.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(field, "expected a topic id (a whole number, 0 or more)")
        return value

    def id_list(field: str) -> list[int]:
        value = entry.get(field)
        if not isinstance(value, list) or len(value) < 2:
            raise fail(field, "expected a list of at least two topic ids")
        if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in value):
            raise fail(field, "expected a list of at least two topic ids")
        if len(set(value)) != len(value):
            raise fail(field, "an id appears twice")
        return list(value)

    def text(field: str, required: bool) -> str | None:
        value = entry.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(field, "expected a non-empty text")
        return value.strip()

    def flag(field: str) -> bool:
        value = entry.get(field, False)
        if not isinstance(value, bool):
            raise fail(field, "expected true or false")
        return value

    def texts(field: str) -> list[str]:
        value = entry.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(field, "expected a list of non-empty texts")
        return [v.strip() for v in value]

    out: dict[str, Any] = {}
    if section == "themes":
        out = {"id": topic_id("id"), "name": text("name", False)}
        out.update(ignore=flag("ignore"), pin=flag("pin"))
    elif section == "merges":
        out = {"ids": id_list("ids")}
    elif section == "splits":
        out = {"cause": topic_id("cause"), "topics": id_list("topics")}
    else:
        out = {"id": topic_id("id"), "name": text("name", True)}
        out.update(keywords=texts("keywords"), examples=texts("examples"))
        if not out["keywords"] and not out["examples"]:
            raise fail("keywords", "a seed needs keywords or examples")
    out["reason"] = text("reason", False)
    return out


def _drop_empty(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in (None, [], "")}


def _ordered(entry: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    order = ["id", "name", "ignore", "pin", "reason"]
    return {k: entry[k] for k in order if k in entry and k in keys}
