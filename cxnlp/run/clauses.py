"""Step 3b: place each clause of a multi-clause comment in a topic (a comment counts in every cause it names).

After the topic step, comments of the kinds in ``topics.clause_kinds`` (surveys
and social posts by default; a ticket's narrative tells one case) are split into
clauses (:func:`cxnlp.text.clauses.split_clauses`). Only comments with more than
one clause are touched: each clause is embedded (cached by text hash, like every
comment) and placed in the run's topics with the same nearest-centroid rule that
places new comments between refits, then *confirmed by words*: a clause keeps its
topic only when it uses one of the topic's top :data:`CONFIRM_KEYS` keywords
(stemmed). Generic clauses ("no lo recomiendo", "repetiría sin dudar") lie near
broad topics and would make them catch-alls; on the demo generator, 71% of the
clauses that add a second topic were right without the check, 81% with it (and
59% of those it drops were wrong). The table ``clause_topics`` (one row per
clause: ``feedback_id``, ``clause_no``, ``topic_id``) is what the ranking step
reads to count an answer in every topic its clauses fall in. Impact and key-driver
figures stay defined on answers: an answer is in a cause when any of its clauses is.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.run.context import RunContext, skipped
from cxnlp.schema import text_hash
from cxnlp.text.clauses import split_clauses

log = logging.getLogger(__name__)

CONFIRM_KEYS = 10


def assign_clauses(ctx: RunContext, embedder: Any = None) -> dict[str, Any]:
    """Split multi-clause comments of the window, place their clauses, store ``clause_topics``."""
    from cxnlp.enrich import embed_with_cache
    from cxnlp.topics.fit import assign_topics
    from cxnlp.topics.persist import load_topic_model
    from cxnlp.topics.spanish import TopicAnalyzer

    settings, store = ctx.settings, ctx.store
    kinds = tuple(settings.topics.clause_kinds)
    model_dir = settings.resolve(settings.store.path).parent / "topic_models" / ctx.run_id
    empty = pd.DataFrame(
        {"feedback_id": pd.Series(dtype=object), "clause_no": [], "topic_id": []}
    ).astype({"clause_no": "int64", "topic_id": "int64"})
    if not kinds:
        store.write_run_frame("clause_topics", ctx.run_id, empty)
        return skipped("topics.clause_kinds is empty", "división en frases desactivada")
    if not (model_dir / "meta.json").exists():
        store.write_run_frame("clause_topics", ctx.run_id, empty)
        return skipped("no topic model for this run", "no hay modelo de temas en esta ejecución")
    rows = store.con.execute(
        "SELECT feedback_id, text_norm FROM feedback "
        "WHERE created_at >= ? AND created_at < ? AND text_norm IS NOT NULL "
        f"AND source_kind IN ({', '.join('?' for _ in kinds)}) ORDER BY feedback_id",
        [ctx.window_start, ctx.as_of, *kinds],
    ).fetchall()
    owners: list[str] = []
    numbers: list[int] = []
    texts: list[str] = []
    for feedback_id, text in rows:
        clauses = split_clauses(text)
        if len(clauses) < 2:
            continue
        for no, clause in enumerate(clauses):
            owners.append(str(feedback_id))
            numbers.append(no)
            texts.append(clause)
    if not texts:
        store.write_run_frame("clause_topics", ctx.run_id, empty)
        return {"comments_split": 0, "clauses": 0, "embedded": 0, "second_topics": 0}
    if embedder is None:
        from cxnlp.nlp.embedders import load_embedder

        embedder = load_embedder(settings.models)
    unique = list(dict.fromkeys(texts))
    ctx.report("clauses", 0, len(unique))
    vectors, embedded = embed_with_cache(store, embedder, [text_hash(t) for t in unique], unique)
    ctx.report("clauses", len(unique), len(unique))
    model = load_topic_model(model_dir, with_bertopic=False)
    analyzer = TopicAnalyzer(ngram_max=1, extra_stopwords=settings.topics.extra_stopwords)
    topic_words = {
        int(t): {word for key in keys[:CONFIRM_KEYS] for word in key.split()}
        for t, keys in model.keyword_keys.items()
    }
    placed: dict[str, int] = {}
    unconfirmed = 0
    for text, topic in zip(unique, np.asarray(assign_topics(model, unique, vectors)), strict=True):
        topic = int(topic)
        if topic >= 0 and not set(analyzer(text)) & topic_words.get(topic, set()):
            topic, unconfirmed = -1, unconfirmed + 1
        placed[text] = topic
    table = pd.DataFrame(
        {
            "feedback_id": owners,
            "clause_no": np.asarray(numbers, dtype=np.int64),
            "topic_id": np.asarray([int(placed[t]) for t in texts], dtype=np.int64),
        }
    )
    store.write_run_frame("clause_topics", ctx.run_id, table)
    topics_per_comment = table[table["topic_id"] >= 0].groupby("feedback_id")["topic_id"].nunique()
    result = {
        "comments_split": int(table["feedback_id"].nunique()),
        "clauses": len(table),
        "embedded": int(embedded),
        "second_topics": int((topics_per_comment > 1).sum()),
        "unconfirmed": unconfirmed,
    }
    log.info(
        "clauses: %d comments split into %d clauses (%d newly embedded); %d name two topics",
        result["comments_split"],
        result["clauses"],
        result["embedded"],
        result["second_topics"],
    )
    return result


def with_clause_topics(frame: pd.DataFrame, clauses: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with ``topic_ids``: each answer's own topic and its clauses' topics.

    Answers without split clauses keep ``[topic_id]``; the outlier topic is left
    out of the lists (an answer whose clauses all fall outside topics keeps its own).
    """
    if clauses is None or clauses.empty or frame.empty or "feedback_id" not in frame.columns:
        return frame
    placed = clauses[pd.to_numeric(clauses["topic_id"], errors="coerce") >= 0]
    extra = placed.groupby("feedback_id")["topic_id"].agg(lambda s: {int(t) for t in s})
    out = frame.copy()
    own = pd.to_numeric(out["topic_id"], errors="coerce").fillna(-1).astype(int)
    out["topic_ids"] = [
        sorted(({t} if t >= 0 else set()) | extra.get(f, set()))
        for f, t in zip(out["feedback_id"], own, strict=True)
    ]
    return out
