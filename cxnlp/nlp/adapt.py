"""Learning each customer's language: new heads from the store's own labels.

``train_from_store`` trains a head per task on the shipped corpus plus the
analysts' corrections plus weak labels from scored comments (NPS, CSAT, ticket
CSAT, review stars; :mod:`cxnlp.nlp.weak_labels`), on the vectors the store
already holds (nothing of the customer's is embedded again). It holds out the
newest share of the labelled comments (and every other comment of the customers
in it) and scores the candidate and the current head there; the candidate is
saved under ``models.adapt.dir``, registered with both figures, and promoted only
when it wins by ``models.adapt.min_gain`` macro-F1.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from cxnlp.labels.corrections import read_corrections
from cxnlp.nlp.adapt_guard import judge
from cxnlp.nlp.adapt_mix import head_params, mix_rows, trusted_rows
from cxnlp.nlp.classifiers import REPO_ROOT, load_classifier
from cxnlp.nlp.config import AdaptConfig
from cxnlp.nlp.features import build_features
from cxnlp.nlp.head import LinearHead
from cxnlp.nlp.head_classifier import HeadClassifier
from cxnlp.nlp.model_registry import (
    models_dir,
    promote,
    register_candidate,
    with_active_models,
)
from cxnlp.nlp.protocols import Embedder
from cxnlp.nlp.training import hash_corpus, labels_for_task
from cxnlp.nlp.weak_labels import weak_sentiment
from cxnlp.schema import text_hash

log = logging.getLogger(__name__)

CORPUS_DIR = REPO_ROOT / "training" / "corpus"
TASKS = ("sentiment", "emotion")


@dataclass
class AdaptResult:
    """What one task's adaptation did, with the two held-out figures."""

    task: str
    version: str | None = None
    path: str | None = None
    f1_candidate: float | None = None
    f1_current: float | None = None
    n_train: int = 0
    n_heldout: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # weak, corrections, corpus
    promoted: bool = False
    reason: str = ""

    def line(self) -> str:
        """One line for the command's output and the log."""
        if self.f1_candidate is None:
            return f"{self.task}: not trained ({self.reason})"
        return (
            f"{self.task}: held-out macro-F1 {100 * self.f1_candidate:.1f} adapted vs "
            f"{100 * (self.f1_current or 0):.1f} current on {self.n_heldout} comments "
            f"(trained on {self.n_train}: {self.counts}); {self.version} "
            f"{'promoted' if self.promoted else 'not promoted'}: {self.reason}"
        )


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-F1 over the labels present in ``gold``."""
    present = sorted(set(gold))
    return float(f1_score(gold, predicted, labels=present, average="macro", zero_division=0))


def store_labels(store: Any, task: str, config: AdaptConfig) -> pd.DataFrame:
    """One labelled row per distinct text of the store: corrections, then weak labels.

    Returns:
        Columns ``text_hash``, ``text_norm``, ``created_at``, ``customer``, ``label``,
        ``kind`` (``correction`` or ``weak``), newest ``config.max_rows`` weak rows.
    """
    feedback = store.con.execute(
        "SELECT text_hash, text_norm, created_at, customer_id, nps, csat, csat_scale "
        "FROM feedback WHERE coalesce(text_norm, '') <> '' AND coalesce(is_spanish, TRUE) "
        "ORDER BY created_at"
    ).df()
    cols = ["text_hash", "text_norm", "created_at", "customer", "label", "kind"]
    if feedback.empty:
        return pd.DataFrame(columns=cols)
    feedback["customer"] = feedback["customer_id"].fillna(feedback["text_hash"]).astype(str)
    first = feedback.groupby("text_hash", sort=False).agg(
        text_norm=("text_norm", "first"),
        created_at=("created_at", "max"),
        customer=("customer", "first"),
    )
    parts = []
    if task == "sentiment":
        feedback["label"] = weak_sentiment(feedback, config)
        labelled = feedback.dropna(subset=["label"])
        agree = labelled.groupby("text_hash")["label"].agg(
            lambda v: v.iloc[0] if v.nunique() == 1 else None
        )
        weak = first.join(agree.dropna().rename("label"), how="inner").reset_index()
        weak = weak.sort_values("created_at").tail(config.max_rows)
        weak["kind"] = "weak"
        parts.append(weak)
    corrections = read_corrections(store)
    if len(corrections):
        fixed = corrections.dropna(subset=[task])[["text_hash", task]].rename(
            columns={task: "label"}
        )
        fixed = first.join(fixed.set_index("text_hash"), how="inner").reset_index()
        fixed["kind"] = "correction"
        parts.insert(0, fixed)
    if not parts:
        return pd.DataFrame(columns=cols)
    rows = pd.concat(parts, ignore_index=True).drop_duplicates("text_hash", keep="first")
    return rows[cols].sort_values("created_at", kind="stable").reset_index(drop=True)


def split_by_time(rows: pd.DataFrame, share: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train on the older rows, hold out the newest ``share``; customers never straddle.

    A customer with a comment in the held-out slice has none in the training part,
    so a person's way of writing cannot leak from one side to the other.
    """
    if rows.empty:
        return rows, rows
    cut = rows["created_at"].quantile(1.0 - share)
    heldout = rows[rows["created_at"] >= cut]
    train = rows[(rows["created_at"] < cut) & ~rows["customer"].isin(set(heldout["customer"]))]
    return train, heldout


def corpus_vectors(
    store: Any, embedder: Embedder, hashes: list[str], texts: list[str]
) -> np.ndarray:
    """Vectors from the store's cache, embedding only what it lacks (corpus, first time)."""
    from cxnlp.enrich import embed_with_cache

    vectors, n_new = embed_with_cache(store, embedder, hashes, texts)
    if n_new:
        log.info("embedded %d texts not cached yet", n_new)
    return vectors


def _cached_only(
    store: Any, embedder: Embedder, rows: pd.DataFrame
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows whose vectors the store holds, with them (a comment is never re-embedded)."""
    out = np.zeros((len(rows), embedder.dim), dtype=np.float32)
    found = store.fill_embeddings(rows["text_hash"].tolist(), embedder.version, out)
    return rows[found].reset_index(drop=True), out[found]


def corpus_rows(task: str, folder: str | None) -> pd.DataFrame:
    path = (Path(folder) if folder else CORPUS_DIR) / f"{task}_es.csv"
    if not path.is_file():
        log.warning("no shipped corpus at %s: adapting on the store's labels only", path)
        return pd.DataFrame(columns=["text", "label", "group"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame[frame["text"].str.strip() != ""]


def adapt_task(
    store: Any,
    settings: Any,
    task: str,
    embedder: Embedder,
    *,
    promote_if_better: bool | None = None,
    by: str = "cxnlp",
    now: datetime | None = None,
    split: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]] | None = None,
) -> AdaptResult:
    """Train, score, save, register and (when it wins) promote one task's head.

    Args:
        store: the open, writable store.
        settings: the run's settings, with the active heads (see ``with_active_models``).
        task: ``sentiment`` or ``emotion``.
        embedder: the configured embedder (its version keys the stored vectors).
        promote_if_better: override ``models.adapt.promote``.
        by: recorded as who promoted.
        now: the training time (names the folder).
        split: rows -> (train, held out); default :func:`split_by_time` with
            ``models.adapt.heldout_share`` (a measurement may fix its own).
    """
    config: AdaptConfig = settings.models.adapt
    labels = labels_for_task(task)
    result = AdaptResult(task=task)
    current = load_classifier(getattr(settings.models, task))
    if current.embedder_name is not None and current.embedder_name != embedder.name:
        result.reason = f"the current head reads {current.embedder_name}, not {embedder.name}"
        return result
    rows, vectors = _cached_only(store, embedder, store_labels(store, task, config))
    rows["i"] = np.arange(len(rows))
    if split is None:
        train, heldout = split_by_time(rows, config.heldout_share)
    else:
        train, heldout = split(rows)
    result.n_heldout = len(heldout)
    if len(heldout) < config.min_heldout:
        result.reason = (
            f"only {len(heldout)} labelled comments to hold out (models.adapt.min_heldout "
            f"{config.min_heldout}): too few to tell a better head from a worse one"
        )
        return result
    features, params = head_params(current)
    corpus = corpus_rows(task, config.corpus_dir) if config.corpus else pd.DataFrame()
    mix = mix_rows(current, train, vectors[train["i"].to_numpy()], len(corpus), config)
    train = train.iloc[mix.index]
    texts = train["text_norm"].astype(str).tolist()
    gold = list(mix.labels)
    blocks = [vectors[train["i"].to_numpy()]]
    weights = mix.weights
    groups = train["customer"].astype(str).tolist()
    if len(corpus):
        corpus_texts = corpus["text"].tolist()
        blocks.append(
            corpus_vectors(store, embedder, [text_hash(t) for t in corpus_texts], corpus_texts)
        )
        texts += corpus_texts
        gold += corpus["label"].tolist()
        weights = np.concatenate([weights, np.ones(len(corpus))])
        groups += [f"corpus:{g}" for g in corpus.get("group", pd.Series(range(len(corpus))))]
    result.counts = {
        "weak": mix.n_weak,
        "weak_dropped": mix.n_dropped,
        "corrections": mix.n_corrections,
        "corpus": len(corpus),
    }
    result.n_train = len(texts)
    X = build_features(texts, [np.vstack(blocks)], features)
    head = LinearHead(labels=labels, **params).fit(X, gold, groups=groups, sample_weight=weights)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d")
    digest = hash_corpus(texts, gold)
    # the same rows and weights on the same current head give the same version (and the same head)
    weighed = f"{digest}|{weights.sum():.6f}|{config.correction_weight}|{current.version}"
    version_hash = hashlib.sha1(weighed.encode()).hexdigest()[:8]
    version = f"{task}-head-{stamp}-{version_hash}"
    candidate = HeadClassifier(
        head=head,
        embedder_name=embedder.name,
        embedder_version=embedder.version,
        features=features,
        embedder_options=getattr(current, "embedder_options", {}),
        metadata={
            "name": version,
            "task": task,
            "trained_at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "training_rows": len(texts),
            "training_sources": result.counts,
            "training_corpus_sha1": digest,
            "base": current.version,
        },
    )
    held_texts = heldout["text_norm"].astype(str).tolist()
    held_gold = heldout["label"].astype(str).tolist()
    held_vectors = vectors[heldout["i"].to_numpy()]
    predicted = candidate.predict(held_texts, held_vectors)
    current_vectors = held_vectors if current.embedder_name is not None else None
    predicted_now = current.predict(held_texts, current_vectors)
    result.f1_candidate = macro_f1(held_gold, predicted)
    result.f1_current = macro_f1(held_gold, predicted_now)
    verdict = judge(
        heldout["kind"].tolist(),
        held_gold,
        predicted,
        predicted_now,
        (result.f1_candidate, result.f1_current),
        config,
        trusted_rows(current, heldout, held_vectors, config),
    )
    path = models_dir(settings) / version
    candidate.save(path)
    result.version, result.path = version, str(path)
    register_candidate(
        store,
        {
            "version": version,
            "task": task,
            "path": str(path),
            "created_at": datetime.utcnow(),
            "base_version": current.version,
            "f1_candidate": result.f1_candidate,
            "f1_current": result.f1_current,
            "n_train": result.n_train,
            "n_heldout": result.n_heldout,
            "details": {
                "counts": result.counts,
                "heldout_from": str(heldout["created_at"].min()),
                "heldout_kinds": heldout["kind"].value_counts().to_dict(),
                "min_gain": config.min_gain,
                "heldout_corrections": verdict.n_corrections,
                "f1_corrections": [verdict.f1_candidate, verdict.f1_current],
                "f1_trusted_weak": verdict.f1_weak,
            },
        },
    )
    should_promote = config.promote if promote_if_better is None else promote_if_better
    result.reason = verdict.reason or "it beats the current head"
    if verdict.wins and should_promote and verdict.automatic:
        promote(store, settings, version, by)
        result.promoted = True
        result.reason += "; the next run predicts the window again"
    elif verdict.wins:
        result.reason += f"; promote it with `cxnlp models promote {version}`"
    log.info("adapt %s", result.line())
    return result


def train_from_store(
    store: Any,
    settings: Any,
    tasks: tuple[str, ...] = TASKS,
    *,
    promote_if_better: bool | None = None,
    by: str = "cxnlp",
) -> list[AdaptResult]:
    """Adapt every task in ``tasks`` (see :func:`adapt_task`) against the active heads."""
    from cxnlp.nlp.embedders import load_embedder

    settings = with_active_models(settings)
    embedder = load_embedder(settings.models)
    return [
        adapt_task(store, settings, task, embedder, promote_if_better=promote_if_better, by=by)
        for task in tasks
    ]


def adapt_due(settings: Any, as_of: datetime) -> bool:
    """Whether the nightly run of ``as_of`` adapts (``models.adapt.schedule: weekly``)."""
    config: AdaptConfig = settings.models.adapt
    return config.schedule == "weekly" and as_of.weekday() == config.weekday


def adapt_step(ctx: Any) -> dict[str, Any]:
    """The nightly hook: on the configured weekday, adapt the heads after the reports.

    A promoted head is used from the next run on (its models key differs, so that
    run predicts the window again). A failure is logged and kept in the run's counts;
    it never fails the night, whose outputs are already written.
    """
    if not adapt_due(ctx.settings, ctx.as_of):
        return {"status": "skipped", "reason": "models.adapt: not scheduled tonight"}
    try:
        results = train_from_store(ctx.store, ctx.settings, by="nightly")
    except Exception as exc:  # an adaptation problem must not fail a finished night
        log.warning("adapting the heads failed: %s", exc)
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {r.task: r.line() for r in results} | {
        "promoted": [r.version for r in results if r.promoted]
    }


def repredict(store: Any, settings: Any) -> int:
    """Predict, with the active models, every stored text that lacks their predictions.

    The vectors come from the store's cache (a text without one is embedded);
    corrections still win. Returns the number of texts classified.
    """
    from cxnlp.enrich import embed_with_cache, load_models, predict_frame
    from cxnlp.labels.corrections import apply_corrections

    models = load_models(settings.models)
    todo = store.missing_predictions(models.key)
    size = settings.scale.chunk_size
    for start in range(0, len(todo), size):
        chunk = todo.iloc[start : start + size]
        hashes, texts = chunk["text_hash"].tolist(), chunk["text_norm"].tolist()
        vectors, _ = embed_with_cache(store, models.embedder, hashes, texts)
        preds = predict_frame(models, texts, vectors)
        preds.insert(0, "text_hash", hashes)
        preds.insert(1, "models", models.key)
        store.put_predictions(apply_corrections(preds, read_corrections(store, hashes)))
    return len(todo)


__all__ = [
    "AdaptResult",
    "adapt_due",
    "adapt_step",
    "adapt_task",
    "macro_f1",
    "repredict",
    "split_by_time",
    "store_labels",
    "train_from_store",
]
