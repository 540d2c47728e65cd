"""SQL ticket connector against SQLite and a real PostgreSQL server on loopback."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from cxnlp.errors import SourceError
from cxnlp.sources import SourceConfig, load_with_retry, make_connector

ENV = "CXNLP_TEST_TICKETS_URL"

# Wall-clock times in Madrid (UTC+1 in March) for naive columns; updated_at is
# timestamptz on PostgreSQL and Madrid-local text on SQLite.
ROWS = [
    (
        "T1",
        "C1",
        "2026-03-01 09:00:00",
        "2026-03-01 11:00:00",
        True,
        0,
        "alta",
        5,
        "Sin red",
        "Caída",
        "2026-03-01 11:00:00",
    ),
    (
        "T2",
        "C2",
        "2026-03-02 09:00:00",
        None,
        None,
        0,
        "baja",
        9,
        "Factura",
        "Importe raro",
        "2026-03-02 09:30:00",
    ),
    (
        "T3",
        "C3",
        "2026-03-03 09:00:00",
        "2026-03-03 10:00:00",
        False,
        1,
        "media",
        None,
        "Router",
        "",
        "2026-03-03 10:00:00",
    ),
]
NEW_ROW = (
    "T4",
    "C4",
    "2026-03-04 09:00:00",
    None,
    None,
    0,
    "alta",
    3,
    "Portabilidad",
    "Lenta",
    "2026-03-04 09:15:00",
)


@dataclass
class Database:
    url: str
    table: str
    engine: sa.Engine

    def insert(self, rows: list[tuple[object, ...]]) -> None:
        keys = [
            "id",
            "customer_id",
            "opened_at",
            "resolved_at",
            "fcr",
            "reopen_count",
            "priority",
            "csat",
            "subject",
            "description",
            "updated_at",
        ]
        params = [dict(zip(keys, r, strict=True)) for r in rows]
        values = ", ".join(f":{k}" for k in keys)
        if self.engine.dialect.name == "postgresql":
            values = values.replace(":updated_at", "CAST(:updated_at || '+01' AS timestamptz)")
        with self.engine.begin() as connection:
            connection.execute(
                sa.text(f"INSERT INTO {self.table} ({', '.join(keys)}) VALUES ({values})"), params
            )

    def execute(self, sql: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(sa.text(sql))

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.text(f"SELECT count(*) FROM {self.table}")).scalar_one()
            )


def _create(url: str) -> Database:
    engine = sa.create_engine(url)
    table = f"tickets_{uuid.uuid4().hex[:8]}"
    postgres = engine.dialect.name == "postgresql"
    stamp = "timestamp" if postgres else "text"
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                f"CREATE TABLE {table} (id text PRIMARY KEY, customer_id text, opened_at {stamp}, "
                f"resolved_at {stamp}, fcr boolean, reopen_count integer, priority text, "
                f"csat numeric, subject text, description text, "
                f"updated_at {'timestamptz' if postgres else 'text'})"
            )
        )
    return Database(url=url, table=table, engine=engine)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tickets.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    db = _create(url)
    db.insert(ROWS)
    monkeypatch.setenv(ENV, url)
    try:
        yield db
    finally:
        db.execute(f"DROP TABLE IF EXISTS {db.table}")
        db.engine.dispose()


def sql_config(table: str, **fields: object) -> SourceConfig:
    query = (
        "SELECT id AS ticket_id, customer_id, opened_at, resolved_at, "
        "fcr AS first_contact_resolution, reopen_count, priority, csat, subject, description, "
        f"updated_at FROM {table} WHERE updated_at > :watermark ORDER BY updated_at"
    )
    values: dict[str, object] = {
        "name": "tickets_db",
        "kind": "ticket",
        "connector": "cxnlp.source.ticket_sql.v1",
        "url_env": ENV,
        "query": query,
        "mapping_preset": "cxnlp_sample",
        "mapping": {"updated_at": "updated_at"},
        "watermark_column": "updated_at",
    }
    values.update(fields)
    return SourceConfig(**values)  # type: ignore[arg-type]


def test_sql_tickets_load_incrementally(database: Database) -> None:
    connector = make_connector(sql_config(database.table))
    first = connector.load(None)
    assert list(first.records["source_id"]) == ["T1", "T3"]
    assert list(first.rejects["source_id"]) == ["T2"]  # csat=9 on a 1-5 scale
    assert first.rejects.loc[0, "reason"] == "csat=9 outside 1-5 scale"
    assert first.rejects.loc[0, "file"] == f"sql:{ENV}"
    t1 = first.records.iloc[0]
    assert t1["opened_at"] == pd.Timestamp("2026-03-01 08:00")  # Madrid wall time -> UTC
    assert t1["updated_at"] == pd.Timestamp("2026-03-01 10:00")
    assert t1["ttr_hours"] == pytest.approx(2.0) and bool(t1["fcr"]) is True
    assert t1["text_raw"] == "Sin red. Caída" and t1["csat"] == 5
    assert first.watermark == "2026-03-03T09:00:00"

    again = connector.load(first.watermark)
    assert again.stats["rows_read"] == 0 and again.records.empty
    assert again.watermark == first.watermark

    database.insert([NEW_ROW])
    stamp = (
        "CAST('2026-03-05 12:00:00+01' AS timestamptz)"
        if "postgresql" in database.url
        else "'2026-03-05 12:00:00'"
    )
    database.execute(f"UPDATE {database.table} SET csat = 4, updated_at = {stamp} WHERE id = 'T2'")
    third = connector.load(again.watermark)
    assert list(third.records["source_id"]) == ["T4", "T2"]
    assert third.rejects.empty
    assert third.watermark == "2026-03-05T11:00:00"


@pytest.mark.parametrize(
    "watermark",
    [
        "2026-01-01'; DROP TABLE {table}; --",
        "2026-01-01 00:00:00' OR '1'='1",
        "0) OR (1=1",
    ],
)
def test_injected_watermark_is_refused_and_harmless(database: Database, watermark: str) -> None:
    connector = make_connector(sql_config(database.table))
    with pytest.raises(SourceError, match="not an ISO timestamp"):
        connector.load(watermark.format(table=database.table))
    assert database.count() == len(ROWS)


def test_watermark_is_bound_not_pasted(database: Database) -> None:
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", capture)
    try:
        batch = make_connector(sql_config(database.table)).load("2026-03-02T00:00:00")
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", capture)
    assert list(batch.records["source_id"]) == ["T3"]  # T2 is rejected (csat=9)
    statement, parameters = next((s, p) for s, p in seen if database.table in s)
    assert "2026" not in statement  # the value travels apart from the SQL text
    assert "2026" in repr(parameters)


def test_sql_errors_become_source_errors(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad_query = sql_config(
        database.table, query="SELECT * FROM no_such_table WHERE updated_at > :watermark"
    )
    with pytest.raises(SourceError, match="query on \\$CXNLP_TEST_TICKETS_URL failed"):
        make_connector(bad_query).load(None)
    no_id = sql_config(
        database.table,
        query=f"SELECT customer_id, opened_at FROM {database.table} WHERE updated_at > :watermark",
    )
    with pytest.raises(SourceError, match="lacks required column.*ticket_id"):
        make_connector(no_id).load(None)
    monkeypatch.delenv(ENV)
    with pytest.raises(SourceError, match=f"environment variable {ENV} is not set"):
        make_connector(sql_config(database.table)).load(None)


def test_unreachable_database_is_retried_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        ENV, "postgresql+psycopg://user:s3cret@127.0.0.1:1/nowhere?connect_timeout=2"
    )
    connector = make_connector(sql_config("tickets"))
    waits: list[float] = []
    with pytest.raises(SourceError) as info:
        load_with_retry(connector, None, attempts=3, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0]
    assert "failed after 3 attempt(s)" in str(info.value)
    assert "s3cret" not in str(info.value)
    described = connector.describe()
    assert described["url"] is not None and "s3cret" not in described["url"]


def test_sql_config_requires_env_and_bound_watermark() -> None:
    with pytest.raises(ValidationError, match="needs `url_env`"):
        SourceConfig(
            name="t",
            kind="ticket",
            connector="cxnlp.source.ticket_sql.v1",
            query="SELECT 1 WHERE x > :watermark",
        )
    with pytest.raises(ValidationError, match="bound :watermark"):
        sql_config("t", query="SELECT * FROM t WHERE updated_at > '2026-01-01'")
    with pytest.raises(ValidationError, match="CAST"):
        sql_config("t", query="SELECT * FROM t WHERE updated_at > :watermark::timestamp")
    with pytest.raises(ValidationError, match="NAME of an environment variable"):
        sql_config("t", url_env="postgresql://u:p@h/db")
