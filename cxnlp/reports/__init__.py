"""HTML reports: the analyst topic report and the social-listening review.

Both pages are single self-contained files (Plotly inlined, no network at
all) rendered from a :class:`ReportData` with Jinja2, autoescaping on.
"""

from __future__ import annotations

from cxnlp.reports.analyst import render_analyst_report
from cxnlp.reports.data import KPI_SPECS, ReportData
from cxnlp.reports.social import render_social_review
from cxnlp.reports.spikes import detect_spikes

__all__ = [
    "KPI_SPECS",
    "ReportData",
    "detect_spikes",
    "render_analyst_report",
    "render_social_review",
]
