"""Runs, their events, and the tables each run writes (topics, drivers, backlog, ...)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd

from cxnlp.errors import StoreError
from cxnlp.store.base import StoreBase, first_row, holds_containers, jsonable
from cxnlp.store.migrations import FLEXIBLE_TABLES


class RunStore(StoreBase):
    """Per-run tables, keyed by ``run_id`` so a rerun replaces what it wrote."""

    # -- topics -------------------------------------------------------------------------
    def write_topics(
        self, run_id: str, topics: pd.DataFrame, assignments: pd.DataFrame, daily: pd.DataFrame
    ) -> None:
        """Replace a run's topic table, assignments and daily volumes."""
        rows = topics.copy()
        for col in ("keywords", "representative_ids", "representative_texts", "centroid"):
            if col in rows:
                rows[col] = rows[col].map(lambda v: json.dumps(jsonable(v), ensure_ascii=False))
            else:
                rows[col] = "[]"
        for col in ("stage", "status", "first_seen", "label"):
            if col not in rows:
                rows[col] = None
        rows["run_id"] = run_id
        rows = rows[
            [
                "run_id", "topic_id", "label", "keywords", "size", "representative_ids",
                "representative_texts", "stage", "status", "first_seen", "centroid",
            ]
        ]  # fmt: skip
        assign = assignments[["feedback_id", "topic_id"]].copy()
        assign.insert(0, "run_id", run_id)
        day = daily[["date", "topic_id", "n"]].copy()
        day.insert(0, "run_id", run_id)
        with self.transaction():
            for table in ("topics", "topic_assignments", "topic_daily"):
                self.con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            for table, frame in (
                ("topics", rows),
                ("topic_assignments", assign),
                ("topic_daily", day),
            ):
                self.con.register("_t", frame)
                try:
                    self.con.execute(f"INSERT INTO {table} SELECT * FROM _t")
                finally:
                    self.con.unregister("_t")

    def read_topics(self, run_id: str) -> pd.DataFrame:
        """A run's topic table with list columns decoded."""
        frame = self.con.execute(
            "SELECT * FROM topics WHERE run_id = ? ORDER BY topic_id", [run_id]
        ).df()
        frame = frame.drop(columns=["run_id"])
        for col in ("keywords", "representative_ids", "representative_texts", "centroid"):
            frame[col] = frame[col].map(lambda v: json.loads(v) if isinstance(v, str) else [])
        return frame

    def read_topic_daily(self, run_id: str) -> pd.DataFrame:
        """A run's daily topic volumes."""
        return self.con.execute(
            "SELECT date, topic_id, n FROM topic_daily WHERE run_id = ? ORDER BY date, topic_id",
            [run_id],
        ).df()

    # -- per-run tables with columns chosen by their step --------------------------------
    def write_run_frame(self, table: str, run_id: str, frame: pd.DataFrame) -> None:
        """Replace a run's rows in a flexible table (drivers, backlog, callbacks)."""
        if table not in FLEXIBLE_TABLES:
            raise StoreError(
                f"{table!r} is not a per-run table; known: {', '.join(FLEXIBLE_TABLES)}"
            )
        rows = frame.copy()
        for col in rows.columns:
            if holds_containers(rows[col]):
                rows[col] = rows[col].map(lambda v: json.dumps(jsonable(v), ensure_ascii=False))
            elif rows[col].dtype == object and rows[col].isna().all():
                # an all-empty column would be created with DuckDB's NULL type, which
                # no later value can be cast to: make it text
                rows[col] = rows[col].astype("string")
        rows["run_id"] = run_id
        exists = self.has_table(table)
        self.con.register("_rf", rows)
        try:
            with self.transaction():
                if not exists:
                    self.con.execute(f"CREATE TABLE {table} AS SELECT * FROM _rf LIMIT 0")
                have = set(self.table_columns(table))
                for col in rows.columns:
                    if col not in have:
                        sql_type = self._column_type(rows, str(col))
                        self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{col}" {sql_type}')
                self.con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
                if len(rows):
                    cols = ", ".join(f'"{c}"' for c in rows.columns)
                    self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _rf")
        finally:
            self.con.unregister("_rf")

    def _column_type(self, rows: pd.DataFrame, col: str) -> str:
        """The SQL type of a new column of a flexible table, from the frame's values."""
        if self.dialect == "postgres":
            from cxnlp.store.pg_values import pg_type

            return pg_type(rows[col])
        dtype = first_row(self.con.execute(f'SELECT typeof("{col}") FROM _rf LIMIT 1').fetchall())
        return dtype[0] if dtype and dtype[0] != "NULL" else "VARCHAR"

    def read_run_frame(self, table: str, run_id: str) -> pd.DataFrame:
        """A run's rows of a flexible table (empty frame when none)."""
        if not self.has_table(table):
            return pd.DataFrame()
        frame = self.con.execute(f"SELECT * FROM {table} WHERE run_id = ?", [run_id]).df()
        return frame.drop(columns=["run_id"])

    # -- runs -----------------------------------------------------------------------------
    def start_run(self, run_id: str, *, as_of: datetime, config_hash: str) -> None:
        """Record a run as started."""
        self.con.execute(
            "INSERT OR REPLACE INTO runs (run_id, started_at, status, as_of, config_hash, counts) "
            "VALUES (?, ?, 'running', ?, ?, '{}')",
            [run_id, datetime.utcnow(), as_of, config_hash],
        )

    def update_run(self, run_id: str, **fields: Any) -> None:
        """Update columns of a run row; dict values are stored as JSON."""
        if not fields:
            return
        sets, params = [], []
        for key, value in fields.items():
            sets.append(f"{key} = ?")
            params.append(json.dumps(jsonable(value)) if isinstance(value, dict | list) else value)
        self.con.execute(f"UPDATE runs SET {', '.join(sets)} WHERE run_id = ?", [*params, run_id])

    def add_event(self, run_id: str, step: str, level: str, message: str) -> None:
        """Record something that happened during a run (a source failure, a timing)."""
        self.con.execute(
            "INSERT INTO run_events VALUES (?, ?, ?, ?, ?)",
            [run_id, datetime.utcnow(), step, level, message],
        )

    def fail_interrupted_runs(self, *, current: str) -> list[str]:
        """Mark every other run still ``running`` as failed; return their ids.

        Called by a run that holds the run lock: no other run can be alive, so a
        ``running`` row is one whose process died (``kill -9``, a power cut).
        """
        rows = self.con.execute(
            "SELECT run_id FROM runs WHERE status = 'running' AND run_id <> ?", [current]
        ).fetchall()
        ids = [str(r[0]) for r in rows]
        for run_id in ids:
            self.con.execute(
                "UPDATE runs SET status = 'failed', error = ? WHERE run_id = ?",
                [
                    f"interrupted: the process ended before the run finished (found by {current})",
                    run_id,
                ],
            )
        return ids

    def last_row_times(self, *, until: datetime) -> dict[str, datetime]:
        """The newest ``created_at`` of each source's feedback, up to ``until``."""
        rows = self.con.execute(
            "SELECT source, max(created_at) FROM feedback WHERE created_at <= ? GROUP BY source",
            [until],
        ).fetchall()
        return {str(name): pd.Timestamp(t).to_pydatetime() for name, t in rows if t is not None}

    def runs(self, limit: int = 20) -> pd.DataFrame:
        """The latest runs, newest first."""
        return self.con.execute("SELECT * FROM runs ORDER BY started_at DESC LIMIT ?", [limit]).df()

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        """One run as a dict with JSON columns decoded."""
        frame = self.con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id]).df()
        if frame.empty:
            return None
        row = frame.iloc[0].to_dict()
        for key in ("counts", "model_versions", "outputs"):
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
        return row

    def last_successful_run(self, *, before: str | None = None) -> str | None:
        """The id of the newest finished run (optionally other than ``before``).

        A run that completed with errors (a source failed or was empty) finished
        every step: it counts as successful here.
        """
        row = first_row(
            self.con.execute(
                "SELECT run_id FROM runs WHERE status IN ('completed', 'completed_with_errors') "
                "AND run_id <> ? "
                "ORDER BY started_at DESC LIMIT 1",
                [before or ""],
            ).fetchall()
        )
        return None if row is None else row[0]
