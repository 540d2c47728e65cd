"""Values between pandas and PostgreSQL for :mod:`cxnlp.store.pg`: the types of a
registered frame's TEMP table, its cells as COPY wants them, and result rows back
into the frame DuckDB's ``df()`` would give for the same column types."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa


def pg_type(column: pd.Series) -> str:
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


def python_values(column: pd.Series) -> list[Any]:
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


def plain(value: Any) -> Any:
    """A parameter as psycopg adapts it (numpy scalars and pandas' missing values)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if value is pd.NaT or value is pd.NA:
        return None
    return value
