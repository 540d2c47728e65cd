"""The curated state: what the log of edits adds up to today (latest edit of a target wins)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cxnlp.themes.log import ThemeEdit


@dataclass(frozen=True)
class Seed:
    """A theme an analyst created from keywords and/or example comments."""

    topic_id: int
    name: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    edit: ThemeEdit


@dataclass
class CuratedState:
    """Every edit still in force, keyed by its target.

    Attributes:
        names: Topic/cause id -> the rename edit in force.
        ignored: Id -> the "no es un problema" edit in force.
        pinned: Topic id -> the pin edit in force.
        merges: Manual merges in force, oldest first (``topic_ids[0]`` gives the id).
        splits: Unmerges in force: the topics of a cause the machine grouped, kept apart.
        seeds: Seed topic id -> the seed.
    """

    names: dict[int, ThemeEdit] = field(default_factory=dict)
    ignored: dict[int, ThemeEdit] = field(default_factory=dict)
    pinned: dict[int, ThemeEdit] = field(default_factory=dict)
    merges: list[ThemeEdit] = field(default_factory=list)
    splits: list[ThemeEdit] = field(default_factory=list)
    seeds: dict[int, Seed] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.names or self.ignored or self.pinned or self.merges or self.splits or self.seeds
        )

    def marks(self, ids: Iterable[int]) -> list[str]:
        """The curation marks (Spanish, shown to people) of a cause made of ``ids``."""
        members = {int(t) for t in ids}
        out: list[str] = []
        seen: set[str] = set()

        def add(text: str) -> None:
            if text not in seen:
                seen.add(text)
                out.append(text)

        for tid in sorted(members):
            if tid in self.names and self.names[tid].action == "rename":
                add(f"✎ renombrado por {self.names[tid].edited_by}")
        for edit in self.merges:
            if members & set(edit.topic_ids):
                add(f"⧉ fusionado por {edit.edited_by}")
        for edit in self.splits:
            if members & set(edit.topic_ids):
                add(f"✂ separado por {edit.edited_by}")
        for tid in sorted(members):
            if tid in self.ignored:
                add(f"⊘ «no es un problema» según {self.ignored[tid].edited_by}")
            if tid in self.pinned:
                add(f"📌 fijado por {self.pinned[tid].edited_by}")
            if tid in self.seeds:
                add(f"✚ creado por {self.seeds[tid].edit.edited_by}")
        return out


def derive_state(edits: Iterable[ThemeEdit]) -> CuratedState:
    """Replay the log, oldest first, into the state in force.

    An ``undo`` takes out the edit it names as if it had never been made; the
    other undo actions (``unrename``, ``unignore``, ``unpin``, ``unseed``,
    ``unmerge``) are edits of their own and win over what came before them.
    """
    ordered = sorted(edits, key=lambda e: e.seq)
    undone = {e.undoes for e in ordered if e.action == "undo" and e.undoes}
    state = CuratedState()
    for edit in ordered:
        if edit.edit_id in undone or edit.action == "undo":
            continue
        ids = [int(t) for t in edit.topic_ids]
        if edit.action == "rename":
            for tid in ids:
                state.names[tid] = edit
        elif edit.action == "unrename":
            for tid in ids:
                state.names.pop(tid, None)
        elif edit.action == "ignore":
            for tid in ids:
                state.ignored[tid] = edit
        elif edit.action == "unignore":
            for tid in ids:
                state.ignored.pop(tid, None)
        elif edit.action == "pin":
            for tid in ids:
                state.pinned[tid] = edit
        elif edit.action == "unpin":
            for tid in ids:
                state.pinned.pop(tid, None)
        elif edit.action == "merge" and len(ids) > 1:
            state.merges.append(edit)
        elif edit.action == "unmerge":
            target = set(ids) | ({edit.cause_id} if edit.cause_id is not None else set())
            # a manual merge touching the cause is taken back; the rest stays
            state.merges = [m for m in state.merges if not target & set(m.topic_ids)]
            state.splits = [s for s in state.splits if not target & set(s.topic_ids)]
            if len(ids) > 1:
                state.splits.append(edit)
        elif edit.action == "seed" and ids:
            state.seeds[ids[0]] = Seed(
                topic_id=ids[0],
                name=str(edit.name or f"Tema {ids[0]}"),
                keywords=edit.keywords,
                examples=edit.examples,
                edit=edit,
            )
            if edit.name:
                state.names[ids[0]] = edit
        elif edit.action == "unseed":
            for tid in ids:
                seed = state.seeds.pop(tid, None)
                if seed is not None and state.names.get(tid) is seed.edit:
                    state.names.pop(tid, None)
    return state
