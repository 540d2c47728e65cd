"""What a hostile-input probe found in the file connectors (issue 23, items B-G)."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from pydantic import ValidationError

from cxnlp.config import load_config
from cxnlp.errors import ConfigError
from cxnlp.sources import SourceBatch, SourceConfig, make_connector

HEADER = ["response_id", "submitted_at", "customer_id", "nps", "csat", "ces", "comment"]
SURVEY = "cxnlp.source.survey_file.v1"


def answer(rid: str, nps: Any = "8", csat: Any = "4", comment: str = "") -> list[Any]:
    return [rid, "2026-01-10 10:00", "C-" + rid, nps, csat, "3", comment or f"Opinión {rid}"]


def csv_bytes(rows: list[list[Any]], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def load(path: Path, **fields: Any) -> SourceBatch:
    fields.setdefault("mapping_preset", "cxnlp_sample")
    config = SourceConfig(
        name="encuestas", kind="survey", connector=SURVEY, path=str(path), **fields
    )
    return make_connector(config).load(None)


def by_id(batch: SourceBatch) -> pd.DataFrame:
    return batch.records.set_index("source_id")


# ------------------------------------------------------------- B: unreadable scores

NO_ANSWER = ["", "N/A", "NA", "n/a", "-", "sin respuesta", "NS/NC", "ns / nc", " Sin Respuesta "]


def test_no_answer_marks_are_empty_scores(tmp_path: Path) -> None:
    rows = [answer(f"b{i}", nps=mark, csat=mark) for i, mark in enumerate(NO_ANSWER)]
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load(path)
    assert batch.rejects.empty
    assert len(batch.records) == len(NO_ANSWER)
    assert batch.records["nps"].isna().all() and batch.records["csat"].isna().all()
    assert batch.records["text_raw"].notna().all()


def test_an_unreadable_score_costs_the_row_only_that_score(tmp_path: Path) -> None:
    rows = [
        answer("u1", nps="abc", comment="La factura llegó mal"),
        answer("u2", nps="11", comment="Sin cobertura en casa"),
        answer("u3", csat="0", comment="Me cobraron dos veces"),
        answer("u4"),
    ]
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load(path)
    records = by_id(batch)
    assert list(records.index) == ["u1", "u2", "u3", "u4"]
    assert records.loc["u1", "text_raw"] == "La factura llegó mal"
    assert pd.isna(records.loc["u1", "nps"]) and records.loc["u1", "csat"] == 4
    assert pd.isna(records.loc["u2", "nps"]) and pd.isna(records.loc["u3", "csat"])
    entries = batch.rejects[["source_id", "field", "value", "row_number"]].values.tolist()
    assert entries == [["u1", "nps", "abc", 1], ["u2", "nps", "11", 2], ["u3", "csat", "0", 3]]
    reasons = list(batch.rejects["reason"])
    assert reasons[0].startswith("nps='abc' not a number")
    assert reasons[1] == "nps=11 outside 0-10; the row loads without nps"
    assert all(
        r.endswith("; the row loads without " + f)
        for r, f in zip(reasons, ["nps", "nps", "csat"], strict=True)
    )
    assert batch.stats["rejected"] == 0 and batch.stats["quarantined_values"] == 3


def test_a_row_rejected_for_its_date_still_lists_its_bad_score(tmp_path: Path) -> None:
    rows = [["r1", "31/02/2026", "C", "abc", "4", "3", "texto"]]
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load(path)
    assert batch.records.empty and batch.stats["rejected"] == 1
    reason = batch.rejects.loc[0, "reason"]
    assert "unparsable as a date" in reason and "nps='abc' not a number" in reason
    assert "loads without" not in reason


# ------------------------------------------------------- C: CSAT past its declared scale


def test_csat_answers_on_a_larger_scale_than_declared_are_flagged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    values = [1, 3, 4, 6, 7, 8, 9, 10, 2, 5]
    path = tmp_path / "csat.csv"
    path.write_bytes(csv_bytes([answer(f"c{i}", csat=str(v)) for i, v in enumerate(values)]))
    with caplog.at_level(logging.WARNING):
        batch = load(path)  # csat_scale defaults to 5
    assert len(batch.records) == len(values)  # every row loads
    csat = by_id(batch)["csat"]
    assert [None if pd.isna(v) else v for v in csat] == [v if v <= 5 else None for v in values]
    file_level = batch.rejects[batch.rejects["row_number"].isna()]
    assert len(file_level) == 1
    entry = file_level.iloc[0]
    assert entry["file"] == str(path) and entry["field"] == "csat" and entry["value"] == "max 10"
    for part in ("declared csat_scale 5", "5 value(s) up to 10", "set `csat_scale: 10`"):
        assert part in entry["reason"]
    assert batch.stats["warnings"] == [f"{path}: {entry['reason']}"]
    assert str(path) in caplog.text and "csat_scale 5" in caplog.text
    per_row = batch.rejects[batch.rejects["row_number"].notna()]
    assert list(per_row["source_id"]) == ["c3", "c4", "c5", "c6", "c7"]
    assert (per_row["reason"].str.contains("outside 1-5 scale; the row loads without csat")).all()


def test_one_stray_csat_value_is_not_a_scale_problem(tmp_path: Path) -> None:
    values = [4] * 20 + [6]
    path = tmp_path / "csat.csv"
    path.write_bytes(csv_bytes([answer(f"c{i}", csat=str(v)) for i, v in enumerate(values)]))
    batch = load(path)
    assert batch.stats["warnings"] == [] and list(batch.rejects["source_id"]) == ["c20"]


# ------------------------------------------------------------- D: a repeated header


def test_a_repeated_nps_header_is_flagged_and_disagreements_quarantined(tmp_path: Path) -> None:
    header = [*HEADER, "nps"]
    rows = [
        [*answer("d1", nps="9"), "9"],  # the copies agree
        [*answer("d2", nps=""), "7"],  # one copy empty: the other one is the answer
        [*answer("d3", nps="9"), "2"],  # they disagree: neither is trusted
    ]
    path = tmp_path / "dup.csv"
    path.write_bytes(csv_bytes(rows, header=header))
    batch = load(path)
    nps = by_id(batch)["nps"]
    assert nps["d1"] == 9 and nps["d2"] == 7 and pd.isna(nps["d3"])
    assert len(batch.records) == 3
    file_level = batch.rejects[batch.rejects["row_number"].isna()].iloc[0]
    assert file_level["file"] == str(path) and file_level["value"] == "nps"
    assert "header 'nps' (mapped to nps) appears 2 times, in columns 4, 8" in file_level["reason"]
    row = batch.rejects[batch.rejects["source_id"] == "d3"].iloc[0]
    assert row["field"] == "nps" and row["row_number"] == 3
    assert "the 2 'nps' columns disagree (nps=9, nps.1=2)" in row["reason"]
    assert any("appears 2 times" in w for w in batch.stats["warnings"])


def test_a_repeated_id_header_that_disagrees_rejects_the_row(tmp_path: Path) -> None:
    header = [*HEADER, "response_id"]
    rows = [[*answer("i1"), "i1"], [*answer("i2"), "i9"]]
    path = tmp_path / "dup.csv"
    path.write_bytes(csv_bytes(rows, header=header))
    batch = load(path)
    assert list(batch.records["source_id"]) == ["i1"]
    rejected = batch.rejects[batch.rejects["row_number"].notna()].iloc[0]
    assert rejected["field"] == "source_id" and "disagree" in rejected["reason"]


# ------------------------------------------------------------- E: every sheet


def _month(book: openpyxl.Workbook, title: str, rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)


def test_every_sheet_of_a_workbook_is_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Notas"
    book.active.append(["Exportación de julio y agosto; no editar"])
    _month(book, "Julio", [answer("j1"), answer("j2"), answer("j3", nps="once")])
    _month(book, "Agosto", [answer("a1"), ["", "2026-08-01 10:00", "C", "8", "4", "3", "sin id"]])
    book.create_sheet("Vacía")
    path = tmp_path / "encuesta.xlsx"
    book.save(path)

    batch = load(path)
    assert sorted(batch.records["source_id"]) == ["a1", "j1", "j2", "j3"]
    assert batch.stats["rows_read"] == 5 and batch.stats["files"] == 2
    files = dict(zip(batch.rejects["source_id"].fillna("-"), batch.rejects["file"], strict=True))
    assert files == {"j3": f"{path}#Julio", "-": f"{path}#Agosto"}
    assert batch.stats["skipped_sheets"] == [f"{path}#Notas", f"{path}#Vacía"]

    agosto = load(path, sheet="Agosto")
    assert list(agosto.records["source_id"]) == ["a1"]
    both = load(path, sheet=["Julio", 2])
    assert sorted(both.records["source_id"]) == ["a1", "j1", "j2", "j3"]
    with pytest.raises(ValidationError, match="empty list"):
        load(path, sheet=[])


def test_a_workbook_whose_only_sheet_lacks_the_columns_still_fails(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["fecha", "comentario"])
    book.create_sheet("Hoja2").append(["otra", "cosa"])
    path = tmp_path / "encuesta.xlsx"
    book.save(path)
    with pytest.raises(ConfigError.__mro__[1], match="required column"):  # a SourceError
        load(path)


# ---------------------------------------------------------------- F: invalid UTF-8


def test_one_invalid_byte_does_not_turn_a_utf8_file_into_cp1252(tmp_path: Path) -> None:
    comments = ["¿A qué hora abren?", "Atención pésima, señora", "Añadid más técnicos"]
    rows = [answer(f"f{i}", comment=c) for i, c in enumerate(comments)]
    data = csv_bytes(rows)
    bad = "f9,2026-01-10 10:00,C-f9,8,4,3,Caf\xe9 fr\xedo\r\n".encode("latin-1")
    path = tmp_path / "s.csv"
    path.write_bytes(
        data
        + bad
        + csv_bytes([answer("f10", comment="Último: ñandú")])[len(data.split(b"\r\n")[0]) + 2 :]
    )
    batch = load(path)
    assert batch.stats["encodings"][str(path)] == "utf-8"
    assert list(batch.records["text_raw"]) == [*comments, "Último: ñandú"]
    assert list(batch.rejects["row_number"]) == [4]
    reject = batch.rejects.iloc[0]
    assert reject["field"] == "(row)" and reject["source_id"] is None
    assert reject["reason"].startswith("invalid UTF-8 bytes at comment='Caf\\xe9 fr\\xedo'")
    assert "\\xe9" in reject["value"]
    reject["value"].encode("utf-8")  # storable: no lone surrogate left


def test_an_invalid_byte_in_a_jsonl_line_costs_that_line(tmp_path: Path) -> None:
    good = [
        json.dumps(
            {
                "mention_id": f"m{i}",
                "published_at": "2026-02-01T09:00:00Z",
                "text": "Sin señal otra vez, ¿qué pasa?",
            },
            ensure_ascii=False,
        )
        for i in range(3)
    ]
    bad = b'{"mention_id": "m9", "published_at": "2026-02-01T09:00:00Z", "text": "se\xf1al"}'
    path = tmp_path / "m.jsonl"
    path.write_bytes("\n".join(good[:2]).encode() + b"\n" + bad + b"\n" + good[2].encode())
    config = SourceConfig(
        name="social",
        kind="social",
        connector="cxnlp.source.social_file.v1",
        path=str(path),
        mapping_preset="cxnlp_sample",
    )
    batch = make_connector(config).load(None)
    assert list(batch.records["source_id"]) == ["m0", "m1", "m2"]
    assert list(batch.records["text_raw"].unique()) == ["Sin señal otra vez, ¿qué pasa?"]
    assert list(batch.rejects["row_number"]) == [3]
    assert "invalid UTF-8 bytes at text='se\\xf1al'" in batch.rejects.loc[0, "reason"]


def test_a_real_latin1_file_still_decodes_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes([answer("l1", comment="Atención pésima")], encoding="latin-1"))
    batch = load(path)
    assert batch.rejects.empty and list(batch.records["text_raw"]) == ["Atención pésima"]


# ------------------------------------------------------------- G: config and empties


def test_an_unknown_mapping_preset_fails_the_config_check(tmp_path: Path) -> None:
    config = tmp_path / "cxnlp.yaml"
    config.write_text(
        "sources:\n  - name: encuestas\n    kind: survey\n"
        f"    connector: {SURVEY}\n    path: x.csv\n    mapping_preset: qualtircs\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(config, environ={})
    message = str(info.value)
    assert f"invalid configuration in {config}" in message
    assert "sources.0.mapping_preset" in message and "'qualtircs' not found" in message
    assert "did you mean 'qualtrics'?" in message and "surveymonkey" in message
    with pytest.raises(ValidationError, match="available: .*typeform"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x.csv", mapping_preset="nope")


def test_a_preset_beside_the_config_is_found_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "proyecto"
    (project / "configs" / "mappings").mkdir(parents=True)
    (project / "configs" / "mappings" / "casera.yaml").write_text(
        "name: casera\ncolumns:\n  source_id: id\n  created_at: fecha\n", encoding="utf-8"
    )
    (project / "configs" / "cxnlp.yaml").write_text(
        "sources:\n  - name: encuestas\n    kind: survey\n"
        f"    connector: {SURVEY}\n    path: x.csv\n    mapping_preset: casera\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CXNLP_MAPPINGS_DIR", raising=False)
    settings = load_config(project / "configs" / "cxnlp.yaml", environ={})
    assert settings.sources[0].mapping_preset == "casera"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vacio.csv", b""),
        ("blancos.csv", b"\r\n  \r\n"),
        ("cabecera.csv", csv_bytes([])),
        ("vacio.jsonl", b""),
        ("lista.json", b"[]"),
        ("nada.jsonl", b"\n\n"),
    ],
)
def test_an_empty_export_is_reported_not_raised(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    kind = "social" if "json" in name else "survey"
    config = SourceConfig(
        name="fuente",
        kind=kind,
        connector=f"cxnlp.source.{kind}_file.v1",
        path=str(path),
        mapping_preset="cxnlp_sample",
    )
    batch = make_connector(config).load(None)
    assert batch.stats["empty"] is True and batch.stats["empty_files"] == [str(path)]
    assert batch.records.empty and batch.rejects.empty and batch.watermark is None


def test_an_empty_workbook_sheet_and_one_empty_file_of_several(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(tmp_path / "solo_cabecera.xlsx")
    assert load(tmp_path / "solo_cabecera.xlsx").stats["empty"] is True

    (tmp_path / "export_1.csv").write_bytes(csv_bytes([answer("e1")]))
    (tmp_path / "export_2.csv").write_bytes(csv_bytes([]))
    batch = load(tmp_path / "export_*.csv")
    assert batch.stats["empty"] is False  # the source delivered rows
    assert batch.stats["empty_files"] == [str(tmp_path / "export_2.csv")]
    assert list(batch.records["source_id"]) == ["e1"]


@pytest.mark.parametrize(
    ("scale", "direction", "answers", "stored"),
    [
        (7, "higher_is_easier", ["1", "4", "7"], [1, 4, 7]),
        (7, "lower_is_easier", ["1", "4", "7"], [7, 4, 1]),
        (5, "higher_is_easier", ["1", "2", "3", "4", "5"], [1, 3, 4, 6, 7]),
        (5, "lower_is_easier", ["1", "2", "3", "4", "5"], [7, 6, 4, 3, 1]),
    ],
)
def test_ces_is_stored_on_one_convention_whatever_the_survey_asks(
    tmp_path: Path, scale: int, direction: str, answers: list[str], stored: list[int]
) -> None:
    """1-7 with 7 = very easy in the store, so every CES figure reads the same way."""
    rows = []
    for i, ces in enumerate(answers):
        row = answer(f"R{i}")
        row[HEADER.index("ces")] = ces
        rows.append(row)
    path = tmp_path / "ces.csv"
    path.write_bytes(csv_bytes(rows))
    batch = load(path, ces_scale=scale, ces_direction=direction)
    assert by_id(batch).loc[[f"R{i}" for i in range(len(answers))], "ces"].astype(int).tolist() == (
        stored
    )


def test_a_ces_answer_past_its_declared_scale_costs_only_that_score(tmp_path: Path) -> None:
    row = answer("R1")
    row[HEADER.index("ces")] = "6"
    path = tmp_path / "ces.csv"
    path.write_bytes(csv_bytes([row]))
    batch = load(path, ces_scale=5)
    assert len(batch.records) == 1 and batch.records["ces"].isna().all()
    assert any("outside 1-5 scale" in r for r in batch.rejects["reason"])
