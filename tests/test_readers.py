"""Readers are never locked out of a DuckDB store while a run (or a command) writes it.

A second process stands in for the run: it takes the run lock and opens the store
read-write, as :func:`cxnlp.run.context.open_run` does, until the test closes its
standard input. The end-to-end test at the bottom runs a real night instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from cxnlp.config import Settings, load_config
from cxnlp.errors import StoreError
from cxnlp.status import ReadSource, open_reader, read_status, reading, with_reader
from cxnlp.store import Store
from cxnlp.store.snapshot import ensure_read_copy, read_copy_path, write_read_copy
from cxnlp.writers import open_writer

REPO = Path(__file__).resolve().parents[1]

HOLDER = """
import sys
from pathlib import Path
from cxnlp.store import RunLock, Store

db = Path(sys.argv[1])
lock = RunLock(db.with_name(db.name + ".lock"), timeout_s=0)
if sys.argv[2] == "lock":
    lock.acquire()
store = Store(db)
print("held", flush=True)
sys.stdin.read()
store.close()
lock.release()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env["HF_HUB_OFFLINE"] = "1"
    return env


class Holder:
    """A second process that holds the store read-write (and the run lock) until closed."""

    def __init__(self, db: Path, *, run_lock: bool = True) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db), "lock" if run_lock else "nolock"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(60)


def _settings(db: Path, **store: object) -> Settings:
    return load_config(None, environ={}, overrides={"store": {"path": str(db), **store}})


def _store_with_a_finished_run(db: Path, finished: datetime) -> None:
    with Store(db) as store:
        store.start_run("r1", as_of=finished, config_hash="x")
        store.update_run("r1", status="completed", finished_at=finished, counts={})
        store.con.execute("CREATE TABLE t (n INTEGER)")
        store.con.execute("INSERT INTO t SELECT * FROM range(10)")
        write_read_copy(store)


def test_no_copy_is_written_for_an_in_memory_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Store(":memory:") as store:
        store.con.execute("CREATE TABLE t (n INTEGER)")
        assert write_read_copy(store) is None
        assert ensure_read_copy(store) is None
    assert list(tmp_path.iterdir()) == []


def test_a_failed_copy_leaves_the_previous_copy_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    copy = read_copy_path(db)
    before = copy.read_bytes()

    def half_copy(src: Path, dst: Path) -> None:
        data = Path(src).read_bytes()
        Path(dst).write_bytes(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cxnlp.store.snapshot.shutil.copyfile", half_copy)
    with Store(db) as store:
        store.con.execute("INSERT INTO t SELECT * FROM range(5)")
        assert write_read_copy(store) is None
    assert copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if ".tmp" in p.name) == []
    with Store(copy, read_only=True) as reader:
        assert reader.con.execute("SELECT count(*) FROM t").fetchall()[0][0] == 10


READER = """
import json, sys
from pathlib import Path
import duckdb

copy, stop = Path(sys.argv[1]), Path(sys.argv[2])
seen, errors = [], []
while not stop.exists() or len(seen) < 5:
    try:
        con = duckdb.connect(str(copy), read_only=True)
        seen.append(con.execute("SELECT count(*) FROM t").fetchall()[0][0])
        con.close()
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps({"seen": seen, "errors": errors}))
"""


def test_a_reader_never_sees_a_half_written_copy(tmp_path: Path) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(read_copy_path(db)), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    written = {10}
    with Store(db) as store:
        for i in range(40):
            # enough rows that a copy takes a while and spans many of the reader's opens
            store.con.execute("INSERT INTO t SELECT * FROM range(?)", [5_000 + i])
            assert write_read_copy(store) is not None
            written.add(store.con.execute("SELECT count(*) FROM t").fetchall()[0][0])
    stop.touch()
    out, _ = reader.communicate(timeout=120)
    result = json.loads(out)
    assert result["errors"] == []
    assert len(result["seen"]) >= 5
    assert set(result["seen"]) <= written
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_reader_reads_the_copy_while_a_run_holds_the_store(tmp_path: Path) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    with Store(db) as store:  # written after the copy: only the live store has it
        store.con.execute("INSERT INTO t VALUES (99)")
    holder = Holder(db)
    try:
        lines: list[str] = []
        with reading(db, notify=lines.append) as (store, source):
            assert source.is_copy
            assert store.con.execute("SELECT count(*) FROM t").fetchall()[0][0] == 10
        assert len(lines) == 1 and lines[0].startswith(
            "leyendo la copia de la última ejecución terminada (2026-12-07 02:41 UTC, hace "
        )
        assert "; ejecución r1)" in lines[0]
        assert (
            "reading the copy of the last finished run (r1, finished 2026-12-07 02:41 UTC"
            in (lines[0])
        )
        view = read_status(_settings(db), 5, notify=lines.append)
        assert view.runs["run_id"].tolist() == ["r1"]
        assert "store busy" in view.note
    finally:
        holder.release()
    # the run is over: the live store again, with the row the copy lacks
    lines.clear()
    assert with_reader(db, lambda s: s.count("t"), notify=lines.append) == 11
    assert lines == []


def test_a_store_held_outside_a_run_is_read_from_the_copy_after_a_short_wait(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    holder = Holder(db, run_lock=False)
    try:
        with open_reader(_settings(db), wait_s=30, notify=lambda line: None) as store:
            assert store.path == str(read_copy_path(db))
    finally:
        holder.release()


def test_without_a_copy_a_busy_store_fails_with_the_holder_named(tmp_path: Path) -> None:
    db = tmp_path / "cxnlp.duckdb"
    with Store(db) as store:
        store.con.execute("CREATE TABLE t (n INTEGER)")
    holder = Holder(db)
    try:
        with pytest.raises(
            StoreError, match=rf"is busy: a cxnlp run \(process {holder.proc.pid}\)"
        ):
            with_reader(db, lambda s: s.count("t"), wait_s=1)
    finally:
        holder.release()


def test_a_write_command_waits_for_the_run_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    holder = Holder(db)
    lines: list[str] = []
    try:
        with pytest.raises(StoreError, match="another cxnlp run holds"):
            with open_writer(_settings(db, lock_timeout_s=1), notify=lines.append):
                pass
        assert len(lines) == 1
        assert "la base de datos" in lines[0] and "está ocupada" in lines[0]
        assert f"(proceso {holder.proc.pid})" in lines[0]
        assert "espero hasta 1 s" in lines[0]
    finally:
        holder.release()
    lines.clear()
    with open_writer(_settings(db, lock_timeout_s=1), notify=lines.append) as store:
        store.con.execute("INSERT INTO t VALUES (1)")
    assert lines == []  # a free store: no waiting, nothing said
    # a run that ends while the command waits: the command goes on and writes
    holder = Holder(db)
    ending = threading.Event()

    def end_the_run() -> None:
        ending.set()
        holder.release()

    ender = threading.Timer(2.0, end_the_run)
    ender.start()
    try:
        with open_writer(_settings(db, lock_timeout_s=120), notify=lines.append) as store:
            assert ending.is_set()  # it waited for the run to end
            store.con.execute("INSERT INTO t VALUES (2)")
    finally:
        ender.join()
        holder.release()
    assert len(lines) == 1 and "espero hasta 120 s" in lines[0]
    assert with_reader(db, lambda s: s.count("t")) == 12


def test_a_run_replaces_a_copy_of_an_older_schema_and_keeps_a_current_one(tmp_path: Path) -> None:
    from cxnlp.store.migrations import SCHEMA_VERSION
    from cxnlp.store.snapshot import copy_schema_version

    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    copy = read_copy_path(db)
    assert copy_schema_version(copy) == SCHEMA_VERSION
    current = copy.read_bytes()
    with Store(db) as store:
        store.con.execute("INSERT INTO t VALUES (42)")
        assert ensure_read_copy(store) == copy
        assert copy.read_bytes() == current  # current schema: the last finished run stays
    # a copy left by an older cxnlp (schema 1): the next run replaces it before it starts
    copy.unlink()
    with Store(copy) as old:
        old.con.execute("DELETE FROM schema_version WHERE version > 1")
    assert copy_schema_version(copy) == 1
    with Store(db) as store:
        assert ensure_read_copy(store) == copy
    assert copy_schema_version(copy) == SCHEMA_VERSION
    with Store(copy, read_only=True) as reader:
        assert reader.count("t") == 11


def test_the_copy_line_names_the_run_and_how_old_it_is(tmp_path: Path) -> None:
    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    with Store(db) as store:  # a later run that failed, and one still running: not in the line
        store.start_run("r2", as_of=datetime(2026, 12, 8), config_hash="x")
        store.update_run("r2", status="failed", finished_at=datetime(2026, 12, 8, 3, 10))
        store.start_run("r3", as_of=datetime(2026, 12, 9), config_hash="x")
        write_read_copy(store)
    holder = Holder(db)
    try:
        with reading(db, notify=lambda line: None) as (_, source):
            assert (source.run_id, source.status) == ("r2", "failed")
            assert source.finished_at == datetime(2026, 12, 8, 3, 10)
    finally:
        holder.release()
    line = source.line(now=datetime(2026, 12, 8, 5, 15))
    assert "(2026-12-08 03:10 UTC, hace 2 h 05 min; ejecución r2 fallida)" in line
    assert "(r2, failed, finished 2026-12-08 03:10 UTC, 2 h 05 min ago)" in line
    assert "hace 7 min;" in source.line(now=datetime(2026, 12, 8, 3, 17, 59))
    assert "hace 3 d 1 h;" in source.line(now=datetime(2026, 12, 11, 4, 10))
    # the clock behind the run's end: the time, and no age
    assert "(2026-12-08 03:10 UTC; ejecución r2 fallida)" in source.line(
        now=datetime(2026, 12, 8, 3, 0)
    )
    fine = ReadSource(source.copy, datetime(2026, 12, 8, 3, 10), "r4", "completed_with_errors")
    assert "; ejecución r4)" in fine.line(now=datetime(2026, 12, 8, 4, 0))
    assert "hace 50 min" in fine.line(now=datetime(2026, 12, 8, 4, 0))
    assert ReadSource().line() == "leyendo la base de datos en vivo · reading the live store"


SOURCES_CONFIG = """store:
  path: {db}
  lock_timeout_s: {timeout}
sources:
  - name: encuestas
    kind: survey
    connector: cxnlp.source.survey_file.v1
    path: {csv}
    mapping_preset: cxnlp_sample
"""


def test_sources_commands_wait_for_the_run_like_the_other_writers(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cxnlp.cli import app

    db = tmp_path / "cxnlp.duckdb"
    _store_with_a_finished_run(db, datetime(2026, 12, 7, 2, 41))
    with Store(db) as store:
        store.set_watermark("encuestas", "2026-12-01T00:00:00")
    csv = tmp_path / "s.csv"
    csv.write_text("id,fecha,nps,comentario\n", encoding="utf-8")

    def config(timeout: float) -> str:
        path = tmp_path / f"c{timeout:.0f}.yaml"
        path.write_text(SOURCES_CONFIG.format(db=db, timeout=timeout, csv=csv), encoding="utf-8")
        return str(path)

    runner = CliRunner()
    holder = Holder(db)
    try:
        for command in (["reset-watermark", "encuestas"], ["replay-quarantine"]):
            busy = runner.invoke(app, ["sources", *command, "-c", config(1)])
            assert busy.exit_code == 2, busy.output
            text = " ".join(busy.output.split())  # Rich wraps long lines
            assert "está ocupada" in text and f"(proceso {holder.proc.pid})" in text
            assert "espero hasta 1 s (store.lock_timeout_s)" in text
            assert "another cxnlp run holds" in text
    finally:
        holder.release()
    with Store(db, read_only=True) as store:
        assert store.get_watermark("encuestas") == "2026-12-01T00:00:00"  # nothing written
    # a run that ends while the command waits: the command goes on and writes
    holder = Holder(db)
    ender = threading.Timer(2.0, holder.release)
    ender.start()
    try:
        done = runner.invoke(app, ["sources", "reset-watermark", "encuestas", "-c", config(120)])
    finally:
        ender.join()
        holder.release()
    assert done.exit_code == 0, done.output
    assert "espero hasta 120 s" in " ".join(done.output.split())
    assert "watermark 2026-12-01T00:00:00 removed" in done.output
    with Store(db, read_only=True) as store:
        assert store.get_watermark("encuestas") is None
