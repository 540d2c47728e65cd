"""Hostile values from a SQL source are quarantined row by row, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from cxnlp.sources import SourceConfig, make_connector


def test_hostile_values_from_a_sql_source_are_quarantined_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    engine = sa.create_engine(url)
    rows = [
        ("T1", "2026-03-01 09:00:00", "4", "Sin red", "2026-03-01 10:00:00"),
        ("T2", "2026-03-01 09:00:00", "diez", "'; DROP TABLE tickets; --", "2026-03-01 10:00:00"),
        ("T3", "no es fecha", "4", "co\x00bro", "2026-03-01 10:00:00"),
        ("T4", "2026-03-01 09:00:00", b"\x00\xff", "<script>x</script>", "2026-03-01 10:00:00"),
        ("T5", "2026-03-01 09:00:00", 10**18, '=HYPERLINK("x")', "2026-03-01 10:00:00"),
        ("T6", "2026-03-01 09:00:00", "cinco", "😡" * 10, "2026-03-01 10:00:00"),
    ]
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE tickets (id text, opened_at text, csat, subject text, updated_at text)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO tickets VALUES (:id, :opened, :csat, :subject, :updated)"),
            [
                dict(zip(["id", "opened", "csat", "subject", "updated"], r, strict=True))
                for r in rows
            ],
        )
    engine.dispose()
    monkeypatch.setenv("CXNLP_TEST_BAD_URL", url)
    source = SourceConfig(
        name="tickets_db",
        kind="ticket",
        connector="cxnlp.source.ticket_sql.v1",
        url_env="CXNLP_TEST_BAD_URL",
        query="SELECT id AS ticket_id, opened_at, csat, subject, updated_at FROM tickets "
        "WHERE updated_at > :watermark",
        mapping_preset="cxnlp_sample",
        mapping={"updated_at": "updated_at"},
    )
    batch = make_connector(source).load(None)
    # Unreadable CSAT values cost the ticket its CSAT only.
    assert set(batch.records["source_id"]) == {"T1", "T2", "T4", "T5", "T6"}
    assert dict(zip(batch.rejects["source_id"], batch.rejects["field"], strict=True)) == {
        "T2": "csat",  # "diez" is a word score, but 10 is off the 1-5 scale
        "T3": "opened_at",
        "T4": "csat",
        "T5": "csat",
    }
    assert (batch.rejects["file"] == "sql:CXNLP_TEST_BAD_URL").all()
    assert batch.rejects["row_number"].notna().all()
