"""Read a run back from the store, for notebooks and ad-hoc analysis."""

from __future__ import annotations

import os
from pathlib import Path

from cxnlp.config import load_config
from cxnlp.errors import CxnlpError
from cxnlp.store import Store


def load_run(config_path: str | os.PathLike[str] | None = None, run_id: str | None = None):  # type: ignore[no-untyped-def]
    """Return the :class:`~cxnlp.reports.data.ReportData` of a run (default: the latest completed).

    Opens the store read-only, so it is safe while no run is writing.

    Raises:
        CxnlpError: when the store or the run does not exist.
    """
    from cxnlp.report_step import load_report_data

    settings = load_config(config_path)
    path = settings.resolve(settings.store.path)
    if not Path(path).exists():
        raise CxnlpError(f"no store at {path}; run `cxnlp demo` or `cxnlp run` first")
    with Store(path, read_only=True) as store:
        rid = run_id or store.last_successful_run()
        if rid is None:
            raise CxnlpError(f"no completed run in {path}")
        return load_report_data(store, settings, rid)
