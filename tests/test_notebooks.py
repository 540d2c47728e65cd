"""The analyst notebooks run top to bottom against a store made by a real run."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from e2e_helpers import REPO, write_small_setup
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def store_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("nb")
    config = write_small_setup(
        root, days=30, surveys_per_day=25, social_per_day=15, tickets_per_day=8
    )
    summary = run_pipeline(load_config(config, environ={}), as_of=datetime(2026, 11, 22))
    assert summary.status == "completed"
    return config


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(
    path: Path, store_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXNLP_CONFIG", str(store_config))
    monkeypatch.setenv("PYTHONPATH", str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        # run from notebooks/, where `make notebooks` opens them
        resources={"metadata": {"path": str(REPO / "notebooks")}},
    )
    client.execute()
    errors = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors


def test_the_store_is_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxnlp.analysis import find_config

    monkeypatch.delenv("CXNLP_CONFIG", raising=False)
    monkeypatch.chdir(REPO / "notebooks")
    assert find_config() == REPO / "configs" / "default.yaml"
    monkeypatch.chdir(REPO / "cxnlp" / "reports")
    assert find_config() == REPO / "configs" / "default.yaml"
    monkeypatch.chdir(tmp_path)  # outside any checkout: the built-in defaults
    assert find_config() is None
    monkeypatch.setenv("CXNLP_CONFIG", str(tmp_path / "mine.yaml"))
    assert find_config() == tmp_path / "mine.yaml"
    assert find_config(tmp_path / "explicit.yaml") == tmp_path / "explicit.yaml"


def test_a_missing_store_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cxnlp.analysis import load_run
    from cxnlp.errors import CxnlpError

    config = tmp_path / "config.yaml"
    config.write_text(f"store:\n  path: {tmp_path / 'nada.duckdb'}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CxnlpError, match="make demo") as info:
        load_run(config)
    assert str(config) in str(info.value)


def _cell(notebook: str, marker: str) -> str:
    cells = nbformat.read(REPO / "notebooks" / notebook, as_version=4).cells
    return next(c.source for c in cells if c.cell_type == "code" and marker in c.source)


def test_nb02_keeps_a_brand_new_topic() -> None:
    """A topic with no mention before the last 14 days is new, not a NaN growth to drop."""
    import pandas as pd

    day = pd.Timestamp("2026-11-21")
    # topics 1 and 2 all along; topic 7 (the new app crash) only in the last days
    before = [(day - pd.Timedelta(days=30), t) for t in (1, 1, 2, 2, 2, -1)]
    lately = [(day - pd.Timedelta(days=d), t) for d, t in ((1, 1), (2, 2), (0, 7), (1, 7), (3, 7))]
    social = pd.DataFrame(before + lately, columns=["day", "topic_id"])
    topics = pd.DataFrame({"topic_id": [1, 2, 7], "label": ["Cobro", "Envío", "App se cierra"]})
    namespace = {"pd": pd, "social": social, "run": type("R", (), {"topics": topics})}
    exec(_cell("02_escucha_social.ipynb", "cuota_reciente"), namespace)  # noqa: S102
    growth = namespace["growth"]
    assert 7 in growth.index and bool(growth.loc[7, "nuevo"])
    assert growth.index[0] == 7  # the largest rise in share
    assert growth.loc[7, "cuota_anterior"] == 0.0
    assert -1 not in growth.index
