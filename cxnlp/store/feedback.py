"""Feedback rows, quarantine, watermarks and the window read for analysis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from cxnlp.schema import EMOTION_LABELS, FEEDBACK_COLUMNS, QUARANTINE_COLUMNS, SENTIMENT_LABELS
from cxnlp.store.base import StoreBase, conform, first_row


class FeedbackStore(StoreBase):
    """Feedback and what comes with it: rejects, watermarks, the analysis window."""

    # -- feedback -------------------------------------------------------------
    def upsert_feedback(self, records: pd.DataFrame) -> int:
        """Insert or replace feedback rows keyed by ``feedback_id``; return the row count."""
        if records.empty:
            return 0
        frame = conform(records, FEEDBACK_COLUMNS)
        frame = frame.drop_duplicates("feedback_id", keep="last")
        self.con.register("_incoming", frame)
        try:
            cols = ", ".join(f'"{c}"' for c in FEEDBACK_COLUMNS)
            self.con.execute(
                f"INSERT OR REPLACE INTO feedback ({cols}) SELECT {cols} FROM _incoming"
            )
        finally:
            self.con.unregister("_incoming")
        return len(frame)

    def add_quarantine(self, rejects: pd.DataFrame) -> int:
        """Append rejected rows (a rerun of the same run replaces its own rows)."""
        if rejects.empty:
            return 0
        frame = conform(rejects, QUARANTINE_COLUMNS)
        self.con.register("_rejects", frame)
        try:
            self.con.execute(
                "DELETE FROM quarantine q USING (SELECT DISTINCT source, file, row_number, field "
                "FROM _rejects) r WHERE q.source = r.source AND q.file IS NOT DISTINCT FROM r.file "
                "AND q.row_number IS NOT DISTINCT FROM r.row_number AND q.field IS NOT DISTINCT FROM r.field"
            )
            cols = ", ".join(f'"{c}"' for c in QUARANTINE_COLUMNS)
            self.con.execute(f"INSERT INTO quarantine ({cols}) SELECT {cols} FROM _rejects")
        finally:
            self.con.unregister("_rejects")
        return len(frame)

    def known_text_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """Map each already-stored ``text_hash`` to the first feedback_id that has it."""
        if not hashes:
            return {}
        frame = pd.DataFrame({"text_hash": list(dict.fromkeys(hashes))})
        self.con.register("_hashes", frame)
        try:
            rows = self.con.execute(
                "SELECT text_hash, feedback_id FROM (SELECT f.text_hash, f.feedback_id, "
                "row_number() OVER (PARTITION BY f.text_hash ORDER BY f.created_at, f.feedback_id)"
                " AS k FROM feedback f JOIN _hashes h ON h.text_hash = f.text_hash "
                "WHERE f.dup_of IS NULL) first_seen WHERE k = 1"
            ).fetchall()
        finally:
            self.con.unregister("_hashes")
        return {h: fid for h, fid in rows}

    def get_watermark(self, source: str) -> str | None:
        """Return a source's high-water mark, or None before its first load."""
        row = first_row(
            self.con.execute("SELECT value FROM watermarks WHERE source = ?", [source]).fetchall()
        )
        return None if row is None else row[0]

    def set_watermark(self, source: str, value: str | None) -> None:
        """Store a source's high-water mark."""
        if value is None:
            return
        self.con.execute(
            "INSERT OR REPLACE INTO watermarks VALUES (?, ?, current_timestamp)", [source, value]
        )

    def count(self, table: str) -> int:
        """Number of rows in a table."""
        row = first_row(self.con.execute(f'SELECT count(*) FROM "{table}"').fetchall())
        return int(row[0]) if row else 0

    # -- reading for analysis -----------------------------------------------------------
    def load_window(
        self,
        *,
        start: datetime | None,
        end: datetime | None,
        models: str | None,
        run_id: str | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The enriched frame: feedback in ``[start, end)`` joined with predictions and topics.

        Args:
            start: inclusive lower bound on ``created_at`` (None: no bound).
            end: exclusive upper bound (None: no bound).
            models: the predictions' model key; None leaves prediction columns empty.
            run_id: take ``topic_id`` from this run's assignments (None: -1 everywhere).
            columns: feedback columns to read (default: all but ``text_raw``).
        """
        wanted = [c for c in (columns or FEEDBACK_COLUMNS) if c != "text_raw"]
        select = ", ".join(f'f."{c}"' for c in wanted)
        pred_cols = ["sentiment", *[f"p_{x}" for x in SENTIMENT_LABELS], "emotion"]
        pred_cols += [f"p_{x}" for x in EMOTION_LABELS]
        select += ", " + ", ".join(f'p."{c}"' for c in pred_cols)
        select += ", coalesce(a.topic_id, -1) AS topic_id"
        where, params = ["TRUE"], []
        if start is not None:
            where.append("f.created_at >= ?")
            params.append(start)
        if end is not None:
            where.append("f.created_at < ?")
            params.append(end)
        sql = (
            f"SELECT {select} FROM feedback f "
            "LEFT JOIN predictions p ON p.text_hash = f.text_hash AND p.models = ? "
            "LEFT JOIN topic_assignments a ON a.feedback_id = f.feedback_id AND a.run_id = ? "
            f"WHERE {' AND '.join(where)} ORDER BY f.created_at, f.feedback_id"
        )
        frame = self.con.execute(sql, [models or "", run_id or "", *params]).df()
        frame["topic_id"] = frame["topic_id"].astype(int)
        if models is None or "text_hash" not in frame.columns:
            return frame
        # an analyst's corrected label wins over the model's (cxnlp.labels)
        from cxnlp.labels.corrections import apply_corrections, read_corrections

        return apply_corrections(frame, read_corrections(self, frame["text_hash"].tolist()))
