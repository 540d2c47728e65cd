"""Scale-out of the enrichment step over a Dask cluster (prefect-dask).

The flow process stays the only writer of the store: it finds the texts that
lack predictions, ships chunks of *text* to the workers (each loads the models
once), and writes back what they return. Workers need the same cxnlp install
and model files, not the database.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd
from prefect import task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect_dask import DaskTaskRunner

from cxnlp import pipeline
from cxnlp.enrich import EnrichModels, enrich_chunk, models_config_json
from cxnlp.run.enrich import commit_chunk

log = logging.getLogger(__name__)


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


def _outcomes(
    chunks: Sequence[pd.DataFrame], futures: Sequence[PrefectFuture[dict[str, Any]]]
) -> Iterator[tuple[pd.DataFrame, dict[str, Any] | Exception]]:
    """Each chunk with its worker's result (or the error it ended with), as chunks finish."""
    position = {id(future): i for i, future in enumerate(futures)}
    for future in as_completed(list(futures)):
        chunk = chunks[position[id(future)]]
        try:
            yield chunk, future.result()
        except Exception as exc:  # the task failed after its retries; the caller decides
            yield chunk, exc


def store_chunk_results(
    ctx: pipeline.RunContext,
    models: EnrichModels,
    outcomes: Iterable[tuple[pd.DataFrame, dict[str, Any] | Exception]],
    total: int,
) -> int:
    """Write each finished chunk to the store as it arrives; returns the texts written.

    A chunk is committed as soon as its worker returns, so a run that dies half-way
    (a killed flow, a lost worker) keeps every finished chunk and the next run
    embeds only the rest, as in-process. Chunks that failed after their retries do
    not stop the others: they are counted and reported in one error at the end.

    Raises:
        RuntimeError: a worker runs other models than the flow (nothing more is
            written), or some chunks failed (the finished ones are stored).
    """
    done = 0
    failed: list[tuple[int, Exception]] = []
    for chunk, result in outcomes:
        if isinstance(result, Exception):
            failed.append((len(chunk), result))
            log.warning("an enrichment chunk of %d texts failed on Dask: %r", len(chunk), result)
            continue
        if result["key"] != models.key:
            raise RuntimeError(
                f"a Dask worker runs other models ({result['key']}) than the flow "
                f"({models.key}); install the same cxnlp and models/ on every worker"
            )
        commit_chunk(
            ctx, models, chunk["text_hash"].tolist(), result["predictions"], result["vectors"]
        )
        done += len(chunk)
        ctx.report("enrich", done, total)
    if failed:
        lost = sum(n for n, _ in failed)
        raise RuntimeError(
            f"{len(failed)} enrichment chunk(s) ({lost} texts) failed on Dask after their "
            f"retries; the {done} texts of the finished chunks are stored and the next run "
            f"enriches only the rest. First error: {failed[0][1]!r}"
        )
    return done


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

    done = 0
    ctx.report("enrich", 0, len(todo))
    if chunks:
        with _worker_api_settings(), _runner(ctx) as runner:  # a local cluster closes on exit
            futures = runner.map(
                enrich_chunk_task,
                {
                    "texts": [c["text_norm"].tolist() for c in chunks],
                    "config_json": unmapped(config_json),
                },
            )
            done = store_chunk_results(ctx, models, _outcomes(chunks, list(futures)), len(todo))
    # texts whose embeddings were cached but predictions were not: classify here
    rest = pipeline.enrich_feedback(ctx, models)
    return {
        "classified": done + rest["classified"],
        "embedded": done + rest["embedded"],
        "models": models.key,
        "dask": True,
    }
