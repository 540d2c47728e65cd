"""A small night on PostgreSQL gives the DuckDB night's figures, reuses its embeddings on a
second night while a reader keeps reading, and the store copies to DuckDB and back."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import psycopg
import pytest
import yaml
from e2e_helpers import use_fast_models, write_small_setup
from typer.testing import CliRunner

from cxnlp.store import Store
from cxnlp.store.pg import libpq_url

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22, 3)
PG_ENV = "CX_NIGHT_PG_URL"
RUN_ID = r"\d{8}T\d{6}\\?-[0-9a-f]{6}"  # a run id as a backlog text quotes it


@dataclass
class Nights:
    duck_config: Path
    pg_config: Path
    pg_url: str
    duck_runs: list[str]
    pg_runs: list[str]
    counts: list[dict[str, Any]]
    reads: list[tuple[float, str | None]] = field(default_factory=list)  # (time, newest status)
    read_errors: list[str] = field(default_factory=list)


def _new_database(server_url: str) -> str:
    name = f"cx_night_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_url(server_url), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


def _read_throughout(url: str, stop: threading.Event, nights: Nights) -> None:
    """A second reader (its own session) that reads the runs until told to stop."""
    while not stop.is_set():
        try:
            with Store(url, read_only=True) as store:
                runs = store.runs(1)
                store.count("feedback")
            nights.reads.append((time.monotonic(), None if runs.empty else runs["status"][0]))
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            nights.read_errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[Nights]:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("pgnight")
    duck_config = write_small_setup(
        root, days=24, end_date=date(2026, 11, 21), surveys_per_day=20, social_per_day=8,
        tickets_per_day=5,
    )  # fmt: skip
    duck_config = use_fast_models(duck_config, topics={"min_topic_size": 10})
    doc = yaml.safe_load(duck_config.read_text(encoding="utf-8"))
    doc["store"]["url_env"] = PG_ENV
    pg_config = root / "config_pg.yaml"
    pg_config.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    url = _new_database(postgres_url)
    mp = pytest.MonkeyPatch()
    mp.setenv(PG_ENV, url)
    try:
        # the same two nights on each store: the second has a previous run to build on
        # (topic tracking, stable backlog ids) and every text's vector already cached
        duck = [run_pipeline(load_config(duck_config), as_of=AS_OF) for _ in range(2)]
        first = run_pipeline(load_config(pg_config), as_of=AS_OF)
        nights = Nights(
            duck_config, pg_config, url, [d.run_id for d in duck], [first.run_id], [first.counts]
        )
        stop = threading.Event()
        reader = threading.Thread(target=_read_throughout, args=(url, stop, nights), daemon=True)
        reader.start()
        try:
            second = run_pipeline(load_config(pg_config), as_of=AS_OF)
        finally:
            stop.set()
            reader.join(30)
        nights.pg_runs.append(second.run_id)
        nights.counts.append(second.counts)
        assert {d.status for d in duck} == {first.status, second.status} == {"completed"}
        yield nights
    finally:
        mp.undo()


def _same_frames(a: pd.DataFrame, b: pd.DataFrame, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The columns where two frames differ (numbers compared to 1e-9)."""
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    differ = []
    for col in a.columns:
        if col in skip:
            continue
        x, y = a[col], b[col]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            if not np.allclose(x.astype(float), y.astype(float), equal_nan=True, atol=1e-9):
                differ.append(col)
        elif x.astype(str).tolist() != y.astype(str).tolist():
            differ.append(col)
    return differ


@pytest.mark.parametrize("night", [0, 1])
def test_a_postgresql_night_gives_the_duckdb_figures(nights: Nights, night: int) -> None:
    duck_run, pg_run = nights.duck_runs[night], nights.pg_runs[night]
    with (
        Store(nights.duck_config.parent / "var" / "cxnlp.duckdb", read_only=True) as duck,
        Store(nights.pg_url, read_only=True) as pg,
    ):
        assert duck.count("feedback") == pg.count("feedback") > 500
        for table in ("drivers", "causes"):
            a = duck.read_run_frame(table, duck_run)
            b = pg.read_run_frame(table, pg_run)
            assert len(a) > 3, table
            assert _same_frames(a, b) == [], table
        # the backlog quotes its run id in its descriptions; everything else is equal
        a = duck.read_run_frame("backlog", duck_run)
        b = pg.read_run_frame("backlog", pg_run)
        assert len(a) >= 1
        assert _same_frames(a, b, skip=("description_md", "description_jira")) == []
        for col in ("description_md", "description_jira"):  # run ids, escaped in Jira
            assert (
                a[col].str.replace(RUN_ID, "RUN", regex=True).tolist()
                == b[col].str.replace(RUN_ID, "RUN", regex=True).tolist()
            )
        sql = "SELECT feedback_id, topic_id FROM topic_assignments WHERE run_id = ? ORDER BY 1"
        assert (
            duck.con.execute(sql, [duck_run]).fetchall() == pg.con.execute(sql, [pg_run]).fetchall()
        )


def test_the_second_night_reuses_the_embeddings(nights: Nights) -> None:
    first, second = nights.counts
    assert first["enrich"]["embedded"] > 300 and first["topics"]["clauses"]["embedded"] > 0
    assert second["enrich"].get("embedded", 0) == 0  # every text already had its vector
    assert second["topics"]["clauses"]["embedded"] == 0
    with Store(nights.pg_url, read_only=True) as pg:
        assert (
            pg.count("embeddings")
            == first["enrich"]["embedded"] + first["topics"]["clauses"]["embedded"]
        )


def test_a_reader_reads_throughout_the_night(nights: Nights) -> None:
    assert nights.read_errors == []
    statuses = [status for _, status in nights.reads]
    assert "running" in statuses, "the reader should have seen the night in progress"
    # how many reads fit in a night depends on the machine's speed (a quiet CI machine
    # ran the night in under 2 s of reads: 9); a few reads, all clean, one of them during the night, is the point
    assert len(statuses) >= 3


def test_the_store_copies_to_duckdb_and_back_with_the_same_figures(
    nights: Nights, tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxnlp.cli import app

    copy = tmp_path / "copy.duckdb"
    runner = CliRunner()
    out = runner.invoke(
        app, ["store", "copy", "--config", str(nights.pg_config), "--to", str(copy)]
    )
    assert out.exit_code == 0, out.output
    assert "copia correcta" in out.output and "valores iguales" in out.output
    monkeypatch.setenv("CX_BACK_URL", _new_database(postgres_url))
    back = runner.invoke(
        app,
        ["store", "copy", "--config", str(nights.pg_config), "--from", str(copy), "--to",
         "env:CX_BACK_URL"],
    )  # fmt: skip
    assert back.exit_code == 0, back.output
    again = runner.invoke(
        app,
        ["store", "copy", "--config", str(nights.pg_config), "--from", str(copy), "--to",
         "env:CX_BACK_URL"],
    )  # fmt: skip
    assert again.exit_code == 2 and "--replace" in again.output  # a full target is refused

    from cxnlp.store.copy import copy_store

    with (
        Store(nights.pg_url, read_only=True) as source,
        Store(os.environ["CX_BACK_URL"], read_only=True) as target,
    ):
        assert source.tables() == target.tables()
        for table in source.tables():
            assert source.count(table) == target.count(table), table
        assert source.table_columns("drivers") == target.table_columns("drivers")
        # the copied store answers the same: the newest run's drivers, number for number
        run = source.last_successful_run()
        assert run == target.last_successful_run()
        assert (
            _same_frames(
                source.read_run_frame("drivers", run), target.read_run_frame("drivers", run)
            )
            == []
        )
    with Store(tmp_path / "other.duckdb") as other, Store(copy, read_only=True) as src:
        report = copy_store(src, other)
        assert report.ok and report.figures_checked > 50
        # a damaged copy is caught: without one topic's assignments its figures differ
        from cxnlp.store.copy import CopyReport, check_figures

        other.con.execute("DELETE FROM topic_assignments WHERE topic_id = 0")
        check = CopyReport()
        check_figures(src, other, check)
        assert check.figure_mismatches, "figures of a damaged copy must differ"


def test_notebooks_read_a_run_with_the_read_only_role(
    nights: Nights, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_store_pg import _grants

    from cxnlp.analysis import load_run

    database = nights.pg_url.rsplit("/", 1)[1]
    admin = libpq_url(nights.pg_url)
    with psycopg.connect(admin, autocommit=True) as con:
        for statement in _grants(database):
            con.execute(statement)
    try:
        monkeypatch.setenv(
            "CX_READER_URL", nights.pg_url.replace("postgres@", "cxnlp_reader:pw-ro-1234@")
        )
        config = yaml.safe_load(nights.pg_config.read_text(encoding="utf-8"))
        config["store"] = {"url_env": "CX_READER_URL", "path": str(tmp_path / "x.duckdb")}
        path = tmp_path / "analyst.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        data = load_run(path)
        assert data.run["run_id"] == nights.pg_runs[-1]
        assert len(data.frame) > 500 and len(data.drivers) > 3
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute("DROP OWNED BY cxnlp_reader")
            con.execute("DROP ROLE cxnlp_reader")
