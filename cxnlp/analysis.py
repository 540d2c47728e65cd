"""Read a run back from the store, for notebooks and ad-hoc analysis."""

from __future__ import annotations

import os
from pathlib import Path

from cxnlp.config import load_config
from cxnlp.errors import CxnlpError
from cxnlp.status import open_reader


def find_config(config_path: str | os.PathLike[str] | None = None) -> Path | None:
    """The config a notebook means, from whatever folder it was opened in.

    An explicit path first, then ``$CXNLP_CONFIG``, then ``configs/default.yaml`` of
    the repository found by walking up from the current folder to ``pyproject.toml``
    (so a notebook opened from ``notebooks/`` reads the store ``make demo`` wrote).
    None when none of them exists: the built-in defaults apply.
    """
    if config_path is not None:
        return Path(config_path)
    if os.environ.get("CXNLP_CONFIG"):
        return Path(os.environ["CXNLP_CONFIG"])
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "pyproject.toml").is_file() and (folder / "configs/default.yaml").is_file():
            return folder / "configs" / "default.yaml"
    return None


def load_run(config_path: str | os.PathLike[str] | None = None, run_id: str | None = None):  # type: ignore[no-untyped-def]
    """Return the :class:`~cxnlp.reports.data.ReportData` of a run (default: the latest completed).

    Opens the store read-only (:func:`cxnlp.status.open_reader`): while a run holds
    it, the run comes from the copy of the last finished run, and a warning line
    says so.

    Raises:
        CxnlpError: when the store or the run does not exist.
    """
    from cxnlp.report_step import load_report_data
    from cxnlp.store.open import store_exists, store_label, store_location

    config = find_config(config_path)
    settings = load_config(config)
    location = store_location(settings)  # a DuckDB file or a PostgreSQL URL (docs/store.md)
    path = store_label(location)
    if not store_exists(location):
        raise CxnlpError(
            f"no store at {path} (config: {config or 'built-in defaults'}); run `make demo` "
            "(or `cxnlp demo`) first, or set CXNLP_CONFIG to the config of your store"
        )
    with open_reader(settings) as store:
        rid = run_id or store.last_successful_run()
        if rid is None:
            raise CxnlpError(f"no completed run in {path}")
        return load_report_data(store, settings, rid)
