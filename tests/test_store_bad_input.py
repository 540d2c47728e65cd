"""Hostile text (SQL, markup, controls, other scripts) round-trips through the store unchanged."""

from __future__ import annotations

from pathlib import Path

from bad_input_helpers import (
    csv_bytes,
    load,
    survey_row,
)

from cxnlp.ingest import prepare_records, prepare_rejects
from cxnlp.store import Store


def test_hostile_text_round_trips_through_the_store(
    tmp_path: Path, store_location: Path | str
) -> None:
    hostile = [
        "'; DROP TABLE feedback; --",
        "Robert'); DELETE FROM quarantine; --",
        '=HYPERLINK("http://x.example","pulsa")',
        "<script>alert(1)</script>",
        "😀 ñandú «comillas» \"dobles\" 'simples' \\barra",
    ]
    rows = [survey_row(f"s{i}", comment=text) for i, text in enumerate(hostile)]
    rows.append(survey_row("'; DROP TABLE watermarks; --", nps="'; DROP TABLE runs; --"))
    path = tmp_path / "encuesta.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load("survey", path)
    # The row with an SQL string for its NPS loads without it; the value is quarantined.
    assert len(batch.records) == len(hostile) + 1 and len(batch.rejects) == 1

    with Store(store_location) as store:
        records = prepare_records(batch.records, keep_raw=True, store=store)
        with store.transaction():
            store.upsert_feedback(records)
            store.add_quarantine(prepare_rejects(batch.rejects, "run-1"))
            store.set_watermark("encuestas'; DROP TABLE feedback; --", "2026-01-10T09:00:00")
        stored = dict(store.con.execute("SELECT source_id, text_raw FROM feedback").fetchall())
        assert stored == {
            **{f"s{i}": text for i, text in enumerate(hostile)},
            "'; DROP TABLE watermarks; --": rows[-1][-1],
        }
        quarantined = store.con.execute("SELECT source_id, value FROM quarantine").fetchall()
        assert quarantined == [("'; DROP TABLE watermarks; --", "'; DROP TABLE runs; --")]
        assert store.get_watermark("encuestas'; DROP TABLE feedback; --") == "2026-01-10T09:00:00"
        for table in ("feedback", "quarantine", "watermarks", "runs"):
            store.count(table)  # every table is still there
