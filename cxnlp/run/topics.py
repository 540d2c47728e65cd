"""Step 3: fit (or update) the topic model on the window and track topics across runs."""

from __future__ import annotations

from typing import Any

from cxnlp.enrich import EnrichModels
from cxnlp.run.context import RunContext


def model_topics(ctx: RunContext, models: EnrichModels | None = None) -> dict[str, Any]:
    """Fit (or update) the topic model on the window and track topics across runs."""
    from cxnlp.topic_step import run_topic_step

    embedder = models.embedder if models is not None else None
    return run_topic_step(ctx, embedder)
