"""The daily digest e-mail: the report's summary figures, sent after each night.

The figures come from the report's own summary data
(:func:`cxnlp.reports.analyst.build_analyst_context`), never recomputed, and
the page is rendered by the reports' Jinja environment, which escapes every
value.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from cxnlp.alerts.config import DIGEST
from cxnlp.alerts.log import read_alerts
from cxnlp.alerts.model import Alert
from cxnlp.alerts.send import Receiver, dispatch
from cxnlp.config import Settings
from cxnlp.reports.alerts_view import alert_rows
from cxnlp.run.context import WindowView
from cxnlp.store import Store

log = logging.getLogger(__name__)


def digest_context(
    store: Store, settings: Settings, run_id: str, view: WindowView | None = None
) -> dict[str, Any]:
    """The digest's figures: the report's summary context, plus the night's alerts."""
    from cxnlp.report_step import load_report_data
    from cxnlp.reports.analyst import build_analyst_context

    data = load_report_data(store, settings, run_id, view)
    report = build_analyst_context(data)
    since = datetime.utcnow() - timedelta(days=1)
    alerts = read_alerts(store, since=since)
    return {
        "project": settings.project,
        "title": report["title"],
        "window": report["window"],
        "run_id": report["run_id"],
        "n_comments": report["n_comments"],
        "n_topics": report["n_topics"],
        "kpis": report["kpis"],
        "act": report["act"],
        "alerts": alert_rows(alerts),
    }


def render_digest(context: dict[str, Any]) -> str:
    """The digest as one HTML document (autoescaped)."""
    from cxnlp.reports.render import build_environment

    return build_environment().get_template("digest.html.j2").render(**context)


def digest_text(context: dict[str, Any]) -> str:
    """A plain-text version of the digest for receivers that show no HTML."""
    lines = [
        f"{context['title']} · ventana {context['window'][0]} – {context['window'][1]}",
        f"{context['n_comments']} comentarios, {context['n_topics']} temas.",
    ]
    for k in context["kpis"]:
        if not k["missing"]:
            lines.append(f"{k['label']}: {k['value']}{k['unit']} {k['trend']}".rstrip())
    for r in context["act"]:
        lines.append(f"#{r['rank']} {r['label']}")
    return "\n".join(lines)


def send_digest(
    store: Store,
    settings: Settings,
    run_id: str,
    *,
    view: WindowView | None = None,
    receivers: Sequence[Receiver] | None = None,
) -> dict[str, Any]:
    """Send the night's digest to the receivers that take ``digest``; never raises."""
    if not settings.alerts.digest:
        return {"raised": 0, "disabled": True}
    if receivers is None and not any(t.wants(DIGEST) for t in settings.alerts.targets):
        return {"raised": 0, "no_target": True}  # nobody reads it: not even built
    try:
        context = digest_context(store, settings, run_id, view)
        alert = Alert(
            kind=DIGEST,
            subject=f"digest:{run_id}",
            title=f"cxnlp · Resumen diario ({context['window'][1]})",
            body=digest_text(context),
            html=render_digest(context),
            run_id=run_id,
        )
        return dispatch(store, [alert], settings.alerts, receivers=receivers)
    except Exception:
        log.exception("could not send the daily digest of run %s", run_id)
        return {"raised": 1, "sent": 0, "error": True}
