"""The ``label_corrections`` table and how a correction overrides a prediction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

TABLE = "label_corrections"
COLUMNS = (
    "text_hash",
    "sentiment",
    "emotion",
    "feedback_id",
    "source_file",
    "source_row",
    "corrected_by",
    "corrected_at",
)
TASK_LABELS = {"sentiment": SENTIMENT_LABELS, "emotion": EMOTION_LABELS}
CORRECTED_COLUMN = "label_corrected"


def put_corrections(store: Any, rows: Sequence[dict[str, Any]]) -> int:
    """Store corrections, one per text hash; a task left empty keeps its earlier correction.

    Args:
        store: an open, writable :class:`cxnlp.store.Store`.
        rows: dicts with ``text_hash`` and ``sentiment`` and/or ``emotion`` (None when
            not corrected), plus ``feedback_id``, ``source_file``, ``source_row``,
            ``corrected_by`` and ``corrected_at``.

    Returns:
        The number of rows written.
    """
    if not rows:
        return 0
    existing = read_corrections(store, [str(r["text_hash"]) for r in rows])
    earlier = existing.set_index("text_hash").to_dict("index") if len(existing) else {}
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        old = merged.get(row["text_hash"]) or earlier.get(row["text_hash"], {})
        new = {c: row.get(c) for c in COLUMNS}
        for task in TASK_LABELS:
            if new[task] is None:
                new[task] = old.get(task)
        merged[row["text_hash"]] = new
    frame = pd.DataFrame(list(merged.values()), columns=list(COLUMNS))
    frame["source_row"] = frame["source_row"].astype("Int64")
    frame["corrected_at"] = pd.to_datetime(frame["corrected_at"])
    store.con.register("_corrections", frame)
    try:
        store.con.execute("BEGIN TRANSACTION")
        store.con.execute(
            f"DELETE FROM {TABLE} WHERE text_hash IN (SELECT text_hash FROM _corrections)"
        )
        store.con.execute(f"INSERT INTO {TABLE} SELECT {', '.join(COLUMNS)} FROM _corrections")
        store.con.execute("COMMIT")
    except Exception:
        store.con.execute("ROLLBACK")
        raise
    finally:
        store.con.unregister("_corrections")
    return len(frame)


def has_corrections_table(store: Any) -> bool:
    """Whether the store has the table (a store opened read-only may predate schema 3)."""
    rows = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]
    ).fetchall()
    return bool(rows and rows[0][0])


def _any_correction(store: Any) -> bool:
    # most stores have none: reading a window then costs one tiny query
    return bool(store.con.execute(f"SELECT count(*) FROM {TABLE}").fetchall()[0][0])


def read_corrections(store: Any, hashes: Sequence[str] | None = None) -> pd.DataFrame:
    """The stored corrections (all, or those of ``hashes``); empty on a store without the table."""
    if not has_corrections_table(store) or not _any_correction(store):
        return pd.DataFrame(columns=list(COLUMNS))
    select = f"SELECT {', '.join(COLUMNS)} FROM {TABLE}"
    if hashes is None:
        return store.con.execute(f"{select} ORDER BY corrected_at, text_hash").df()
    if not len(hashes):
        return pd.DataFrame(columns=list(COLUMNS))
    store.con.register("_want_hashes", pd.DataFrame({"h": list(dict.fromkeys(hashes))}))
    try:
        return store.con.execute(
            f"{select} WHERE text_hash IN (SELECT h FROM _want_hashes) ORDER BY text_hash"
        ).df()
    finally:
        store.con.unregister("_want_hashes")


def list_corrections(store: Any) -> pd.DataFrame:
    """Every correction with the redacted text of its comment (never the raw text)."""
    if not has_corrections_table(store):
        return pd.DataFrame(columns=["feedback_id", "sentiment", "emotion", "text"])
    return store.con.execute(
        f"SELECT c.feedback_id, c.sentiment, c.emotion, c.corrected_by, c.corrected_at, "
        f"c.source_file, c.source_row, c.text_hash, "
        f"(SELECT min(f.text) FROM feedback f WHERE f.text_hash = c.text_hash) AS text "
        f"FROM {TABLE} c ORDER BY c.corrected_at, c.text_hash"
    ).df()


def apply_corrections(frame: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with corrected labels in place of the predicted ones.

    A corrected row gets the analyst's label and a probability of 1 for it (0 for
    the other labels of that task), so counts and shares follow the correction;
    column ``label_corrected`` is True on rows where either task was corrected.
    Rows with no prediction (no models key) are corrected too. ``frame`` is not
    modified.

    Args:
        frame: rows with ``text_hash`` and the prediction columns.
        corrections: :func:`read_corrections`' frame.
    """
    out = frame.copy()
    out[CORRECTED_COLUMN] = False
    if corrections.empty or "text_hash" not in out.columns or out.empty:
        return out
    by_hash = corrections.set_index("text_hash")
    for task, labels in TASK_LABELS.items():
        if task not in out.columns:
            continue
        wanted = out["text_hash"].map(by_hash[task].dropna())
        hit = wanted.notna().to_numpy()
        if not hit.any():
            continue
        out[task] = out[task].astype(object)
        out.loc[hit, task] = wanted[hit]
        for label in labels:
            column = f"p_{label}"
            if column in out.columns:
                out[column] = out[column].astype(float)
                out.loc[hit, column] = np.where(wanted[hit] == label, 1.0, 0.0)
        out.loc[hit, CORRECTED_COLUMN] = True
    return out


def now_utc() -> datetime:
    """The time a correction is recorded under (UTC, naive, as the store keeps times)."""
    return datetime.utcnow().replace(microsecond=0)
