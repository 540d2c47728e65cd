"""The curation log: every analyst edit of a theme, kept in the store's ``theme_edits`` table.

The log is append-only. The curated state (:mod:`cxnlp.themes.state`) is derived
from it by replaying the edits in order, the latest edit of a target winning, so
``cxnlp themes history`` shows everything anyone did and an undo loses nothing.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cxnlp.errors import CxnlpError
from cxnlp.store.base import first_row

# What an analyst can do, and the action that takes each back.
ACTIONS = {
    "rename": "unrename",
    "merge": "unmerge",
    "ignore": "unignore",
    "pin": "unpin",
    "seed": "unseed",
}
UNDO_ACTIONS = frozenset(ACTIONS.values()) | {"undo"}
ALL_ACTIONS = frozenset(ACTIONS) | UNDO_ACTIONS


class ThemeError(CxnlpError):
    """A curation edit or a taxonomy file that cannot be applied."""


@dataclass(frozen=True)
class ThemeEdit:
    """One analyst edit.

    Attributes:
        action: One of :data:`ALL_ACTIONS`.
        topic_ids: The targets (topic ids; a cause id is its lead topic's id). A merge
            lists the ids to put together, the first giving the cause its id; an unmerge
            lists the members of the cause to split.
        cause_id: The cause the edit is about (merge: the resulting cause; unmerge:
            the cause split), else None.
        name: New name (rename, seed).
        keywords: Seed keywords.
        examples: Seed example comments.
        undoes: The edit an ``undo`` reverts.
        edited_by: Who made it.
        edited_at: When (UTC, naive).
        reason: Why, in the analyst's words.
        edit_id: Unique id (short hex).
        seq: Order in the log.
    """

    action: str
    topic_ids: tuple[int, ...] = ()
    cause_id: int | None = None
    name: str | None = None
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    undoes: str | None = None
    edited_by: str = ""
    edited_at: datetime = field(default_factory=datetime.utcnow)
    reason: str | None = None
    edit_id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    seq: int = 0


def default_user() -> str:
    """The OS user, the default author of an edit."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "desconocido"


def record_edit(store: Any, edit: ThemeEdit) -> ThemeEdit:
    """Append ``edit`` to the store's log (its ``seq`` set to the next number) and return it.

    Raises:
        ThemeError: if the action is unknown.
    """
    if edit.action not in ALL_ACTIONS:
        raise ThemeError(
            f"unknown curation action {edit.action!r}; known: {', '.join(sorted(ALL_ACTIONS))}"
        )
    row = first_row(store.con.execute("SELECT max(seq) FROM theme_edits").fetchall())
    seq = int(row[0]) + 1 if row and row[0] is not None else 1
    store.con.execute(
        "INSERT INTO theme_edits (edit_id, seq, action, topic_ids, cause_id, name, keywords, "
        "examples, undoes, edited_by, edited_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            edit.edit_id,
            seq,
            edit.action,
            json.dumps([int(t) for t in edit.topic_ids]),
            edit.cause_id,
            edit.name,
            json.dumps(list(edit.keywords), ensure_ascii=False),
            json.dumps(list(edit.examples), ensure_ascii=False),
            edit.undoes,
            edit.edited_by or default_user(),
            edit.edited_at,
            edit.reason,
        ],
    )
    return ThemeEdit(**{**edit.__dict__, "seq": seq, "edited_by": edit.edited_by or default_user()})


def read_edits(store: Any) -> list[ThemeEdit]:
    """Every edit of the log, oldest first (none on a store opened read-only before v3)."""
    found = first_row(
        store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'theme_edits'"
        ).fetchall()
    )
    if not found or not found[0]:
        return []
    rows = store.con.execute(
        "SELECT edit_id, seq, action, topic_ids, cause_id, name, keywords, examples, undoes, "
        "edited_by, edited_at, reason FROM theme_edits ORDER BY seq"
    ).fetchall()
    return [
        ThemeEdit(
            edit_id=str(r[0]),
            seq=int(r[1]),
            action=str(r[2]),
            topic_ids=tuple(int(t) for t in _load(r[3])),
            cause_id=None if r[4] is None else int(r[4]),
            name=r[5],
            keywords=tuple(str(k) for k in _load(r[6])),
            examples=tuple(str(k) for k in _load(r[7])),
            undoes=r[8],
            edited_by=str(r[9] or ""),
            edited_at=r[10],
            reason=r[11],
        )
        for r in rows
    ]


def _load(value: Any) -> Sequence[Any]:
    if not isinstance(value, str) or not value:
        return []
    loaded = json.loads(value)
    return loaded if isinstance(loaded, list) else []


def next_seed_id(store: Any) -> int:
    """A topic id no topic or seed ever had: one after the largest of both."""
    row = first_row(store.con.execute("SELECT max(topic_id) FROM topics").fetchall())
    largest = int(row[0]) if row and row[0] is not None else -1
    seeds = [t for e in read_edits(store) if e.action == "seed" for t in e.topic_ids]
    return max([largest, *seeds]) + 1
