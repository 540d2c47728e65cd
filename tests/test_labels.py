"""Label corrections: reading a filled sheet, storing per text hash, winning on read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxnlp.errors import CxnlpError
from cxnlp.labels import apply_corrections, import_corrections, read_corrections
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS, make_feedback_id
from cxnlp.store import Store

TEXTS = {
    "1": "El envío llegó tarde y nadie contestó",
    "2": "Todo perfecto, gracias",
    "3": '=HYPERLINK("x") no funciona la app',
}


def _feedback() -> pd.DataFrame:
    ids = list(TEXTS)
    return pd.DataFrame(
        {
            "feedback_id": [make_feedback_id("surveys", i) for i in ids],
            "source": "surveys",
            "source_kind": "survey",
            "source_id": ids,
            "created_at": "2026-11-01 10:00:00",
            "nps": 7,
            "text": [TEXTS[i] for i in ids],
            "text_norm": [TEXTS[i] for i in ids],
            "text_hash": [f"h{i}" for i in ids],
        }
    )


def _predictions(models: str) -> pd.DataFrame:
    rows = []
    for i in TEXTS:
        row: dict[str, object] = {"text_hash": f"h{i}", "models": models}
        row["sentiment"] = "NEU"
        row.update({f"p_{x}": (0.8 if x == "NEU" else 0.1) for x in SENTIMENT_LABELS})
        row["emotion"] = "others"
        row.update({f"p_{x}": (0.7 if x == "others" else 0.05) for x in EMOTION_LABELS})
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "var" / "cxnlp.duckdb")
    s.upsert_feedback(_feedback())
    s.put_predictions(_predictions("m1"))
    return s


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_stores_by_id_or_text_and_reports_bad_rows(store: Store, tmp_path: Path) -> None:
    fid1 = make_feedback_id("surveys", "1")
    sheet = _write(
        tmp_path / "fix.csv",
        "feedback_id;texto;sentimiento;emoción\n"
        f"{fid1};;negativo;Enfado\n"  # row 2: by id, Spanish spellings
        f";{TEXTS['2']};POS;\n"  # row 3: by text, sentiment only
        f"{fid1};;muy mal;\n"  # row 4: bad sentiment
        "nope;;NEG;\n"  # row 5: unknown id
        ";;;\n"  # blank: ignored
        f"{make_feedback_id('surveys', '3')};;;\n",  # row 7: nothing filled yet
    )
    result = import_corrections(store, sheet, "ana")
    assert result.stored == 2
    assert result.empty == 1
    assert len(result.problems) == 2
    assert result.problems[0].startswith("fix.csv, row 4, sentiment: 'muy mal'")
    assert result.problems[1].startswith("fix.csv, row 5, feedback_id: 'nope'")
    stored = read_corrections(store).set_index("text_hash")
    assert stored.loc["h1", "sentiment"] == "NEG" and stored.loc["h1", "emotion"] == "anger"
    assert stored.loc["h2", "sentiment"] == "POS" and pd.isna(stored.loc["h2", "emotion"])
    assert set(stored["corrected_by"]) == {"ana"}
    # a later sheet correcting only the emotion keeps the earlier sentiment
    again = _write(tmp_path / "again.csv", f"feedback_id,emotion\n{fid1},sadness\n")
    assert import_corrections(store, again, "luis").stored == 1
    row = read_corrections(store, ["h1"]).iloc[0]
    assert (row["sentiment"], row["emotion"], row["corrected_by"]) == ("NEG", "sadness", "luis")


def test_import_refuses_a_sheet_without_the_columns(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CxnlpError, match="no sentiment or emotion column"):
        import_corrections(store, _write(tmp_path / "a.csv", "feedback_id,nota\nx,1\n"), "ana")
    with pytest.raises(CxnlpError, match="no feedback_id or text column"):
        import_corrections(store, _write(tmp_path / "b.csv", "sentiment\nNEG\n"), "ana")


def test_corrected_label_wins_when_the_window_is_read(store: Store, tmp_path: Path) -> None:
    before = store.load_window(start=None, end=None, models="m1").set_index("text_hash")
    assert before.loc["h1", "sentiment"] == "NEU" and not before["label_corrected"].any()
    fid1 = make_feedback_id("surveys", "1")
    import_corrections(store, _write(tmp_path / "c.csv", f"id,sentiment\n{fid1},NEG\n"), "ana")
    after = store.load_window(start=None, end=None, models="m1").set_index("text_hash")
    assert after.loc["h1", "sentiment"] == "NEG"
    assert after.loc["h1", "p_NEG"] == 1.0 and after.loc["h1", "p_NEU"] == 0.0
    assert after.loc["h1", "emotion"] == "others"  # emotion not corrected: the model's
    assert after.loc["h1", "label_corrected"] and not after.loc["h2", "label_corrected"]
    assert after.loc["h2", "sentiment"] == "NEU"


def test_apply_corrections_leaves_its_input_alone() -> None:
    frame = _predictions("m")
    corrections = pd.DataFrame({"text_hash": ["h2"], "sentiment": [None], "emotion": ["joy"]})
    out = apply_corrections(frame, corrections)
    assert frame.loc[1, "emotion"] == "others" and "label_corrected" not in frame.columns
    assert out.loc[1, "emotion"] == "joy" and out.loc[1, "p_joy"] == 1.0
    assert out.loc[1, "sentiment"] == "NEU" and out["label_corrected"].tolist() == [0, 1, 0]


def test_labels_cli_import_list_export(store: Store, tmp_path: Path) -> None:
    from cxnlp.cli import app

    store.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"store:\n  path: {tmp_path / 'var' / 'cxnlp.duckdb'}\n", encoding="utf-8")
    fid3 = make_feedback_id("surveys", "3")
    sheet = _write(tmp_path / "s.csv", f"feedback_id,sentiment\n{fid3},negativa\nbad,NEG\n")
    runner = CliRunner()
    result = runner.invoke(app, ["labels", "import", str(sheet), "--by", "eva", "-c", str(config)])
    assert result.exit_code == 1  # one bad row named, the good one kept
    assert "1 correction(s) stored" in result.stdout
    listed = runner.invoke(app, ["labels", "list", "-c", str(config)])
    assert listed.exit_code == 0 and fid3 in listed.stdout and "eva" in listed.stdout
    out = tmp_path / "export.csv"
    exported = runner.invoke(app, ["labels", "export", str(out), "-c", str(config)])
    assert exported.exit_code == 0
    raw = out.read_text(encoding="utf-8-sig")
    assert "\"'=HYPERLINK" in raw  # the comment's formula is neutralised
    # what export wrote is read back by import
    again = runner.invoke(app, ["labels", "import", str(out), "-c", str(config)])
    assert again.exit_code == 0 and "1 correction(s) stored" in again.stdout
