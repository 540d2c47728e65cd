"""Copy a whole store between DuckDB and PostgreSQL, then check the copy.

Every table of the source is copied (the migrated ones, the per-run tables the
steps create, and the tables other modules create on first use), with its
primary key, in chunks of ``chunk_rows`` rows, so memory holds one chunk at a
time, never a whole table: a DuckDB source is streamed as Arrow batches, a
PostgreSQL source through a server-side cursor; each chunk goes into the target
as a registered frame (on PostgreSQL, the adapter's ``COPY``). The whole copy is
one transaction on the target: interrupted anywhere (an error, Ctrl-C), the
target is left as it was (empty, or its old content under ``replace``), never
half copied. A PostgreSQL source is read in one ``REPEATABLE READ`` snapshot, so
a write during the copy cannot make the tables disagree.

The copy is then checked two ways: the row count of every table, and the figures
of the newest finished run recomputed on both sides with
``sql/recompute_figures.sql`` (the same portable SQL on both).
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.errors import StoreError
from cxnlp.store.core import Store
from cxnlp.store.migrations import SCHEMA_VERSION

log = logging.getLogger(__name__)

FIGURES_SQL = Path(__file__).resolve().parents[2] / "sql" / "recompute_figures.sql"
FIGURE_VIEWS = ("q_topic_stats", "q_loo", "q_keydriver", "q_trend")
_PARAMS_END = "\n-- end of parameters\n"
WINDOW_DAYS = 90  # the window the figures are recomputed over (ending at the run's as_of)
# rows held in memory at a time: a vector of 384 floats is 1.5 KiB; on 100k comments +
# vectors DuckDB -> PostgreSQL, 10,000 peaked at 374 MiB and 50,000 at 507 MiB in the
# same time (bench/bench_store_copy.py, docs/store.md)
CHUNK_ROWS = 10_000
SOURCE_CACHE = "128MB"  # DuckDB source: memory limit (its block cache) during the copy
TARGET_CACHE = "256MB"  # DuckDB target: the same (it spills the copy's rows to disk)

# called with (table, rows copied so far, rows in the source's table) after every chunk
Progress = Callable[[str, int, int], None]

# information_schema type names (DuckDB and PostgreSQL) -> the portable type of the copy
_PORTABLE = {
    "varchar": "VARCHAR",
    "character varying": "VARCHAR",
    "text": "VARCHAR",
    "integer": "INTEGER",
    "int": "INTEGER",
    "smallint": "INTEGER",
    "tinyint": "INTEGER",
    "bigint": "BIGINT",
    "hugeint": "BIGINT",
    "double": "DOUBLE",
    "double precision": "DOUBLE",
    "float": "DOUBLE",
    "real": "DOUBLE",
    "numeric": "DOUBLE",
    "decimal": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "timestamp without time zone": "TIMESTAMP",
    "timestamp with time zone": "TIMESTAMP",
    "blob": "BLOB",
    "bytea": "BLOB",
}


@dataclass
class CopyReport:
    """What a copy moved and what its check found."""

    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (source, copy)
    figures_run: str | None = None
    figures_checked: int = 0  # figure values compared
    figure_mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        counts_agree = all(a == b for a, b in self.rows.values())
        return counts_agree and not self.figure_mismatches


def _portable_type(name: str) -> str:
    base = name.lower().split("(")[0].strip()
    return _PORTABLE.get(base, "VARCHAR")


def column_types(store: Store, table: str) -> list[tuple[str, str]]:
    """(column, portable type) of a table, in order."""
    rows = store.con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(str(c), _portable_type(str(t))) for c, t in rows]


def primary_key(store: Store, table: str) -> list[str]:
    """The primary key columns of a table (empty when it has none)."""
    rows = store.con.execute(
        "SELECT k.column_name FROM information_schema.table_constraints c "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
        "AND k.table_name = c.table_name AND k.table_schema = c.table_schema "
        "WHERE c.table_name = ? AND c.table_schema = current_schema() "
        "AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def copy_store(
    source: Store,
    target: Store,
    *,
    replace: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> CopyReport:
    """Copy every table of ``source`` into ``target`` and check the copy.

    Args:
        source: the store to read (opened read-only is enough).
        target: the store to write, migrated to this cxnlp's schema.
        replace: empty the target's tables first; without it a target that holds
            feedback or runs is refused.
        chunk_rows: rows read and written at a time (0: a whole table at once).
        progress: told ``(table, rows copied, rows to copy)`` as each table starts
            and after every chunk; an exception it raises aborts the copy, which
            leaves the target as it was.

    Raises:
        StoreError: the source's schema is not this cxnlp's, or the target is not empty.
    """
    version = source.schema_version()
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"the source store {source.path} has schema version {version}, this cxnlp "
            f"{SCHEMA_VERSION}: open it once with this cxnlp (any command that writes) first"
        )
    if chunk_rows < 0:
        raise StoreError(f"chunk_rows must be 0 (whole tables) or more, not {chunk_rows}")
    tables = [t for t in source.tables() if t != "schema_version"]
    if not replace:
        for table in ("feedback", "runs"):
            if target.has_table(table) and target.count(table):
                raise StoreError(
                    f"the target store {target.path} already holds {table}; copy into an "
                    "empty store, or pass --replace to empty it first"
                )
    report = CopyReport()
    # one transaction on the target: all tables or none
    with _snapshot(source), _duckdb_memory(target, TARGET_CACHE), target.transaction():
        for table in tables:
            total = source.count(table)
            copied = _copy_table(source, target, table, total, chunk_rows, progress)
            report.rows[table] = (total, copied)
            log.info("copied %s: %d rows", table, copied)
    for table in tables:  # what was committed
        report.rows[table] = (report.rows[table][0], target.count(table))
    check_figures(source, target, report)
    return report


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator[None]:
    """Read a PostgreSQL store in one snapshot (a DuckDB source opened read-only
    cannot change while it is read)."""
    con: Any = store.con  # PgConnection on PostgreSQL
    if getattr(con, "dialect", "") != "postgres":
        with _duckdb_memory(store, SOURCE_CACHE):
            yield
        return
    with con.raw.transaction():
        con.raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


@contextlib.contextmanager
def _duckdb_memory(store: Store, limit: str) -> Iterator[None]:
    """Cap a DuckDB store's memory for the block: DuckDB keeps every block it reads or
    writes cached up to its limit (80% of the machine's memory by default), so a
    copy's resident memory would grow with the store. Nothing on PostgreSQL."""
    con: Any = store.con
    if getattr(con, "dialect", "") == "postgres":
        yield
        return
    before = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{before}'")


def _chunks(store: Store, select: str, size: int) -> Generator[pd.DataFrame, None, None]:
    """The rows of ``select`` as frames of at most ``size`` rows (as ``df()`` types them)."""
    con: Any = store.con  # PgConnection on PostgreSQL
    if getattr(con, "dialect", "") == "postgres":
        import duckdb

        from cxnlp.store.pg_values import PgResult

        # a server-side cursor: the server keeps the rows, the client one chunk; one
        # converter for every chunk (a DuckDB instance per chunk keeps its memory)
        converter = duckdb.connect()
        try:
            with con.raw.cursor(name="cxnlp_store_copy") as cur:
                cur.execute(select)
                while rows := cur.fetchmany(size):
                    yield converter.from_arrow(PgResult(rows, cur.description).arrow()).df()
        finally:
            converter.close()
        return
    # DuckDB streams the result; fetch_df_chunk hands it over in vectors of 2,048 rows
    vector = 2048
    con.execute(select)
    while len(frame := con.fetch_df_chunk(max(1, size // vector))):
        if len(frame) <= size:
            yield frame
            continue
        for lo in range(0, len(frame), size):
            yield frame.iloc[lo : lo + size].reset_index(drop=True)


def _copy_table(
    source: Store,
    target: Store,
    table: str,
    total: int,
    chunk_rows: int,
    progress: Progress | None,
) -> int:
    """Copy one table inside the caller's transaction; return the rows written."""
    columns = column_types(source, table)
    names = [c for c, _ in columns]
    quoted = ", ".join(f'"{c}"' for c in names)
    if not target.has_table(table):
        key = primary_key(source, table)
        body = ", ".join(f'"{c}" {t}' for c, t in columns)
        if key:
            body += ", PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")"
        target.con.execute(f'CREATE TABLE "{table}" ({body})')
    else:
        have = set(target.table_columns(table))
        for name, kind in columns:
            if name not in have:
                target.con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
    target.con.execute(f'DELETE FROM "{table}"')
    done = 0
    if progress is not None:
        progress(table, done, total)
    size = chunk_rows if chunk_rows > 0 else max(total, 1)
    chunks = _chunks(source, f'SELECT {quoted} FROM "{table}"', size)
    with contextlib.closing(chunks):  # stopped midway: the source's cursor closes now
        for frame in chunks:
            target.con.register("_copy_rows", frame)
            try:
                target.con.execute(
                    f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM _copy_rows'
                )
            finally:
                target.con.unregister("_copy_rows")
            done += len(frame)
            if progress is not None:
                progress(table, done, total)
    return done


def figures(store: Store, params: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The four figure views of ``sql/recompute_figures.sql`` for one run, by view name."""
    body = FIGURES_SQL.read_text(encoding="utf-8").split(_PARAMS_END, 1)[1]
    temp_writes = getattr(store.con, "temp_writes", None)  # a read-only PostgreSQL session
    with temp_writes() if temp_writes else contextlib.nullcontext():
        return _figures(store, params, body)


def _figures(store: Store, params: dict[str, Any], body: str) -> dict[str, pd.DataFrame]:
    for view in (*FIGURE_VIEWS, "win"):
        store.con.execute(f"DROP VIEW IF EXISTS {view}")
    store.con.execute("DROP TABLE IF EXISTS cx_params")
    store.con.register("_cx_params", pd.DataFrame([params]))
    try:
        store.con.execute(
            "CREATE TEMP TABLE cx_params AS SELECT CAST(run_id AS VARCHAR) AS run_id, "
            "CAST(as_of AS TIMESTAMP) AS as_of, CAST(start_at AS TIMESTAMP) AS start_at, "
            "CAST(models AS VARCHAR) AS models, CAST(min_topic_size AS INTEGER) AS "
            "min_topic_size, CAST(alpha AS DOUBLE PRECISION) AS alpha FROM _cx_params"
        )
    finally:
        store.con.unregister("_cx_params")
    for statement in (s.strip() for s in _statements(body)):
        if statement:
            store.con.execute(statement)
    return {
        view: store.con.execute(f"SELECT * FROM {view} ORDER BY topic_id").df()
        for view in FIGURE_VIEWS
    }


def _statements(sql: str) -> list[str]:
    """The statements of a script without comment lines, split at ``;``."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return "\n".join(lines).split(";")


def run_params(store: Store, run_id: str) -> dict[str, Any] | None:
    """The figure parameters of a finished run (None when it ranked nothing)."""
    from cxnlp.ranking_config import RankingConfig

    run = store.get_run(run_id)
    if run is None or not store.has_table("causes"):
        return None
    counts = run.get("counts") or {}
    as_of = pd.Timestamp(run["as_of"]).to_pydatetime()
    ranking = RankingConfig()
    return {
        "run_id": run_id,
        "as_of": as_of,
        "start_at": as_of - timedelta(days=WINDOW_DAYS),
        "models": str(counts.get("models_key") or ""),
        "min_topic_size": ranking.min_topic_size,
        "alpha": ranking.ridge_alpha,
    }


def check_figures(source: Store, target: Store, report: CopyReport) -> None:
    """Recompute the newest finished run's figures on both stores and compare them."""
    run_id = source.last_successful_run()
    params = run_params(source, run_id) if run_id else None
    if params is None:
        return
    report.figures_run = run_id
    mine, theirs = figures(source, params), figures(target, params)
    for view in FIGURE_VIEWS:
        a, b = mine[view], theirs[view]
        if a.shape != b.shape or a["topic_id"].tolist() != b["topic_id"].tolist():
            report.figure_mismatches.append(f"{view}: {len(a)} rows in the source, {len(b)} copied")
            continue
        for column in a.columns:
            for x, y in zip(a[column].tolist(), b[column].tolist(), strict=True):
                report.figures_checked += 1
                if not _same(x, y):
                    report.figure_mismatches.append(f"{view}.{column}: {x!r} != {y!r}")


def _same(x: Any, y: Any) -> bool:
    if x is None or y is None or (isinstance(x, float) and math.isnan(x)):
        return (x is None or (isinstance(x, float) and math.isnan(x))) and (
            y is None or (isinstance(y, float) and math.isnan(y))
        )
    try:
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return bool(x == y)
