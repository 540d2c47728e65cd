"""Fixtures of the report tests (the data itself is built in reports_synthetic.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reports.reports_synthetic import build_report_data

from cxnlp.reports import ReportData


@pytest.fixture(scope="session")
def report_data() -> ReportData:
    """The full synthetic report data (with hostile comments)."""
    return build_report_data()


@pytest.fixture()
def make_report_data() -> Callable[..., ReportData]:
    """A factory, for tests that change the data."""
    return build_report_data
