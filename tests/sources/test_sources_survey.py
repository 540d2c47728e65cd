"""Survey file connector: a messy export, encodings, XLSX, vendor layouts, watermarks."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from cxnlp.errors import SourceError
from cxnlp.sources import SOURCE_COLUMNS, SourceBatch, SourceConfig, make_connector

HEADER = [
    "response_id",
    "submitted_at",
    "customer_id",
    "nps",
    "csat",
    "ces",
    "channel",
    "region",
    "product",
    "journey_stage",
    "comment",
    "ip_address",  # an extra column no mapping names
]
BIG = "La factura llegó mal otra vez. " * 35_000  # about 1 MB

Row = list[str]


def row(
    rid: str,
    when: str = "2026-01-10 10:00",
    nps: str = "8",
    csat: str = "4",
    ces: str = "3",
    comment: str = "Todo correcto",
    **extra: str,
) -> Row:
    values = {
        "response_id": rid,
        "submitted_at": when,
        "customer_id": "C-" + rid,
        "nps": nps,
        "csat": csat,
        "ces": ces,
        "channel": "web",
        "region": "Madrid",
        "product": "fibra",
        "journey_stage": "facturación",
        "comment": comment,
        "ip_address": "10.0.0.1",
    }
    values.update(extra)
    return [values[h] for h in HEADER]


# Each entry: (raw CSV row, or None for a blank line), expected outcome:
# "ok", "ok:<field>" (loads without that score, whose value is quarantined),
# or the canonical field of the first problem.
MESSY: list[tuple[Row | None, str]] = [
    (row("r01"), "ok"),
    (row("r02", nps="11"), "ok:nps"),  # NPS outside 0-10
    (row("r03", csat="6"), "ok:csat"),  # CSAT outside its 1-5 scale
    (row("r04", when="2099-01-01 10:00"), "created_at"),  # in the future
    (row("r05", when="31/02/2026"), "created_at"),  # unparsable
    (row("", comment="sin id"), "source_id"),  # missing id
    (row("r01", comment="copia"), "source_id"),  # duplicated id: first copy kept
    (row("r08", comment="co\x00bro indebido"), "ok"),  # NUL byte
    (row("r09", comment='=HYPERLINK("http://x.example","pulsa")'), "ok"),  # formula text
    (row("r10", comment="<p>El <b>router</b> no va</p>"), "ok"),  # HTML
    (row("r11", comment=BIG), "ok"),  # 1 MB comment, cut
    (None, "blank"),  # empty line
    (row("r13", comment='primera línea\nsegunda, con coma\n"citada"'), "ok"),  # quoted newlines
    (row("r14", comment=""), "ok"),  # empty comment: scores still count
    (row("r15", nps="diez"), "ok"),  # Spanish number word
    (row("r16", ces="0"), "ok:ces"),  # CES outside 1-7
    (row("r17", nps="muy bueno"), "ok:nps"),  # not a number
    (row("r18", nps="8.5"), "ok:nps"),  # not a whole number
    (row("r19", when="15/01/2026 10:30"), "ok"),  # DD/MM/YYYY HH:MM, Madrid
    (row("r20", when="2026-01-15T10:30:00-05:00"), "ok"),  # ISO with offset
    (row("r21", nps="10 - Extremadamente probable"), "ok"),  # choice text
    (row("r22", when="1899-12-30"), "created_at"),  # an empty Excel date
    (row("r23", when=""), "created_at"),  # missing date
    (row("r24") + ["sobra", "y más"], "(row)"),  # ragged: more fields than the header
    (None, "blank"),
    (row("r26", comment="Atención ñandú: ¡genial! 😀"), "ok"),
]


def write_csv(
    path: Path,
    rows: list[Row | None],
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
    header: Row = HEADER,
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        if values is None:
            buffer.write("\r\n")
        else:
            writer.writerow(values)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def load(config: SourceConfig, watermark: str | None = None) -> SourceBatch:
    return make_connector(config).load(watermark)


@pytest.fixture
def survey_config(
    make_config: Callable[..., SourceConfig], tmp_path: Path
) -> Callable[..., SourceConfig]:
    def build(path: Path, **fields: Any) -> SourceConfig:
        fields.setdefault("mapping_preset", "cxnlp_sample")
        return make_config("survey", name="encuestas", path=str(path), **fields)

    return build


def test_messy_survey_csv_every_good_row_loads_every_bad_row_is_quarantined(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    path = write_csv(tmp_path / "nps.csv", [r for r, _ in MESSY])
    batch = load(survey_config(path))

    expected_ok = {r[0] for r, outcome in MESSY if outcome.startswith("ok") and r is not None}
    assert set(batch.records["source_id"]) == expected_ok
    expected_bad = {
        n: o.removeprefix("ok:")
        for n, (_, o) in enumerate(MESSY, start=1)
        if o not in ("ok", "blank")
    }
    got_bad = dict(
        zip(batch.rejects["row_number"].astype(int), batch.rejects["field"], strict=True)
    )
    assert got_bad == expected_bad
    soft = {r[0]: o[3:] for r, o in MESSY if o.startswith("ok:") and r is not None}
    by_id = batch.records.set_index("source_id")
    assert all(pd.isna(by_id.loc[rid, field]) for rid, field in soft.items())
    assert batch.rejects["reason"].str.len().min() > 5
    assert (batch.rejects["file"] == str(path)).all()
    assert batch.rejects["value"].str.len().max() <= 200

    stats = batch.stats
    assert stats["loaded"] == len(expected_ok)
    assert stats["rejected"] == len(expected_bad) - len(soft)
    assert stats["quarantined_values"] == len(soft)
    assert stats["blank_rows"] == 2
    assert stats["rows_read"] == len(MESSY) - 2
    assert stats["truncated_texts"] == 1
    assert list(batch.records.columns) == list(SOURCE_COLUMNS)


def test_messy_survey_reasons_say_what_is_wrong(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    batch = load(survey_config(write_csv(tmp_path / "nps.csv", [r for r, _ in MESSY])))
    reasons = dict(
        zip(batch.rejects["row_number"].astype(int), batch.rejects["reason"], strict=True)
    )
    assert reasons[2] == "nps=11 outside 0-10; the row loads without nps"
    assert reasons[3] == "csat=6 outside 1-5 scale; the row loads without csat"
    assert "in the future" in reasons[4]
    assert reasons[5].startswith("submitted_at='31/02/2026' unparsable as a date")
    assert reasons[6].startswith("missing id")
    assert "duplicated id in file" in reasons[7] and "row 1" in reasons[7]
    assert reasons[16] == "ces=0 outside 1-7 scale; the row loads without ces"
    assert "not a number" in reasons[17]
    assert "not a whole number" in reasons[18]
    assert "before 2000-01-01" in reasons[22]
    assert reasons[23].startswith("missing date")
    assert "14 fields but the header has 12" in reasons[24]
    values = dict(zip(batch.rejects["row_number"].astype(int), batch.rejects["value"], strict=True))
    assert values[2] == "11" and values[5] == "31/02/2026"


def test_messy_survey_values_are_repaired_and_converted(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    batch = load(survey_config(write_csv(tmp_path / "nps.csv", [r for r, _ in MESSY])))
    by_id = batch.records.set_index("source_id")
    assert by_id.loc["r01", "text_raw"] == "Todo correcto"  # the first copy of the duplicate
    assert by_id.loc["r08", "text_raw"] == "cobro indebido"
    assert by_id.loc["r09", "text_raw"].startswith("=HYPERLINK(")
    assert by_id.loc["r10", "text_raw"] == "<p>El <b>router</b> no va</p>"
    assert len(by_id.loc["r11", "text_raw"]) == 20_000
    assert by_id.loc["r13", "text_raw"] == 'primera línea\nsegunda, con coma\n"citada"'
    assert by_id.loc["r14", "text_raw"] is None and by_id.loc["r14", "nps"] == 8
    assert by_id.loc["r15", "nps"] == 10
    assert by_id.loc["r21", "nps"] == 10
    assert by_id.loc["r26", "text_raw"] == "Atención ñandú: ¡genial! 😀"
    # Madrid wall time (UTC+1 in January) and an explicit -05:00 offset, both to naive UTC.
    assert by_id.loc["r19", "created_at"] == pd.Timestamp("2026-01-15 09:30")
    assert by_id.loc["r20", "created_at"] == pd.Timestamp("2026-01-15 15:30")
    assert by_id.loc["r01", "csat_scale"] == 5 and by_id.loc["r01", "ces"] == 3
    assert by_id.loc["r01", "source_kind"] == "survey" and by_id.loc["r01", "source"] == "encuestas"
    assert by_id["feedback_id"].is_unique and by_id["feedback_id"].str.len().eq(16).all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters_give_the_same_records(
    tmp_path: Path, survey_config: Callable[..., SourceConfig], encoding: str, delimiter: str
) -> None:
    rows: list[Row | None] = [
        row("a1", comment="La atención fue pésima, ¿por qué tardan tanto?"),
        row("a2", comment="Perfecto: rápido y barato; 10€ menos"),
    ]
    path = write_csv(tmp_path / "enc.csv", rows, encoding=encoding, delimiter=delimiter)
    batch = load(survey_config(path))
    assert batch.rejects.empty
    assert list(batch.records["text_raw"]) == [
        "La atención fue pésima, ¿por qué tardan tanto?",
        "Perfecto: rápido y barato; 10€ menos",
    ]
    assert batch.stats["encodings"][str(path)]


def test_declared_encoding_that_does_not_fit_raises(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    path = write_csv(tmp_path / "enc.csv", [row("a1", comment="pésimo")], encoding="cp1252")
    with pytest.raises(SourceError, match="cannot decode as 'utf-8'"):
        load(survey_config(path, encoding="utf-8"))


def test_xlsx_with_excel_dates_serials_and_typed_cells(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Resumen"
    book.active.append(["nada que ver"])
    sheet = book.create_sheet("Respuestas")
    sheet.append(HEADER[:11])
    sheet.append(
        [
            "x1",
            datetime(2026, 1, 15, 10, 30),
            "C1",
            9,
            5,
            2,
            "web",
            "Madrid",
            "fibra",
            "alta",
            "Genial",
        ]
    )
    sheet.append(["x2", 46037.5, "C2", 3.0, 1, 7, "app", "Sevilla", "móvil", "baja", "Horrible"])
    sheet.append(
        ["x3", "15/01/2026 10:30", "C3", 12, 5, 2, "web", "Madrid", "fibra", "alta", "mal"]
    )
    sheet.append([None] * 11)
    sheet.append(
        ["x5", datetime(2026, 2, 1), "C5", "diez", None, None, None, None, None, None, None]
    )
    sheet.append(
        [101, datetime(2026, 2, 2), "C6", 7, None, None, None, None, None, None, "id numérico"]
    )
    sheet["B2"].number_format = "dd/mm/yyyy hh:mm"
    path = tmp_path / "encuesta.xlsx"
    book.save(path)

    batch = load(survey_config(path, sheet="Respuestas"))
    by_id = batch.records.set_index("source_id")
    assert set(by_id.index) == {"x1", "x2", "x3", "x5", "101"}
    assert pd.isna(by_id.loc["x3", "nps"])  # 12 is off the scale: the row loads without it
    assert by_id.loc["x1", "created_at"] == pd.Timestamp("2026-01-15 09:30")
    # Serial 46037.5 is 2026-01-15 12:00 wall time in Madrid.
    assert by_id.loc["x2", "created_at"] == pd.Timestamp("2026-01-15 11:00")
    assert by_id.loc["x2", "nps"] == 3 and by_id.loc["x5", "nps"] == 10
    assert list(batch.rejects["row_number"]) == [3]
    assert batch.rejects.loc[0, "reason"] == "nps=12 outside 0-10; the row loads without nps"
    assert batch.stats["blank_rows"] == 1

    with pytest.raises(SourceError, match="no sheet named 'Hoja9'.*Resumen, Respuestas"):
        load(survey_config(path, sheet="Hoja9"))


QUALTRICS_HEADER = [
    "StartDate",
    "EndDate",
    "Status",
    "Progress",
    "Finished",
    "RecordedDate",
    "ResponseId",
    "ExternalReference",
    "DistributionChannel",
    "UserLanguage",
    "Q1",
    "Q1_NPS_GROUP",
    "Q2",
    "Q3",
]
QUALTRICS_TEXTS = [
    "Start Date",
    "End Date",
    "Response Type",
    "Progress",
    "Finished",
    "Recorded Date",
    "Response ID",
    "External Data Reference",
    "Distribution Channel",
    "User Language",
    "¿Con qué probabilidad nos recomendaría?",
    "¿Con qué probabilidad...? - Group",
    "¿Cuál es tu grado de satisfacción?",
    "¿Qué podemos mejorar?",
]
QUALTRICS_IMPORT = [
    '{"ImportId":"startDate","timeZone":"Europe/Madrid"}',
    '{"ImportId":"endDate","timeZone":"Europe/Madrid"}',
    '{"ImportId":"status"}',
    '{"ImportId":"progress"}',
    '{"ImportId":"finished"}',
    '{"ImportId":"recordedDate","timeZone":"Europe/Madrid"}',
    '{"ImportId":"_recordId"}',
    '{"ImportId":"externalDataReference"}',
    '{"ImportId":"distributionChannel"}',
    '{"ImportId":"userLanguage"}',
    '{"ImportId":"QID1"}',
    '{"ImportId":"QID1_NPS_GROUP"}',
    '{"ImportId":"QID2"}',
    '{"ImportId":"QID3"}',
]


def qualtrics_row(rid: str, nps: str, comment: str, recorded: str = "2026-03-02 11:15:00") -> Row:
    return [
        "2026-03-02 11:10:00",
        "2026-03-02 11:14:59",
        "IP Address",
        "100",
        "True",
        recorded,
        rid,
        "CLI-" + rid,
        "email",
        "ES",
        nps,
        "Promoter",
        "4",
        comment,
    ]


@pytest.mark.parametrize("extra_rows", [2, 1, 0], ids=["three-row", "legacy-two-row", "one-row"])
def test_qualtrics_export_header_rows_are_skipped_without_losing_data(
    tmp_path: Path, survey_config: Callable[..., SourceConfig], extra_rows: int
) -> None:
    header_extra = [QUALTRICS_TEXTS, QUALTRICS_IMPORT][:extra_rows]
    data = [
        qualtrics_row("R_1a2b3c", "10 - Extremadamente probable", "Muy buena atención"),
        qualtrics_row("R_4d5e6f", "3", "La app se cuelga"),
        qualtrics_row("R_7g8h9i", "15", "fuera de escala"),
        qualtrics_row("R_0j1k2l", "8", "", recorded=""),  # EndDate stands in
    ]
    path = write_csv(tmp_path / "qualtrics.csv", [*header_extra, *data], header=QUALTRICS_HEADER)
    config = survey_config(
        path,
        mapping_preset="qualtrics",
        mapping={"nps": "Q1", "csat": "Q2", "text_raw": "Q3"},
    )
    batch = load(config)
    ids = ["R_1a2b3c", "R_4d5e6f", "R_7g8h9i", "R_0j1k2l"]
    assert list(batch.records["source_id"]) == ids  # R_7g8h9i without its NPS of 15
    assert list(batch.records["nps"].fillna(-1)) == [10, 3, -1, 8]
    assert list(batch.records["customer_id"]) == [f"CLI-{i}" for i in ids]
    assert batch.records["created_at"].iloc[0] == pd.Timestamp("2026-03-02 10:15:00")
    assert batch.records["created_at"].iloc[3] == pd.Timestamp("2026-03-02 10:14:59")
    assert list(batch.rejects["row_number"]) == [3]  # data rows counted after the headers
    assert batch.rejects.loc[0, "source_id"] == "R_7g8h9i"


def test_qualtrics_mapping_to_a_missing_question_names_the_file_and_columns(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    path = write_csv(
        tmp_path / "qualtrics.csv",
        [QUALTRICS_TEXTS, QUALTRICS_IMPORT, qualtrics_row("R_1", "9", "ok")],
        header=QUALTRICS_HEADER,
    )
    with pytest.raises(SourceError) as info:
        load(survey_config(path, mapping_preset="qualtrics", mapping={"nps": "Q9"}))
    message = str(info.value)
    assert str(path) in message and "'Q9'" in message and "'ResponseId'" in message


def test_surveymonkey_two_row_header_and_us_dates(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    top = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "Custom Data 1",
        "¿Qué probabilidad hay de que nos recomiende?",
        "¿Qué valoras?",
        "",
        "Comentarios",
    ]
    sub = ["", "", "", "", "", "Response", "Precio", "Atención", "Open-Ended Response"]
    data: list[Row | None] = [
        sub,
        [
            "114001",
            "4001",
            "01/15/2026 10:20:00 AM",
            "01/15/2026 10:23:45 PM",
            "C-9",
            "9",
            "Precio",
            "",
            "Bien",
        ],
        [
            "114002",
            "4001",
            "01/16/2026 08:00:00 AM",
            "13/16/2026 08:05:00 AM",
            "C-8",
            "2",
            "",
            "Atención",
            "Mal",
        ],
    ]
    path = write_csv(tmp_path / "sm.csv", data, header=top)
    config = survey_config(
        path,
        mapping_preset="surveymonkey",
        mapping={
            "nps": "¿Qué probabilidad hay de que nos recomiende?",
            "text_raw": "Comentarios",
            "product": "¿Qué valoras? - Precio",
        },
    )
    batch = load(config)
    assert list(batch.records["source_id"]) == ["114001"]
    assert batch.records.loc[0, "created_at"] == pd.Timestamp("2026-01-15 21:23:45")
    assert batch.records.loc[0, "product"] == "Precio"
    assert batch.records.loc[0, "customer_id"] == "C-9"
    assert list(batch.rejects["field"]) == ["created_at"]
    assert "date_format" in batch.rejects.loc[0, "reason"]


def test_google_forms_rows_get_stable_hashed_ids(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    header = ["Marca temporal", "¿Nos recomendarías?", "Comentario"]
    path = write_csv(
        tmp_path / "forms.csv",
        [["15/01/2026 10:23:45", "9", "Bien"], ["15/01/2026 10:24:10", "4", "Regular"]],
        header=header,
    )
    config = survey_config(
        path, mapping_preset="google_forms", mapping={"nps": "¿Nos recomendarías?"}
    )
    first = load(config)
    assert first.rejects.empty and len(first.records) == 2
    assert first.records["source_id"].str.startswith("row-").all()
    # A question added later (an empty column for old rows) keeps the old ids.
    path2 = write_csv(
        tmp_path / "forms.csv",
        [["15/01/2026 10:23:45", "9", "Bien", ""], ["15/01/2026 10:24:10", "4", "Regular", ""]],
        header=[*header, "Pregunta nueva"],
    )
    again = load(
        survey_config(path2, mapping_preset="google_forms", mapping={"nps": "¿Nos recomendarías?"})
    )
    assert list(again.records["source_id"]) == list(first.records["source_id"])


def test_missing_file_and_missing_required_column_raise_source_error(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    with pytest.raises(SourceError, match="not found"):
        load(survey_config(tmp_path / "nope.csv"))
    with pytest.raises(SourceError, match="no file matches"):
        load(survey_config(tmp_path / "nope_*.csv"))
    header = [h for h in HEADER if h != "response_id"]
    path = write_csv(tmp_path / "sin_id.csv", [row("r1")[1:]], header=header)
    with pytest.raises(SourceError) as info:
        load(survey_config(path))
    assert "'response_id' for source_id" in str(info.value)
    assert "'submitted_at'" in str(info.value)  # what was found
    # An empty export is no error: the batch says it was empty (see the empty-file test).
    (tmp_path / "vacio.csv").write_bytes(b"")
    assert load(survey_config(tmp_path / "vacio.csv")).stats["empty"] is True
    # A workbook saved with a .csv name is binary, not text.
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.save(tmp_path / "libro.xlsx")
    (tmp_path / "libro.csv").write_bytes((tmp_path / "libro.xlsx").read_bytes())
    with pytest.raises(SourceError, match="libro.csv"):
        load(survey_config(tmp_path / "libro.csv"))
    (tmp_path / "viejo.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceError, match="save it as .xlsx"):
        load(survey_config(tmp_path / "viejo.xls"))


def test_watermark_makes_reruns_incremental(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    rows1: list[Row | None] = [
        row("w1", when="2026-01-10 10:00"),
        row("w2", when="2026-01-11 10:00", nps="99"),  # loads without its NPS, once
        row("w3", when="2026-01-12 10:00"),
        row("w4", when="2099-01-01 00:00"),  # future: rejected, must not move the watermark
    ]
    path = write_csv(tmp_path / "s.csv", rows1)
    config = survey_config(path)
    first = load(config)
    assert set(first.records["source_id"]) == {"w1", "w2", "w3"}
    assert first.watermark == "2026-01-12T09:00:00"

    again = load(config, first.watermark)
    assert again.records.empty
    assert list(again.rejects["source_id"]) == ["w4"]  # only the future row, still bad
    assert again.stats["skipped_watermark"] == 3
    assert again.watermark == first.watermark

    write_csv(
        path, [*rows1, row("w5", when="2026-01-13 10:00"), row("w6", when="2026-01-12 10:00")]
    )
    third = load(config, first.watermark)
    assert list(third.records["source_id"]) == ["w5"]  # w6 is at the watermark: already seen
    assert third.watermark == "2026-01-13T09:00:00"


def test_glob_reads_files_oldest_first_and_later_copies_win(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    import os

    old = write_csv(tmp_path / "export_1.csv", [row("g1", nps="3"), row("g2")])
    new = write_csv(tmp_path / "export_2.csv", [row("g1", nps="9", when="2026-01-12 10:00")])
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_800_000_000, 1_800_000_000))
    batch = load(survey_config(tmp_path / "export_*.csv"))
    by_id = batch.records.set_index("source_id")
    assert by_id.loc["g1", "nps"] == 9
    assert batch.stats["files"] == 2 and batch.stats["replaced_by_later_file"] == 1
    assert batch.rejects.empty


def test_describe_names_the_source_and_mapping(
    tmp_path: Path, survey_config: Callable[..., SourceConfig]
) -> None:
    info = make_connector(survey_config(tmp_path / "x.csv")).describe()
    assert info["name"] == "encuestas" and info["preset"] == "cxnlp_sample"
    assert info["mapping"]["text_raw"] == "comment"
