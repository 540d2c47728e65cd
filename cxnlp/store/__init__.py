"""The DuckDB store: one file, a versioned schema, idempotent writes.

Every write is keyed so that a rerun replaces instead of adding: feedback by
``feedback_id`` (itself a hash of ``(source, source_id)``), embeddings by
``(text_hash, model)``, predictions by ``(text_hash, models)``, and every per-run
table by ``run_id``. A crashed run can therefore simply be run again.

A run holds an exclusive lock file beside the database for its whole life, so
two runs started at once never interleave: the second waits up to
``store.lock_timeout_s`` and then exits with a clear error.
"""

from cxnlp.store.core import Store
from cxnlp.store.lock import RunLock
from cxnlp.store.migrations import FLEXIBLE_TABLES, MIGRATIONS, SCHEMA_VERSION

__all__ = ["FLEXIBLE_TABLES", "MIGRATIONS", "SCHEMA_VERSION", "RunLock", "Store"]
