"""What every part of the store shares: the connection, transactions, frame helpers."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import duckdb
import numpy as np
import pandas as pd


class StoreBase:
    """The open DuckDB connection the store's parts (feedback, embeddings, runs) work on."""

    path: str
    # a DuckDB connection, or a PgConnection offering the same calls (store.pg)
    con: duckdb.DuckDBPyConnection
    dialect: str = "duckdb"  # or "postgres"

    def has_table(self, name: str) -> bool:
        """True when the store's schema holds a table (or view) ``name``."""
        row = first_row(
            self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
                "AND table_schema = current_schema()",
                [name],
            ).fetchall()
        )
        return bool(row and row[0])

    def table_columns(self, name: str) -> list[str]:
        """The columns of the store's table ``name``, in order (empty when none)."""
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            [name],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def tables(self) -> list[str]:
        """Every table of the store's schema, sorted."""
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
        return [str(r[0]) for r in rows]

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


def holds_containers(column: pd.Series) -> bool:
    """True when some cell of ``column`` is a list, dict, tuple or array (stored as JSON).

    Only object columns can hold them; asking a typed column (an empty datetime
    column of a night with no call-backs, say) would fail on its dtype.
    """
    if column.dtype != object or column.empty:
        return False
    return bool(column.map(lambda v: isinstance(v, list | dict | tuple | np.ndarray)).any())


def first_row(rows: list[Any]) -> Any:
    """First row of a fully fetched result (DuckDB wants results consumed)."""
    return rows[0] if rows else None


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
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


def jsonable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    return value
