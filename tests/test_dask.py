"""Enrichment mapped over a local Dask cluster gives the same results as in-process."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from e2e_helpers import write_small_setup

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22)
CHUNK_SIZE = 50  # several chunks, so both workers get some


def _setup(root: Path, dask_workers: int) -> Path:
    """A few hundred comments, the same data for every root; enrichment in-process or on Dask."""
    config = write_small_setup(
        root, days=14, surveys_per_day=14, social_per_day=6, tickets_per_day=4
    )
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["scale"] = {
        "chunk_size": CHUNK_SIZE,
        "dask_address": None,
        "dask_local_workers": dask_workers,
    }
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def _child_pids() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children(recursive=True)}


def _wait_children_gone(before: set[int], timeout_s: float = 30.0) -> dict[int, str]:
    """Children started since ``before`` still alive after ``timeout_s``, with their command."""
    import psutil

    deadline = time.monotonic() + timeout_s
    while True:
        extra: dict[int, str] = {}
        for pid in _child_pids() - before:
            try:
                proc = psutil.Process(pid)
                command = " ".join(proc.cmdline())
                # multiprocessing's resource tracker serves this interpreter until it exits
                if proc.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in command:
                    extra[pid] = command[:300]
            except psutil.NoSuchProcess:
                pass
        if not extra or time.monotonic() > deadline:
            return extra
        time.sleep(0.5)


def _read(config: Path, run_id: str) -> dict[str, Any]:
    from cxnlp.config import load_config
    from cxnlp.store import Store

    settings = load_config(config, environ={})
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        run = store.get_run(run_id)
        predictions = store.con.execute(
            "SELECT * EXCLUDE (predicted_at) FROM predictions ORDER BY text_hash, models"
        ).df()
        embeddings = store.con.execute(
            "SELECT text_hash, model, vector FROM embeddings ORDER BY text_hash, model"
        ).df()
        assignments = store.con.execute(
            "SELECT feedback_id, topic_id FROM topic_assignments WHERE run_id = ? "
            "ORDER BY feedback_id",
            [run_id],
        ).df()
        topics = store.read_topics(run_id)
        drivers = store.read_run_frame("drivers", run_id)
    return {
        "run": run,
        "predictions": predictions,
        "embeddings": embeddings,
        "assignments": assignments,
        "topics": topics,
        "drivers": drivers,
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from flows.nightly import nightly

    local_cfg = _setup(tmp_path_factory.mktemp("local"), dask_workers=0)
    dask_cfg = _setup(tmp_path_factory.mktemp("dask"), dask_workers=2)

    local = nightly(config_path=str(local_cfg), as_of=AS_OF)
    # whatever Prefect started for the first run (its ephemeral API) may stay; nothing else may
    before = _child_pids()
    started = time.perf_counter()
    on_dask = nightly(config_path=str(dask_cfg), as_of=AS_OF)
    dask_seconds = time.perf_counter() - started
    leftover = _wait_children_gone(before)
    return {
        "local": _read(local_cfg, local["run_id"]),
        "dask": _read(dask_cfg, on_dask["run_id"]),
        "status": (local["status"], on_dask["status"]),
        "leftover": leftover,
        "dask_seconds": dask_seconds,
    }


def test_both_runs_complete_and_dask_was_used(runs: dict[str, Any]) -> None:
    assert runs["status"] == ("completed", "completed")
    local = runs["local"]["run"]["counts"]["enrich"]
    dask = runs["dask"]["run"]["counts"]["enrich"]
    assert dask.get("dask") is True, dask
    assert "dask" not in local, local
    assert local["classified"] > 200, local
    for key in ("classified", "embedded", "models"):
        assert dask[key] == local[key], (key, local, dask)


def test_dask_cluster_is_closed(runs: dict[str, Any]) -> None:
    assert not runs["leftover"], f"processes left running after the Dask run: {runs['leftover']}"


def test_predictions_equal(runs: dict[str, Any]) -> None:
    local, dask = runs["local"]["predictions"], runs["dask"]["predictions"]
    assert len(local) == len(dask) > 200
    labels = ["text_hash", "models", "sentiment", "emotion"]
    pd.testing.assert_frame_equal(local[labels], dask[labels])
    probs = [c for c in local.columns if c.startswith("p_")]
    assert probs
    np.testing.assert_allclose(
        local[probs].to_numpy(float), dask[probs].to_numpy(float), rtol=0, atol=1e-6
    )


def test_embeddings_equal(runs: dict[str, Any]) -> None:
    local, dask = runs["local"]["embeddings"], runs["dask"]["embeddings"]
    assert local[["text_hash", "model"]].equals(dask[["text_hash", "model"]])
    a = np.stack([np.frombuffer(v, dtype=np.float32) for v in local["vector"]])
    b = np.stack([np.frombuffer(v, dtype=np.float32) for v in dask["vector"]])
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)


def test_topics_equal(runs: dict[str, Any]) -> None:
    local, dask = runs["local"], runs["dask"]
    assert len(local["assignments"]) > 200
    pd.testing.assert_frame_equal(local["assignments"], dask["assignments"])
    cols = ["topic_id", "label", "size", "keywords", "stage"]
    assert (local["topics"]["topic_id"] >= 0).sum() >= 2, local["topics"][cols]
    pd.testing.assert_frame_equal(local["topics"][cols], dask["topics"][cols])


def test_driver_ranking_equal(runs: dict[str, Any]) -> None:
    local, dask = runs["local"]["drivers"], runs["dask"]["drivers"]
    assert len(local) > 0
    local = local.sort_values("rank").reset_index(drop=True)
    dask = dask.sort_values("rank").reset_index(drop=True)
    assert local.columns.tolist() == dask.columns.tolist()
    key = [c for c in ("rank", "topic_id", "label") if c in local.columns]
    pd.testing.assert_frame_equal(local[key], dask[key])
    numeric = [c for c in local.select_dtypes("number").columns if c not in key]
    np.testing.assert_allclose(
        local[numeric].to_numpy(float), dask[numeric].to_numpy(float), rtol=1e-6, atol=1e-9
    )
