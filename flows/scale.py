"""Scale-out of the enrichment step over a Dask cluster (prefect-dask).

The flow process stays the only writer of the store: it finds the texts that
lack predictions, ships chunks of *text* to the workers (each loads the models
once), and writes back what they return. Workers need the same cxnlp install
and model files, not the database.
"""

from __future__ import annotations

import contextlib
from typing import Any

from prefect import task, unmapped
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


def _worker_api_settings() -> contextlib.AbstractContextManager[Any]:
    """Name the flow's Prefect API in the settings that Prefect ships to the workers.

    With no ``PREFECT_API_URL`` the flow talks to Prefect's ephemeral server on
    loopback; the workers would each start an ephemeral server of their own (and
    time out) unless they are told its URL. A set ``PREFECT_API_URL`` already
    travels with the settings.
    """
    from prefect.context import FlowRunContext
    from prefect.settings import PREFECT_API_URL, temporary_settings

    flow_ctx = FlowRunContext.get()
    client = flow_ctx.client if flow_ctx is not None else None
    if PREFECT_API_URL.value() or client is None:
        return contextlib.nullcontext()
    return temporary_settings(updates={PREFECT_API_URL: str(client.api_url)})


def enrich_on_dask(ctx: pipeline.RunContext, models: EnrichModels) -> dict[str, Any]:
    """Enrichment with chunks mapped over Dask; results equal the in-process step.

    Call it from the flow's body, not from inside a task: Prefect sends the
    current flow- and task-run context (parameters included) with every task it
    submits to Dask, and a task's parameters here would include the open store.
    For the same reason the texts travel only as each chunk task's own parameter,
    never as a flow parameter (which would go to every worker and into the API).
    """
    store = ctx.store
    todo = store.missing_predictions(models.key)
    if todo.empty:
        return {"classified": 0, "embedded": 0, "models": models.key, "dask": True}
    cached = store.cached_hashes(todo["text_hash"].tolist(), models.embedder.version)
    fresh = todo[~todo["text_hash"].isin(cached)]
    size = ctx.settings.scale.chunk_size
    chunks = [fresh.iloc[i : i + size] for i in range(0, len(fresh), size)]
    config_json = models_config_json(ctx.settings.models)

    results: list[dict[str, Any]] = []
    if chunks:
        with _worker_api_settings(), _runner(ctx) as runner:  # a local cluster closes on exit
            futures = runner.map(
                enrich_chunk_task,
                {
                    "texts": [c["text_norm"].tolist() for c in chunks],
                    "config_json": unmapped(config_json),
                },
            )
            results = [f.result() for f in futures]
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
