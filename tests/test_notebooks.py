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
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
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
