"""SQL ticket connector against SQLite and a real PostgreSQL server on loopback."""

from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import yaml
from pydantic import ValidationError

from cxnlp.errors import SourceError
from cxnlp.sources import SourceConfig, load_with_retry, make_connector
from cxnlp.sources.db_url import register_secret_reader

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
    # T2's csat=9 is off the 1-5 scale: T2 loads without it, the value is quarantined.
    assert list(first.records["source_id"]) == ["T1", "T2", "T3"]
    assert pd.isna(first.records.set_index("source_id").loc["T2", "csat"])
    assert list(first.rejects["source_id"]) == ["T2"]
    assert first.rejects.loc[0, "reason"] == (
        "csat=9 outside 1-5 scale; the row loads without csat"
    )
    assert (first.rejects["file"] == f"sql:{ENV}").all()
    assert first.stats["rejected"] == 0 and first.stats["quarantined_values"] == 1
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
    assert list(batch.records["source_id"]) == ["T2", "T3"]  # T2 without its csat=9
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
    with pytest.raises(ValidationError, match="needs exactly one of `url_env`.*neither was given"):
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


def test_sql_config_takes_exactly_one_of_url_env_and_url_secret() -> None:
    secret = sql_config("t", url_env=None, url_secret="cxnlp-tickets-db")
    assert secret.url_secret == "cxnlp-tickets-db" and secret.url_env is None
    with pytest.raises(ValidationError, match="needs exactly one of.*both were given"):
        sql_config("t", url_secret="cxnlp-tickets-db")
    with pytest.raises(ValidationError, match="NAME of a Prefect Secret block") as info:
        sql_config("t", url_env=None, url_secret="postgresql://u:Pa55word@h/db")
    assert "Pa55word" not in str(info.value).split("input_value")[0]
    with pytest.raises(ValidationError, match="only apply to SQL connectors"):
        SourceConfig(
            name="f",
            kind="ticket",
            connector="cxnlp.source.ticket_file.v1",
            path="x.csv",
            url_secret="cxnlp-tickets-db",
        )


def test_a_url_put_in_the_config_is_not_echoed_by_the_config_error(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.errors import ConfigError

    config = tmp_path / "cxnlp.yaml"
    source = sql_config("t").model_dump(exclude_none=True)
    source["url_env"] = "postgresql+psycopg://reader:Pa55word@db:5432/helpdesk"
    config.write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="sources.0.url_env") as info:
        load_config(config, environ={})
    assert "Pa55word" not in str(info.value)
    assert "reader:***@db" in str(info.value)


@pytest.fixture(scope="module")
def prefect_api() -> Iterator[None]:
    """A throwaway Prefect server (temporary database) for Secret blocks, and the
    reader that flows/ registers for them."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.secrets import read_prefect_secret

    # None: wait PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS (180 s in conftest)
    with prefect_test_harness(server_startup_timeout=None):
        previous = register_secret_reader(read_prefect_secret)
        try:
            yield
        finally:
            register_secret_reader(previous)


def test_without_a_registered_reader_a_secret_source_is_a_clear_error() -> None:
    """The library alone (``--no-prefect``) cannot read Prefect blocks: it says so."""
    previous = register_secret_reader(None)
    try:
        connector = make_connector(sql_config("t", url_env=None, url_secret="cxnlp-tickets-db"))
        with pytest.raises(SourceError) as info:
            connector.load(None)
    finally:
        register_secret_reader(previous)
    message = str(info.value)
    assert "source 'tickets_db'" in message and "cxnlp-tickets-db" in message
    assert "--no-prefect" in message and "url_env" in message


def test_the_library_never_imports_prefect() -> None:
    """Importing every cxnlp module and reading a secret source without a reader
    leaves Prefect unimported (DESIGN.md: the library is usable without it)."""
    code = """
import importlib, pkgutil, sys
import cxnlp
for info in pkgutil.walk_packages(cxnlp.__path__, "cxnlp."):
    if not info.name.endswith("__main__"):  # that one runs the CLI
        importlib.import_module(info.name)
from cxnlp.errors import SourceError
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.db_url import read_url
try:
    read_url(SourceConfig.model_validate_json(sys.argv[1]))
except SourceError:
    pass
loaded = sorted(m for m in sys.modules if m == "prefect" or m.startswith("prefect."))
print("PREFECT", loaded)
"""
    config = sql_config("t", url_env=None, url_secret="cxnlp-tickets-db").model_dump_json()
    out = subprocess.run(
        [sys.executable, "-c", code, config],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "PREFECT []" in out.stdout, out.stdout[-2000:]


def _save_secret(name: str, value: object) -> None:
    from prefect.blocks.system import Secret

    Secret(value=value).save(name, overwrite=True)


@pytest.mark.slow
def test_url_from_a_prefect_secret_block_loads_and_is_never_shown(
    prefect_api: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'in-block' / 'tickets.db'}"
    (tmp_path / "in-block").mkdir()
    db = _create(url)
    db.insert(ROWS)
    _save_secret("cxnlp-test-tickets", url)
    caplog.set_level(logging.DEBUG)

    connector = make_connector(sql_config(db.table, url_env=None, url_secret="cxnlp-test-tickets"))
    batch = load_with_retry(connector, None, attempts=1)
    assert list(batch.records["source_id"]) == ["T1", "T2", "T3"]
    assert list(batch.rejects["source_id"]) == ["T2"]  # its csat=9
    assert (batch.rejects["file"] == "sql:secret:cxnlp-test-tickets").all()
    described = connector.describe()
    assert described["url_secret"] == "cxnlp-test-tickets" and described["url"] is None
    assert url not in repr(described)
    assert "in-block" not in caplog.text and url not in caplog.text

    # A query that fails names the block, not the URL.
    bad = sql_config(
        db.table,
        url_env=None,
        url_secret="cxnlp-test-tickets",
        query="SELECT * FROM no_such_table WHERE updated_at > :watermark",
    )
    with pytest.raises(SourceError, match="query on Prefect secret block 'cxnlp-test-tickets'"):
        make_connector(bad).load(None)
    db.engine.dispose()


@pytest.mark.slow
def test_a_missing_or_unusable_secret_block_is_a_clear_source_error(
    prefect_api: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    missing = make_connector(sql_config("t", url_env=None, url_secret="cxnlp-no-such-block"))
    with pytest.raises(SourceError) as info:
        missing.load(None)
    message = str(info.value)
    assert "source 'tickets_db'" in message
    assert "Prefect secret block 'cxnlp-no-such-block' could not be loaded" in message

    _save_secret("cxnlp-test-not-a-url", {"user": "reader", "password": "Pa55word"})
    not_a_url = make_connector(sql_config("t", url_env=None, url_secret="cxnlp-test-not-a-url"))
    with pytest.raises(SourceError, match="holds a dict; it must hold a SQLAlchemy URL") as info:
        not_a_url.load(None)
    assert "Pa55word" not in str(info.value)

    # The database behind the block is down: retried, then reported; no password anywhere.
    _save_secret(
        "cxnlp-test-down",
        "postgresql+psycopg://reader:Pa55word@127.0.0.1:1/nowhere?connect_timeout=2",
    )
    down = make_connector(sql_config("t", url_env=None, url_secret="cxnlp-test-down"))
    with pytest.raises(SourceError) as info:
        load_with_retry(down, None, attempts=2, backoff=0.1, sleep=lambda _: None)
    assert "Prefect secret block 'cxnlp-test-down'" in str(info.value)
    assert "Pa55word" not in str(info.value)
    assert "Pa55word" not in repr(down.describe())
    assert "Pa55word" not in caplog.text


PASSWORD = "Zq7-pass-4-logs"


@pytest.mark.parametrize(
    "url",
    [
        f"postgres ql://reader:{PASSWORD}@db/helpdesk",  # unparsable
        f"nosuchdb://reader:{PASSWORD}@db/helpdesk",  # unknown dialect
        f"sqlite://reader:{PASSWORD}@/tickets.db",  # SQLite takes no user
        f"postgresql+psycopg://reader:{PASSWORD}@db:port/helpdesk",  # bad port
        f"postgresql+psycopg://reader:{PASSWORD}@127.0.0.1:1/x?connect_timeout=2",  # down
    ],
)
def test_errors_about_a_bad_url_never_quote_its_password(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, url)
    connector = make_connector(sql_config("tickets"))
    with pytest.raises(SourceError, match=f"source 'tickets_db': .*\\${ENV}") as info:
        connector.load(None)
    assert PASSWORD not in str(info.value)
    assert PASSWORD not in repr(connector.describe())


@pytest.mark.slow
def test_a_password_in_the_url_never_reaches_the_logs(
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A failing and a working source, both with a password in the URL, through ingest."""
    from cxnlp.config import Settings
    from cxnlp.pipeline import RunContext, ingest_sources
    from cxnlp.store import Store

    # The test server trusts loopback, so it accepts any password: the URL works.
    working = sa.engine.make_url(postgres_url).set(password=PASSWORD)
    db = _create(postgres_url)
    db.insert(ROWS)
    monkeypatch.setenv("CXNLP_TEST_GOOD_URL", working.render_as_string(hide_password=False))
    monkeypatch.setenv(
        "CXNLP_TEST_DOWN_URL",
        f"postgresql+psycopg://reader:{PASSWORD}@127.0.0.1:1/nowhere?connect_timeout=2",
    )
    sources = [
        sql_config(db.table, name="down_db", url_env="CXNLP_TEST_DOWN_URL"),
        sql_config(db.table, name="good_db", url_env="CXNLP_TEST_GOOD_URL"),
    ]
    settings = Settings(root=str(tmp_path), sources=sources)
    caplog.set_level(logging.DEBUG)  # every logger, SQLAlchemy's and the driver's included
    try:
        with Store(tmp_path / "cxnlp.duckdb") as store:
            store.start_run("run-1", as_of=datetime(2026, 3, 10), config_hash="x")
            ctx = RunContext(
                settings=settings, store=store, run_id="run-1", as_of=datetime(2026, 3, 10)
            )
            summary = ingest_sources(ctx)
            # The connector's own error, before the retry wraps it, names only the variable.
            with pytest.raises(
                SourceError, match=r"query on \$CXNLP_TEST_DOWN_URL failed"
            ) as direct:
                make_connector(sources[0]).load(None)
            events = store.con.execute("SELECT message FROM run_events").fetchall()
    finally:
        db.execute(f"DROP TABLE IF EXISTS {db.table}")
        db.engine.dispose()

    assert summary["failed_sources"] == ["down_db"]
    assert summary["good_db"]["loaded"] == 3  # T2 loads without its csat=9
    assert any("down_db" in m and "failed after 3 attempt(s)" in m for (m,) in events)
    assert "attempt 1/3 failed" in caplog.text and "good_db: 3 rows loaded" in caplog.text
    captured = capfd.readouterr()
    for where, text in {
        "log records": caplog.text,
        "stdout/stderr": captured.out + captured.err,
        "run events": " ".join(m for (m,) in events),
        "the connector's error": str(direct.value),
    }.items():
        assert PASSWORD not in text, where


def test_hide_passwords_masks_every_url_password_and_the_known_one() -> None:
    from cxnlp.sources.db_url import hide_passwords

    assert hide_passwords("a postgresql+psycopg://u:p%40ss@h:5432/db b") == (
        "a postgresql+psycopg://u:***@h:5432/db b"
    )
    two = "mysql://a:one@h/x and mssql+pyodbc://b:two@h/y"
    assert hide_passwords(two) == "mysql://a:***@h/x and mssql+pyodbc://b:***@h/y"
    assert hide_passwords("sqlite:///tmp/x.db, no password") == "sqlite:///tmp/x.db, no password"
    url = "postgresql://u:Pa55word@h/db"
    assert hide_passwords("auth failed for Pa55word", url) == "auth failed for ***"
    assert hide_passwords("a short pw 'ab' stays", "postgresql://u:ab@h/db") == (
        "a short pw 'ab' stays"
    )
