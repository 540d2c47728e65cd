"""What a connector hands back: canonical records, rejects, a watermark and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cxnlp.schema import FEEDBACK_COLUMNS, REJECT_COLUMNS, SOURCE_COLUMNS

__all__ = [
    "REJECT_COLUMNS",
    "SEEN_COLUMNS",
    "SOURCE_COLUMNS",
    "SourceBatch",
    "records_frame",
    "rejects_frame",
    "seen_frame",
]

_PANDAS_DTYPES = {
    "VARCHAR": "object",
    "TIMESTAMP": "datetime64[ns]",
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
}


def records_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build the records frame with SOURCE_COLUMNS in schema order and schema dtypes."""
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    for column in SOURCE_COLUMNS:
        dtype = _PANDAS_DTYPES[FEEDBACK_COLUMNS[column]]
        if dtype == "object":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


SEEN_COLUMNS: tuple[str, ...] = (
    "source_id",
    "row_hash",
    "quarantined",
    "judged",
    "file",
    "row_number",
)


def seen_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build the frame of row fingerprints a load judged (see :mod:`cxnlp.sources.ledger`)."""
    frame = pd.DataFrame(rows, columns=list(SEEN_COLUMNS))
    frame["source_id"] = frame["source_id"].astype(object).where(frame["source_id"].notna(), None)
    frame["quarantined"] = frame["quarantined"].astype(bool)
    frame["judged"] = frame["judged"].astype(bool)
    frame["row_number"] = frame["row_number"].astype("Int64")
    return frame


def rejects_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build the rejects frame with REJECT_COLUMNS."""
    frame = pd.DataFrame(rows, columns=list(REJECT_COLUMNS))
    for column in REJECT_COLUMNS:
        if column != "row_number":  # a file-level entry has no id: None, not NaN
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["row_number"] = frame["row_number"].astype("Int64")
    return frame


@dataclass
class SourceBatch:
    """One load of one source.

    Attributes:
        records: one row per good input row, columns ``SOURCE_COLUMNS`` (naive UTC times).
        rejects: quarantine entries, columns ``REJECT_COLUMNS``: one per rejected input
            row (``field`` is the canonical field of the first problem, ``reason`` lists
            every problem); one per value dropped from a loaded record (an unreadable
            score: the entry has the record's ``source_id``); one per file-level warning
            (``row_number`` is empty).
        watermark: the new high-water mark (ISO string, naive UTC) or ``None`` when
            nothing newer than the previous one was read; store it only after the batch
            is written.
        stats: counts (``rows_read``, ``loaded``, ``rejected``, ``quarantined_values``,
            ``skipped_watermark``, ``skipped_known``, ...), ``warnings`` (file-level
            problems), ``empty_files`` and ``empty`` (True when every file read held no
            data row: an empty export, not "nothing new").
        seen: the fingerprint of every row this load judged (``SEEN_COLUMNS``), to be
            stored with the batch by :func:`cxnlp.sources.known.remember_rows`.
        tables: the files (``path#Sheet`` for a workbook's sheets) that were read.
    """

    records: pd.DataFrame
    rejects: pd.DataFrame
    watermark: str | None
    stats: dict[str, Any] = field(default_factory=dict)
    seen: pd.DataFrame = field(default_factory=lambda: seen_frame([]))
    tables: list[str] = field(default_factory=list)
