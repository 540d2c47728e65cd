"""Ticket file connector: a messy help-desk CSV (cp1252, ';') and JSON exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from cxnlp.sources import SourceConfig, make_connector

HEADER = [
    "ticket_id",
    "customer_id",
    "opened_at",
    "resolved_at",
    "first_contact_resolution",
    "reopen_count",
    "priority",
    "channel",
    "region",
    "product",
    "csat",
    "subject",
    "description",
    "agent_notes",
]


def ticket(tid: str, **extra: str) -> list[str]:
    values = {
        "ticket_id": tid,
        "customer_id": "C-" + tid,
        "opened_at": "05/03/2026 09:00",
        "resolved_at": "05/03/2026 13:30",
        "first_contact_resolution": "sí",
        "reopen_count": "0",
        "priority": "alta",
        "channel": "teléfono",
        "region": "Cataluña",
        "product": "fibra",
        "csat": "4",
        "subject": "Cobro duplicado",
        "description": "Me han cobrado dos veces la cuota de marzo",
        "agent_notes": "interno",
    }
    values.update(extra)
    return [values[h] for h in HEADER]


MESSY: list[tuple[list[str] | None, str]] = [
    (ticket("T01"), "ok"),
    (ticket("T02", resolved_at="04/03/2026 09:00"), "resolved_at"),  # resolved before opened
    (ticket("T03", first_contact_resolution="quizá"), "fcr"),
    (ticket("T04", reopen_count="-1"), "reopen_count"),
    (ticket("T05", csat="6"), "ok:csat"),  # loads without its csat
    (ticket(""), "source_id"),
    (ticket("T01", subject="copia"), "source_id"),
    (ticket("T08", opened_at="01/01/2099 10:00"), "opened_at"),
    (ticket("T09", resolved_at="32/03/2026"), "resolved_at"),
    (ticket("T10", resolved_at="", first_contact_resolution=""), "ok"),  # still open
    (None, "blank"),
    (ticket("T12", description="Línea 1\r\nLínea 2; con punto y coma"), "ok"),
    (ticket("T13", subject="¿Por qué?", description="Nadie responde"), "ok"),
    (ticket("T14", subject="", description=""), "ok"),  # no text: TTR/FCR still count
    (ticket("T15", description="Ã©sto es mojibake y \x00 un NUL"), "ok"),
    (ticket("T16", opened_at=""), "created_at"),  # no opening date at all
    (ticket("T17", csat="cinco"), "ok"),
    (ticket("T18", first_contact_resolution="No", reopen_count="2"), "ok"),
]


def write_messy(path: Path) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for values, _ in MESSY:
        if values is None:
            buffer.write("\r\n")
        else:
            writer.writerow(values)
    # Excel on Spanish Windows: cp1252 and semicolons. The mojibake row must survive as text.
    path.write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))
    return path


@pytest.fixture
def ticket_config(make_config: Callable[..., SourceConfig]) -> Callable[..., SourceConfig]:
    def build(path: Path, **fields: Any) -> SourceConfig:
        fields.setdefault("mapping_preset", "cxnlp_sample")
        return make_config("ticket", name="tickets", path=str(path), **fields)

    return build


def test_messy_ticket_csv_every_good_row_loads_every_bad_row_is_quarantined(
    tmp_path: Path, ticket_config: Callable[..., SourceConfig]
) -> None:
    path = write_messy(tmp_path / "tickets.csv")
    batch = make_connector(ticket_config(path)).load(None)

    expected_ok = {r[0] for r, o in MESSY if o.startswith("ok") and r is not None}
    assert set(batch.records["source_id"]) == expected_ok
    expected_bad = {
        n: o.removeprefix("ok:")
        for n, (_, o) in enumerate(MESSY, start=1)
        if o not in ("ok", "blank")
    }
    got = dict(zip(batch.rejects["row_number"].astype(int), batch.rejects["field"], strict=True))
    assert got == expected_bad
    assert batch.stats["encodings"][str(path)].lower().replace("_", "-") in (
        "cp1252",
        "windows-1252",
    )

    by_id = batch.records.set_index("source_id")
    t01 = by_id.loc["T01"]
    assert t01["text_raw"] == "Cobro duplicado. Me han cobrado dos veces la cuota de marzo"
    assert t01["opened_at"] == pd.Timestamp("2026-03-05 08:00")
    assert t01["created_at"] == t01["opened_at"]
    assert t01["ttr_hours"] == pytest.approx(4.5)
    assert bool(t01["fcr"]) is True and t01["reopen_count"] == 0 and t01["csat"] == 4
    assert t01["updated_at"] == t01["resolved_at"]
    assert t01["channel"] == "teléfono" and t01["region"] == "Cataluña"
    assert pd.isna(by_id.loc["T10", "ttr_hours"]) and pd.isna(by_id.loc["T10", "fcr"])
    assert by_id.loc["T12", "text_raw"].endswith("Línea 1\nLínea 2; con punto y coma")
    assert by_id.loc["T13", "text_raw"] == "¿Por qué? Nadie responde"
    assert by_id.loc["T14", "text_raw"] is None
    assert "\x00" not in by_id.loc["T15", "text_raw"]
    assert by_id.loc["T17", "csat"] == 5
    assert bool(by_id.loc["T18", "fcr"]) is False

    reasons = dict(
        zip(batch.rejects["row_number"].astype(int), batch.rejects["reason"], strict=True)
    )
    assert reasons[2] == "resolved_at='04/03/2026 09:00' is before the opening date"
    assert reasons[3].startswith("first_contact_resolution='quizá' not a yes/no value")
    assert reasons[4] == "reopen_count=-1 negative count"
    assert reasons[5] == "csat=6 outside 1-5 scale; the row loads without csat"
    assert pd.isna(by_id.loc["T05", "csat"])


def test_csat_scale_is_the_sources_declared_scale(
    tmp_path: Path, ticket_config: Callable[..., SourceConfig]
) -> None:
    path = write_messy(tmp_path / "tickets.csv")
    batch = make_connector(ticket_config(path, csat_scale=7)).load(None)
    assert "T05" in set(batch.records["source_id"])  # 6 fits a 1-7 scale
    assert (batch.records["csat_scale"].dropna() == 7).all()


def test_zendesk_json_export_with_nested_fields(
    tmp_path: Path, ticket_config: Callable[..., SourceConfig]
) -> None:
    document = {
        "tickets": [
            {
                "id": 35436,
                "created_at": "2026-03-01T08:00:00Z",
                "updated_at": "2026-03-02T10:00:00Z",
                "subject": "No puedo entrar en la app",
                "description": "Me da error al iniciar sesión",
                "priority": "high",
                "requester_id": 20978392,
                "via": {"channel": "email", "source": {"from": {}}},
                "tags": ["app", "login"],
            },
            {"id": 35437, "created_at": "no es fecha", "updated_at": "2026-03-02T11:00:00Z"},
        ],
        "next_page": None,
        "count": 2,
    }
    path = tmp_path / "zendesk.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    batch = make_connector(ticket_config(path, mapping_preset="zendesk")).load(None)
    assert list(batch.records["source_id"]) == ["35436"]
    record = batch.records.iloc[0]
    assert record["channel"] == "email" and record["customer_id"] == "20978392"
    assert record["opened_at"] == pd.Timestamp("2026-03-01 08:00")
    assert record["updated_at"] == pd.Timestamp("2026-03-02 10:00")
    assert record["text_raw"] == "No puedo entrar en la app. Me da error al iniciar sesión"
    assert batch.watermark == "2026-03-02T11:00:00"  # the rejected row was read too
    assert list(batch.rejects["field"]) == ["opened_at"]


def test_servicenow_json_records(
    tmp_path: Path, ticket_config: Callable[..., SourceConfig]
) -> None:
    records = [
        {
            "number": "INC0010001",
            "opened_at": "2026-03-01 09:00:00",
            "resolved_at": "2026-03-03 09:00:00",
            "sys_updated_on": "2026-03-03 09:05:00",
            "short_description": "Sin servicio",
            "description": "Caída total en la oficina",
            "priority": "1 - Critical",
            "reopen_count": "1",
            "contact_type": "phone",
            "caller_id": "abel.tuter",
            "cmdb_ci": "Fibra 600",
        }
    ]
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps({"records": records}), encoding="utf-8")
    batch = make_connector(ticket_config(path, mapping_preset="servicenow", timezone="UTC")).load(
        None
    )
    record = batch.records.iloc[0]
    assert record["source_id"] == "INC0010001" and record["priority"] == "1 - Critical"
    assert record["ttr_hours"] == pytest.approx(48.0) and record["reopen_count"] == 1
    assert record["product"] == "Fibra 600"


def test_ticket_resolved_after_an_earlier_export_is_read_again(
    tmp_path: Path, ticket_config: Callable[..., SourceConfig]
) -> None:
    # Night 1: T1 still open, T2 resolved. Night 2: the same export, T1 now resolved.
    night1 = [ticket("T1", resolved_at="", first_contact_resolution=""), ticket("T2")]
    night1[1][HEADER.index("opened_at")] = "05/03/2026 10:00"
    night1[1][HEADER.index("resolved_at")] = "05/03/2026 12:00"
    path = tmp_path / "tickets.csv"

    def write(rows: list[list[str]]) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)

    write(night1)
    config = ticket_config(path)
    first = make_connector(config).load(None)
    assert set(first.records["source_id"]) == {"T1", "T2"}
    assert first.watermark == "2026-03-05T11:00:00"  # T2's resolution, in UTC

    night2 = [ticket("T1", resolved_at="06/03/2026 09:00"), night1[1]]
    write(night2)
    second = make_connector(config).load(first.watermark)
    assert list(second.records["source_id"]) == ["T1"]
    assert second.records.loc[0, "ttr_hours"] == pytest.approx(24.0)
    assert second.stats["skipped_watermark"] == 1
