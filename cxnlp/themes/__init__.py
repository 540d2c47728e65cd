"""Theme curation: analysts rename, merge, split, ignore, pin and seed topics and causes.

Edits are kept in the store's append-only log (:mod:`cxnlp.themes.log`); the state
in force is derived from it (:mod:`cxnlp.themes.state`) and applied every night
between the topic tracking and the ranking (:mod:`cxnlp.themes.apply`,
:mod:`cxnlp.themes.seeds`). Because edits are keyed on stable topic ids, they
survive refits. A team can keep its taxonomy in a YAML file
(:mod:`cxnlp.themes.taxonomy`).
"""

from __future__ import annotations

from typing import Any

from cxnlp.themes.apply import (
    callback_inputs,
    curate_causes,
    curate_drivers,
    curate_topics,
    labels_from_drivers,
)
from cxnlp.themes.log import ThemeEdit, ThemeError, read_edits, record_edit
from cxnlp.themes.state import CuratedState, Seed, derive_state


def load_state(store: Any) -> CuratedState:
    """The curated state in force in ``store`` (empty when nobody edited anything)."""
    return derive_state(read_edits(store))


__all__ = [
    "CuratedState",
    "Seed",
    "ThemeEdit",
    "ThemeError",
    "callback_inputs",
    "curate_causes",
    "curate_drivers",
    "curate_topics",
    "derive_state",
    "labels_from_drivers",
    "load_state",
    "read_edits",
    "record_edit",
]
