"""The store's ``intents`` table: flags per text hash under a version of the rules.

Plain SQL with ``?`` placeholders and ``register`` for bulk writes, as the rest
of the store, so the PostgreSQL store runs it unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxnlp.intents import INTENTS, RULES_VERSION, flag_intents
from cxnlp.intents.head import IntentHead

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


def flags_key(head: IntentHead | None = None) -> str:
    """The version the flags are stored under: the rules', plus the head's when one is used."""
    return RULES_VERSION if head is None else f"{RULES_VERSION}+{head.name}"


def refresh_intents(
    store: Store, *, chunk_size: int = 5000, head: IntentHead | None = None
) -> dict[str, Any]:
    """Flag every stored text not yet flagged under the current version; drop older versions.

    With ``head`` (trained on the run's embedder), the texts' cached vectors feed
    it and its churn and escalation flags are added to the rules' (texts with no
    cached vector get the rules only). Cheap: the demo's ~20,000 texts take
    seconds.

    Returns:
        ``{"rules": <version>, "flagged": n}`` plus, per intent, how many of the
        newly flagged texts carry it (``"churn": k``, ...).
    """
    key = flags_key(head)
    todo = missing_intents(store, key)
    counts: dict[str, Any] = {"rules": key, "flagged": len(todo)}
    counts.update(dict.fromkeys(INTENTS, 0))
    for start in range(0, len(todo), chunk_size):
        chunk = todo.iloc[start : start + chunk_size]
        hashes = chunk["text_hash"].tolist()
        flags = flag_intents(chunk["text_norm"].tolist())
        if head is not None:
            flags = _add_head(store, head, hashes, flags)
        with store.transaction():
            put_intents(store, hashes, flags, key)
        for intent in INTENTS:
            counts[intent] += int(flags[intent].sum())
    stale = store.con.execute("SELECT count(*) FROM intents WHERE rules <> ?", [key]).fetchall()
    if stale[0][0]:
        store.con.execute("DELETE FROM intents WHERE rules <> ?", [key])
        log.info("dropped %d intent flags of other versions", int(stale[0][0]))
    if len(todo):
        log.info("intent cues flagged on %d texts (%s)", len(todo), key)
    return counts


def refresh_for_run(
    store: Store, models_dir: Path, embedder_version: str, *, chunk_size: int = 5000
) -> dict[str, Any]:
    """:func:`refresh_intents` with the head under ``models_dir`` trained on the run's
    embedder (:func:`cxnlp.intents.head.find_head`), or the rules alone when none is."""
    from cxnlp.intents.head import find_head

    return refresh_intents(
        store, chunk_size=chunk_size, head=find_head(models_dir, embedder_version)
    )


def _add_head(
    store: Store, head: IntentHead, hashes: list[str], flags: pd.DataFrame
) -> pd.DataFrame:
    cached = store.get_embeddings(hashes, head.embedder)
    rows = [i for i, h in enumerate(hashes) if h in cached]
    if not rows:
        return flags
    predicted = head.predict(np.vstack([cached[hashes[i]] for i in rows]))
    out = flags.copy()
    for intent in head.intents:
        for i, hit in zip(rows, predicted[intent].to_numpy(bool), strict=True):
            if hit and not out.iat[i, out.columns.get_loc(intent)]:
                out.iat[i, out.columns.get_loc(intent)] = True
                cue = f"{intent}: (modelo)"
                text = out.iat[i, out.columns.get_loc("intent_cues")]
                out.iat[i, out.columns.get_loc("intent_cues")] = f"{text}; {cue}" if text else cue
    return out


def read_intents(store: Store, hashes: Sequence[str] | None = None) -> pd.DataFrame:
    """Stored flags under the current rules, indexed by text hash (all, or those asked)."""
    columns = ["text_hash", *INTENTS, "cues"]
    if not store.has_table("intents"):
        return pd.DataFrame(columns=columns).set_index("text_hash")
    # the current rules, with or without a head (the enrich step keeps one version)
    sql = f"SELECT rules, {', '.join(columns)} FROM intents WHERE (rules = ? OR rules LIKE ?)"
    params = [RULES_VERSION, f"{RULES_VERSION}+%"]
    if hashes is None:
        frame = store.con.execute(sql, params).df()
    else:
        store.con.register("_want_intents", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            frame = store.con.execute(
                sql + " AND text_hash IN (SELECT text_hash FROM _want_intents)", params
            ).df()
        finally:
            store.con.unregister("_want_intents")
    frame = frame.sort_values("rules", ascending=False).drop_duplicates("text_hash")
    frame = frame.drop(columns="rules")
    frame = frame.rename(columns={"cues": "intent_cues"})
    for intent in INTENTS:
        frame[intent] = frame[intent].astype(bool)
    return frame.set_index("text_hash")
