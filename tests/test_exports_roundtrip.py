"""Issue 18: a Jira backlog that updates in place and a call-back sheet that comes back.

One small pipeline run (fast models) writes the Jira CSV and the call-back sheet;
the tests then play Jira and the CX team: a Jira CSV export with issue keys is
linked, the next run's CSV carries those keys; a filled call-back sheet with bad
rows is imported, the good rows stored, the bad ones named; the stats follow.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import use_fast_models, write_small_setup
from openpyxl import load_workbook
from typer.testing import CliRunner

from cxnlp.backlog.links import item_label, read_jira_export
from cxnlp.callbacks import callback_stats, outcomes_frame
from cxnlp.cli import app
from cxnlp.config import load_config
from cxnlp.errors import CxnlpError
from cxnlp.run.backlog import export_backlog
from cxnlp.run.context import RunContext
from cxnlp.status import with_reader
from cxnlp.store import Store

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22, 3, 0)
runner = CliRunner()


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("roundtrip")
    config = write_small_setup(
        root, days=30, surveys_per_day=25, social_per_day=8, tickets_per_day=4
    )
    use_fast_models(config, topics={"min_topic_size": 10})
    summary = run_pipeline(load_config(config), as_of=AS_OF)
    assert summary.status == "completed"
    return {
        "config": config,
        "root": root,
        "outputs": summary.outputs,
        "run_id": summary.run_id,
    }


def _said(result: Any) -> str:
    """What a command printed, with the console's line wrapping undone."""
    return " ".join(result.output.split())


def _jira_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write_jira_export(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """What Jira's "Export > CSV (all fields)" writes: Issue key, Summary, one Labels per label."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def test_jira_round_trip_links_items_and_the_next_csv_updates_them(night) -> None:
    header, rows = _jira_rows(Path(night["outputs"]["jira_csv"]))
    assert header[-1] == "Issue Key" and all(r[-1] == "" for r in rows)
    assert len(rows) >= 2, "the small run needs two backlog items"
    item_col = header.index("External ID")
    items = [r[item_col] for r in rows]
    labels = [r for r in range(len(header)) if header[r] == "Labels"]
    linked, new = items[:-1], items[-1]
    # Jira created an issue for every item but the last (imported later, say).
    export = []
    for n, row in enumerate(rows[:-1], start=1):
        export.append([f"CXP-{n}", row[0], "To Do", *[row[i] for i in labels], ""])
    export.append(["CXP-90", "Otra incidencia", "To Do", "cxnlp", item_label("CX-9999"), "", ""])
    export.append(["CXP-91", "Sin etiqueta", "Done", "frontend", "", "", ""])
    export.append(["no-key", rows[0][0], "To Do", "cxnlp", item_label(items[0]), "", ""])
    jira_file = night["root"] / "jira-export.csv"
    _write_jira_export(
        jira_file,
        ["Issue key", "Summary", "Status", "Labels", "Labels", "Labels", "Custom field (Team)"],
        export,
    )
    result = runner.invoke(app, ["backlog", "link", str(jira_file), "-c", str(night["config"])])
    assert result.exit_code == 0, result.output
    said = _said(result)
    for n, item in enumerate(linked, start=1):
        assert f"{item} -> CXP-{n}" in said
    assert "1 row(s) without a cxnlp label" in said
    # the unknown label and the bad key are named with file, row and field
    assert f"jira-export.csv, row {len(rows)}, Labels: cxnlp-cx-9999" in said
    assert f"jira-export.csv, row {len(rows) + 2}, Issue key: 'no-key'" in said

    listed = runner.invoke(app, ["backlog", "links", "-c", str(night["config"])])
    assert "CXP-1" in listed.output

    # The next night's backlog step (run alone: the rest of the night is not under test).
    settings = load_config(night["config"])
    with Store(settings.resolve(settings.store.path)) as store:
        ctx = RunContext(settings, store, run_id=night["run_id"], as_of=AS_OF)
        files = export_backlog(ctx)["files"]
    again = {"jira_csv": files["jira_csv"], "jira_xlsx": files["jira_xlsx"]}
    header2, rows2 = _jira_rows(Path(again["jira_csv"]))
    keys = {r[header2.index("External ID")]: r[header2.index("Issue Key")] for r in rows2}
    assert {i: keys[i] for i in linked} == {i: f"CXP-{n}" for n, i in enumerate(linked, 1)}
    assert keys[new] == ""  # not linked: Jira creates it, once
    texts = {r[header2.index("External ID")]: r[header2.index("Description")] for r in rows2}
    assert "Jira actualiza CXP\\-1 en lugar de abrir otra" in texts[linked[0]]
    assert "aún sin enlazar" in texts[new]
    book = load_workbook(again["jira_xlsx"])
    sheet = [[c.value for c in row] for row in book["backlog"].iter_rows()]
    book.close()
    col = sheet[0].index("Incidencia Jira")
    assert {r[0]: r[col] for r in sheet[1:]}[linked[0]] == "CXP-1"


def test_the_workbooks_are_laid_out_for_reading(night) -> None:
    book = load_workbook(night["outputs"]["jira_xlsx"])
    sheet = book["backlog"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}{sheet.max_row}"
    widths = {
        h: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
        for i, h in enumerate(header)
    }
    assert widths["Motivo"] == 60 and 8 <= widths["Id"] <= 20
    reason = sheet.cell(2, header.index("Motivo") + 1)
    assert reason.alignment.wrap_text  # reasons are longer than the column
    first = [c for c in sheet[2]]
    assert isinstance(first[header.index("Puntuación")].value, float)
    assert isinstance(first[header.index("Puesto")].value, int)
    assert isinstance(first[header.index("Comentarios")].value, int)
    impact = first[header.index("Impacto en NPS")]
    assert impact.value is None or (impact.data_type == "n" and impact.number_format == "0.0")
    assert first[header.index("Primera vez")].is_date
    assert [r[0].value for r in book["Léeme"].iter_rows()][:2] == ["Id", "Incidencia Jira"]
    book.close()

    book = load_workbook(night["outputs"]["callbacks_xlsx"])
    calls = book["llamadas"]
    header = [c.value for c in calls[1]]
    assert header[:4] == ["Prioridad", "Causa", "Puesto de la causa", "Motivo"]
    assert header[-4:] == ["Estado", "Agente", "Resultado", "Fecha de llamada"]
    assert calls.freeze_panes == "A2" and calls.auto_filter.ref.startswith("A1:")
    assert calls.column_dimensions["G"].width == 60  # the comment
    assert [r[0].value for r in calls.iter_rows(min_row=2)] == list(range(1, calls.max_row))
    notes = " ".join(str(r[1].value) for r in book["Léeme"].iter_rows())
    assert "primero la puntuación más baja" in notes and "cxnlp callbacks import" in notes
    book.close()


def _fill(path: Path, out: Path, fill: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill data rows (1 = first) of the exported workbook; return the rows as filled."""
    book = load_workbook(path)
    sheet = book["llamadas"]
    header = [c.value for c in sheet[1]]
    for n, values in fill.items():
        for name, value in values.items():
            sheet.cell(n + 1, header.index(name) + 1, value)
    book.save(out)
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    book.close()
    return rows


def test_a_filled_call_back_sheet_comes_back_and_the_stats_follow(night) -> None:
    exported = Path(night["outputs"]["callbacks_xlsx"])
    book = load_workbook(exported)
    n_rows = book["llamadas"].max_row - 1
    book.close()
    assert n_rows >= 4, "the small run needs four people to call"
    book = load_workbook(exported)
    dates = [r[7].value for r in book["llamadas"].iter_rows(min_row=2, max_row=5)]
    book.close()
    filled = night["root"] / "llamadas-hechas.xlsx"
    rows = _fill(
        exported,
        filled,
        {
            1: {"Estado": "Cerrado", "Agente": "Ana", "Resultado": "Reembolso; tel 612 345 678",
                "Fecha de llamada": dates[0] + timedelta(days=2)},
            2: {"Estado": "sin respuesta", "Fecha de llamada": dates[1] + timedelta(days=1)},
            3: {"Estado": "cerrado", "Fecha de llamada": "mañana"},  # not a date
            4: {"Estado": "Hecho", "Fecha de llamada": dates[3]},  # not a state
        },
    )  # fmt: skip
    result = runner.invoke(app, ["callbacks", "import", str(filled), "-c", str(night["config"])])
    assert result.exit_code == 1, result.output  # stored, but some rows need a look
    said = _said(result)
    assert "2 outcome(s) stored" in said and "2 row(s) skipped" in said
    assert "llamadas-hechas.xlsx, row 4, Fecha de llamada: 'mañana' is not a date" in said
    assert "(use dd/mm/aaaa [hh:mm])" in said  # brackets shown, not read as markup
    assert "llamadas-hechas.xlsx, row 5, Estado: 'Hecho' is not one of" in said

    path = load_config(night["config"]).resolve(load_config(night["config"]).store.path)
    stored = with_reader(path, outcomes_frame).set_index("feedback_id")
    assert sorted(stored.index) == sorted([rows[0]["ID respuesta"], rows[1]["ID respuesta"]])
    first = stored.loc[rows[0]["ID respuesta"]]
    assert first["status"] == "cerrado" and first["agent"] == "Ana"
    assert "612" not in first["outcome"] and "Reembolso" in first["outcome"]  # redacted

    stats = with_reader(path, lambda s: callback_stats(s, AS_OF + timedelta(days=30)))
    listed = with_reader(
        path,
        lambda s: s.con.execute("SELECT count(DISTINCT feedback_id) FROM callbacks").fetchone()[0],
    )
    assert (stats.listed, stats.called, stats.closed) == (listed, 2, 1)
    assert stats.closure_rate == pytest.approx(1 / listed)
    assert stats.median_days_to_callback == pytest.approx(1.5, abs=1e-3)  # 2 days and 1 day
    # before any call was made, nothing is called yet
    early = with_reader(path, lambda s: callback_stats(s, min(dates[:2]) + timedelta(hours=1)))
    assert early.called == 0 and early.median_days_to_callback is None

    # The CSV, as Excel saves it in Spanish (";", dd/mm/aaaa), comes back too.
    with Path(night["outputs"]["callbacks"]).open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    head = table[0]
    table[2][head.index("Estado")] = "cerrado"
    table[2][head.index("Fecha de llamada")] = f"{dates[1] + timedelta(days=3):%d/%m/%Y}"
    semi = night["root"] / "llamadas.csv"
    with semi.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(table)
    result = runner.invoke(app, ["callbacks", "import", str(semi), "-c", str(night["config"])])
    assert result.exit_code == 0 and "1 outcome(s) stored" in _said(result), result.output
    stats = with_reader(path, lambda s: callback_stats(s, AS_OF + timedelta(days=30)))
    assert (stats.called, stats.closed) == (2, 2)  # row 2 now closed, replacing its outcome


def test_jira_export_reading_rules(tmp_path: Path) -> None:
    path = tmp_path / "jira.csv"
    path.write_text(
        "Issue key;Summary;Labels;Labels\n"
        "CXP-7;a;cxnlp;cxnlp-cx-0001\n"
        "CXP-3;b;cxnlp;cxnlp-cx-0001\n"  # the same item twice: the older issue wins
        'CXP-8;"two\nlines";cxnlp-cx-0002;\n',
        encoding="utf-8-sig",
    )
    report = read_jira_export(path, {"CX-0001", "CX-0002"})
    assert report.links == {"CX-0001": "CXP-3", "CX-0002": "CXP-8"}
    assert report.problems == [
        "jira.csv, row 1, Issue key: CX-0001 is also on CXP-7; linked to the older CXP-3 "
        "(close CXP-7 as a duplicate in Jira)"
    ]
    (tmp_path / "nokey.csv").write_text("Summary,Labels\na,cxnlp\n", encoding="utf-8")
    with pytest.raises(CxnlpError, match="nokey.csv: no 'Issue key' column"):
        read_jira_export(tmp_path / "nokey.csv", {"CX-0001"})


@pytest.mark.parametrize(
    "command",
    [["backlog", "link", "x.csv"], ["backlog", "links"], ["callbacks", "import", "x.xlsx"],
     ["callbacks", "stats"]],
)  # fmt: skip
def test_a_bad_config_or_no_store_is_one_line(command: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  window_days: -3\n", encoding="utf-8")
    result = runner.invoke(app, [*command, "--config", str(bad)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "window_days" in result.output
    empty = tmp_path / "empty.yaml"
    empty.write_text(f"store:\n  path: {tmp_path / 'none.duckdb'}\n", encoding="utf-8")
    result = runner.invoke(app, [*command, "--config", str(empty)])
    assert result.exit_code == 2 and "no store yet" in _said(result), result.output


def test_stats_before_any_list_or_outcome(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        stats = callback_stats(store, AS_OF)
        assert (stats.listed, stats.called, stats.closed) == (0, 0, 0)
        assert stats.closure_rate is None and stats.median_days_to_callback is None
        assert outcomes_frame(store).empty


def test_the_report_line_follows_the_call_back_stats(night) -> None:
    """The report's call-back line says what callback_stats says (after the import above)."""
    from cxnlp.report_step import _callbacks_line

    path = load_config(night["config"]).resolve(load_config(night["config"]).store.path)
    late = AS_OF + timedelta(days=30)
    stats = with_reader(path, lambda s: callback_stats(s, late))
    line = with_reader(path, lambda s: _callbacks_line(s, late))
    if stats.called == 0:  # run alone, without the import test: nothing to say
        assert line is None
        return
    assert line is not None
    assert f"{stats.called} de {stats.listed} clientes llamados" in line["text"]
    assert f"{stats.closed} cerrados" in line["text"] and "tasa de cierre" in line["text"]
    assert line["help"] == stats.definition
    # before anyone was called the report says nothing about call-backs
    assert with_reader(path, lambda s: _callbacks_line(s, AS_OF - timedelta(days=60))) is None
