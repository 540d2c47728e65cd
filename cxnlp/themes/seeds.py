"""Seeded themes: a theme an analyst starts from keywords or example comments.

A seed is applied *after* each night's fit and tracking, as an assignment in the
embedding space, not as a guided fit: BERTopic's ``seed_topic_list`` only nudges
the class-based TF-IDF towards the words, and whether a topic comes out of the
clustering still depends on density, so the analyst's theme could vanish on a
refit. After the fit the rule is explicit and the same every night:

- every comment whose text is one of the seed's example comments joins it;
- a comment joins the seed when its cosine with the seed vector (the mean of the
  embedded examples and of the keywords said as one phrase) is at least the 10th
  percentile of the cosines of the night's topic members with their own centroid
  (the closest seed wins when there are several). Requiring also that the comment
  be closer to the seed than to its own topic's centroid kept precision but cut
  recall to 2-12% on the demo generator (``bench/eval_seeds.py``): a seed then
  only gathers outliers, never the comments a broad topic swallowed.

The seed keeps one stable topic id (given when it was made), so the backlog item,
the renames and the history follow it across refits. Its centroid is stored like
any topic's, so the tracker can carry it when a refit finds the same theme.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.cause_view import _as_list
from cxnlp.themes.state import CuratedState, Seed

log = logging.getLogger(__name__)

_COLUMNS = ["feedback_id", "created_at", "text", "text_norm", "text_hash"]
REPRESENTATIVES = 5
# a comment joins a seed when it is at least as close to it as 90% of the night's topic
# members are to their own centroid (bench/eval_seeds.py; figures in docs/themes.md)
FLOOR_QUANTILE = 0.1


def _key(text: Any) -> str:
    return " ".join(str(text).casefold().split()) if isinstance(text, str) else ""


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def seed_vectors(embedder: Any, seeds: list[Seed]) -> np.ndarray:
    """One unit vector per seed: the mean of its embedded examples and keyword phrase."""
    rows = []
    for seed in seeds:
        texts = [*seed.examples] + ([", ".join(seed.keywords)] if seed.keywords else [])
        texts = texts or [seed.name]
        vectors = _unit(np.asarray(embedder.embed(texts), dtype=float))
        rows.append(vectors.mean(axis=0))
    return _unit(np.vstack(rows)) if rows else np.zeros((0, 0))


def assign_seeds(
    vectors: np.ndarray,
    topic_of: np.ndarray,
    texts: Sequence[Sequence[str]],
    centroids: dict[int, np.ndarray],
    seeds: list[Seed],
    seed_matrix: np.ndarray,
    *,
    floor_quantile: float = FLOOR_QUANTILE,
    closer: bool = False,
) -> np.ndarray:
    """New topic id of each document once the seeds take their comments (pure function).

    Args:
        vectors: Document embeddings (rows).
        topic_of: Current topic id per document (-1: outlier).
        texts: Each document's texts to match examples against (normalised, display).
        centroids: Topic id -> unit centroid of the fitted topics.
        seeds: The seeds in force.
        seed_matrix: :func:`seed_vectors` of ``seeds``.

    Returns:
        The topic ids with the seeds' comments moved to the seed ids.
    """
    out = np.asarray(topic_of, dtype=int).copy()
    if not seeds or len(out) == 0:
        return out
    unit = _unit(np.asarray(vectors, dtype=float))
    own = np.full(len(out), -np.inf)
    for tid, centroid in centroids.items():
        rows = out == tid
        if rows.any() and centroid.size == unit.shape[1]:
            own[rows] = unit[rows] @ centroid
    members = np.isfinite(own)
    floor = float(np.quantile(own[members], floor_quantile)) if members.any() else 0.5
    sims = unit @ seed_matrix.T  # docs x seeds
    best = sims.argmax(axis=1)
    best_sim = sims.max(axis=1)
    moves = (best_sim >= floor) & ((best_sim > own) if closer else True)
    seed_ids = np.array([s.topic_id for s in seeds])
    out[moves] = seed_ids[best[moves]]
    keys = [{_key(t) for t in variants} - {""} for variants in texts]
    for i, seed in enumerate(seeds):
        wanted = {_key(e) for e in seed.examples}
        for j, key in enumerate(keys):
            if key & wanted:
                out[j] = seed_ids[i]
    return out


def apply_seeds(ctx: Any, state: CuratedState, embedder: Any = None) -> dict[str, Any]:
    """Give the night's seeded themes their comments; rewrite the run's topic tables.

    Returns:
        Counts for the run record: seeds applied and comments each holds.
    """
    from cxnlp.enrich import embed_with_cache
    from cxnlp.topics import topic_volume_daily

    seeds = list(state.seeds.values())
    if not seeds:
        return {}
    store = ctx.store
    topics = store.read_topics(ctx.run_id)
    if topics.empty:
        return {}
    if embedder is None:
        from cxnlp.nlp.embedders import load_embedder

        embedder = load_embedder(ctx.settings.models)
    frame = store.load_window(start=ctx.window_start, end=ctx.as_of, models=None, columns=_COLUMNS)
    assigned = store.con.execute(
        "SELECT feedback_id, topic_id FROM topic_assignments WHERE run_id = ?", [ctx.run_id]
    ).fetchall()
    topic_by_id = {str(f): int(t) for f, t in assigned}
    frame["topic_id"] = [topic_by_id.get(str(f), -1) for f in frame["feedback_id"]]
    earlier = store.read_topics(ctx.previous_run) if ctx.previous_run else None
    topics = _renumber_collisions(topics, frame, seeds, earlier)
    has_text = frame["text_norm"].fillna("").str.len() > 0
    docs = frame[has_text].drop_duplicates("text_hash").reset_index(drop=True)
    vectors, _ = embed_with_cache(
        store, embedder, docs["text_hash"].tolist(), docs["text_norm"].tolist()
    )
    centroids = {
        int(t): _unit(np.asarray(_as_list(c), dtype=float))
        for t, c in zip(topics["topic_id"], topics["centroid"], strict=True)
        if len(_as_list(c))
    }
    matrix = seed_vectors(embedder, seeds)
    new = assign_seeds(
        vectors,
        docs["topic_id"].to_numpy(),
        # examples match the display text too: an analyst pastes what the report showed
        list(zip(docs["text_norm"].fillna(""), docs["text"].fillna(""), strict=True)),
        centroids,
        seeds,
        matrix,
    )
    by_hash = dict(zip(docs["text_hash"], new.tolist(), strict=True))
    frame["topic_id"] = [
        int(by_hash.get(h, t)) if ok else int(t)
        for h, t, ok in zip(frame["text_hash"], frame["topic_id"], has_text, strict=True)
    ]
    topics = _seed_rows(ctx, topics, frame, docs, vectors, new, seeds, earlier)
    sizes = frame[frame["topic_id"] >= 0].groupby("topic_id").size()
    topics["size"] = topics["topic_id"].map(sizes).fillna(0).astype(int)
    daily = topic_volume_daily(frame["created_at"].tolist(), frame["topic_id"].tolist())
    store.write_topics(ctx.run_id, topics, frame[["feedback_id", "topic_id"]], daily)
    counts = {str(s.topic_id): int(sizes.get(s.topic_id, 0)) for s in seeds}
    log.info("seeded themes applied: %s", counts)
    return {"seeded_themes": counts}


def _renumber_collisions(
    topics: pd.DataFrame, frame: pd.DataFrame, seeds: list[Seed], earlier: pd.DataFrame | None
) -> pd.DataFrame:
    """A fitted topic that took a new seed's id tonight gets the next free id instead.

    The tracker numbers new topics after the previous night's largest id; a seed made
    since then may hold that id. A seed already applied the night before is in the
    previous table, so a fitted topic with its id there is its continuation.
    """
    previous_ids = {int(t) for t in earlier["topic_id"]} if earlier is not None else set()
    taken = {int(t) for t in topics["topic_id"]} | {s.topic_id for s in seeds}
    next_id = max(taken, default=-1) + 1
    for seed in seeds:
        sid = seed.topic_id
        if sid in previous_ids or sid not in set(topics["topic_id"].astype(int)):
            continue
        log.info("topic %d found tonight takes id %d: %d is a seeded theme", sid, next_id, sid)
        topics.loc[topics["topic_id"].astype(int) == sid, "topic_id"] = next_id
        frame.loc[frame["topic_id"] == sid, "topic_id"] = next_id
        next_id += 1
    return topics


def _seed_rows(
    ctx: Any,
    topics: pd.DataFrame,
    frame: pd.DataFrame,
    docs: pd.DataFrame,
    vectors: np.ndarray,
    new: np.ndarray,
    seeds: list[Seed],
    earlier: pd.DataFrame | None,
) -> pd.DataFrame:
    """The topics table with one row per seed (replacing a carried or tracked row).

    ``first_seen`` and ``status`` continue the seed's row of the previous run, when
    it had one (whether or not tonight's tracking carried it).
    """
    deduped = topics.drop_duplicates("topic_id")
    previous = deduped.set_index(deduped["topic_id"].astype(int))
    last = (
        earlier.drop_duplicates("topic_id").set_index("topic_id")
        if earlier is not None and len(earlier)
        else previous.iloc[0:0]
    )
    rows = []
    unit = _unit(np.asarray(vectors, dtype=float))
    shown = dict(zip(frame["feedback_id"], frame["text"], strict=True))
    for seed in seeds:
        mine = np.flatnonzero(new == seed.topic_id)
        centroid = _unit(unit[mine].mean(axis=0)) if len(mine) else np.zeros(unit.shape[1])
        order = mine[np.argsort(-(unit[mine] @ centroid))] if len(mine) else mine
        ids = [str(docs.at[int(i), "feedback_id"]) for i in order[:REPRESENTATIVES]]
        before = previous.loc[seed.topic_id].to_dict() if seed.topic_id in previous.index else {}
        carried = last.loc[seed.topic_id].to_dict() if seed.topic_id in last.index else {}
        seen = carried.get("first_seen", before.get("first_seen"))
        first_seen = seen if seen is not None and pd.notna(seen) else ctx.as_of.date()
        rows.append(
            {
                **{c: before.get(c) for c in topics.columns},
                "topic_id": seed.topic_id,
                "label": seed.name,
                "keywords": list(seed.keywords) or _as_list(before.get("keywords")),
                "representative_ids": ids,
                "representative_texts": [shown.get(i, "") for i in ids],
                "status": "persisting" if carried else "new",
                "first_seen": first_seen,
                "centroid": centroid.tolist(),
            }
        )
    kept = topics[~topics["topic_id"].astype(int).isin([s.topic_id for s in seeds])]
    return pd.concat([kept, pd.DataFrame(rows, columns=topics.columns)], ignore_index=True)
