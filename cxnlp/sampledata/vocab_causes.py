"""Wording of the four planted negative causes.

Every cause has several paraphrases of its complaint at three strengths
(detractor, passive, promoter whose problem was solved), details with numbers
and dates, consequences, short forms, ticket subjects and requests, and a
social-media register (punchy lines, hashtags, irony, copy-paste chains).
``{slot}`` placeholders are filled per region by :class:`dialects.Slots`.

The wording is data: ``data/causes.json`` (one object per cause id with the
fields of :class:`CauseVocab`), read by :mod:`.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .tables import TableError, as_strings, entry


@dataclass(frozen=True)
class CauseVocab:
    """The fragments one cause's comments are composed from."""

    core_neg: tuple[str, ...]
    core_mild: tuple[str, ...]
    core_pos: tuple[str, ...]
    details: tuple[str, ...]
    consequences: tuple[str, ...]
    short: tuple[str, ...]
    subjects: tuple[str, ...]
    requests: tuple[str, ...]
    social: tuple[str, ...]
    hashtags: tuple[str, ...]
    irony: tuple[str, ...]
    chains: tuple[str, ...]


def _cause_vocab(cause_id: str, value: object) -> CauseVocab:
    where = f"data/causes.json: causes.{cause_id}"
    names = [f.name for f in fields(CauseVocab)]
    if not isinstance(value, dict) or sorted(value) != sorted(names):
        raise TableError(f"{where}: expected an object with exactly the fields {names}")
    return CauseVocab(**{n: as_strings(value[n], f"{where}.{n}") for n in names})


def _load() -> dict[str, CauseVocab]:
    causes = entry("causes", "causes")
    if not isinstance(causes, dict):
        raise TableError("data/causes.json: causes: expected an object keyed by cause id")
    return {cause_id: _cause_vocab(cause_id, v) for cause_id, v in causes.items()}


VOCAB: dict[str, CauseVocab] = _load()
