"""Analysts' label corrections: read from a filled sheet, stored per text hash, applied on read.

``cxnlp labels import FILE`` reads a CSV or XLSX (:mod:`cxnlp.labels.sheet`),
checks every row and stores the good ones in ``label_corrections``
(:mod:`cxnlp.labels.corrections`). A corrected label always wins over the
model's: :func:`apply_corrections` overrides the predictions wherever a run's
window is read, and marks those rows ``label_corrected``.
"""

from __future__ import annotations

from cxnlp.labels.corrections import (
    apply_corrections,
    list_corrections,
    put_corrections,
    read_corrections,
)
from cxnlp.labels.sheet import ImportResult, import_corrections, parse_corrections

__all__ = [
    "ImportResult",
    "apply_corrections",
    "import_corrections",
    "list_corrections",
    "parse_corrections",
    "put_corrections",
    "read_corrections",
]
