"""Scale-out of the enrichment step over a Dask cluster (prefect-dask).

The flow process stays the only writer of the store: it finds the texts that
lack predictions, ships chunks of *text* to the workers (each loads the models
once), and writes back what they return. Workers need the same cxnlp install
and model files, not the database.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect_dask import DaskTaskRunner

from cxnlp import pipeline
from cxnlp.enrich import EnrichModels, enrich_chunk, models_config_json


@task(name="enrich-chunk", retries=2, retry_delay_seconds=3, cache_policy=NO_CACHE)
def enrich_chunk_task(texts: list[str], config_json: str) -> dict[str, Any]:
    """Embed and classify one chunk on a worker."""
    return enrich_chunk(texts, config_json)


def _runner(ctx: pipeline.RunContext) -> DaskTaskRunner:
    scale = ctx.settings.scale
    if scale.dask_address:
        return DaskTaskRunner(address=scale.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": scale.dask_local_workers,
            "processes": True,
            "threads_per_worker": 1,
            "host": "127.0.0.1",
            "dashboard_address": None,
        }
    )


def enrich_on_dask(ctx: pipeline.RunContext, models: EnrichModels) -> dict[str, Any]:
    """Enrichment with chunks mapped over Dask; results equal the in-process step."""
    store = ctx.store
    todo = store.missing_predictions(models.key)
    if todo.empty:
        return {"classified": 0, "embedded": 0, "models": models.key, "dask": True}
    cached = store.get_embeddings(todo["text_hash"].tolist(), models.embedder.version)
    fresh = todo[~todo["text_hash"].isin(cached)]
    size = ctx.settings.scale.chunk_size
    chunks = [fresh.iloc[i : i + size] for i in range(0, len(fresh), size)]
    config_json = models_config_json(ctx.settings.models)

    @flow(name="cxnlp-enrich-dask", task_runner=_runner(ctx))
    def enrich_flow(chunk_texts: list[list[str]]) -> list[dict[str, Any]]:
        futures = enrich_chunk_task.map(chunk_texts, unmapped(config_json))
        return [f.result() for f in futures]

    results = enrich_flow([c["text_norm"].tolist() for c in chunks]) if chunks else []
    done = 0
    for chunk, result in zip(chunks, results, strict=True):
        if result["key"] != models.key:
            raise RuntimeError(
                f"a Dask worker runs other models ({result['key']}) than the flow ({models.key}); "
                "install the same cxnlp and models/ on every worker"
            )
        hashes = chunk["text_hash"].tolist()
        store.put_embeddings(hashes, result["vectors"], models.embedder.version)
        preds = result["predictions"].copy()
        preds.insert(0, "text_hash", hashes)
        preds.insert(1, "models", models.key)
        store.put_predictions(preds)
        done += len(chunk)
        ctx.report("enrich", done, len(todo))
    # texts whose embeddings were cached but predictions were not: classify here
    rest = pipeline.enrich_feedback(ctx, models)
    return {
        "classified": done + rest["classified"],
        "embedded": done + rest["embedded"],
        "models": models.key,
        "dask": True,
    }
