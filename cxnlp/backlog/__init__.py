"""The product backlog: one item per root cause, stable across runs, exported three ways."""

from __future__ import annotations

from cxnlp.backlog.build import BACKLOG_COLUMNS, build_backlog, item_id_for
from cxnlp.backlog.export import export_backlog

__all__ = ["BACKLOG_COLUMNS", "build_backlog", "export_backlog", "item_id_for"]
