"""schema.py is the one source of the column lists; the sources package uses them as they are."""

from __future__ import annotations

from cxnlp import schema
from cxnlp.sources import batch, config, mapping


def test_sources_use_the_schema_lists_not_copies() -> None:
    assert batch.SOURCE_COLUMNS is schema.SOURCE_COLUMNS
    assert batch.REJECT_COLUMNS is schema.REJECT_COLUMNS
    assert config.MAPPABLE_FIELDS is schema.MAPPABLE_FIELDS
    assert config.WATERMARK_FIELDS is schema.WATERMARK_FIELDS
    assert mapping.MAPPABLE_FIELDS is schema.MAPPABLE_FIELDS


def test_column_lists_nest_and_keep_the_table_order() -> None:
    feedback = list(schema.FEEDBACK_COLUMNS)
    source = list(schema.SOURCE_COLUMNS)
    mappable = list(schema.MAPPABLE_FIELDS)
    assert set(mappable) < set(source) < set(feedback)
    assert source == [c for c in feedback if c in source]
    assert mappable == [c for c in source if c in mappable]
    # the pipeline fills the texts, a connector never does
    assert not {"text", "text_norm", "text_hash", "run_id"} & set(source)
    # a mapping fills what an export has; the connector derives the rest
    assert {"created_at", "text_raw", "nps", "ces", "updated_at"} <= set(mappable)
    assert not {"feedback_id", "source", "ttr_hours", "csat_scale"} & set(mappable)
    assert set(schema.WATERMARK_FIELDS) <= set(mappable)
    assert schema.FEEDBACK_COLUMNS["updated_at"] == "TIMESTAMP"
    assert all(schema.FEEDBACK_COLUMNS[c] == "TIMESTAMP" for c in schema.WATERMARK_FIELDS)
