"""What only the PostgreSQL store has: SQL translation, the advisory run lock, a read-only
role, URLs kept out of messages, and the config that names where the URL is kept.

The behaviour both stores share is tested once, over both, in tests/test_store.py.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
import yaml
from typer.testing import CliRunner

from cxnlp.config import Settings
from cxnlp.errors import ConfigError, StoreError
from cxnlp.store import Store
from cxnlp.store.lock import PgRunLock
from cxnlp.store.open import open_store, run_lock, store_label, store_location, store_url
from cxnlp.store.pg import libpq_url, translate

PORTABLE_TYPES = ("VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "BLOB")


def test_placeholders_become_psycopg_ones_outside_quoted_text() -> None:
    sql = "SELECT '?', \"a?\", x FROM t WHERE a = ? AND b LIKE 'x%' AND c = $name"
    got = translate(sql, with_params=True)
    assert got == ("SELECT '?', \"a?\", x FROM t WHERE a = %s AND b LIKE 'x%%' AND c = %(name)s")
    assert translate("SELECT 'x%'", with_params=False) == "SELECT 'x%'"


def test_ddl_gets_postgresql_type_names_but_data_and_names_stay() -> None:
    got = translate(
        'CREATE TABLE t (a DOUBLE, b BLOB, "DOUBLE" VARCHAR, c DOUBLE PRECISION, d VARCHAR '
        "DEFAULT 'BLOB')",
        with_params=False,
    )
    assert got == (
        'CREATE TABLE t (a DOUBLE PRECISION, b BYTEA, "DOUBLE" VARCHAR, c DOUBLE PRECISION, '
        "d VARCHAR DEFAULT 'BLOB')"
    )
    # a query is never rewritten, even when it names a type
    assert translate("SELECT CAST(x AS DOUBLE) FROM t", with_params=False).endswith(
        "DOUBLE) FROM t"
    )


def test_every_portable_type_round_trips(fresh_pg_url: str) -> None:
    with Store(fresh_pg_url) as store:
        cols = ", ".join(f"c{i} {t}" for i, t in enumerate(PORTABLE_TYPES))
        store.con.execute(f"CREATE TABLE IF NOT EXISTS feature_x ({cols}, PRIMARY KEY (c0))")
        row = [
            "k",
            7,
            2**40,
            1.5,
            True,
            datetime(2026, 1, 2).date(),
            datetime(2026, 1, 2, 3),
            b"\x00\xff",
        ]
        store.con.execute(f"INSERT INTO feature_x VALUES ({', '.join('?' * len(row))})", row)
        row[1] = 8
        store.con.execute(
            f"INSERT OR REPLACE INTO feature_x VALUES ({', '.join('?' * len(row))})", row
        )
        got = store.con.execute("SELECT * FROM feature_x").fetchall()
        assert [tuple(r) for r in got] == [tuple(row)]
        assert store.count("feature_x") == 1


def test_the_advisory_run_lock_excludes_a_second_run(fresh_pg_url: str) -> None:
    first = PgRunLock(fresh_pg_url, timeout_s=0)
    first.acquire()
    try:
        with pytest.raises(StoreError, match="another cxnlp run"):
            PgRunLock(fresh_pg_url, timeout_s=0.5).acquire()
        threading.Timer(1.5, first.release).start()
        waiting = PgRunLock(fresh_pg_url, timeout_s=30)
        started = time.monotonic()
        waiting.acquire()  # waits for the first run to let go, then proceeds
        assert time.monotonic() - started >= 1.0
        waiting.release()
    finally:
        first.release()


def test_a_lock_held_by_a_dead_session_is_freed_by_the_server(fresh_pg_url: str) -> None:
    holder = PgRunLock(fresh_pg_url, timeout_s=0)
    holder.acquire()
    holder._con.close()  # the process died: its session ends, and the lock with it
    again = PgRunLock(fresh_pg_url, timeout_s=5)
    again.acquire()
    again.release()


def _settings(tmp_path: Path, **store: object) -> Settings:
    return Settings.model_validate({"root": str(tmp_path), "store": store})


def test_the_config_names_where_the_url_is_kept_never_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store_url(_settings(tmp_path)) is None
    assert store_location(_settings(tmp_path)) == tmp_path / "var" / "cxnlp.duckdb"
    monkeypatch.delenv("CX_STORE_TEST", raising=False)
    with pytest.raises(ConfigError, match="CX_STORE_TEST is not set"):
        store_url(_settings(tmp_path, url_env="CX_STORE_TEST"))
    monkeypatch.setenv("CX_STORE_TEST", "mysql://u:hunter22@h/db")
    with pytest.raises(ConfigError, match="does not hold a PostgreSQL URL") as bad:
        store_url(_settings(tmp_path, url_env="CX_STORE_TEST"))
    assert "hunter22" not in str(bad.value)
    with pytest.raises(ConfigError, match="not both"):
        store_url(_settings(tmp_path, url_env="CX_STORE_TEST", url_secret="blk"))
    with pytest.raises(ConfigError, match="Prefect"):  # no secret reader outside the flows
        store_url(_settings(tmp_path, url_secret="cx-store"))
    monkeypatch.setenv("CX_STORE_TEST", "postgresql+psycopg://u:hunter22@db.example:5432/cx")
    location = store_location(_settings(tmp_path, url_env="CX_STORE_TEST"))
    assert isinstance(location, str) and "hunter22" not in store_label(location)


def test_a_secret_block_holds_the_url(tmp_path: Path, fresh_pg_url: str) -> None:
    from cxnlp.sources.db_url import register_secret_reader

    previous = register_secret_reader(lambda name: fresh_pg_url if name == "cx-store" else "")
    try:
        settings = _settings(tmp_path, url_secret="cx-store")
        with open_store(settings) as store:
            assert store.dialect == "postgres" and store.count("runs") == 0
        lock = run_lock(store_location(settings), 0)
        assert isinstance(lock, PgRunLock)
    finally:
        register_secret_reader(previous)


def test_the_password_never_reaches_a_message(fresh_pg_url: str) -> None:
    admin = libpq_url(fresh_pg_url)
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute("CREATE ROLE cx_secret_user LOGIN PASSWORD 'Sup3r-Secret-pw'")
    try:
        url = fresh_pg_url.replace("postgres@", "cx_secret_user:Sup3r-Secret-pw@")
        # the test server trusts loopback, so break the URL to get the driver's error
        wrong = url.rsplit("/", 1)[0] + "/no_such_database"
        with pytest.raises(StoreError) as failed:
            Store(wrong)
        assert "Sup3r-Secret-pw" not in str(failed.value)
        assert "no_such_database" in str(failed.value)
        with Store(url, read_only=True) as store:
            assert "Sup3r-Secret-pw" not in store.path
            with pytest.raises(StoreError) as denied:
                store.con.execute("SELECT * FROM no_such_table")
            assert "Sup3r-Secret-pw" not in str(denied.value)
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute("DROP OWNED BY cx_secret_user")
            con.execute("DROP ROLE cx_secret_user")


READ_ONLY_GRANTS = Path(__file__).resolve().parents[1] / "docs" / "store.md"


def _grants(database: str) -> list[str]:
    """The read-only role's SQL as docs/store.md shows it, for one database."""
    text = READ_ONLY_GRANTS.read_text(encoding="utf-8")
    block = text.split("```sql\n", 1)[1].split("```", 1)[0]
    lines = [line for line in block.splitlines() if line and not line.startswith("--")]
    sql = (
        " ".join(lines)
        .replace("cxnlp_db", database)
        .replace("cxnlp_owner", "postgres")
        .replace("'change-me'", "'pw-ro-1234'")
    )
    return [s.strip() for s in sql.split(";") if s.strip()]


def test_a_read_only_role_reads_status_and_figures_and_cannot_write(
    tmp_path: Path, fresh_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxnlp.cli import app

    with Store(fresh_pg_url) as store:  # the owner: migrations and one run
        store.start_run("r1", as_of=datetime(2026, 11, 22), config_hash="abc")
        store.update_run("r1", status="completed", counts={"ingest": {"loaded": 3}})
    database = fresh_pg_url.rsplit("/", 1)[1]
    admin = libpq_url(fresh_pg_url)
    with psycopg.connect(admin, autocommit=True) as con:
        for statement in _grants(database):
            con.execute(statement)
    try:
        with Store(fresh_pg_url) as store:  # a table made after the grants (a per-run table)
            import pandas as pd

            store.write_run_frame("drivers", "r1", pd.DataFrame({"topic_id": [1], "nps": [-3.5]}))
        reader = fresh_pg_url.replace("postgres@", "cxnlp_reader:pw-ro-1234@")
        with Store(reader, read_only=True) as store:
            assert store.last_successful_run() == "r1"
            assert store.read_run_frame("drivers", "r1")["nps"].tolist() == [-3.5]
        with Store(reader) as store:  # even opened for writing, the role cannot write
            for statement in (
                "INSERT INTO runs (run_id) VALUES ('x')",
                "DELETE FROM feedback",
                "UPDATE drivers SET nps = 0",
                "CREATE TABLE sneaky (a INTEGER)",
            ):
                with pytest.raises(StoreError, match="permission denied"):
                    store.con.execute(statement)
        monkeypatch.setenv("CX_READER_URL", reader)
        config = tmp_path / "config.yaml"
        config.write_text(yaml.safe_dump({"store": {"url_env": "CX_READER_URL"}}), "utf-8")
        shown = CliRunner().invoke(app, ["status", "--config", str(config)])
        assert shown.exit_code == 0, shown.output
        assert "cxnlp_reader:***@" in shown.output and "pw-ro-1234" not in shown.output
        listed = CliRunner().invoke(app, ["status", "--json", "--config", str(config)])
        assert listed.exit_code == 0, listed.output
        runs = json.loads(listed.output)
        assert [(r["run_id"], r["status"]) for r in runs] == [("r1", "completed")]
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute("DROP OWNED BY cxnlp_reader")
            con.execute("DROP ROLE cxnlp_reader")


def test_copy_keeps_every_table_its_rows_and_its_keys(tmp_path: Path, fresh_pg_url: str) -> None:
    import numpy as np
    import pandas as pd

    from cxnlp.schema import make_feedback_id
    from cxnlp.store.copy import copy_store

    ids = [str(i) for i in range(40)]
    feedback = pd.DataFrame(
        {
            "feedback_id": [make_feedback_id("surveys", i) for i in ids],
            "source": "surveys",
            "source_kind": "survey",
            "source_id": ids,
            "created_at": pd.date_range("2026-11-01", periods=40, freq="h"),
            "nps": [i % 11 for i in range(40)],
            "text": "¿50% 'caro'? sí",
            "text_norm": "caro",
            "text_hash": [f"h{i}" for i in ids],
        }
    )
    vectors = np.random.default_rng(3).normal(size=(40, 6)).astype(np.float32)
    with Store(tmp_path / "a.duckdb") as duck:
        duck.upsert_feedback(feedback)
        duck.put_embeddings([f"h{i}" for i in ids], vectors, "m1")
        duck.start_run("r1", as_of=datetime(2026, 11, 3), config_hash="c")
        duck.write_run_frame(
            "drivers", "r1", pd.DataFrame({"topic_id": [1, 2], "nps": [-4.0, 2.5]})
        )
        duck.con.execute("CREATE TABLE keyed (k VARCHAR, v INTEGER, PRIMARY KEY (k))")
        duck.con.execute("INSERT INTO keyed VALUES ('a', 1), ('b', 2)")
    with Store(tmp_path / "a.duckdb", read_only=True) as duck, Store(fresh_pg_url) as pg:
        report = copy_store(duck, pg)
        assert report.ok and report.rows["feedback"] == (40, 40) and report.rows["keyed"] == (2, 2)
        assert set(report.rows) == set(duck.tables()) - {"schema_version"}
        got = pg.get_embeddings(["h7"], "m1")
        np.testing.assert_array_equal(got["h7"], vectors[7])
        pg.con.execute("INSERT OR REPLACE INTO keyed VALUES ('a', 9)")  # the key came along
        assert dict(pg.con.execute("SELECT k, v FROM keyed").fetchall()) == {"a": 9, "b": 2}
        assert pg.read_run_frame("drivers", "r1")["nps"].tolist() == [-4.0, 2.5]
        with pytest.raises(StoreError, match="--replace"):
            copy_store(duck, pg)
        assert copy_store(duck, pg, replace=True).ok
    with Store(fresh_pg_url, read_only=True) as pg, Store(tmp_path / "b.duckdb") as back:
        assert copy_store(pg, back).ok
        a = back.load_window(start=None, end=None, models=None)
    with Store(tmp_path / "a.duckdb", read_only=True) as duck:
        b = duck.load_window(start=None, end=None, models=None)
    pd.testing.assert_frame_equal(a, b)
