"""The DuckDB store: one file, a versioned schema, idempotent writes.

Every write is keyed so that a rerun replaces instead of adding: feedback by
``feedback_id`` (itself a hash of ``(source, source_id)``), embeddings by
``(text_hash, model)``, predictions by ``(text_hash, models)``, and every per-run
table by ``run_id``. A crashed run can therefore simply be run again.

A run holds an exclusive lock file beside the database for its whole life, so
two runs started at once never interleave: the second waits up to
``store.lock_timeout_s`` and then exits with a clear error.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from cxnlp.errors import StoreError
from cxnlp.schema import EMOTION_LABELS, FEEDBACK_COLUMNS, QUARANTINE_COLUMNS, SENTIMENT_LABELS

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2


def _columns_sql(columns: dict[str, str]) -> str:
    return ", ".join(f'"{name}" {dtype}' for name, dtype in columns.items())


# Each migration moves the schema from version (i - 1) to i. Never edit a
# released migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        f"CREATE TABLE IF NOT EXISTS feedback ({_columns_sql(FEEDBACK_COLUMNS)}, "
        "PRIMARY KEY (feedback_id))",
        f"CREATE TABLE IF NOT EXISTS quarantine ({_columns_sql(QUARANTINE_COLUMNS)})",
        "CREATE TABLE IF NOT EXISTS watermarks (source VARCHAR PRIMARY KEY, value VARCHAR, "
        "updated_at TIMESTAMP)",
        "CREATE TABLE IF NOT EXISTS embeddings (text_hash VARCHAR, model VARCHAR, dim INTEGER, "
        "vector BLOB, PRIMARY KEY (text_hash, model))",
        "CREATE TABLE IF NOT EXISTS predictions (text_hash VARCHAR, models VARCHAR, "
        "sentiment VARCHAR, "
        + ", ".join(f'"p_{label}" DOUBLE' for label in SENTIMENT_LABELS)
        + ", emotion VARCHAR, "
        + ", ".join(f'"p_{label}" DOUBLE' for label in EMOTION_LABELS)
        + ", predicted_at TIMESTAMP, PRIMARY KEY (text_hash, models))",
        "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, "
        "finished_at TIMESTAMP, status VARCHAR, as_of TIMESTAMP, config_hash VARCHAR, "
        "model_versions VARCHAR, counts VARCHAR, error VARCHAR, outputs VARCHAR)",
        "CREATE TABLE IF NOT EXISTS topics (run_id VARCHAR, topic_id INTEGER, label VARCHAR, "
        "keywords VARCHAR, size INTEGER, representative_ids VARCHAR, "
        "representative_texts VARCHAR, stage VARCHAR, status VARCHAR, first_seen DATE, "
        "centroid VARCHAR, PRIMARY KEY (run_id, topic_id))",
        "CREATE TABLE IF NOT EXISTS topic_assignments (run_id VARCHAR, feedback_id VARCHAR, "
        "topic_id INTEGER, PRIMARY KEY (run_id, feedback_id))",
        "CREATE TABLE IF NOT EXISTS topic_daily (run_id VARCHAR, date DATE, topic_id INTEGER, "
        "n INTEGER)",
    ],
    [
        # source failures and per-step timings, kept apart from the run's counts
        "CREATE TABLE IF NOT EXISTS run_events (run_id VARCHAR, logged_at TIMESTAMP, step VARCHAR, "
        "level VARCHAR, message VARCHAR)",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION

# Tables whose columns are set by the step that writes them (drivers, backlog):
# created from the first frame, widened when a later frame brings new columns.
FLEXIBLE_TABLES = ("drivers", "causes", "backlog", "callbacks")


class RunLock:
    """An exclusive, process-wide lock file next to the database."""

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._fh: Any = None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout_s``.

        Raises:
            StoreError: if another run still holds it after the timeout.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")  # noqa: SIM115 - held for the run's lifetime
        deadline = time.monotonic() + self.timeout_s
        announced = False
        while True:
            try:
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    self._fh.close()
                    self._fh = None
                    raise StoreError(
                        f"another cxnlp run holds {self.path} (waited {self.timeout_s:.0f} s); "
                        "let it finish, or raise store.lock_timeout_s"
                    ) from None
                if not announced:
                    log.warning("another run holds %s; waiting for it to finish", self.path)
                    announced = True
                time.sleep(0.5)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


class Store:
    """A DuckDB database file with cxnlp's schema.

    Args:
        path: the database file (created with its folder when missing), or
            ``":memory:"`` for tests.
        read_only: open without taking write access (reports, notebooks).
        memory_limit: DuckDB's memory cap, such as ``"256MB"`` (``store.memory_limit``);
            None leaves DuckDB's default.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, str | bool | int | float | list[str]] = (
            {"memory_limit": memory_limit} if memory_limit else {}
        )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        if not read_only:
            self.migrate()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        """Return the schema version of the open database (0 when empty)."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)"
        )
        row = _first(self.con.execute("SELECT max(version) FROM schema_version").fetchall())
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply the migrations this database lacks; return the new version.

        Raises:
            StoreError: if the database is newer than this version of cxnlp.
        """
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this cxnlp "
                f"({SCHEMA_VERSION}); upgrade cxnlp"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for statement in MIGRATIONS[version - 1]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, current_timestamp)", [version]
                )
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            log.info("store %s migrated to schema version %d", self.path, version)
        return SCHEMA_VERSION

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing block of writes."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- feedback -------------------------------------------------------------
    def upsert_feedback(self, records: pd.DataFrame) -> int:
        """Insert or replace feedback rows keyed by ``feedback_id``; return the row count."""
        if records.empty:
            return 0
        frame = _conform(records, FEEDBACK_COLUMNS)
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
        frame = _conform(rejects, QUARANTINE_COLUMNS)
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
                "SELECT f.text_hash, arg_min(f.feedback_id, f.created_at) FROM feedback f "
                "JOIN _hashes h USING (text_hash) WHERE f.dup_of IS NULL GROUP BY f.text_hash"
            ).fetchall()
        finally:
            self.con.unregister("_hashes")
        return {h: fid for h, fid in rows}

    def get_watermark(self, source: str) -> str | None:
        """Return a source's high-water mark, or None before its first load."""
        row = _first(
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
        row = _first(self.con.execute(f'SELECT count(*) FROM "{table}"').fetchall())
        return int(row[0]) if row else 0

    # -- embeddings and predictions ------------------------------------------------
    def missing_predictions(self, models: str, *, limit: int | None = None) -> pd.DataFrame:
        """Distinct (text_hash, text_norm) of stored feedback with no prediction under ``models``."""
        sql = (
            "SELECT text_hash, any_value(text_norm) AS text_norm FROM feedback f "
            "WHERE coalesce(text_norm, '') <> '' AND NOT EXISTS (SELECT 1 FROM predictions p "
            "WHERE p.text_hash = f.text_hash AND p.models = ?) GROUP BY text_hash ORDER BY text_hash"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, [models]).df()

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes under ``model``."""
        if not hashes:
            return {}
        self.con.register("_want", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            rows = self.con.execute(
                "SELECT e.text_hash, e.vector FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                [model],
            ).fetchall()
        finally:
            self.con.unregister("_want")
        return {h: np.frombuffer(blob, dtype=np.float32) for h, blob in rows}

    def cached_hashes(self, hashes: Sequence[str], model: str) -> set[str]:
        """The text hashes among ``hashes`` whose vector under ``model`` is cached."""
        if not len(hashes):
            return set()
        self.con.register("_want", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            rows = self.con.execute(
                "SELECT e.text_hash FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                [model],
            ).fetchall()
        finally:
            self.con.unregister("_want")
        return {h for (h,) in rows}

    def fill_embeddings(self, hashes: Sequence[str], model: str, out: np.ndarray) -> np.ndarray:
        """Copy the cached vectors of ``hashes`` under ``model`` into the rows of ``out``.

        Row ``i`` of ``out`` (float32, ``(len(hashes), dim)``) receives the vector of
        ``hashes[i]`` when it is cached; other rows are left as they are. The vectors go
        from DuckDB's Arrow batches straight into ``out``, so a window of 100,000 cached
        vectors costs no Python object per vector.

        Returns:
            A boolean mask: True where a vector was found.

        Raises:
            StoreError: if a cached vector's width differs from ``out``'s.
        """
        found = np.zeros(len(hashes), dtype=bool)
        if not len(hashes):
            return found
        dim = out.shape[1]
        self.con.register(
            "_want",
            pa.table(
                {"i": pa.array(np.arange(len(hashes), dtype=np.int64)), "text_hash": list(hashes)}
            ),
        )
        reader = None
        try:
            reader = self.con.sql(
                "SELECT w.i, e.vector FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                params=[model],
            ).to_arrow_reader(50_000)
            for batch in reader:
                rows = batch.column(0).to_numpy()
                blobs = batch.column(1)
                if len(rows) == 0:
                    continue
                if isinstance(blobs, pa.ChunkedArray):  # pragma: no cover (batches are flat)
                    blobs = blobs.combine_chunks()
                offsets = np.frombuffer(blobs.buffers()[1], dtype=np.int32)[
                    blobs.offset : blobs.offset + len(blobs) + 1
                ]
                if not np.all(np.diff(offsets) == 4 * dim):
                    raise StoreError(
                        f"cached embeddings of model {model!r} are not {dim} floats wide; "
                        "the cache holds vectors of another width under the same model name"
                    )
                values = np.frombuffer(blobs.buffers()[2], dtype=np.uint8)
                block = values[offsets[0] : offsets[-1]].view(np.float32).reshape(-1, dim)
                out[rows] = block
                found[rows] = True
        finally:
            if reader is not None:
                reader.close()
            self.con.unregister("_want")
        return found

    def put_embeddings(self, hashes: Sequence[str], vectors: np.ndarray, model: str) -> None:
        """Cache vectors by text hash and model (replacing any earlier copy)."""
        if len(hashes) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        table = pa.table(
            {
                "text_hash": pa.array(list(hashes), pa.string()),
                "model": pa.array([model] * len(hashes), pa.string()),
                "dim": pa.array([vectors.shape[1]] * len(hashes), pa.int32()),
                "vector": pa.array([row.tobytes() for row in vectors], pa.binary()),
            }
        )
        self.con.register("_emb", table)
        try:
            self.con.execute("INSERT OR REPLACE INTO embeddings SELECT * FROM _emb")
        finally:
            self.con.unregister("_emb")

    def put_predictions(self, frame: pd.DataFrame) -> None:
        """Write prediction rows (text_hash, models, labels, probabilities)."""
        if frame.empty:
            return
        cols = ["text_hash", "models", "sentiment", *[f"p_{x}" for x in SENTIMENT_LABELS]]
        cols += ["emotion", *[f"p_{x}" for x in EMOTION_LABELS]]
        frame = frame[cols].copy()
        frame["predicted_at"] = datetime.utcnow()
        self.con.register("_pred", frame)
        try:
            self.con.execute("INSERT OR REPLACE INTO predictions SELECT * FROM _pred")
        finally:
            self.con.unregister("_pred")

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
        return frame

    # -- topics -------------------------------------------------------------------------
    def write_topics(
        self, run_id: str, topics: pd.DataFrame, assignments: pd.DataFrame, daily: pd.DataFrame
    ) -> None:
        """Replace a run's topic table, assignments and daily volumes."""
        rows = topics.copy()
        for col in ("keywords", "representative_ids", "representative_texts", "centroid"):
            if col in rows:
                rows[col] = rows[col].map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
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
            "SELECT * EXCLUDE (run_id) FROM topics WHERE run_id = ? ORDER BY topic_id", [run_id]
        ).df()
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
            if _holds_containers(rows[col]):
                rows[col] = rows[col].map(lambda v: json.dumps(_jsonable(v), ensure_ascii=False))
            elif rows[col].dtype == object and rows[col].isna().all():
                # an all-empty column would be created with DuckDB's NULL type, which
                # no later value can be cast to: make it text
                rows[col] = rows[col].astype("string")
        rows["run_id"] = run_id
        exists = _first(
            self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
            ).fetchall()
        )
        self.con.register("_rf", rows)
        try:
            with self.transaction():
                if not exists or not exists[0]:
                    self.con.execute(f"CREATE TABLE {table} AS SELECT * FROM _rf LIMIT 0")
                have = {r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()}
                for col in rows.columns:
                    if col not in have:
                        dtype = _first(
                            self.con.execute(f'SELECT typeof("{col}") FROM _rf LIMIT 1').fetchall()
                        )
                        sql_type = dtype[0] if dtype and dtype[0] != "NULL" else "VARCHAR"
                        self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{col}" {sql_type}')
                self.con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
                if len(rows):
                    self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rf")
        finally:
            self.con.unregister("_rf")

    def read_run_frame(self, table: str, run_id: str) -> pd.DataFrame:
        """A run's rows of a flexible table (empty frame when none)."""
        exists = _first(
            self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
            ).fetchall()
        )
        if not exists or not exists[0]:
            return pd.DataFrame()
        return self.con.execute(
            f"SELECT * EXCLUDE (run_id) FROM {table} WHERE run_id = ?", [run_id]
        ).df()

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
            params.append(json.dumps(_jsonable(value)) if isinstance(value, dict | list) else value)
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
        row = _first(
            self.con.execute(
                "SELECT run_id FROM runs WHERE status IN ('completed', 'completed_with_errors') "
                "AND run_id <> ? "
                "ORDER BY started_at DESC LIMIT 1",
                [before or ""],
            ).fetchall()
        )
        return None if row is None else row[0]


def _holds_containers(column: pd.Series) -> bool:
    """True when some cell of ``column`` is a list, dict, tuple or array (stored as JSON).

    Only object columns can hold them; asking a typed column (an empty datetime
    column of a night with no call-backs, say) would fail on its dtype.
    """
    if column.dtype != object or column.empty:
        return False
    return bool(column.map(lambda v: isinstance(v, list | dict | tuple | np.ndarray)).any())


def _first(rows: list[Any]) -> Any:
    """First row of a fully fetched result (DuckDB wants results consumed)."""
    return rows[0] if rows else None


def _conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Give a frame exactly ``columns`` in order, adding missing ones as nulls."""
    out = pd.DataFrame(index=frame.index)
    for name, dtype in columns.items():
        if name in frame:
            out[name] = frame[name]
        else:
            out[name] = None
        if dtype == "TIMESTAMP":
            out[name] = pd.to_datetime(out[name], errors="coerce", utc=True).dt.tz_localize(None)
        elif dtype in ("INTEGER", "BIGINT"):
            out[name] = pd.to_numeric(out[name], errors="coerce").astype("Int64")
        elif dtype == "DOUBLE":
            out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
        elif dtype == "BOOLEAN":
            out[name] = out[name].astype("boolean")
        else:
            out[name] = out[name].astype("object").where(out[name].notna(), None)
    return out.reset_index(drop=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    return value
