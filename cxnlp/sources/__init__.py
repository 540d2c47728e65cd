"""Sources: connectors that turn exports and databases into canonical records.

Each connector is a small class registered in the ``"connectors"`` namespace
and chosen by name from config::

    from cxnlp.sources import SourceConfig, make_connector, load_with_retry

    config = SourceConfig(name="encuestas", kind="survey",
                          connector="cxnlp.source.survey_file.v1",
                          path="exports/nps_*.csv", mapping_preset="qualtrics")
    batch = load_with_retry(make_connector(config), watermark=None)
    batch.records, batch.rejects, batch.watermark, batch.stats

Against a store, a :class:`~cxnlp.sources.known.StoreLedger` lets a load skip
the rows the store already holds and load late or corrected ones (see
:mod:`cxnlp.sources.known` for the ingest sequence, :func:`reset_watermark` and
:func:`replay_quarantine`).
"""

from __future__ import annotations

from cxnlp import registry
from cxnlp.sources import files as _files  # noqa: F401  (registers the file connectors)
from cxnlp.sources import ticket_sql as _ticket_sql  # noqa: F401  (registers the SQL connector)
from cxnlp.sources.batch import REJECT_COLUMNS, SOURCE_COLUMNS, SourceBatch
from cxnlp.sources.config import MAPPABLE_FIELDS, SourceConfig
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.known import StoreLedger, remember_rows, replay_quarantine, reset_watermark
from cxnlp.sources.ledger import RowLedger
from cxnlp.sources.mapping import load_preset
from cxnlp.sources.presets import available_presets
from cxnlp.sources.retry import Connector, load_with_retry

__all__ = [
    "MAPPABLE_FIELDS",
    "REJECT_COLUMNS",
    "SOURCE_COLUMNS",
    "Connector",
    "PermanentSourceError",
    "RowLedger",
    "SourceBatch",
    "SourceConfig",
    "StoreLedger",
    "available_presets",
    "load_preset",
    "load_with_retry",
    "make_connector",
    "remember_rows",
    "replay_quarantine",
    "reset_watermark",
]


def make_connector(config: SourceConfig) -> Connector:
    """Build the connector a source names.

    Raises:
        RegistryError: for an unknown connector name (the message lists known ones).
        ConfigError: for an unusable mapping preset.
    """
    factory = registry.get("connectors", config.connector)
    connector: Connector = factory(config)
    return connector
