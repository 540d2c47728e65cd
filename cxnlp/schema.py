"""The canonical feedback record and the column sets every step agrees on.

A connector turns one row of an export into one :data:`FEEDBACK_COLUMNS`
record; every later step reads and writes data frames with these names.
"""

from __future__ import annotations

import hashlib

SOURCE_KINDS = ("survey", "social", "ticket")

# name -> DuckDB type. Order is the table's column order.
FEEDBACK_COLUMNS: dict[str, str] = {
    "feedback_id": "VARCHAR",  # sha1(source + source_id)[:16]; primary key
    "source": "VARCHAR",  # the source's name in config, e.g. "surveys"
    "source_kind": "VARCHAR",  # survey | social | ticket
    "source_id": "VARCHAR",  # the id inside the export
    "created_at": "TIMESTAMP",  # when the customer wrote it (UTC, naive)
    "customer_id": "VARCHAR",
    "channel": "VARCHAR",  # web, app, tienda, teléfono, twitter, ...
    "region": "VARCHAR",
    "product": "VARCHAR",
    "journey_stage": "VARCHAR",
    "text_raw": "VARCHAR",  # original text; NULL unless config keeps raw text
    "text": "VARCHAR",  # PII-redacted text: the only text reports/exports/logs see
    "text_norm": "VARCHAR",  # redacted + normalised text fed to the models
    "text_hash": "VARCHAR",  # sha1 of text_norm: the embedding cache key
    "lang": "VARCHAR",  # ISO 639-1 guess
    "is_spanish": "BOOLEAN",
    "dup_of": "VARCHAR",  # feedback_id of the first copy, NULL for originals
    "nps": "INTEGER",  # 0-10
    "csat": "DOUBLE",  # on its own scale
    "csat_scale": "INTEGER",  # 5, 7 or 10
    "ces": "INTEGER",  # 1-7, 7 = very easy, whatever the survey's scale and direction
    "platform": "VARCHAR",  # social only
    "author": "VARCHAR",  # social only (a handle, shown redacted)
    "followers": "BIGINT",
    "likes": "BIGINT",
    "shares": "BIGINT",
    "url": "VARCHAR",
    "opened_at": "TIMESTAMP",  # tickets only
    "resolved_at": "TIMESTAMP",
    "ttr_hours": "DOUBLE",
    "fcr": "BOOLEAN",
    "reopen_count": "INTEGER",
    "priority": "VARCHAR",
    "updated_at": "TIMESTAMP",  # the watermark column where a source has one
    "ingested_at": "TIMESTAMP",
    "run_id": "VARCHAR",  # run that last wrote the row
}

QUARANTINE_COLUMNS: dict[str, str] = {
    "source": "VARCHAR",
    "file": "VARCHAR",
    "row_number": "BIGINT",  # 1-based data row (header excluded), as a spreadsheet user counts
    "source_id": "VARCHAR",
    "field": "VARCHAR",
    "value": "VARCHAR",  # the offending value, redacted and cut to 200 characters
    "reason": "VARCHAR",
    "run_id": "VARCHAR",
    "quarantined_at": "TIMESTAMP",
}

# The FEEDBACK_COLUMNS the pipeline fills after a connector (redaction, language,
# duplicates, bookkeeping); a connector fills the others (SOURCE_COLUMNS).
PIPELINE_COLUMNS: tuple[str, ...] = (
    "text",
    "text_norm",
    "text_hash",
    "lang",
    "is_spanish",
    "dup_of",
    "ingested_at",
    "run_id",
)
SOURCE_COLUMNS: tuple[str, ...] = tuple(c for c in FEEDBACK_COLUMNS if c not in PIPELINE_COLUMNS)

# The SOURCE_COLUMNS a source's mapping may fill from an export's columns: the
# connector sets the id and the source's name and kind, derives ``ttr_hours`` from
# opened/resolved and ``csat_scale`` from the source's config.
_DERIVED_BY_CONNECTOR = ("feedback_id", "source", "source_kind", "csat_scale", "ttr_hours")
MAPPABLE_FIELDS: tuple[str, ...] = tuple(
    c for c in SOURCE_COLUMNS if c not in _DERIVED_BY_CONNECTOR
)

# The timestamp fields an incremental source may keep its watermark on.
WATERMARK_FIELDS: tuple[str, ...] = ("created_at", "updated_at", "opened_at", "resolved_at")

# A connector's rejects: the quarantine row less what the store adds on writing it.
REJECT_COLUMNS: tuple[str, ...] = tuple(
    c for c in QUARANTINE_COLUMNS if c not in ("run_id", "quarantined_at")
)

SENTIMENT_LABELS = ("POS", "NEU", "NEG")
EMOTION_LABELS = ("joy", "sadness", "anger", "fear", "surprise", "disgust", "others")


def make_feedback_id(source: str, source_id: str) -> str:
    """Return the stable primary key of a record from its source and id."""
    digest = hashlib.sha1(f"{source}\x1f{source_id}".encode()).hexdigest()
    return digest[:16]


def text_hash(text: str) -> str:
    """Return the cache key of a (normalised) text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
