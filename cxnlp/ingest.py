"""Ingest one source: load (with retries), redact, normalise, de-duplicate, store.

The raw text never leaves this module unless ``privacy.keep_raw_text`` is set:
redaction runs before anything else sees a comment.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pandas as pd

from cxnlp import registry
from cxnlp.config import Settings
from cxnlp.sources.config import SourceConfig
from cxnlp.store import Store

log = logging.getLogger(__name__)


def prepare_records(records: pd.DataFrame, *, keep_raw: bool, store: Store | None) -> pd.DataFrame:
    """Add the redacted, normalised text columns and the duplicate links to raw records.

    Args:
        records: connector output; ``text_raw`` holds the original comment.
        keep_raw: keep the unredacted text in ``text_raw`` (otherwise it is dropped).
        store: when given, exact copies of texts already stored are linked to them.
    """
    from cxnlp.text import find_duplicates, prepare_texts

    out = records.reset_index(drop=True).copy()
    raw = out["text_raw"] if "text_raw" in out else pd.Series([None] * len(out))
    texts = prepare_texts(raw.tolist(), keep_raw=keep_raw)
    for col in texts.columns:
        out[col] = texts[col].values
    has_text = out["text_norm"].fillna("").str.len() > 0
    dup_of: list[str | None] = [None] * len(out)
    if has_text.any():
        idx = list(out.index[has_text])
        links = find_duplicates(
            out.loc[idx, "text_norm"].tolist(), out.loc[idx, "feedback_id"].tolist()
        )
        for i, link in zip(idx, links, strict=True):
            dup_of[i] = link
        if store is not None:
            known = store.known_text_hashes(out.loc[idx, "text_hash"].tolist())
            for i in idx:
                first = known.get(out.at[i, "text_hash"])
                if dup_of[i] is None and first is not None and first != out.at[i, "feedback_id"]:
                    dup_of[i] = first
    out["dup_of"] = dup_of
    return out


def prepare_rejects(rejects: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """Redact the text of rejected rows and stamp them with the run.

    The offending value and the reason (which quotes the value, whole or cut)
    are redacted. The source name, file and field come from the configuration
    and the file system, and the row's id is the source system's key, kept as
    the feedback table keeps it so that an entry can be found at its source.
    """
    from cxnlp.text.redact import redact_pii, redact_quoting

    def missing(v: Any) -> bool:
        return v is None or (isinstance(v, float) and pd.isna(v))

    out = rejects.copy()
    raw = out["value"] if "value" in out else pd.Series([None] * len(out), index=out.index)
    if "reason" in out:
        out["reason"] = [
            r if missing(r) else redact_quoting(str(r), None if missing(v) else v)
            for r, v in zip(out["reason"], raw, strict=True)
        ]
    if "value" in out:
        out["value"] = raw.map(lambda v: None if missing(v) else redact_pii(str(v))[:200])
    out["run_id"] = run_id
    out["quarantined_at"] = datetime.utcnow()
    return out


def ingest_one_source(
    store: Store, source: SourceConfig, settings: Settings, run_id: str
) -> dict[str, Any]:
    """Load a source past its watermark and write its rows, rejects and new watermark.

    Raises:
        SourceError: when the source cannot be read after its retries.
    """
    import cxnlp.sources  # noqa: F401  (registers the connectors)
    from cxnlp.sources import load_with_retry
    from cxnlp.sources.known import StoreLedger, remember_rows

    source = _resolved(source, settings)
    connector = registry.get("connectors", source.connector)(source)
    # the ledger of rows already judged: a late or corrected row loads whatever its date
    ledger = StoreLedger(store.con, source.name)
    batch = load_with_retry(connector, store.get_watermark(source.name), ledger=ledger)
    records = batch.records
    if len(records):
        records = prepare_records(records, keep_raw=settings.privacy.keep_raw_text, store=store)
        records["ingested_at"] = datetime.utcnow()
        records["run_id"] = run_id
    rejects = prepare_rejects(batch.rejects, run_id) if len(batch.rejects) else batch.rejects
    with store.transaction():
        resolved = remember_rows(store.con, source.name, batch)  # before add_quarantine
        loaded = store.upsert_feedback(records) if len(records) else 0
        rejected = store.add_quarantine(rejects) if len(rejects) else 0
        store.set_watermark(source.name, batch.watermark)
    if rejected:
        log.warning(
            "%s: %d quarantine entries (rows, dropped scores, file warnings; see "
            "`cxnlp quarantine`)",
            source.name,
            rejected,
        )
    if resolved:
        log.info("%s: %d earlier quarantine entries no longer apply", source.name, resolved)
    log.info("%s: %d rows loaded", source.name, loaded)
    stats: dict[str, Any] = {
        "loaded": loaded,
        # rows that did not load at all; a row that loads without an unreadable score
        # and a file-level warning are quarantine entries too, counted apart
        "rejected": int(batch.stats.get("rejected", rejected)),
        "quarantine_entries": rejected,
        "watermark": batch.watermark,
    }
    if batch.stats.get("empty") or (
        batch.stats.get("rows_read") == 0 and getattr(source, "path", None)
    ):
        # every file held a header and nothing else (or nothing at all): the export
        # ran but carried no data, which a nightly file never should (a query past
        # its watermark may)
        stats["empty"] = True
    return stats


def _resolved(source: SourceConfig, settings: Settings) -> SourceConfig:
    """A copy of the source config with its path and preset made absolute against the root.

    The preset is looked up with the config's root (its ``configs/mappings`` wins
    over the checkout's) and handed to the connector as a file path: the
    connector gets everything it needs as arguments, nothing through the
    environment.
    """
    from cxnlp.sources.mapping import find_preset

    update: dict[str, str] = {}
    path = getattr(source, "path", None)
    if path:
        update["path"] = str(settings.resolve(path))
    if source.mapping_preset:
        update["mapping_preset"] = str(
            find_preset(source.mapping_preset, root=settings.resolve("."))
        )
    return source.model_copy(update=update) if update else source
