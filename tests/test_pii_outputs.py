"""Personal data never reaches what a load stores beside the comment: rejects, links, subjects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.ingest import prepare_records, prepare_rejects
from cxnlp.sources import SourceBatch, SourceConfig, make_connector
from cxnlp.text import find_pii
from cxnlp.text.redact import redact_quoting

_CONNECTORS = {"social": "cxnlp.source.social_file.v1", "ticket": "cxnlp.source.ticket_file.v1"}


def _load(kind: str, path: Path) -> SourceBatch:
    config = SourceConfig(
        name=f"pii_{kind}",
        kind=kind,
        connector=_CONNECTORS[kind],
        path=str(path),
        mapping_preset="cxnlp_sample",
    )
    return make_connector(config).load(None)


def _rejects(rows: list[dict[str, Any]]) -> pd.DataFrame:
    base = {"source": "encuesta", "file": "encuesta.csv", "row_number": 1, "source_id": "r1"}
    return pd.DataFrame([{**base, **row} for row in rows])


def test_quarantine_reason_does_not_repeat_the_raw_value() -> None:
    email = "laura.gomez.villanueva@gmail.com"
    card = "4111 1111 1111 1111"
    out = prepare_rejects(
        _rejects(
            [
                {"field": "nps", "value": email, "reason": f"nps={email!r} not a number"},
                {"field": "csat", "value": card, "reason": f"csat={card!r} not a number"},
            ]
        ),
        "run-1",
    )
    text = " ".join(out["reason"].tolist() + out["value"].tolist())
    assert email not in text and card not in text
    assert out["reason"].tolist() == ["nps='[EMAIL]' not a number", "csat='[TARJETA]' not a number"]


def test_a_reason_that_quotes_a_value_cut_short_hides_its_start() -> None:
    value = "Llamadme al 612 345 678 que nadie me contesta desde hace semanas, de verdad"
    for cut in (15, 19, 26, 57):  # inside the phone, at its end, past it
        reason = f"nps={value[:cut] + '...'!r} not a number"
        redacted = redact_quoting(reason, value)
        assert "612" not in redacted and "345" not in redacted, redacted
        assert redacted.startswith("nps='Llamadme al ") and redacted.endswith("...' not a number")
        assert "[TELEF" not in redacted or "[TELEFONO]" in redacted  # no cut placeholder


def test_a_value_without_personal_data_is_quoted_unchanged() -> None:
    reason = "nps='diez y medio' not a number"
    assert redact_quoting(reason, "diez y medio") == reason
    assert redact_quoting("missing date (opened_at is empty)", None) == (
        "missing date (opened_at is empty)"
    )


def test_links_and_authors_of_mentions_are_redacted_when_loaded(tmp_path: Path) -> None:
    mentions = [
        {
            "mention_id": "m1",
            "published_at": "2026-02-01T09:00:00Z",
            "platform": "twitter",
            "author": "laura.gomez@gmail.com",
            "url": "https://tienda.es/seguimiento?email=laura%40gmail.com&phone=612345678",
            "text": "Sin cobertura otra vez",
        },
        {
            "mention_id": "m2",
            "published_at": "2026-02-01T09:00:00Z",
            "platform": "twitter",
            "author": "@cliente_x",
            "url": "https://x.com/cliente_x/status/1?lang=es",
            "text": "Todo bien",
        },
    ]
    path = tmp_path / "menciones.jsonl"
    path.write_text("\n".join(json.dumps(m) for m in mentions), encoding="utf-8")
    records = _load("social", path).records.set_index("source_id")
    assert records.loc["m1", "url"] == "https://tienda.es/seguimiento?[PARAMETROS]"
    assert records.loc["m1", "author"] == "[EMAIL]"
    assert records.loc["m2", "url"] == "https://x.com/cliente_x/status/1?lang=es"
    assert records.loc["m2", "author"] == "@cliente_x"


def test_a_ticket_subject_cannot_keep_what_its_description_hides(tmp_path: Path) -> None:
    tickets = [
        {
            "ticket_id": "T1",
            "opened_at": "2026-03-01 09:00",
            "subject": "Reclamación 612345678",
            "description": "Mi móvil es 612345678 y nadie me llama.\n— Laura Gómez Villanueva",
        }
    ]
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(tickets), encoding="utf-8")
    records = prepare_records(_load("ticket", path).records, keep_raw=False, store=None)
    for column in ("text", "text_norm"):
        text = records.loc[0, column]
        assert "612345678" not in text and "Laura" not in text and "Villanueva" not in text
        assert find_pii(text) == []
    assert records.loc[0, "text"].startswith("Reclamación [TELEFONO]")
