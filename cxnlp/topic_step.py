"""The topics step: fit or update the topic model on the window, track ids, store.

Only the redacted, normalised text is modelled; representative comments
shown to people are the redacted display text of the same rows.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cxnlp.enrich import embed_with_cache
from cxnlp.nlp.protocols import Embedder

if TYPE_CHECKING:
    from cxnlp.run.context import RunContext
    from cxnlp.topics import TopicsConfig

log = logging.getLogger(__name__)

_COLUMNS = ["feedback_id", "created_at", "text", "text_norm", "text_hash", "dup_of", "source_kind"]


def run_topic_step(ctx: RunContext, embedder: Embedder | None) -> dict[str, Any]:
    """Fit (or assign) topics on the run's window, keep ids stable, and store them."""
    from cxnlp.topics import TopicModel, topic_volume_daily

    settings, store = ctx.settings, ctx.store
    if embedder is None:
        from cxnlp.nlp.embedders import load_embedder

        embedder = load_embedder(settings.models)
    frame = store.load_window(start=ctx.window_start, end=ctx.as_of, models=None, columns=_COLUMNS)
    has_text = frame["text_norm"].fillna("").str.len() > 0
    docs = frame[has_text].drop_duplicates("text_hash").reset_index(drop=True)
    ctx.report("topics", 0, len(docs))
    models_dir = settings.resolve(settings.store.path).parent / "topic_models"
    previous_run = ctx.previous_run
    previous = store.read_topics(previous_run) if previous_run else None
    if previous is not None and previous.empty:
        previous = None
    previous_dir = models_dir / previous_run if previous_run else None
    refit, why = _refit_due(settings.topics, previous, previous_dir, ctx.as_of.date())
    window = f"{ctx.window_start:%Y-%m-%d} to {ctx.as_of:%Y-%m-%d}"
    if docs.empty:
        return _skip(
            ctx,
            f"no comment with text in the window ({window})",
            "ningún comentario con texto en la ventana",
        )
    if refit and len(docs) < settings.topics.min_topic_size:
        return _skip(
            ctx,
            f"{len(docs)} distinct comment(s) with text in the window ({window}), fewer than "
            f"topics.min_topic_size ({settings.topics.min_topic_size}): too few to find topics",
            f"{len(docs)} comentarios distintos con texto en la ventana, menos que el mínimo "
            f"de un tema ({settings.topics.min_topic_size})",
            documents=int(len(docs)),
        )
    log.info("topics: %s", why)
    vectors, _ = embed_with_cache(
        store, embedder, docs["text_hash"].tolist(), docs["text_norm"].tolist()
    )
    texts = docs["text_norm"].tolist()
    if refit:
        model = TopicModel(settings.topics)
        stable = model.fit(
            texts,
            vectors,
            docs["feedback_id"].tolist(),
            previous=previous,
            run_date=ctx.as_of.date(),
        )
        tracked, resolved = model.tracked, model.resolved
        outlier_share = float(model.result.outlier_share.after)
    else:
        assert previous is not None and previous_dir is not None  # _refit_due saw to it
        # assigning needs only the centroids; BERTopic's part is copied as it is on saving
        model = TopicModel.load(previous_dir, with_bertopic=False)
        stable = np.asarray(model.assign(texts, vectors))
        # the last fit's topics carry over: none is new tonight (a first night's "new"
        # would otherwise say "first run" on every night until the next refit)
        tracked = previous[
            previous.get("status", pd.Series("", index=previous.index)) != "resolved"
        ]
        tracked = tracked.assign(status="persisting")
        resolved = pd.DataFrame()
        outlier_share = float((stable < 0).mean()) if len(stable) else 0.0
    model.save(models_dir / ctx.run_id)
    # every row with the same text hash gets the topic of its text
    by_hash = dict(zip(docs["text_hash"], stable.tolist(), strict=True))
    frame["topic_id"] = [
        int(by_hash.get(h, -1)) if ok else -1
        for h, ok in zip(frame["text_hash"], has_text, strict=True)
    ]
    tracked = _with_display_texts(tracked, frame)
    sizes = frame[frame["topic_id"] >= 0].groupby("topic_id").size()
    tracked["size"] = tracked["topic_id"].map(sizes).fillna(0).astype(int)
    all_topics = pd.concat([tracked, resolved], ignore_index=True) if len(resolved) else tracked
    daily = topic_volume_daily(frame["created_at"].tolist(), frame["topic_id"].tolist())
    store.write_topics(ctx.run_id, all_topics, frame[["feedback_id", "topic_id"]], daily)
    ctx.report("topics", len(docs), len(docs))
    status_counts = all_topics["status"].value_counts().to_dict() if "status" in all_topics else {}
    return {
        "documents": int(len(docs)),
        "topics": int((tracked["topic_id"] >= 0).sum()),
        "refit": bool(refit),
        "outlier_share": outlier_share,
        "topic_status": {str(k): int(v) for k, v in status_counts.items()},
    }


def _skip(ctx: RunContext, reason: str, reason_es: str, **counts: Any) -> dict[str, Any]:
    """Store an empty topic table for the run (every comment without a topic) and say why."""
    from cxnlp.run.context import skipped

    empty_topics = pd.DataFrame(
        {
            "topic_id": pd.Series(dtype=int),
            "label": pd.Series(dtype=object),
            "size": pd.Series(dtype=int),
        }
    )
    empty_assign = pd.DataFrame({"feedback_id": pd.Series(dtype=object), "topic_id": []})
    empty_daily = pd.DataFrame({"date": [], "topic_id": pd.Series(dtype=int), "n": []})
    ctx.store.write_topics(ctx.run_id, empty_topics, empty_assign, empty_daily)
    return skipped(reason, reason_es, documents=counts.pop("documents", 0), topics=0, **counts)


def _refit_due(
    config: TopicsConfig,
    previous: pd.DataFrame | None,
    previous_dir: Path | None,
    today: date,
) -> tuple[bool, str]:
    """Whether tonight refits the topic model, and why (for the log)."""
    from cxnlp.topics import read_fitted_on

    if previous is None or previous_dir is None or not previous_dir.exists():
        return True, "refit (no earlier topic model)"
    if not config.refit:
        return False, "assigning new comments to the last model (topics.refit is off)"
    fitted_on = read_fitted_on(previous_dir)
    if fitted_on is None:
        return True, "refit (the last model does not say when it was fitted)"
    age = (today - fitted_on).days
    if age >= config.refit_every_days:
        return True, f"refit (last fit {fitted_on}, {age} day(s) ago)"
    return False, (
        f"assigning new comments to the model fitted on {fitted_on} "
        f"(refit every {config.refit_every_days} days)"
    )


def _with_display_texts(topics: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Replace representative texts by the redacted display text of the same rows."""
    if "representative_ids" not in topics:
        return topics
    shown = dict(zip(frame["feedback_id"], frame["text"], strict=True))
    out = topics.copy()
    out["representative_texts"] = [
        [shown[i] for i in ids if i in shown] if isinstance(ids, list | tuple | np.ndarray) else []
        for ids in out["representative_ids"]
    ]
    return out
