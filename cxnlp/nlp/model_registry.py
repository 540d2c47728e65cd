"""Adapted heads: their registry in the store, promotion, rollback, and the active pointer.

Every head ``cxnlp train --from-store`` writes is registered in ``model_registry``
with its held-out macro-F1 and the current head's on the same rows. A promotion
or rollback appends to ``model_promotions`` (the history) and rewrites
``<models.adapt.dir>/active.json``, which :func:`with_active_models` reads before a
run loads its models: a promoted head changes the models key, so the next run
predicts every comment of the window again.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.errors import ModelError

log = logging.getLogger(__name__)

ACTIVE_FILE = "active.json"
SHIPPED = "shipped"  # the configured head (models.<task>.path)
REGISTRY_COLUMNS = (
    "version",
    "task",
    "path",
    "created_at",
    "base_version",
    "f1_candidate",
    "f1_current",
    "n_train",
    "n_heldout",
    "details",
)


def models_dir(settings: Any) -> Path:
    """The folder adapted heads and ``active.json`` live in (``models.adapt.dir``)."""
    return Path(settings.resolve(settings.models.adapt.dir))


def register_candidate(store: Any, row: dict[str, Any]) -> None:
    """Record a trained head and its held-out figures (a retrained same version replaces it)."""
    values = [row.get(c) for c in REGISTRY_COLUMNS]
    values[REGISTRY_COLUMNS.index("details")] = json.dumps(row.get("details") or {})
    placeholders = ", ".join("?" for _ in REGISTRY_COLUMNS)
    store.con.execute("DELETE FROM model_registry WHERE version = ?", [row["version"]])
    store.con.execute(
        f"INSERT INTO model_registry ({', '.join(REGISTRY_COLUMNS)}) VALUES ({placeholders})",
        values,
    )


def list_models(store: Any) -> pd.DataFrame:
    """Every registered head with its figures and whether it is the active one."""
    frame = store.con.execute(
        f"SELECT {', '.join(REGISTRY_COLUMNS)} FROM model_registry ORDER BY created_at, version"
    ).df()
    active = set(active_versions(store).values())
    frame["active"] = frame["version"].isin(active)
    return frame


def _stack(store: Any, task: str) -> list[tuple[str, str]]:
    """The promoted heads of ``task`` still in force: a promotion pushes, a rollback pops."""
    rows = store.con.execute(
        "SELECT version, path, action FROM model_promotions WHERE task = ? ORDER BY acted_at",
        [task],
    ).fetchall()
    stack: list[tuple[str, str]] = []
    for version, path, action in rows:
        if action == "promote":
            stack.append((str(version), str(path)))
        elif stack:
            stack.pop()
    return stack


def active_versions(store: Any) -> dict[str, str]:
    """Task -> the active version (only tasks with a promotion; others use the shipped head)."""
    out = {}
    for task in ("sentiment", "emotion"):
        stack = _stack(store, task)
        if stack:
            out[task] = stack[-1][0]
    return out


def _record(store: Any, task: str, version: str, path: str | None, action: str, by: str) -> None:
    store.con.execute(
        "INSERT INTO model_promotions (task, version, path, action, acted_by, acted_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [task, version, path, action, by, datetime.utcnow()],
    )


def promote(store: Any, settings: Any, version: str, by: str) -> dict[str, str]:
    """Make ``version`` the active head of its task; return the new active paths.

    Raises:
        ModelError: unknown version, or its folder is gone.
    """
    rows = store.con.execute(
        "SELECT task, path FROM model_registry WHERE version = ?", [version]
    ).fetchall()
    if not rows:
        known = list_models(store)["version"].tolist()
        raise ModelError(
            f"no adapted model {version!r} in the store; registered: {known or 'none'} "
            "(see `cxnlp models list`)"
        )
    task, path = rows[0]
    if not (Path(path) / "head.json").is_file():
        raise ModelError(f"model {version!r} is registered but its folder {path} is gone")
    _record(store, task, version, path, "promote", by)
    return write_active(store, settings)


def rollback(store: Any, settings: Any, task: str, by: str) -> tuple[str, dict[str, str]]:
    """Go back to the head active before the current one (the shipped head at the start).

    Returns:
        The version now active (``"shipped"`` for the configured head) and the paths.

    Raises:
        ModelError: nothing was promoted for ``task``.
    """
    stack = _stack(store, task)
    if not stack:
        raise ModelError(f"no adapted {task} head is active; nothing to roll back")
    _record(store, task, stack[-1][0], stack[-1][1], "rollback", by)
    version = stack[-2][0] if len(stack) > 1 else SHIPPED
    return version, write_active(store, settings)


def write_active(store: Any, settings: Any) -> dict[str, str]:
    """Rewrite ``active.json`` from the promotion history; return task -> head folder."""
    paths = {}
    for task in ("sentiment", "emotion"):
        stack = _stack(store, task)
        if stack:
            paths[task] = stack[-1][1]
    folder = models_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ACTIVE_FILE).write_text(json.dumps(paths, indent=2) + "\n", encoding="utf-8")
    return paths


def with_active_models(settings: Any) -> Any:
    """``settings`` with the promoted heads in place of the configured ones.

    Only a head classifier is replaced (a transformers model configured by hand is
    left alone); without ``active.json`` the settings come back unchanged.
    """
    pointer = models_dir(settings) / ACTIVE_FILE
    if not pointer.is_file():
        return settings
    try:
        paths = json.loads(pointer.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"{pointer} is unreadable ({exc}); `cxnlp models rollback` rewrites it"
        ) from None
    models = settings.models
    update = {}
    for task, path in paths.items():
        section = getattr(models, task, None)
        if section is None or section.name != "cxnlp.classifier.head.v1":
            continue
        update[task] = section.model_copy(update={"path": str(path)})
    if not update:
        return settings
    log.info("using promoted heads: %s", update)
    return settings.model_copy(update={"models": models.model_copy(update=update)})
