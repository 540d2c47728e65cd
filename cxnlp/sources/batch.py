"""What a connector hands back: canonical records, rejects, a watermark and counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cxnlp.schema import FEEDBACK_COLUMNS, QUARANTINE_COLUMNS

# The FEEDBACK_COLUMNS a connector fills; the pipeline adds text, lang, dup_of, ...
SOURCE_COLUMNS: tuple[str, ...] = (
    "feedback_id",
    "source",
    "source_kind",
    "source_id",
    "created_at",
    "customer_id",
    "channel",
    "region",
    "product",
    "journey_stage",
    "text_raw",
    "nps",
    "csat",
    "csat_scale",
    "ces",
    "platform",
    "author",
    "followers",
    "likes",
    "shares",
    "url",
    "opened_at",
    "resolved_at",
    "ttr_hours",
    "fcr",
    "reopen_count",
    "priority",
    "updated_at",
)

REJECT_COLUMNS: tuple[str, ...] = tuple(
    c for c in QUARANTINE_COLUMNS if c not in ("run_id", "quarantined_at")
)

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


def rejects_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Build the rejects frame with REJECT_COLUMNS."""
    frame = pd.DataFrame(rows, columns=list(REJECT_COLUMNS))
    frame["row_number"] = frame["row_number"].astype("Int64")
    return frame


@dataclass
class SourceBatch:
    """One load of one source.

    Attributes:
        records: one row per good input row, columns ``SOURCE_COLUMNS`` (naive UTC times).
        rejects: one row per rejected input row, columns ``REJECT_COLUMNS``; ``field``
            is the canonical field of the first problem, ``reason`` lists every problem.
        watermark: the new high-water mark (ISO string, naive UTC) or ``None`` when
            nothing newer than the previous one was read; store it only after the batch
            is written.
        stats: counts (``rows_read``, ``loaded``, ``rejected``, ``skipped_watermark``, ...).
    """

    records: pd.DataFrame
    rejects: pd.DataFrame
    watermark: str | None
    stats: dict[str, Any] = field(default_factory=dict)
