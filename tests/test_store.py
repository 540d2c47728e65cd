from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import StoreError
from cxnlp.schema import make_feedback_id
from cxnlp.store import MIGRATIONS, SCHEMA_VERSION, RunLock, Store


def _rows(ids: list[str], text: str = "hola") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "feedback_id": [make_feedback_id("surveys", i) for i in ids],
            "source": "surveys",
            "source_kind": "survey",
            "source_id": ids,
            "created_at": "2026-11-01 10:00:00",
            "nps": 7,
            "text": text,
            "text_norm": text,
            "text_hash": [f"h{i}" for i in ids],
        }
    )


def test_migrations_versioned_and_idempotent(store_location: Path | str) -> None:
    path = store_location
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == len(MIGRATIONS)
    with Store(path) as store:  # reopening applies nothing twice
        rows = store.con.execute("SELECT count(*) FROM schema_version").fetchall()
        assert rows[0][0] == SCHEMA_VERSION


def test_newer_schema_refused(store_location: Path | str) -> None:
    path = store_location
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_version VALUES (99, current_timestamp)")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_upsert_is_idempotent_and_updates(store_location: Path | str) -> None:
    with Store(store_location) as store:
        store.upsert_feedback(_rows(["1", "2", "3"]))
        store.upsert_feedback(_rows(["2", "3", "4"], text="otra"))
        assert store.count("feedback") == 4
        texts = dict(store.con.execute("SELECT source_id, text FROM feedback").fetchall())
        assert texts == {"1": "hola", "2": "otra", "3": "otra", "4": "otra"}


def test_embedding_cache_round_trip(store_location: Path | str) -> None:
    with Store(store_location) as store:
        vectors = np.random.default_rng(0).normal(size=(3, 8)).astype(np.float32)
        store.put_embeddings(["a", "b", "c"], vectors, "m1")
        got = store.get_embeddings(["c", "a", "zz"], "m1")
        assert set(got) == {"a", "c"}
        np.testing.assert_array_equal(got["c"], vectors[2])
        assert store.get_embeddings(["a"], "other-model") == {}


def test_fill_embeddings_places_cached_vectors_in_input_order(store_location: Path | str) -> None:
    rng = np.random.default_rng(1)
    with Store(store_location) as store:
        vectors = rng.normal(size=(120_000, 4)).astype(np.float32)  # several Arrow batches
        hashes = [f"h{i}" for i in range(len(vectors))]
        store.put_embeddings(hashes, vectors, "m1")
        store.put_embeddings(["x"], np.ones((1, 4), dtype=np.float32), "m2")
        want = ["zz", *hashes[::-1], "x", "zz"]
        out = np.full((len(want), 4), 7.0, dtype=np.float32)
        found = store.fill_embeddings(want, "m1", out)
        assert found.tolist() == [False, *([True] * len(hashes)), False, False]
        np.testing.assert_array_equal(out[1:-2], vectors[::-1])
        assert (out[[0, -2, -1]] == 7.0).all()  # rows not found are left alone
        assert not store.fill_embeddings(["a"], "m1", np.zeros((1, 4), np.float32)).any()
        assert store.cached_hashes(["h1", "x", "zz"], "m1") == {"h1"}
        assert store.cached_hashes(["h1", "x"], "m2") == {"x"}
        with pytest.raises(StoreError, match="not 3 floats wide"):
            store.fill_embeddings(["h0"], "m1", np.zeros((1, 3), np.float32))


def test_embeddings_written_in_slices_replace_and_keep_order(
    store_location: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cxnlp.store.embeddings as embeddings

    monkeypatch.setattr(embeddings, "PUT_SLICE_ROWS", 3)
    rng = np.random.default_rng(2)
    with Store(store_location) as store:
        first = rng.normal(size=(10, 4)).astype(np.float32)
        store.put_embeddings([f"h{i}" for i in range(10)], first, "m1")
        again = rng.normal(size=(4, 4)).astype(np.float32)  # h8, h9 replaced, two new
        store.put_embeddings(["h8", "h9", "n1", "n2"], again, "m1")
        hashes = [*(f"h{i}" for i in range(10)), "n1", "n2"]
        out = np.zeros((len(hashes), 4), np.float32)
        assert store.fill_embeddings(hashes, "m1", out).all()
        np.testing.assert_array_equal(out[:8], first[:8])
        np.testing.assert_array_equal(out[8:], again)
        (rows,) = store.con.execute("SELECT count(*) FROM embeddings").fetchall()[0]
        assert rows == 12


def test_a_large_batch_of_vectors_fits_under_a_small_memory_cap(tmp_path: Path) -> None:
    # one INSERT of all 40,000 vectors (80 MB) fails with DuckDB's Out of Memory Error
    # under a 64 MB cap; written in slices it fits
    vectors = np.random.default_rng(3).normal(size=(40_000, 512)).astype(np.float32)
    with Store(tmp_path / "s.duckdb", memory_limit="64MB") as store:
        store.put_embeddings([f"h{i}" for i in range(len(vectors))], vectors, "m1")
        (rows,) = store.con.execute("SELECT count(*) FROM embeddings").fetchall()[0]
    assert rows == len(vectors)


def test_memory_limit_reaches_duckdb_and_bad_values_are_refused(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from cxnlp.config import StoreConfig

    with Store(tmp_path / "s.duckdb", memory_limit="300MB") as store:
        (limit,) = store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0]
    assert limit.replace(" ", "") in {"286.1MiB", "300.0MB"}, limit
    assert StoreConfig().memory_limit == "256MB"
    assert StoreConfig(memory_limit=None).memory_limit is None
    with pytest.raises(ValidationError, match="memory_limit"):
        StoreConfig(memory_limit="lots; DROP TABLE feedback")


def test_flexible_run_frames_widen(store_location: Path | str) -> None:
    with Store(store_location) as store:
        store.write_run_frame(
            "drivers", "r1", pd.DataFrame({"topic_id": [1, 2], "label": ["a", "b"]})
        )
        store.write_run_frame(
            "drivers", "r2", pd.DataFrame({"topic_id": [3], "label": ["c"], "extra": [1.5]})
        )
        store.write_run_frame("drivers", "r1", pd.DataFrame({"topic_id": [1], "label": ["a2"]}))
        assert store.read_run_frame("drivers", "r1")["label"].tolist() == ["a2"]
        assert store.read_run_frame("drivers", "r2")["extra"].tolist() == [1.5]
        with pytest.raises(StoreError, match="drivers"):
            store.write_run_frame("feedback", "r1", pd.DataFrame({"x": [1]}))


def test_a_column_empty_on_the_first_run_takes_text_later(store_location: Path | str) -> None:
    with Store(store_location) as store:
        store.write_run_frame(
            "backlog", "r1", pd.DataFrame({"item_id": ["CX-0001"], "merged_into": [None]})
        )
        store.write_run_frame(
            "backlog", "r2", pd.DataFrame({"item_id": ["CX-0002"], "merged_into": ["CX-0001"]})
        )
        assert store.read_run_frame("backlog", "r2")["merged_into"].tolist() == ["CX-0001"]
        assert store.read_run_frame("backlog", "r1")["merged_into"].isna().all()


def test_runs_record_counts_and_versions(store_location: Path | str) -> None:
    from datetime import datetime

    with Store(store_location) as store:
        store.start_run("r1", as_of=datetime(2026, 11, 22), config_hash="abc")
        store.update_run(
            "r1", status="completed", counts={"ingest": {"loaded": 5}}, model_versions={"key": "k"}
        )
        run = store.get_run("r1")
        assert run is not None
        assert run["counts"]["ingest"]["loaded"] == 5 and run["config_hash"] == "abc"
        assert store.last_successful_run() == "r1"


def _hold_lock(path: str, seconds: float) -> None:
    lock = RunLock(Path(path), timeout_s=0)
    lock.acquire()
    time.sleep(seconds)
    lock.release()


def test_run_lock_excludes_second_run(tmp_path: Path) -> None:
    lock_path = tmp_path / "s.duckdb.lock"
    holder = multiprocessing.get_context("spawn").Process(
        target=_hold_lock, args=(str(lock_path), 4.0)
    )
    holder.start()
    try:
        deadline = time.time() + 20
        while not lock_path.exists() or lock_path.read_text().strip() == "":
            assert time.time() < deadline, "holder never took the lock"
            time.sleep(0.1)
        with pytest.raises(StoreError, match="another cxnlp run"):
            RunLock(lock_path, timeout_s=0.5).acquire()
        waiting = RunLock(lock_path, timeout_s=30)
        waiting.acquire()  # waits for the holder to finish, then proceeds
        waiting.release()
    finally:
        holder.join(10)
