"""The store's ``intents`` table: flags per text hash under a version of the rules.

Plain SQL with ``?`` placeholders and ``register`` for bulk writes, as the rest
of the store, so the PostgreSQL store runs it unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from cxnlp.intents import INTENTS, RULES_VERSION, flag_intents

if TYPE_CHECKING:
    from cxnlp.store import Store

log = logging.getLogger(__name__)

INTENT_TABLE_COLUMNS = ("text_hash", "rules", *INTENTS, "cues", "flagged_at")


def missing_intents(store: Store, rules: str | None = None) -> pd.DataFrame:
    """Distinct (text_hash, text_norm) of stored feedback not yet flagged under ``rules``
    (default: the current :data:`RULES_VERSION`)."""
    return store.con.execute(
        "SELECT text_hash, min(text_norm) AS text_norm FROM feedback f "
        "WHERE coalesce(text_norm, '') <> '' AND NOT EXISTS (SELECT 1 FROM intents i "
        "WHERE i.text_hash = f.text_hash AND i.rules = ?) GROUP BY text_hash ORDER BY text_hash",
        [rules or RULES_VERSION],
    ).df()


def put_intents(
    store: Store, hashes: Sequence[str], flags: pd.DataFrame, rules: str | None = None
) -> None:
    """Write the flags of :func:`cxnlp.intents.flag_intents` for the given text hashes."""
    if not len(hashes):
        return
    rows = pd.DataFrame(
        {
            "text_hash": list(hashes),
            "rules": rules or RULES_VERSION,
            **{intent: flags[intent].to_numpy(bool) for intent in INTENTS},
            "cues": flags["intent_cues"].astype(str).to_numpy(),
            "flagged_at": datetime.utcnow(),
        }
    )
    store.con.register("_intents", rows)
    try:
        store.con.execute(
            f"INSERT OR REPLACE INTO intents ({', '.join(INTENT_TABLE_COLUMNS)}) "
            f"SELECT {', '.join(INTENT_TABLE_COLUMNS)} FROM _intents"
        )
    finally:
        store.con.unregister("_intents")


def refresh_intents(store: Store, *, chunk_size: int = 5000) -> dict[str, Any]:
    """Flag every stored text not yet flagged under the current rules; drop older versions.

    Cheap (regular expressions only): the demo's ~20,000 texts take a few seconds.

    Returns:
        ``{"rules": RULES_VERSION, "flagged": n}`` plus, per intent, how many of the
        newly flagged texts carry it (``"churn": k``, ...).
    """
    todo = missing_intents(store)
    counts: dict[str, Any] = {"rules": RULES_VERSION, "flagged": len(todo)}
    counts.update(dict.fromkeys(INTENTS, 0))
    for start in range(0, len(todo), chunk_size):
        chunk = todo.iloc[start : start + chunk_size]
        flags = flag_intents(chunk["text_norm"].tolist())
        with store.transaction():
            put_intents(store, chunk["text_hash"].tolist(), flags)
        for intent in INTENTS:
            counts[intent] += int(flags[intent].sum())
    stale = store.con.execute(
        "SELECT count(*) FROM intents WHERE rules <> ?", [RULES_VERSION]
    ).fetchall()[0][0]
    if stale:
        store.con.execute("DELETE FROM intents WHERE rules <> ?", [RULES_VERSION])
        log.info("dropped %d intent flags of earlier rules versions", int(stale))
    if len(todo):
        log.info("intent cues flagged on %d texts (rules %s)", len(todo), RULES_VERSION)
    return counts


def read_intents(store: Store, hashes: Sequence[str] | None = None) -> pd.DataFrame:
    """Stored flags under the current rules, indexed by text hash (all, or those asked)."""
    columns = ["text_hash", *INTENTS, "cues"]
    if not store.has_table("intents"):
        return pd.DataFrame(columns=columns).set_index("text_hash")
    sql = f"SELECT {', '.join(columns)} FROM intents WHERE rules = ?"
    if hashes is None:
        frame = store.con.execute(sql, [RULES_VERSION]).df()
    else:
        store.con.register("_want_intents", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            frame = store.con.execute(
                sql + " AND text_hash IN (SELECT text_hash FROM _want_intents)", [RULES_VERSION]
            ).df()
        finally:
            store.con.unregister("_want_intents")
    frame = frame.rename(columns={"cues": "intent_cues"})
    for intent in INTENTS:
        frame[intent] = frame[intent].astype(bool)
    return frame.set_index("text_hash")
