"""Assemble a run's :class:`~cxnlp.reports.data.ReportData` from the store and render it."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from cxnlp.alerts.log import recent_alerts
from cxnlp.config import Settings
from cxnlp.drivers.causes import apply_causes, remap_daily
from cxnlp.errors import CxnlpError
from cxnlp.kpis import compute_kpis
from cxnlp.run.clauses import with_clause_topics
from cxnlp.run.context import window_start_of
from cxnlp.store import Store

if TYPE_CHECKING:
    from cxnlp.run.context import WindowView

log = logging.getLogger(__name__)


def _changes(topics: pd.DataFrame, drivers: pd.DataFrame) -> dict[str, list[str]]:
    status = topics.get("status", pd.Series(dtype=object))
    new = topics.loc[status.isin(["new", "emerging"]), "label"].tolist()
    resolved = topics.loc[status == "resolved", "label"].tolist()
    rising: list[str] = []
    if "emerging" in drivers and "label" in drivers:
        rising = drivers.loc[drivers["emerging"].fillna(False).astype(bool), "label"].tolist()
    return {"new": new, "rising": rising, "resolved": resolved}


def _drivers_for_report(drivers: pd.DataFrame) -> pd.DataFrame:
    """The drivers table with the priority band and score under the report's names.

    Impact keeps the one convention of :mod:`cxnlp.drivers`, used by the backlog
    too: (score of all answers) - (score without the topic's answers), negative
    for a topic that pulls the score down. Nothing is turned round for display.
    """
    out = drivers.copy()
    if "priority" in out:
        out["priority_band"] = out["priority"]
    if "priority_score" in out:
        out["priority"] = out["priority_score"]
    return out


def _callbacks_line(store: Store, as_of: datetime) -> dict[str, str] | None:
    """The call-back outcome line of the report (None before any sheet was imported)."""
    from cxnlp.callbacks import callback_stats
    from cxnlp.drivers.reason import fmt_num

    stats = callback_stats(store, as_of)
    if not stats.listed or not stats.called:
        return None
    rate = f"{fmt_num(100 * (stats.closure_rate or 0.0), 0)} %"
    wait = (
        f"; mediana de {fmt_num(stats.median_days_to_callback, 1)} días hasta la llamada"
        if stats.median_days_to_callback is not None
        else ""
    )
    return {
        "text": (
            f"Llamadas a detractores: {stats.called} de {stats.listed} clientes llamados, "
            f"{stats.closed} cerrados (tasa de cierre {rate}){wait}."
        ),
        "help": stats.definition,
    }


def _kpi_end(run: dict[str, Any], as_of: datetime) -> datetime:
    """Where the KPI periods end: the trends' end when the data went stale, else ``as_of``.

    The same anchor as the ranking's trends (``counts.drivers.trend_as_of``), so a
    night after the data stopped does not show every KPI as empty or collapsing.
    """
    drivers = ((run.get("counts") or {}).get("drivers")) or {}
    end = drivers.get("trend_as_of") if isinstance(drivers, dict) else None
    return pd.Timestamp(end).to_pydatetime() if end else as_of


def load_report_data(  # type: ignore[no-untyped-def]
    store: Store, settings: Settings, run_id: str, view: WindowView | None = None
):
    """Read everything a run's reports show from the store.

    Args:
        view: the window view of a run in progress (:class:`cxnlp.run.context.WindowView`);
            without it (`cxnlp report` on a past run) the window is read from the store.
    """
    from cxnlp.reports.data import ReportData

    run = store.get_run(run_id)
    if run is None:
        raise CxnlpError(f"run {run_id!r} is not in the store {store.path}; see `cxnlp status`")
    as_of = pd.Timestamp(run["as_of"]).to_pydatetime()
    versions = run.get("model_versions") or {}
    start = window_start_of(settings, as_of)
    if view is None:
        frame = store.load_window(start=start, end=as_of, models=versions.get("key"), run_id=run_id)
        from cxnlp.intents.frame import attach_intents  # issue 21: stored intent flags

        frame = attach_intents(frame, store)
        # an answer counts in every topic its clauses name, as in the run (cxnlp.run.clauses)
        frame = with_clause_topics(frame, store.read_run_frame("clause_topics", run_id))
        # root causes that group several topics are shown as one (cxnlp.drivers.causes)
        causes = store.read_run_frame("causes", run_id)
        frame, topics = apply_causes(frame, store.read_topics(run_id), causes)
        drivers = _drivers_for_report(store.read_run_frame("drivers", run_id))
        from cxnlp.themes import labels_from_drivers  # the names curated on that night

        topics = labels_from_drivers(topics, drivers)
    else:
        frame, topics, causes = view.frame, view.topics, view.causes
        drivers = _drivers_for_report(view.drivers)
    backlog = store.read_run_frame("backlog", run_id)
    daily = remap_daily(store.read_topic_daily(run_id), causes)
    return ReportData(
        frame=frame,
        topics=topics,
        drivers=drivers,
        backlog=backlog,
        topic_daily=daily,
        kpis=compute_kpis(frame, as_of=_kpi_end(run, as_of)),
        changes=_changes(topics, drivers),
        run={
            **{
                k: run.get(k)
                for k in (
                    "run_id",
                    "started_at",
                    "as_of",
                    "config_hash",
                    "model_versions",
                    "counts",
                    "status",
                    "error",
                )
            },  # fmt: skip
            "source_kinds": {s.name: s.kind for s in settings.sources},
            "callbacks": _callbacks_line(store, as_of),
            # a run rendering its own report is still 'running' in the store: only a
            # re-render (no view) has a status worth a notice
            **({"status": None} if view is not None else {}),
        },
        generated_at=datetime.utcnow(),
        alerts=recent_alerts(store, settings.alerts.report_days),
        alert_days=settings.alerts.report_days,
    )


def render_run_reports(
    store: Store, settings: Settings, run_id: str, *, view: WindowView | None = None
) -> dict[str, Path]:
    """Render the analyst report and the social review of ``run_id``; return their paths."""
    from cxnlp.reports import render_analyst_report, render_social_review

    data = load_report_data(store, settings, run_id, view)
    out_dir = settings.resolve(settings.output.reports_dir) / run_id
    paths = {
        "report": render_analyst_report(data, out_dir),
        "social_review": render_social_review(data, out_dir),
    }
    latest = settings.resolve(settings.output.reports_dir) / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(out_dir, target_is_directory=True)
    except OSError:
        log.debug("could not update %s", latest)
    return paths
