"""The embedding cache and the predictions, keyed by text hash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from cxnlp.errors import StoreError
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS
from cxnlp.store.base import StoreBase

# Vectors written per INSERT by :meth:`EmbeddingStore.put_embeddings` (2,000 x 384 floats: 3 MB)
PUT_SLICE_ROWS = 2_000


class EmbeddingStore(StoreBase):
    """Vectors by ``(text_hash, model)`` and predictions by ``(text_hash, models)``."""

    # -- embeddings and predictions ------------------------------------------------
    def missing_predictions(self, models: str, *, limit: int | None = None) -> pd.DataFrame:
        """Distinct (text_hash, text_norm) of stored feedback with no prediction under ``models``."""
        sql = (
            "SELECT text_hash, min(text_norm) AS text_norm FROM feedback f "
            "WHERE coalesce(text_norm, '') <> '' AND NOT EXISTS (SELECT 1 FROM predictions p "
            "WHERE p.text_hash = f.text_hash AND p.models = ?) GROUP BY text_hash ORDER BY text_hash"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql, [models]).df()

    def get_embeddings(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """Cached vectors for the given text hashes under ``model``."""
        if not hashes:
            return {}
        self.con.register("_want", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            rows = self.con.execute(
                "SELECT e.text_hash, e.vector FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                [model],
            ).fetchall()
        finally:
            self.con.unregister("_want")
        return {h: np.frombuffer(blob, dtype=np.float32) for h, blob in rows}

    def cached_hashes(self, hashes: Sequence[str], model: str) -> set[str]:
        """The text hashes among ``hashes`` whose vector under ``model`` is cached."""
        if not len(hashes):
            return set()
        self.con.register("_want", pd.DataFrame({"text_hash": list(hashes)}))
        try:
            rows = self.con.execute(
                "SELECT e.text_hash FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                [model],
            ).fetchall()
        finally:
            self.con.unregister("_want")
        return {h for (h,) in rows}

    def fill_embeddings(self, hashes: Sequence[str], model: str, out: np.ndarray) -> np.ndarray:
        """Copy the cached vectors of ``hashes`` under ``model`` into the rows of ``out``.

        Row ``i`` of ``out`` (float32, ``(len(hashes), dim)``) receives the vector of
        ``hashes[i]`` when it is cached; other rows are left as they are. The vectors go
        from DuckDB's Arrow batches straight into ``out``, so a window of 100,000 cached
        vectors costs no Python object per vector.

        Returns:
            A boolean mask: True where a vector was found.

        Raises:
            StoreError: if a cached vector's width differs from ``out``'s.
        """
        found = np.zeros(len(hashes), dtype=bool)
        if not len(hashes):
            return found
        dim = out.shape[1]
        if self.dialect == "postgres":
            return self._fill_from_rows(hashes, model, out, found)
        self.con.register(
            "_want",
            pa.table(
                {"i": pa.array(np.arange(len(hashes), dtype=np.int64)), "text_hash": list(hashes)}
            ),
        )
        reader = None
        try:
            reader = self.con.sql(
                "SELECT w.i, e.vector FROM embeddings e JOIN _want w USING (text_hash) "
                "WHERE e.model = ?",
                params=[model],
            ).to_arrow_reader(50_000)
            for batch in reader:
                rows = batch.column(0).to_numpy()
                blobs = batch.column(1)
                if len(rows) == 0:
                    continue
                if isinstance(blobs, pa.ChunkedArray):  # pragma: no cover (batches are flat)
                    blobs = blobs.combine_chunks()
                offsets = np.frombuffer(blobs.buffers()[1], dtype=np.int32)[
                    blobs.offset : blobs.offset + len(blobs) + 1
                ]
                if not np.all(np.diff(offsets) == 4 * dim):
                    raise StoreError(
                        f"cached embeddings of model {model!r} are not {dim} floats wide; "
                        "the cache holds vectors of another width under the same model name"
                    )
                values = np.frombuffer(blobs.buffers()[2], dtype=np.uint8)
                block = values[offsets[0] : offsets[-1]].view(np.float32).reshape(-1, dim)
                out[rows] = block
                found[rows] = True
        finally:
            if reader is not None:
                reader.close()
            self.con.unregister("_want")
        return found

    def _fill_from_rows(
        self, hashes: Sequence[str], model: str, out: np.ndarray, found: np.ndarray
    ) -> np.ndarray:
        """:meth:`fill_embeddings` on PostgreSQL: the vectors come back as ``bytea`` rows."""
        dim = out.shape[1]
        self.con.register("_want", pd.DataFrame({"i": np.arange(len(hashes)), "text_hash": hashes}))
        try:
            rows = self.con.execute(
                "SELECT w.i, e.vector FROM embeddings e JOIN _want w ON w.text_hash = e.text_hash "
                "WHERE e.model = ?",
                [model],
            ).fetchall()
        finally:
            self.con.unregister("_want")
        if not rows:
            return found
        index = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        blob = b"".join(bytes(r[1]) for r in rows)
        if len(blob) != 4 * dim * len(rows) or any(len(r[1]) != 4 * dim for r in rows):
            raise StoreError(
                f"cached embeddings of model {model!r} are not {dim} floats wide; "
                "the cache holds vectors of another width under the same model name"
            )
        out[index] = np.frombuffer(blob, dtype=np.float32).reshape(-1, dim)
        found[index] = True
        return found

    def put_embeddings(self, hashes: Sequence[str], vectors: np.ndarray, model: str) -> None:
        """Cache vectors by text hash and model (replacing any earlier copy)."""
        if len(hashes) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        # In slices: one INSERT OR REPLACE of tens of thousands of vectors needs its whole
        # input and the key checks in memory at once, and under store.memory_limit it
        # failed with DuckDB's "Out of Memory Error" (a 100k night's clause step,
        # 2026-12-07); each slice is a few MB
        for start in range(0, len(hashes), PUT_SLICE_ROWS):
            part = vectors[start : start + PUT_SLICE_ROWS]
            keys = list(hashes[start : start + PUT_SLICE_ROWS])
            table = pa.table(
                {
                    "text_hash": pa.array(keys, pa.string()),
                    "model": pa.array([model] * len(keys), pa.string()),
                    "dim": pa.array([vectors.shape[1]] * len(keys), pa.int32()),
                    "vector": pa.array([row.tobytes() for row in part], pa.binary()),
                }
            )
            self.con.register("_emb", table)
            try:
                self.con.execute("INSERT OR REPLACE INTO embeddings SELECT * FROM _emb")
            finally:
                self.con.unregister("_emb")

    def put_predictions(self, frame: pd.DataFrame) -> None:
        """Write prediction rows (text_hash, models, labels, probabilities)."""
        if frame.empty:
            return
        cols = ["text_hash", "models", "sentiment", *[f"p_{x}" for x in SENTIMENT_LABELS]]
        cols += ["emotion", *[f"p_{x}" for x in EMOTION_LABELS]]
        frame = frame[cols].copy()
        frame["predicted_at"] = datetime.utcnow()
        self.con.register("_pred", frame)
        try:
            self.con.execute("INSERT OR REPLACE INTO predictions SELECT * FROM _pred")
        finally:
            self.con.unregister("_pred")
