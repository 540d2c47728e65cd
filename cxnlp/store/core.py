"""The :class:`Store`: opens the database, migrates it, and brings its parts together."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import duckdb

from cxnlp.errors import StoreError
from cxnlp.store.base import first_row
from cxnlp.store.embeddings import EmbeddingStore
from cxnlp.store.feedback import FeedbackStore
from cxnlp.store.migrations import MIGRATIONS, SCHEMA_VERSION
from cxnlp.store.pg import PgConnection, is_postgres_url
from cxnlp.store.runs import RunStore

log = logging.getLogger(__name__)


class Store(FeedbackStore, EmbeddingStore, RunStore):
    """A DuckDB database file, or a PostgreSQL database, with cxnlp's schema.

    Args:
        path: the database file (created with its folder when missing),
            ``":memory:"`` for tests, or a PostgreSQL URL
            (``postgresql+psycopg://user:pass@host:5432/db``; see :func:`open_store`,
            which reads it from ``store.url_env``/``store.url_secret``).
        read_only: open without taking write access (reports, notebooks).
        memory_limit: DuckDB's memory cap, such as ``"256MB"`` (``store.memory_limit``);
            None leaves DuckDB's default.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        if is_postgres_url(path):
            from cxnlp.sources.db_url import shown_url

            url = str(path)
            self.path = shown_url(url)
            self.dialect = "postgres"
            self.con = PgConnection(url, read_only=read_only)  # type: ignore[assignment]
            if not read_only:
                self.migrate()
            return
        self.path = str(path)
        self.dialect = "duckdb"
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, str | bool | int | float | list[str]] = (
            {"memory_limit": memory_limit} if memory_limit else {}
        )
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        if not read_only:
            self.migrate()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        """Return the schema version of the open database (0 when empty)."""
        if not self.has_table("schema_version"):
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)"
            )
        row = first_row(self.con.execute("SELECT max(version) FROM schema_version").fetchall())
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply the migrations this database lacks; return the new version.

        Raises:
            StoreError: if the database is newer than this version of cxnlp.
        """
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this cxnlp "
                f"({SCHEMA_VERSION}); upgrade cxnlp"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            try:
                for statement in MIGRATIONS[version - 1]:
                    self.con.execute(statement)
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, current_timestamp)", [version]
                )
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            log.info("store %s migrated to schema version %d", self.path, version)
        return SCHEMA_VERSION

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
