"""The Dask path commits each chunk as it finishes; one failed chunk costs only itself."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

MODELS = SimpleNamespace(key="emb-1|sent-1|emo-1", embedder=SimpleNamespace(version="emb-1"))


def _chunk(*hashes: str) -> pd.DataFrame:
    return pd.DataFrame({"text_hash": list(hashes), "text_norm": [f"texto {h}" for h in hashes]})


def _result(chunk: pd.DataFrame, key: str = MODELS.key) -> dict[str, Any]:
    """What a worker returns for a chunk: a vector and a prediction row per text."""
    n = len(chunk)
    rng = np.random.default_rng(n)
    sent = rng.dirichlet(np.ones(len(SENTIMENT_LABELS)), size=n)
    emo = rng.dirichlet(np.ones(len(EMOTION_LABELS)), size=n)
    preds = pd.DataFrame(
        {
            "sentiment": [SENTIMENT_LABELS[i] for i in sent.argmax(axis=1)],
            **{f"p_{x}": sent[:, j] for j, x in enumerate(SENTIMENT_LABELS)},
            "emotion": [EMOTION_LABELS[i] for i in emo.argmax(axis=1)],
            **{f"p_{x}": emo[:, j] for j, x in enumerate(EMOTION_LABELS)},
        }
    )
    return {"vectors": rng.normal(size=(n, 8)).astype(np.float32), "predictions": preds, "key": key}


@pytest.fixture()
def ctx(tmp_path: Path) -> Any:
    from cxnlp.config import Settings
    from cxnlp.pipeline import RunContext
    from cxnlp.store import Store

    progress: list[tuple[str, int, int]] = []
    with Store(tmp_path / "cxnlp.duckdb") as store:
        yield RunContext(
            settings=Settings(root=str(tmp_path)),
            store=store,
            run_id="run-1",
            as_of=datetime(2026, 11, 22),
            progress=lambda step, done, total: progress.append((step, done, total)),
            counts={"progress": progress},
        )


def _stored(ctx: Any) -> tuple[list[str], list[str]]:
    con = ctx.store.con
    preds = [h for (h,) in con.execute("SELECT text_hash FROM predictions ORDER BY 1").fetchall()]
    vecs = [h for (h,) in con.execute("SELECT text_hash FROM embeddings ORDER BY 1").fetchall()]
    return preds, vecs


def test_finished_chunks_are_stored_when_another_fails(ctx: Any) -> None:
    from flows.scale import store_chunk_results

    first, broken, last = _chunk("a", "b"), _chunk("c"), _chunk("d", "e", "f")
    outcomes = [
        (first, _result(first)),
        (broken, OSError("worker lost")),
        (last, _result(last)),
    ]
    with pytest.raises(RuntimeError) as failure:
        store_chunk_results(ctx, MODELS, outcomes, total=6)
    message = str(failure.value)
    assert "1 enrichment chunk(s) (1 texts) failed" in message
    assert "the 5 texts of the finished chunks are stored" in message
    assert "worker lost" in message
    preds, vecs = _stored(ctx)
    assert preds == vecs == ["a", "b", "d", "e", "f"]
    # progress moved with each stored chunk, not only at the end
    assert ctx.counts["progress"] == [("enrich", 2, 6), ("enrich", 5, 6)]


def test_all_chunks_stored_and_counted(ctx: Any) -> None:
    from flows.scale import store_chunk_results

    chunks = [_chunk("a", "b"), _chunk("c")]
    done = store_chunk_results(ctx, MODELS, [(c, _result(c)) for c in chunks], total=3)
    assert done == 3
    preds, _ = _stored(ctx)
    assert preds == ["a", "b", "c"]
    row = ctx.store.con.execute(
        "SELECT models, sentiment FROM predictions WHERE text_hash = 'c'"
    ).fetchone()
    assert row[0] == MODELS.key and row[1] in SENTIMENT_LABELS


def test_other_models_on_a_worker_stop_the_writes(ctx: Any) -> None:
    from flows.scale import store_chunk_results

    good, foreign, later = _chunk("a"), _chunk("b"), _chunk("c")
    outcomes = iter(
        [
            (good, _result(good)),
            (foreign, _result(foreign, key="emb-0|sent-0|emo-0")),
            (later, _result(later)),
        ]
    )
    with pytest.raises(RuntimeError, match=r"other models \(emb-0\|sent-0\|emo-0\)"):
        store_chunk_results(ctx, MODELS, outcomes, total=3)
    preds, _ = _stored(ctx)
    assert preds == ["a"]


@pytest.mark.slow
def test_outcomes_pair_each_chunk_with_its_own_result_or_error() -> None:
    """Real Prefect futures: results arrive as tasks finish, each with its own chunk."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.scale import _outcomes

    @task(cache_policy=NO_CACHE)
    def count_texts(texts: list[str]) -> dict[str, Any]:
        if any("boom" in t for t in texts):
            raise ValueError("a worker died on this chunk")
        return {"n": len(texts), "first": texts[0]}

    chunks = [_chunk("a", "b"), _chunk("boom"), _chunk("c"), _chunk("d", "e", "f")]

    @flow
    def run_chunks() -> list[tuple[list[str], Any]]:
        with ThreadPoolTaskRunner(max_workers=2) as runner:
            futures = runner.map(count_texts, {"texts": [c["text_norm"].tolist() for c in chunks]})
            return [(c["text_hash"].tolist(), r) for c, r in _outcomes(chunks, list(futures))]

    pairs = run_chunks()
    seen = sorted(h for hashes, _ in pairs for h in hashes)
    assert seen == sorted(h for c in chunks for h in c["text_hash"])
    for hashes, result in pairs:
        if hashes == ["boom"]:
            assert isinstance(result, ValueError) and "died" in str(result)
        else:
            assert result == {"n": len(hashes), "first": f"texto {hashes[0]}"}
