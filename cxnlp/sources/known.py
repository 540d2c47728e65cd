"""The store's side of the row ledger: what each source's rows looked like when judged.

Kept in a table of its own, ``source_rows`` (source, source_id, row_hash,
quarantined, seen_at), next to the store's tables and written in the same
transaction as the batch it describes, so a failed write forgets nothing and
remembers nothing. Also here: the two ways to make a source read again what the
store thinks it already has, :func:`reset_watermark` and :func:`replay_quarantine`.

Ingest uses it as::

    ledger = StoreLedger(store.con, source.name)
    batch = load_with_retry(connector, store.get_watermark(source.name), ledger=ledger)
    ...
    with store.transaction():
        remember_rows(store.con, source.name, batch)  # before add_quarantine
        store.upsert_feedback(records)
        store.add_quarantine(rejects)
        store.set_watermark(source.name, batch.watermark)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from cxnlp import registry
from cxnlp.sources.batch import SourceBatch
from cxnlp.sources.config import SourceConfig
from cxnlp.sources.ledger import NEW, SEEN, STORED, RowStatus

if TYPE_CHECKING:
    from cxnlp.store import Store

log = logging.getLogger(__name__)

ROWS_TABLE = "source_rows"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {ROWS_TABLE} (source VARCHAR, source_id VARCHAR, "
    "row_hash VARCHAR, quarantined BOOLEAN, seen_at TIMESTAMP, PRIMARY KEY (source, row_hash))"
)


def _has_rows_table(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = current_schema()",
        [ROWS_TABLE],
    ).fetchall()
    return bool(found and found[0][0])


class StoreLedger:
    """A :class:`~cxnlp.sources.ledger.RowLedger` reading the store of one source.

    Args:
        con: the store's DuckDB connection (``Store.con``).
        source: the source's name.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: str) -> None:
        self.con = con
        self.source = source

    def lookup(self, rows: Sequence[tuple[str | None, str]]) -> list[RowStatus]:
        """Return ``SEEN``, ``STORED`` or ``NEW`` for each ``(source_id, row_hash)``."""
        if not rows:
            return []
        frame = pd.DataFrame(
            {
                "i": range(len(rows)),
                "source_id": [sid for sid, _ in rows],
                "row_hash": [h for _, h in rows],
            }
        )
        tracked = _has_rows_table(self.con)
        seen_sql = (
            f"(SELECT row_hash FROM {ROWS_TABLE} WHERE source = $source)"
            if tracked
            else "(SELECT NULL::VARCHAR AS row_hash WHERE false)"
        )
        ids_sql = (
            f"(SELECT DISTINCT source_id FROM {ROWS_TABLE} WHERE source = $source "
            "AND source_id IS NOT NULL)"
            if tracked
            else "(SELECT NULL::VARCHAR AS source_id WHERE false)"
        )
        self.con.register("_ledger_rows", frame)
        try:
            answers = self.con.execute(
                "SELECT r.i, s.row_hash IS NOT NULL, k.source_id IS NOT NULL, "
                "f.source_id IS NOT NULL FROM _ledger_rows r "
                f"LEFT JOIN {seen_sql} s ON s.row_hash = r.row_hash "
                f"LEFT JOIN {ids_sql} k ON k.source_id = r.source_id "
                "LEFT JOIN (SELECT DISTINCT source_id FROM feedback WHERE source = $source) f "
                "ON f.source_id = r.source_id ORDER BY r.i",
                {"source": self.source},
            ).fetchall()
        finally:
            self.con.unregister("_ledger_rows")
        statuses: list[RowStatus] = []
        for _, seen, has_print, stored in answers:
            if seen:
                statuses.append(SEEN)
            elif stored and not has_print:  # loaded before the ledger kept fingerprints
                statuses.append(STORED)
            else:
                statuses.append(NEW)
        return statuses


def remember_rows(con: duckdb.DuckDBPyConnection, source: str, batch: SourceBatch) -> int:
    """Store a batch's row fingerprints and clear the quarantine entries it supersedes.

    Call it inside the transaction that writes the batch, before
    ``Store.add_quarantine``: the entries of every row judged again (a corrected
    row, a replayed one) and the file-level entries of every file read are
    removed, and the batch's own rejects then put back those still true.

    Args:
        con: the store's DuckDB connection.
        source: the source's name.
        batch: the batch being written.

    Returns:
        How many rows that had quarantine entries are now clean (resolved).
    """
    con.execute(_CREATE)
    seen = batch.seen
    judged = seen[seen["judged"]]
    resolved = 0
    if len(judged):
        ids = pd.DataFrame({"source_id": judged["source_id"].dropna().unique()})
        con.register("_judged_ids", ids)
        try:
            had = {
                r[0]
                for r in con.execute(
                    "SELECT DISTINCT q.source_id FROM quarantine q JOIN _judged_ids j "
                    "USING (source_id) WHERE q.source = ?",
                    [source],
                ).fetchall()
            }
            con.execute(
                "DELETE FROM quarantine WHERE source = ? AND source_id IN "
                "(SELECT source_id FROM _judged_ids)",
                [source],
            )
            con.execute(  # the spoilt fingerprints of replayed rows, now judged again
                f"DELETE FROM {ROWS_TABLE} WHERE source = ? AND row_hash LIKE 'replay:%' "
                "AND source_id IN (SELECT source_id FROM _judged_ids)",
                [source],
            )
        finally:
            con.unregister("_judged_ids")
        still = set(batch.rejects["source_id"].dropna())
        resolved = len(had - still)
    orphans = judged[judged["source_id"].isna() & judged["row_number"].notna()]
    if len(orphans):  # rows rejected without an id: known only by their place
        con.register("_judged_places", orphans[["file", "row_number"]])
        try:
            con.execute(
                "DELETE FROM quarantine q USING _judged_places p WHERE q.source = ? "
                "AND q.source_id IS NULL AND q.file = p.file AND q.row_number = p.row_number",
                [source],
            )
        finally:
            con.unregister("_judged_places")
    if batch.tables:
        files = pd.DataFrame({"file": list(dict.fromkeys(batch.tables))})
        con.register("_read_files", files)
        try:
            con.execute(
                "DELETE FROM quarantine WHERE source = ? AND row_number IS NULL AND file IN "
                "(SELECT file FROM _read_files)",
                [source],
            )
        finally:
            con.unregister("_read_files")
    if len(seen):
        rows = seen.drop_duplicates("row_hash", keep="last")[
            ["source_id", "row_hash", "quarantined"]
        ]
        con.register("_seen_rows", rows)
        try:
            con.execute(
                f"INSERT OR REPLACE INTO {ROWS_TABLE} SELECT ?, source_id, row_hash, "
                "quarantined, current_timestamp FROM _seen_rows",
                [source],
            )
        finally:
            con.unregister("_seen_rows")
    if resolved:
        log.info("%s: %d quarantined row(s) now load cleanly (entries removed)", source, resolved)
    return resolved


def reset_watermark(store: Store, source_name: str) -> str | None:
    """Forget a source's watermark: its next load reads every row it finds.

    Rows the store already holds in the same form are still skipped (see
    :mod:`cxnlp.sources.ledger`), so nothing is loaded twice; what a reset brings
    back is what the watermark hid: a database row back-dated below it, or rows
    loaded before the store kept row fingerprints.

    Args:
        store: the open store (writable).
        source_name: the source's name.

    Returns:
        The watermark that was removed, or None if the source had none.
    """
    previous = store.get_watermark(source_name)
    store.con.execute("DELETE FROM watermarks WHERE source = ?", [source_name])
    log.info("%s: watermark %s removed", source_name, previous)
    return previous


def replay_quarantine(store: Store, sources: Sequence[SourceConfig]) -> dict[str, int]:
    """Have the next load of ``sources`` judge every quarantined row of theirs again.

    A quarantined row whose file or value changed is judged again anyway; a replay
    is for rows that did not change but whose rules did (``csat_scale`` fixed, a
    mapping corrected). Their fingerprints are forgotten; a source read by a query
    past its watermark (the SQL connector) also loses its watermark, since the
    query would not return the old rows otherwise.

    Args:
        store: the open store (writable).
        sources: the sources to replay.

    Returns:
        Source name -> the number of its quarantine entries that will be looked at again.
    """
    store.con.execute(_CREATE)
    replayed: dict[str, int] = {}
    for source in sources:
        entries = store.con.execute(
            "SELECT count(*) FROM quarantine WHERE source = ?", [source.name]
        ).fetchall()[0][0]
        # Spoil the fingerprints rather than drop them: a row whose id the ledger
        # tracks but whose form it does not recognise is judged again (a dropped one
        # would pass for a row loaded before the ledger, and be trusted).
        store.con.execute(
            f"UPDATE {ROWS_TABLE} SET row_hash = 'replay:' || row_hash, quarantined = false "
            "WHERE source = ? AND quarantined",
            [source.name],
        )
        factory = registry.get("connectors", source.connector)
        if entries and getattr(factory, "needs_url", False):
            reset_watermark(store, source.name)
        replayed[source.name] = int(entries)
    return replayed
