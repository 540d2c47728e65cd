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
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from cxnlp.errors import StoreError
from cxnlp.store.pg_values import PgResult, pg_type, plain, python_values

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
            params = [plain(v) for v in params]
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
        types = [pg_type(frame[c]) for c in frame.columns]
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
            values = [python_values(frame[c]) for c in frame.columns]
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
