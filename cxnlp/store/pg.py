"""A PostgreSQL connection that speaks the part of DuckDB's Python API the store uses.

The store's modules run SQL on ``self.con``: ``execute(sql, params)`` with ``?``
placeholders, then ``fetchall()``/``fetchone()``/``df()``, and
``register(name, frame)`` to join a pandas frame or an Arrow table. On PostgreSQL
(psycopg 3) :class:`PgConnection` offers the same calls, so the store's SQL runs
unchanged where it is standard SQL:

* ``?`` becomes ``%s`` and ``$name`` (with a dict of parameters) ``%(name)s``,
  outside quoted text;
* ``CREATE``/``ALTER TABLE`` statements get PostgreSQL's names for the portable
  types (``DOUBLE`` -> ``DOUBLE PRECISION``, ``BLOB`` -> ``BYTEA``);
* ``INSERT OR REPLACE INTO t ...`` becomes ``INSERT INTO t ... ON CONFLICT (key)
  DO UPDATE SET ...`` on ``t``'s primary key, read from the catalog: upserts are
  keyed exactly as on DuckDB;
* ``register(name, frame)`` fills a ``TEMP`` table by ``COPY``; ``unregister``
  drops it;
* ``df()`` turns the rows into the frame DuckDB would give for the same types
  (through an in-memory DuckDB, so both stores hand the analysis the same dtypes).

What has no standard spelling (``EXCLUDE``, ``BY NAME``, ``typeof``) is written
portably in the store's modules instead, with few dialect branches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from cxnlp.errors import StoreError

PG_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://", "postgresql+psycopg2://")

# DDL type names DuckDB accepts that PostgreSQL spells otherwise
_DDL_TYPES = [
    (re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
    (re.compile(r"\bTINYINT\b", re.I), "SMALLINT"),
    (re.compile(r"\bHUGEINT\b", re.I), "NUMERIC(38, 0)"),
    (re.compile(r"\bFLOAT\b(?!\s*\()", re.I), "REAL"),
]
_DDL = re.compile(r"^\s*(CREATE\s+(TEMP\s+|TEMPORARY\s+)?TABLE|ALTER\s+TABLE)\b", re.I)
_UPSERT = re.compile(
    r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(?P<table>\"?[A-Za-z_][\w]*\"?)\s*(?P<cols>\([^)]*\))?",
    re.I,
)


_INSERT_FROM = re.compile(
    r"^\s*INSERT\s+(?:OR\s+REPLACE\s+)?INTO\s+(?P<table>\"?[A-Za-z_]\w*\"?)\s*"
    r"(?P<cols>\([^)]*\))?\s*SELECT\s+(?P<select>\*|[\w\"\s,]+?)\s+FROM\s+"
    r"(?P<src>\"?_\w+\"?)\s*$",
    re.I | re.S,
)
_IN_ERROR = 3  # psycopg's TransactionStatus.INERROR
# what format_type() calls the types register() creates
_TYPE_NAMES = {
    "TEXT": "text",
    "BIGINT": "bigint",
    "DOUBLE PRECISION": "double precision",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMPTZ": "timestamp with time zone",
    "DATE": "date",
    "BYTEA": "bytea",
    "INTERVAL": "interval",
}
_NUMERIC = ("smallint", "integer", "bigint", "double precision", "real", "numeric")


def _needs_cast(have: str, want: str) -> bool:
    """True when PostgreSQL has no assignment cast from ``have`` to ``want``."""
    if have == want or want in ("text",) or want.startswith("character varying"):
        return False
    return not (have.startswith(_NUMERIC) and want.startswith(_NUMERIC))


def is_postgres_url(location: object) -> bool:
    """True when ``location`` is a PostgreSQL URL rather than a DuckDB file path."""
    return isinstance(location, str) and location.lower().startswith(PG_SCHEMES)


def libpq_url(url: str) -> str:
    """A SQLAlchemy-style URL (``postgresql+psycopg://``) as libpq wants it."""
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url, flags=re.I)


def hide_url(text: str, url: str) -> str:
    """``text`` with ``url``'s password hidden (the sources' rule, applied to the store)."""
    from cxnlp.sources.db_url import hide_passwords

    return hide_passwords(text, url)


def _tokens(sql: str) -> Iterator[tuple[bool, str]]:
    """Split SQL into (is_quoted, text) pieces: quoted strings and identifiers stay whole."""
    pos = 0
    for match in re.finditer(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", sql):
        if match.start() > pos:
            yield False, sql[pos : match.start()]
        yield True, match.group(0)
        pos = match.end()
    if pos < len(sql):
        yield False, sql[pos:]


def translate(sql: str, *, with_params: bool) -> str:
    """DuckDB-flavoured store SQL in PostgreSQL's spelling (see the module's notes)."""
    ddl = bool(_DDL.match(sql))
    out = []
    for quoted, piece in _tokens(sql):
        if quoted and with_params:
            piece = piece.replace("%", "%%")  # psycopg reads % everywhere in the text
        elif not quoted:
            if with_params:
                piece = piece.replace("%", "%%")
                piece = piece.replace("?", "%s")
                piece = re.sub(r"\$([A-Za-z_]\w*)", r"%(\1)s", piece)
            if ddl:
                for pattern, name in _DDL_TYPES:
                    piece = pattern.sub(name, piece)
        out.append(piece)
    return "".join(out)


def _pg_type(column: pd.Series) -> str:
    """The PostgreSQL type of a TEMP table column holding ``column``."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(dtype):
        return "BIGINT"
    if pd.api.types.is_float_dtype(dtype):
        return "DOUBLE PRECISION"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "TIMESTAMPTZ"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "TIMESTAMP"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "INTERVAL"
    values = column.dropna()
    if values.empty:
        return "TEXT"
    first = values.iloc[0]
    for kind, name in (
        (bool | np.bool_, "BOOLEAN"),
        (bytes | bytearray | memoryview, "BYTEA"),
        (dt.datetime, "TIMESTAMP"),
        (dt.date, "DATE"),
        (int | np.integer, "BIGINT"),
        (float | np.floating | decimal.Decimal, "DOUBLE PRECISION"),
    ):
        if isinstance(first, kind):
            if name == "TIMESTAMP" and getattr(first, "tzinfo", None) is not None:
                return "TIMESTAMPTZ"
            return name
    return "TEXT"


def _python_values(column: pd.Series) -> list[Any]:
    """The column's cells as plain Python values, missing ones as None."""
    missing = column.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = [None if m else v.to_pydatetime() for v, m in zip(column, missing, strict=True)]
        return values
    values = column.tolist()
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    return [v.item() if isinstance(v, np.generic) else v for v in values]


# PostgreSQL type OIDs -> the Arrow type DuckDB would hand back for the same column
_ARROW_BY_OID: dict[int, pa.DataType] = {
    16: pa.bool_(),
    17: pa.binary(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
    1043: pa.string(),
    1042: pa.string(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    1184: pa.timestamp("us", tz="UTC"),
    1700: pa.float64(),
    19: pa.string(),
}


class PgResult:
    """The rows of one statement, fetched once (as DuckDB's results are consumed)."""

    def __init__(self, rows: list[tuple[Any, ...]], description: Sequence[Any] | None) -> None:
        self._rows = rows
        self.description = description

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._rows.pop(0) if self._rows else None

    def arrow(self) -> pa.Table:
        """The rows as an Arrow table typed from the columns' PostgreSQL types."""
        names = [d.name for d in self.description or []]
        columns = list(zip(*self._rows, strict=True)) if self._rows else [()] * len(names)
        arrays = []
        for desc, values in zip(self.description or [], columns, strict=True):
            wanted = _ARROW_BY_OID.get(desc.type_code)
            cells = list(values)
            if wanted is None:
                cells = [None if v is None else str(v) for v in cells]
                wanted = pa.string()
            elif pa.types.is_floating(wanted):
                cells = [None if v is None else float(v) for v in cells]
            arrays.append(pa.array(cells, type=wanted))
        return pa.Table.from_arrays(arrays, names=_unique(names))

    def df(self) -> pd.DataFrame:
        """The rows as DuckDB's ``df()`` would give them for the same column types."""
        table = self.arrow()
        converter = duckdb.connect()
        try:
            return converter.from_arrow(table).df()
        finally:
            converter.close()

    fetchdf = df


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        out.append(name if count == 0 else f"{name}_{count}")
        seen[name] = count + 1
    return out


class PgConnection:
    """A psycopg 3 connection behind DuckDB's ``execute``/``register``/``df`` calls.

    Args:
        url: the server's URL (``postgresql+psycopg://user:pass@host:port/db`` or a
            libpq URL); it is never put into a message.
        read_only: every transaction of this session is read-only.
    """

    dialect = "postgres"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        import psycopg
        from psycopg.types.numeric import FloatLoader

        self._url = url
        try:
            self.raw = psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open the PostgreSQL store: {hide_url(str(exc).strip(), url)}"
            ) from None
        self.raw.adapters.register_loader("numeric", FloatLoader)
        self.raw.execute("SET TIME ZONE 'UTC'")
        self.read_only = read_only
        self._temp_depth = 0
        if read_only:
            self.raw.execute("SET default_transaction_read_only = on")
        self._keys: dict[str, list[str]] = {}
        self._registered: dict[str, dict[str, str]] = {}  # TEMP table -> column -> type
        self._columns: dict[str, list[str]] = {}

    # -- DuckDB's calls ---------------------------------------------------------------
    def execute(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> PgResult:
        """Run one statement; return its rows (empty for statements without any)."""
        import psycopg

        self._align(sql)
        statement = self._upsert(sql) if _UPSERT.match(sql) else sql
        statement = translate(statement, with_params=params is not None)
        if params is not None and not isinstance(params, Mapping):
            params = [_plain(v) for v in params]
        try:
            cur = self.raw.execute(statement, params)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL store: {hide_url(str(exc).strip(), self._url)} (in: {sql[:200]})"
            ) from exc
        if _DDL.match(sql):
            self._keys.clear()
            self._columns.clear()
        rows = cur.fetchall() if cur.description is not None else []
        return PgResult(rows, cur.description)

    def register(self, name: str, frame: pd.DataFrame | pa.Table) -> None:
        """Make ``frame`` a TEMP table ``name`` of this session (filled by COPY)."""
        if isinstance(frame, pa.Table):
            frame = frame.to_pandas()
        cols = [str(c) for c in frame.columns]
        types = [_pg_type(frame[c]) for c in frame.columns]
        body = ", ".join(f'"{c}" {t}' for c, t in zip(cols, types, strict=True))
        # an all-empty column takes the target's type whatever it is ("null")
        self._registered[name] = {
            c: "null" if frame[c].isna().all() else _TYPE_NAMES.get(t, t.lower())
            for c, t in zip(cols, types, strict=True)
        }
        with self.temp_writes():
            self.raw.execute(f'DROP TABLE IF EXISTS "{name}"')
            self.raw.execute(f'CREATE TEMP TABLE "{name}" ({body})')
            if len(frame) == 0:
                return
            values = [_python_values(frame[c]) for c in frame.columns]
            quoted = ", ".join(f'"{c}"' for c in cols)
            with self.raw.cursor() as cur, cur.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as cp:
                for row in zip(*values, strict=True):
                    cp.write_row(row)

    def unregister(self, name: str) -> None:
        """Drop a frame made a table by :meth:`register`."""
        self._registered.pop(name, None)
        if self.raw.info.transaction_status == _IN_ERROR:
            return  # the failed transaction's ROLLBACK drops it (or the next register does)
        with self.temp_writes():
            self.raw.execute(f'DROP TABLE IF EXISTS "{name}"')

    def _align(self, sql: str) -> None:
        """Give a registered frame's columns the types of the table it is inserted into.

        DuckDB casts text to DATE (or an all-empty column to anything) on insert;
        PostgreSQL has no such assignment cast, so the TEMP table's column is
        converted first (``ALTER COLUMN ... TYPE ... USING``).
        """
        match = _INSERT_FROM.match(sql)
        if not match or match.group("src").strip('"') not in self._registered:
            return
        source = match.group("src").strip('"')
        temp_types = self._registered[source]
        target = match.group("table").strip('"')
        target_types = self._types(target)
        if not target_types:
            return
        if match.group("cols"):
            into = [c.strip().strip('"') for c in match.group("cols")[1:-1].split(",")]
        else:
            into = list(target_types)
        picked = match.group("select").strip()
        if picked == "*":
            chosen = list(temp_types)
        else:
            chosen = [c.strip().strip('"') for c in picked.split(",")]
        if len(chosen) != len(into):
            return
        for src, dst in zip(chosen, into, strict=True):
            have, want = temp_types.get(src), target_types.get(dst)
            if have is None or want is None or not _needs_cast(have, want):
                continue
            cast = f"NULL::{want}" if have == "null" else f'"{src}"::{want}'
            with self.temp_writes():
                self.raw.execute(
                    f'ALTER TABLE "{source}" ALTER COLUMN "{src}" TYPE {want} USING {cast}'
                )
            temp_types[src] = want

    def _types(self, table: str) -> dict[str, str]:
        rows = self.raw.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
            "attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            [table],
        ).fetchall()
        return {str(name): str(kind) for name, kind in rows}

    @contextlib.contextmanager
    def temp_writes(self) -> Iterator[None]:
        """Let a read-only session create and fill its own TEMP tables (PostgreSQL counts
        CREATE TEMP TABLE as a write). Only register/unregister do this; what keeps an
        analyst from writing the store's tables is the role's grants (docs/store.md).
        Nested blocks keep it off until the outermost ends."""
        if not self.read_only or self._temp_depth or self.raw.info.transaction_status != 0:
            self._temp_depth += 1
            try:
                yield
            finally:
                self._temp_depth -= 1
            return
        self.raw.execute("SET default_transaction_read_only = off")
        self._temp_depth += 1
        try:
            yield
        finally:
            self._temp_depth -= 1
            self.raw.execute("SET default_transaction_read_only = on")

    def close(self) -> None:
        self.raw.close()

    # -- helpers ----------------------------------------------------------------------
    def primary_key(self, table: str) -> list[str]:
        """The primary key columns of ``table`` (empty when it has none)."""
        if table not in self._keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)",
                [table],
            ).fetchall()
            self._keys[table] = [str(r[0]) for r in rows]
        return self._keys[table]

    def table_columns(self, table: str) -> list[str]:
        """The columns of ``table`` in order."""
        if table not in self._columns:
            rows = self.raw.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) "
                "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                [table],
            ).fetchall()
            self._columns[table] = [str(r[0]) for r in rows]
        return self._columns[table]

    def _upsert(self, sql: str) -> str:
        match = _UPSERT.match(sql)
        assert match is not None
        table = match.group("table").strip('"')
        keys = self.primary_key(table)
        if match.group("cols"):
            cols = [c.strip().strip('"') for c in match.group("cols")[1:-1].split(",")]
        else:
            cols = self.table_columns(table)
        rest = sql[match.end() :]
        head = f'INSERT INTO "{table}"' + (match.group("cols") or "")
        if not keys:
            raise StoreError(f"PostgreSQL store: INSERT OR REPLACE into {table}, which has no key")
        updates = [c for c in cols if c not in keys]
        conflict = ", ".join(f'"{k}"' for k in keys)
        action = (
            "DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in updates)
            if updates
            else "DO NOTHING"
        )
        return f"{head} {rest.rstrip().rstrip(';')} ON CONFLICT ({conflict}) {action}"


def _plain(value: Any) -> Any:
    """A parameter as psycopg adapts it (numpy scalars and pandas' missing values)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if value is pd.NaT or value is pd.NA:
        return None
    return value
