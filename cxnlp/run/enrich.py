"""Step 2: embed and classify every stored text not yet enriched under the run's models."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.enrich import EnrichModels, embed_with_cache, load_models, predict_frame
from cxnlp.intents.store import refresh_for_run
from cxnlp.labels.corrections import apply_corrections, read_corrections
from cxnlp.run.context import RunContext, skipped

log = logging.getLogger(__name__)


def _chunks(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def commit_chunk(
    ctx: RunContext,
    models: EnrichModels,
    hashes: list[str],
    predictions: pd.DataFrame,
    vectors: np.ndarray | None = None,
) -> None:
    """Write one enriched chunk at once: its vectors (when given) and its predictions.

    The in-process step has cached the vectors while embedding; the Dask path
    (``flows/scale.py``) hands the workers' vectors in. Predictions are keyed by
    text hash and the models' key. A text an analyst corrected keeps the corrected
    label (``cxnlp labels import``); reading the window applies later corrections.
    """
    if vectors is not None:
        ctx.store.put_embeddings(hashes, vectors, models.embedder.version)
    preds = predictions.copy()
    preds.insert(0, "text_hash", hashes)
    preds.insert(1, "models", models.key)
    preds = apply_corrections(preds, read_corrections(ctx.store, hashes))
    ctx.store.put_predictions(preds)


def enrich_feedback(ctx: RunContext, models: EnrichModels | None = None) -> dict[str, Any]:
    """Embed and classify every stored text not yet enriched under the current models.

    Work streams through the store in chunks of ``scale.chunk_size`` so memory
    stays flat, and each chunk is committed on its own: a run killed half-way
    keeps what it finished and a rerun does only the rest.
    """
    models = models or load_models(ctx.settings.models)
    todo = ctx.store.missing_predictions(models.key)
    total = len(todo)
    done = embedded = 0
    ctx.report("enrich", 0, total)
    if total == 0:
        intents = _flag_intents(ctx, models)
        return skipped(
            "no new texts to classify: every stored comment already has predictions",
            "no hay textos nuevos que clasificar",
            classified=0,
            embedded=0,
            models=models.key,
            intents=intents,
        )
    for chunk in _chunks(todo, ctx.settings.scale.chunk_size):
        hashes = chunk["text_hash"].tolist()
        texts = chunk["text_norm"].tolist()
        vectors, n_new = embed_with_cache(ctx.store, models.embedder, hashes, texts)
        commit_chunk(ctx, models, hashes, predict_frame(models, texts, vectors))
        embedded += n_new
        done += len(chunk)
        log.info("enrich chunk committed: %d/%d texts (%d newly embedded)", done, total, n_new)
        ctx.report("enrich", done, total)
    intents = _flag_intents(ctx, models)
    return {"classified": total, "embedded": embedded, "models": models.key, "intents": intents}


def _flag_intents(ctx: RunContext, models: EnrichModels) -> dict[str, Any]:
    """Intent cues (issue 21) on every text not flagged under the current rules (and the
    intent head of the run's embedder, under ``models/``), once the vectors are cached."""
    return refresh_for_run(
        ctx.store,
        ctx.settings.resolve("models"),
        models.embedder.version,
        chunk_size=ctx.settings.scale.chunk_size,
    )
