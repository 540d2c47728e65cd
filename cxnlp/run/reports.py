"""Step 6: the analyst report and the social-listening review of the run."""

from __future__ import annotations

from typing import Any

from cxnlp.run.context import RunContext


def render_reports(ctx: RunContext) -> dict[str, Any]:
    """Write the analyst report and the social-listening review for this run."""
    from cxnlp.report_step import render_run_reports

    paths = render_run_reports(ctx.store, ctx.settings, ctx.run_id, view=ctx.window)
    return {"files": {k: str(v) for k, v in paths.items()}}
