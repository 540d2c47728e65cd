"""Late and corrected rows: the row ledger, reset-watermark and quarantine replay (issue 23 A)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cxnlp.ingest import prepare_records, prepare_rejects
from cxnlp.sources import SourceConfig, load_with_retry, make_connector
from cxnlp.sources.known import StoreLedger, remember_rows, replay_quarantine, reset_watermark
from cxnlp.store import Store

HEADER = ["response_id", "submitted_at", "customer_id", "nps", "csat", "ces", "comment"]


def answer(rid: str, when: str, nps: str = "8", csat: str = "4", comment: str = "") -> list[str]:
    return [rid, when, "C-" + rid, nps, csat, "3", comment or f"Comentario de {rid}"]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def survey(path: Path, **fields: Any) -> SourceConfig:
    fields.setdefault("mapping_preset", "cxnlp_sample")
    return SourceConfig(
        name="encuestas",
        kind="survey",
        connector="cxnlp.source.survey_file.v1",
        path=str(path),
        **fields,
    )


def ingest(store: Store, source: SourceConfig, run_id: str = "run") -> dict[str, Any]:
    """What ``cxnlp.ingest.ingest_one_source`` does, with the ledger wired in."""
    ledger = StoreLedger(store.con, source.name)
    batch = load_with_retry(
        make_connector(source), store.get_watermark(source.name), ledger=ledger, attempts=1
    )
    records = batch.records
    if len(records):
        records = prepare_records(records, keep_raw=True, store=store)
        records["run_id"] = run_id
    with store.transaction():
        resolved = remember_rows(store.con, source.name, batch)
        loaded = store.upsert_feedback(records) if len(records) else 0
        if len(batch.rejects):
            store.add_quarantine(prepare_rejects(batch.rejects, run_id))
        store.set_watermark(source.name, batch.watermark)
    return {"loaded": loaded, "resolved": resolved, "batch": batch}


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as opened:
        yield opened


def feedback(store: Store) -> dict[str, Any]:
    rows = store.con.execute("SELECT source_id, nps FROM feedback ORDER BY source_id").fetchall()
    return dict(rows)


def quarantine(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        "SELECT source_id, field FROM quarantine ORDER BY source_id, field"
    ).fetchall()


def test_a_row_dated_before_the_watermark_loads_once(tmp_path: Path, store: Store) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [answer("w1", "2026-01-10 10:00"), answer("w3", "2026-01-12 10:00")],
    )
    source = survey(path)
    assert ingest(store, source)["loaded"] == 2
    assert store.get_watermark("encuestas") == "2026-01-12T09:00:00"

    # A late export brings a row older than the watermark: it is new to the store.
    write_csv(
        path,
        [
            answer("w0", "2026-01-05 10:00"),
            answer("w1", "2026-01-10 10:00"),
            answer("w3", "2026-01-12 10:00"),
        ],
    )
    late = ingest(store, source)
    assert late["loaded"] == 1 and list(late["batch"].records["source_id"]) == ["w0"]
    assert late["batch"].stats["skipped_known"] == 2
    assert set(feedback(store)) == {"w0", "w1", "w3"}
    assert store.get_watermark("encuestas") == "2026-01-12T09:00:00"  # never moves back

    # And once loaded it is known: a rerun loads nothing.
    again = ingest(store, source)
    assert again["loaded"] == 0 and again["batch"].stats["skipped_known"] == 3


def test_a_corrected_row_loads_and_its_quarantine_entry_is_resolved(
    tmp_path: Path, store: Store
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [answer("q1", "2026-01-10 10:00", nps="11"), answer("q2", "2026-01-12 10:00")],
    )
    source = survey(path)
    first = ingest(store, source)
    assert first["loaded"] == 2 and feedback(store)["q1"] is None  # loaded without its NPS
    assert quarantine(store) == [("q1", "nps")]

    # The export is fixed in place: the NPS 11 becomes 10; the row's date is old.
    write_csv(
        path,
        [answer("q1", "2026-01-10 10:00", nps="10"), answer("q2", "2026-01-12 10:00")],
    )
    fixed = ingest(store, source)
    assert fixed["loaded"] == 1 and fixed["resolved"] == 1
    assert feedback(store) == {"q1": 10, "q2": 8}
    assert quarantine(store) == []
    assert ingest(store, source)["loaded"] == 0


def test_a_rejected_ticket_fixed_below_the_watermark_loads(tmp_path: Path, store: Store) -> None:
    header = ["ticket_id", "opened_at", "updated_at", "reopen_count", "subject"]
    rows = [
        ["T1", "2026-03-01 09:00", "2026-03-01 10:00", "-1", "Sin red"],  # rejected
        ["T2", "2026-03-02 09:00", "2026-03-02 10:00", "0", "Factura"],
    ]
    path = write_csv(tmp_path / "t.csv", rows, header=header)
    source = SourceConfig(
        name="tickets",
        kind="ticket",
        connector="cxnlp.source.ticket_file.v1",
        path=str(path),
        mapping={
            "source_id": "ticket_id",
            "opened_at": "opened_at",
            "updated_at": "updated_at",
            "reopen_count": "reopen_count",
            "text_raw": "subject",
        },
    )
    ingest(store, source)
    assert store.con.execute("SELECT source_id FROM quarantine").fetchall() == [("T1",)]
    rows[0][3] = "1"
    write_csv(path, rows, header=header)
    fixed = ingest(store, source)
    assert list(fixed["batch"].records["source_id"]) == ["T1"] and fixed["resolved"] == 1
    assert store.count("quarantine") == 0


def test_reruns_write_and_enrich_nothing_twice(tmp_path: Path, store: Store) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [
            answer("r1", "2026-01-10 10:00"),
            answer("r2", "2026-01-11 10:00", nps="N/A"),
            answer("r3", "2026-01-11 11:00", csat="9"),
            answer("", "2026-01-11 12:00"),  # no id: rejected
            answer("r5", "2099-01-01 00:00"),  # future: rejected, judged again each run
        ],
    )
    source = survey(path)
    ingest(store, source)
    before = (store.count("feedback"), quarantine(store))
    for _ in range(2):
        rerun = ingest(store, source)
        stats = rerun["batch"].stats
        assert rerun["loaded"] == 0
        assert stats["skipped_known"] == 4 and stats["rejected"] == 1  # only the future row
        assert (store.count("feedback"), quarantine(store)) == before


def test_a_store_filled_before_the_ledger_trusts_its_watermark(
    tmp_path: Path, store: Store
) -> None:
    path = write_csv(
        tmp_path / "s.csv",
        [answer("o1", "2026-01-10 10:00"), answer("o2", "2026-01-12 10:00", nps="abc")],
    )
    source = survey(path)
    # Loaded the old way: no ledger, no fingerprints.
    batch = make_connector(source).load(None)
    records = prepare_records(batch.records, keep_raw=True, store=store)
    store.upsert_feedback(records)
    store.set_watermark("encuestas", batch.watermark)
    store.con.execute("UPDATE feedback SET text_norm = 'cargado antes'")

    again = ingest(store, source)
    assert again["loaded"] == 0 and again["batch"].stats["skipped_watermark"] == 2
    assert store.con.execute("SELECT DISTINCT text_norm FROM feedback").fetchall() == [
        ("cargado antes",)
    ]
    # Their fingerprints are adopted: the next run knows them as rows it has seen.
    assert ingest(store, source)["batch"].stats["skipped_known"] == 2


def test_replay_quarantine_after_fixing_the_csat_scale(tmp_path: Path, store: Store) -> None:
    rows = [answer(f"c{i}", f"2026-01-1{i} 10:00", csat=str(c)) for i, c in enumerate([2, 7, 9])]
    path = write_csv(tmp_path / "s.csv", rows)
    ingest(store, survey(path))  # declared 1-5: c1 and c2 load without CSAT
    csat = dict(store.con.execute("SELECT source_id, csat FROM feedback").fetchall())
    assert csat == {"c0": 2, "c1": None, "c2": None}
    assert store.con.execute(
        "SELECT count(*) FROM quarantine WHERE row_number IS NULL"
    ).fetchall() == [(1,)]  # the file-level warning

    fixed = survey(path, csat_scale=10)
    assert ingest(store, fixed)["loaded"] == 0  # nothing changed in the file: skipped
    # ... but the file-level warning, true no more, is gone; the two values wait.
    assert quarantine(store) == [("c1", "csat"), ("c2", "csat")]
    assert replay_quarantine(store, [fixed]) == {"encuestas": 2}
    replayed = ingest(store, fixed)
    assert replayed["loaded"] == 2 and replayed["resolved"] == 2
    csat = dict(store.con.execute("SELECT source_id, csat FROM feedback").fetchall())
    assert csat == {"c0": 2, "c1": 7, "c2": 9}
    assert store.count("quarantine") == 0


ROWS = [
    ("T1", "2026-03-01 10:00:00", "4", "Sin red"),
    ("T2", "2026-03-02 10:00:00", "5", "Factura"),
]


def test_reset_watermark_brings_back_a_back_dated_database_row(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("CREATE TABLE t (id text, opened_at text, csat text, subject text)")
        )
        connection.execute(
            sa.text("INSERT INTO t VALUES (:id, :at, :csat, :subject)"),
            [dict(zip(["id", "at", "csat", "subject"], r, strict=True)) for r in ROWS],
        )
    monkeypatch.setenv("CXNLP_TEST_LEDGER_URL", url)
    source = SourceConfig(
        name="tickets_db",
        kind="ticket",
        connector="cxnlp.source.ticket_sql.v1",
        url_env="CXNLP_TEST_LEDGER_URL",
        query="SELECT id AS ticket_id, opened_at, opened_at AS updated_at, csat, subject "
        "FROM t WHERE opened_at > :watermark",
        mapping_preset="cxnlp_sample",
        mapping={"updated_at": "updated_at"},
    )
    assert ingest(store, source)["loaded"] == 2
    with engine.begin() as connection:  # typed in by hand, days late
        connection.execute(sa.text("INSERT INTO t VALUES ('T0', '2026-02-20 10:00:00', '3', 'x')"))
    engine.dispose()
    assert ingest(store, source)["loaded"] == 0  # the query never returns it

    assert reset_watermark(store, "tickets_db") == "2026-03-02T09:00:00"
    assert store.get_watermark("tickets_db") is None
    back = ingest(store, source)
    assert list(back["batch"].records["source_id"]) == ["T0"]  # T1, T2: known, skipped
    assert back["batch"].stats["skipped_known"] == 2
    assert store.get_watermark("tickets_db") == "2026-03-02T09:00:00"


def test_the_sources_commands(tmp_path: Path) -> None:
    import typer

    from cxnlp.cli_sources import register_source_commands

    path = write_csv(tmp_path / "s.csv", [answer("k1", "2026-01-10 10:00", nps="11")])
    config = tmp_path / "cxnlp.yaml"
    config.write_text(
        "store:\n  path: store.duckdb\nsources:\n"
        "  - name: encuestas\n    kind: survey\n    connector: cxnlp.source.survey_file.v1\n"
        f"    path: {path}\n    mapping_preset: cxnlp_sample\n",
        encoding="utf-8",
    )
    app = typer.Typer()
    app.command("noop")(lambda: None)  # a second command keeps `sources` a sub-command
    register_source_commands(app)
    runner = CliRunner()

    missing = runner.invoke(app, ["sources", "reset-watermark", "encuestas", "-c", str(config)])
    assert missing.exit_code == 2 and "no store yet" in missing.output

    with Store(tmp_path / "store.duckdb") as opened:
        ingest(opened, survey(path))
    done = runner.invoke(app, ["sources", "reset-watermark", "encuestas", "-c", str(config)])
    assert done.exit_code == 0, done.output
    assert "watermark 2026-01-10T09:00:00 removed" in done.output
    typo = runner.invoke(app, ["sources", "reset-watermark", "encuesta", "-c", str(config)])
    assert typo.exit_code == 2 and "sources in the config: encuestas" in typo.output

    replay = runner.invoke(app, ["sources", "replay-quarantine", "-c", str(config)])
    assert replay.exit_code == 0, replay.output
    assert "encuestas: 1 quarantine entry to replay" in replay.output
    with Store(tmp_path / "store.duckdb") as opened:
        assert opened.get_watermark("encuestas") is None
        assert (
            opened.con.execute("SELECT count(*) FROM source_rows WHERE quarantined").fetchall()[0][
                0
            ]
            == 0
        )
        assert pd.isna(opened.con.execute("SELECT nps FROM feedback").fetchall()[0][0])


def test_replayed_fingerprints_are_cleared_once_judged(tmp_path: Path, store: Store) -> None:
    path = write_csv(tmp_path / "s.csv", [answer("z1", "2026-01-10 10:00", nps="11")])
    source = survey(path)
    ingest(store, source)
    replay_quarantine(store, [source])
    ingest(store, source)  # judged again: still NPS 11, quarantined again
    hashes = store.con.execute("SELECT row_hash, quarantined FROM source_rows").fetchall()
    assert len(hashes) == 1 and not hashes[0][0].startswith("replay:") and hashes[0][1]
    assert quarantine(store) == [("z1", "nps")]
