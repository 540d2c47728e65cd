"""Step 3: fit (or update) the topic model on the window and track topics across runs."""

from __future__ import annotations

from typing import Any

from cxnlp.enrich import EnrichModels
from cxnlp.run.context import RunContext


def model_topics(ctx: RunContext, models: EnrichModels | None = None) -> dict[str, Any]:
    """Fit (or update) the topic model on the window and track topics across runs."""
    from cxnlp.run.clauses import assign_clauses
    from cxnlp.topic_step import run_topic_step

    embedder = models.embedder if models is not None else None
    result = run_topic_step(ctx, embedder)
    if result.get("status") != "skipped":
        # analysts' seeded themes take their comments before clauses and causes are placed
        from cxnlp.themes import load_state
        from cxnlp.themes.seeds import apply_seeds

        result.update(apply_seeds(ctx, load_state(ctx.store), embedder))
        # a comment naming two problems counts in both: its clauses are placed too
        result["clauses"] = assign_clauses(ctx, embedder, models)
    return result
