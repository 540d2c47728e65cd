"""`cxnlp store copy` moves a store in chunks, both ways, and never leaves half a copy.

The chunk size is set small here (a few rows) so every table with rows spans
several chunks; the PostgreSQL server is the session's throwaway one
(``fresh_pg_url`` in conftest).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from cxnlp.schema import make_feedback_id
from cxnlp.store import Store
from cxnlp.store.copy import copy_store

N = 23  # feedback rows (and vectors): more than four chunks of 5


def _feedback(n: int, source: str = "surveys", offset: int = 0) -> pd.DataFrame:
    ids = [str(i + offset) for i in range(n)]
    return pd.DataFrame(
        {
            "feedback_id": [make_feedback_id(source, i) for i in ids],
            "source": source,
            "source_kind": "survey",
            "source_id": ids,
            "created_at": pd.date_range("2026-11-01", periods=n, freq="h"),
            "nps": [i % 11 for i in range(n)],
            "text": [f"'=caro' {i} ñandú" for i in ids],
            "text_norm": "caro",
            "text_hash": [f"h{i}" for i in ids],
        }
    )


def _source(path: Path, n: int = N, *, offset: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(5 + offset).normal(size=(n, 8)).astype(np.float32)
    with Store(path) as store:
        store.upsert_feedback(_feedback(n, offset=offset))
        store.put_embeddings([f"h{i + offset}" for i in range(n)], vectors, "m1")
        store.start_run("r1", as_of=datetime(2026, 11, 3), config_hash="c")
        store.con.execute("CREATE TABLE keyed (k VARCHAR, d DATE, v INTEGER, PRIMARY KEY (k))")
        store.con.execute(
            "INSERT INTO keyed SELECT 'k' || CAST(i AS VARCHAR), DATE '2026-11-01' + "
            "CAST(i AS INTEGER), CASE WHEN i % 3 = 0 THEN NULL ELSE i END FROM range(?, ?) t(i)",
            [offset, offset + n],
        )
        store.con.execute("CREATE TABLE loose (a VARCHAR, b DOUBLE)")  # no key: copied as is
        store.con.execute("INSERT INTO loose VALUES ('x', 1.5), ('x', 1.5), (NULL, NULL)")
    return vectors


def _tables(store: Store) -> dict[str, pd.DataFrame]:
    """Every table's rows in a fixed order, to compare two stores (schema_version is
    each store's own: when it was migrated)."""
    out = {}
    for table in (t for t in store.tables() if t != "schema_version"):
        frame = store.con.execute(f'SELECT * FROM "{table}"').df()
        for col in frame.columns:  # vectors come back as bytearray: hashable bytes to sort
            if frame[col].dtype == object:
                frame[col] = frame[col].map(lambda v: bytes(v) if isinstance(v, bytearray) else v)
        out[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def test_a_store_copies_in_chunks_to_postgres_and_back(tmp_path: Path, fresh_pg_url: str) -> None:
    vectors = _source(tmp_path / "a.duckdb")
    seen: list[tuple[str, int, int]] = []
    with Store(tmp_path / "a.duckdb", read_only=True) as duck, Store(fresh_pg_url) as pg:
        report = copy_store(duck, pg, chunk_rows=5, progress=lambda *a: seen.append(a))
        assert report.ok, report
        assert report.rows["feedback"] == (N, N) and report.rows["loose"] == (3, 3)
        np.testing.assert_array_equal(pg.get_embeddings(["h22"], "m1")["h22"], vectors[22])
        pg.con.execute("INSERT OR REPLACE INTO keyed VALUES ('k1', DATE '2027-01-01', 7)")
        assert pg.count("keyed") == N  # the key came along: replaced, not added
    feedback = [(done, total) for table, done, total in seen if table == "feedback"]
    assert feedback == [(0, N), (5, N), (10, N), (15, N), (20, N), (N, N)]
    assert [t for t, done, _ in seen if done == 0] == sorted(
        report.rows, key=list(report.rows).index
    )
    with Store(fresh_pg_url, read_only=True) as pg, Store(tmp_path / "b.duckdb") as back:
        assert copy_store(pg, back, chunk_rows=4).ok
        np.testing.assert_array_equal(back.get_embeddings(["h3"], "m1")["h3"], vectors[3])
    with (
        Store(tmp_path / "a.duckdb", read_only=True) as a,
        Store(tmp_path / "b.duckdb", read_only=True) as b,
    ):
        mine, theirs = _tables(a), _tables(b)
        assert set(mine) == set(theirs)
        for table in mine:
            if table == "keyed":  # changed on PostgreSQL in between: one row differs
                assert len(mine[table]) == len(theirs[table])
                continue
            pd.testing.assert_frame_equal(mine[table], theirs[table], check_dtype=False)
        window_a = a.load_window(start=None, end=None, models=None)
        window_b = b.load_window(start=None, end=None, models=None)
        pd.testing.assert_frame_equal(window_a, window_b)


def test_whole_tables_and_chunks_give_the_same_copy(tmp_path: Path) -> None:
    _source(tmp_path / "a.duckdb")
    copies = {}
    for chunk in (0, 1, 7, 10_000):
        target = tmp_path / f"c{chunk}.duckdb"
        with Store(tmp_path / "a.duckdb", read_only=True) as src, Store(target) as dst:
            assert copy_store(src, dst, chunk_rows=chunk).ok
            copies[chunk] = _tables(dst)
    for chunk in (1, 7, 10_000):
        for table, frame in copies[0].items():
            pd.testing.assert_frame_equal(frame, copies[chunk][table])
    from cxnlp.errors import StoreError

    with (
        Store(tmp_path / "a.duckdb", read_only=True) as src,
        Store(tmp_path / "d.duckdb") as dst,
        pytest.raises(StoreError, match="chunk_rows"),
    ):
        copy_store(src, dst, chunk_rows=-5)


class Stop(Exception):
    """Stands in for a failure (or Ctrl-C) in the middle of a copy."""


def _stop_in(table: str, after: int):  # noqa: ANN202 - a progress callback
    def progress(name: str, done: int, total: int) -> None:
        if name == table and done >= after:
            raise Stop(f"{name} at {done} of {total}")

    return progress


@pytest.mark.parametrize("kind", ["duckdb", "postgres"])
def test_an_interrupted_copy_leaves_the_target_as_it_was(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target: Path | str = (
        tmp_path / "t.duckdb" if kind == "duckdb" else request.getfixturevalue("fresh_pg_url")
    )
    _source(tmp_path / "a.duckdb")
    _source(tmp_path / "other.duckdb", 11, offset=100)
    # an empty target stays empty: the first tables' rows are rolled back too
    with Store(tmp_path / "a.duckdb", read_only=True) as src, Store(target) as dst:
        migrated = set(dst.tables())
        with pytest.raises(Stop, match="embeddings at 10 of 23"):
            copy_store(src, dst, chunk_rows=5, progress=_stop_in("embeddings", 10))
        assert set(dst.tables()) == migrated  # tables the copy creates: not there
        assert {t: dst.count(t) for t in migrated} == dict.fromkeys(migrated, 0) | {
            "schema_version": dst.count("schema_version")
        }
        # and the next copy runs as into any empty store
        assert copy_store(src, dst, chunk_rows=5).ok
        before = _tables(dst)
    # a full target keeps its old content when a --replace copy stops midway
    with Store(tmp_path / "other.duckdb", read_only=True) as src, Store(target) as dst:
        with pytest.raises(Stop):
            copy_store(src, dst, replace=True, chunk_rows=3, progress=_stop_in("loose", 3))
        after = _tables(dst)
        assert set(after) == set(before)
        for table, frame in before.items():
            pd.testing.assert_frame_equal(frame, after[table])
        assert copy_store(src, dst, replace=True, chunk_rows=3).rows["feedback"] == (11, 11)


def test_the_command_shows_a_bar_per_table_and_takes_a_chunk_size(tmp_path: Path) -> None:
    from cxnlp.cli import app

    _source(tmp_path / "a.duckdb")
    result = CliRunner().invoke(
        app,
        [
            "store",
            "copy",
            "--from",
            str(tmp_path / "a.duckdb"),
            "--to",
            str(tmp_path / "b.duckdb"),
            "--chunk-rows",
            "4",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "copia correcta" in result.output
    for line in ("feedback", "embeddings", "keyed"):
        bar = [row for row in result.output.splitlines() if line in row and f"{N}/{N}" in row]
        assert bar, result.output
    with Store(tmp_path / "b.duckdb", read_only=True) as copy:
        assert copy.count("feedback") == N
    bad = CliRunner().invoke(
        app,
        ["store", "copy", "--from", str(tmp_path / "a.duckdb"), "--to", str(tmp_path / "c.duckdb")]
        + ["--chunk-rows", "-1"],
    )
    assert bad.exit_code != 0


def test_a_postgres_source_is_copied_as_one_snapshot(tmp_path: Path, fresh_pg_url: str) -> None:
    _source(tmp_path / "a.duckdb")
    with Store(tmp_path / "a.duckdb", read_only=True) as duck, Store(fresh_pg_url) as pg:
        assert copy_store(duck, pg).ok
    written: list[str] = []

    def write_meanwhile(table: str, done: int, total: int) -> None:
        if table == "embeddings" and done == 5 and not written:  # the copy is under way
            with Store(fresh_pg_url) as other:
                other.con.execute("INSERT INTO loose VALUES ('y', 2.5)")
                other.con.execute("DELETE FROM keyed WHERE k = 'k1'")
            written.append(table)

    with Store(fresh_pg_url, read_only=True) as pg, Store(tmp_path / "b.duckdb") as back:
        report = copy_store(pg, back, chunk_rows=5, progress=write_meanwhile)
        assert written and report.ok
        # the tables copied after the write are as they were when the copy began
        assert report.rows["loose"] == (3, 3) and report.rows["keyed"] == (N, N)
        assert back.con.execute("SELECT count(*) FROM keyed WHERE k = 'k1'").fetchall() == [(1,)]
    with Store(fresh_pg_url, read_only=True) as pg:
        assert (pg.count("loose"), pg.count("keyed")) == (4, N - 1)  # the writes did land
