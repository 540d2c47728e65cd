"""The report's "Alertas" section and the digest e-mail's page, on synthetic report data."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from reports.reports_synthetic import build_report_data

from cxnlp.alerts.digest import digest_text, render_digest
from cxnlp.reports.analyst import build_analyst_context, render_analyst_report

EVIL = '<script>alert("x")</script> cobro doble'


def _alerts() -> list[dict[str, object]]:
    base = {"created_at": datetime(2026, 11, 22, 9, 15), "run_id": "r1", "body": "b"}
    return [
        {**base, "kind": "hot_comment", "subject": "hot_comment:f1", "title": EVIL,
         "target": "equipo", "status": "sent", "attempts": 1, "error": None},
        {**base, "kind": "emerging_cause", "subject": "emerging:3", "title": "Causa emergente",
         "target": "correo", "status": "failed", "attempts": 4, "error": "refused"},
        {**base, "kind": "digest", "subject": "digest:r1", "title": "Resumen",
         "target": "correo", "status": "sent", "attempts": 1, "error": None},
    ]  # fmt: skip


def test_report_lists_alerts_escaped(tmp_path: Path) -> None:
    data = dataclasses.replace(build_report_data(), alerts=_alerts(), alert_days=3)
    html = render_analyst_report(data, tmp_path).read_text(encoding="utf-8")
    assert 'id="alertas"' in html and 'href="#alertas"' in html
    assert "últimos 3 días" in html
    assert EVIL not in html and "&lt;script&gt;" in html
    section = html[html.index('id="alertas"') : html.index('id="metodos"')]
    assert section.count('class="alert-row') == 2  # the digest itself is not an alert
    assert "Comentario crítico" in section and "enviada" in section and "fallida" in section


def test_report_without_alerts_has_no_section(tmp_path: Path) -> None:
    html = render_analyst_report(build_report_data(), tmp_path).read_text(encoding="utf-8")
    assert 'id="alertas"' not in html and 'href="#alertas"' not in html


def test_digest_shows_the_reports_summary_figures_escaped() -> None:
    data = build_report_data()
    report = build_analyst_context(data)
    context = {
        "project": "demo <b>",
        "title": report["title"],
        "window": report["window"],
        "run_id": "r1",
        "n_comments": report["n_comments"],
        "n_topics": report["n_topics"],
        "kpis": report["kpis"],
        "act": report["act"],
        "alerts": [{"when": "2026-11-22 09:15", "kind": "Comentario crítico", "title": EVIL,
                    "target": "equipo", "status": "enviada", "status_key": "sent"}],
    }  # fmt: skip
    html = render_digest(context)
    assert "demo &lt;b&gt;" in html and EVIL not in html
    shown = [k for k in report["kpis"] if not k["missing"]]
    assert shown
    for kpi in shown:
        assert f'data-kpi="{kpi["key"]}"' in html and kpi["value"] in html
    for cause in report["act"]:
        assert str(cause["label"]) in html or "&" in str(cause["label"])
    text = digest_text(context)
    assert shown[0]["value"] in text and f"{report['n_comments']} comentarios" in text
