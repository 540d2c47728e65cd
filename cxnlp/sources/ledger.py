"""What a load already knows about a source's rows: the row ledger.

A watermark alone loses rows: one dated before it (a late export, a ticket
back-filled by hand) or one fixed in place (an NPS of 11 corrected to 10) is
below the mark and skipped forever. So a connector can be handed a ledger,
which answers, for each row it reads, whether the store has already judged
that row *in that exact form*:

- ``SEEN``: the same row, cell for cell, was loaded or quarantined by an
  earlier load: skip it (a rerun writes and enriches nothing again);
- ``STORED``: the row's id is in the store, but from before the store kept
  row fingerprints: trust the watermark, as before;
- ``NEW``: never judged in this form (a late row, a corrected row, a row whose
  quarantine entry was replayed): judge it, whatever its date.

Writing is keyed by ``feedback_id`` (a hash of the source and the row's id), so
loading a row again replaces it: never a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol

from cxnlp.sources.raw import RawRow
from cxnlp.sources.values import is_empty

RowStatus = Literal["seen", "stored", "new"]
SEEN: RowStatus = "seen"
STORED: RowStatus = "stored"
NEW: RowStatus = "new"


class RowLedger(Protocol):
    """Tells a connector which of the rows it read the store already holds."""

    def lookup(self, rows: Sequence[tuple[str | None, str]]) -> list[RowStatus]:
        """Return ``SEEN``, ``STORED`` or ``NEW`` for each ``(source_id, row_hash)``."""
        raise NotImplementedError


def _cell(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 9 and 9.0 are the same answer
    return str(value)


def row_fingerprint(row: RawRow) -> str:
    """Return a hash of a raw row's content: its non-empty cells, or its raw text.

    Empty cells are left out, so that a column added to an export later does not
    make every old row look new; the whole cell is hashed (a comment edited past
    its 200th character is a changed row).
    """
    if row.values is None:
        blob = "\x1e" + row.raw
    else:
        blob = "\x1f".join(
            f"{key}={_cell(value)}"
            for key, value in sorted(row.values.items())
            if not is_empty(value)
        )
    return hashlib.sha1(blob.encode("utf-8", "backslashreplace")).hexdigest()[:20]
