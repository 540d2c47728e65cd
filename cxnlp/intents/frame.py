"""Intent flags on an enriched frame, and their share per cause.

The run reads the stored flags (:mod:`cxnlp.intents.store`) by text hash;
comments with none stored (a frame built outside a run, or texts the enrich
step has not flagged yet) are flagged on the spot from their text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cxnlp.intents import INTENTS, flag_intents

if TYPE_CHECKING:
    from cxnlp.store import Store

INTENT_COLUMNS = (*INTENTS, "intent_cues")
# Reasons for the call-back list, in Spanish (the intents that move a customer up).
CALLBACK_REASONS = {"churn": "intención de baja", "escalation": "amenaza de reclamación"}


def _text_of(frame: pd.DataFrame) -> pd.Series:
    for column in ("text_norm", "text"):
        if column in frame.columns:
            return frame[column].where(frame[column].notna(), "").astype(str)
    return pd.Series("", index=frame.index, dtype=object)


def attach_intents(frame: pd.DataFrame, store: Store | None = None) -> pd.DataFrame:
    """The frame with one bool column per intent and ``intent_cues`` added.

    A frame that already has them is returned as is. With a store, flags come
    from its ``intents`` table by ``text_hash``; rows without a stored flag are
    flagged from ``text_norm`` (else ``text``).
    """
    if all(c in frame.columns for c in INTENT_COLUMNS):
        return frame
    out = frame.drop(columns=[c for c in INTENT_COLUMNS if c in frame.columns])
    flags = pd.DataFrame(index=out.index, columns=list(INTENT_COLUMNS), dtype=object)
    todo = pd.Series(True, index=out.index)
    if store is not None and "text_hash" in out.columns and len(out):
        from cxnlp.intents.store import read_intents

        stored = read_intents(store, out["text_hash"].dropna().unique().tolist())
        known = out["text_hash"].isin(stored.index)
        if known.any():
            hit = stored.loc[out.loc[known, "text_hash"], list(INTENT_COLUMNS)]
            flags.loc[known, list(INTENT_COLUMNS)] = hit.to_numpy()
            todo = ~known
    if todo.any():
        fresh = flag_intents(_text_of(out)[todo])
        flags.loc[todo, list(INTENT_COLUMNS)] = fresh[list(INTENT_COLUMNS)].to_numpy()
    for intent in INTENTS:
        out[intent] = flags[intent].astype(bool)
    out["intent_cues"] = flags["intent_cues"].fillna("").astype(str)
    return out


def intent_shares(frame: pd.DataFrame, topic_id: int | None = None) -> pd.DataFrame:
    """Per topic id, the share of its comments with each intent.

    An answer whose clauses name several topics (``topic_ids``) counts in each,
    as the ranking counts it. Duplicates (``dup_of`` set) are left out.

    Args:
        frame: The enriched frame (with stored flags, else they are computed).
        topic_id: Only this topic (flags are then computed for its comments only).

    Returns:
        Index ``topic_id``; columns ``n`` and one share (0-1) per intent.
    """
    empty = pd.DataFrame(columns=["n", *INTENTS]).rename_axis("topic_id")
    if "topic_id" not in frame.columns or frame.empty:
        return empty
    if topic_id is not None:
        mine = frame["topic_id"] == topic_id
        if "topic_ids" in frame.columns:
            mine |= frame["topic_ids"].map(lambda v: isinstance(v, list | tuple) and topic_id in v)
        frame = frame[mine]
    flagged = attach_intents(frame)
    if "dup_of" in flagged.columns:
        flagged = flagged[flagged["dup_of"].isna()]
    if flagged.empty:
        return empty
    if "topic_ids" in flagged.columns:
        ids = [
            list(v) if isinstance(v, list | tuple) and len(v) else [int(t)]
            for v, t in zip(flagged["topic_ids"], flagged["topic_id"], strict=True)
        ]
        flagged = flagged.assign(_tid=ids).explode("_tid")
    else:
        flagged = flagged.assign(_tid=flagged["topic_id"])
    flagged["_tid"] = pd.to_numeric(flagged["_tid"], errors="coerce").astype("Int64")
    if topic_id is not None:
        flagged = flagged[flagged["_tid"] == topic_id]
    grouped = flagged.groupby("_tid")
    out = grouped[list(INTENTS)].mean()
    out.insert(0, "n", grouped.size())
    return out.rename_axis("topic_id")


def callback_reason(row: pd.Series | dict[str, object]) -> str:
    """The Spanish reason a call-back moved up ("intención de baja", ...), "" when none."""
    return " y ".join(text for key, text in CALLBACK_REASONS.items() if bool(row.get(key)))


# The intents a cause card and a backlog item show, and their names there.
SHOWN_INTENTS = {
    "churn": "intención de baja",
    "escalation": "amenaza de reclamación",
    "effort": "esfuerzo o contacto repetido",
    "urgent": "urgente (seguridad o fraude)",
}


def intent_summary(shares: pd.DataFrame, topic_id: int) -> str | None:
    """One Spanish line with a cause's intent shares (None when it has no comments).

    Churn, escalation and effort always show (0 % is a finding too); urgent only
    when some comment carries it.
    """
    from cxnlp.drivers.reason import fmt_pct

    if topic_id not in shares.index or not shares.at[topic_id, "n"]:
        return None
    row = shares.loc[topic_id]
    parts = [
        f"{fmt_pct(float(row[key]))} con {name}"
        for key, name in SHOWN_INTENTS.items()
        if key != "urgent" or row[key] > 0
    ]
    return f"{'; '.join(parts)} (de {int(row['n'])} comentarios)"
