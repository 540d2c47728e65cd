"""Adapting the sentiment head to a sample's own scored comments: before and after.

For the demo sample (``--style demo``) or the held-out airline generator
(``--style fresh``, another writing style), generate ``--days`` days, ingest and
embed them (the run's ingest and enrich steps only), then:

1. ``cxnlp train --from-store``'s own split is replaced by a fixed one: train on
   the scored comments of the first ``--train-days`` days, score on the rest;
2. the shipped head and the adapted head are scored on those later comments
   (macro-F1) against (a) the weak labels of the scores (``models.adapt`` bands)
   and (b) a truth that does not come from the bands: for the demo sample the tone
   its generator wrote each answer in (``tone_of(nps)``: 0-6 negative, 7-8 mild,
   9-10 positive; every scored answer, NPS 5-6 included); for the fresh sample the
   themes the answer was written about (the four complaint causes -> NEG, praise of
   the crew or the price -> POS, an information request -> NEU; food comments,
   which are mixed, left out);
3. ``--sizes`` repeats the training on the newest N scored comments of the training
   days, for a learning curve;
4. ``--general SHARE`` adds the general figure's proxy: the shipped corpus split
   by group, a head trained on the rest standing in for the shipped head (and
   teaching the weak-label filter), scored on the held-out groups.

``--weak-weight``, ``--weak-filter``, ``--distill``, ``--weak-share`` override
``models.adapt`` for one run.

Nothing here reads ``../shared/eval``. Usage::

    python bench/eval_adapt.py --style demo --fast
    python bench/eval_adapt.py --style fresh --fast --sizes 100,500,2000
    python bench/eval_adapt.py --style demo --fast --sizes 2000 --general 0.25
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_causes import generate, write_config  # noqa: E402

FRESH_TONE = {
    "baggage_lost": "NEG",
    "flight_delay": "NEG",
    "refund_pending": "NEG",
    "checkin_app": "NEG",
    "crew_kind": "POS",
    "good_price": "POS",
    "info_request": "NEU",
}
TONE = {"neg": "NEG", "mild": "NEU", "pos": "POS"}
ADAPT_KEYS = {"weak_weight", "weak_filter", "distill", "weak_share", "corpus", "nps_bands"}


def truth_of(style: str, sample: Path, frame: pd.DataFrame) -> pd.Series:
    """The sentiment each answer was written with, on ``frame``'s index (None: unknown)."""
    if style == "demo":
        from cxnlp.sampledata.compose import tone_of

        nps = pd.to_numeric(frame["nps"], errors="coerce")
        return nps.map(lambda v: TONE[tone_of(int(v))] if pd.notna(v) else None)
    rows = pd.read_csv(sample / "truth_rows.csv", dtype=str, keep_default_na=False)
    tones = {}
    for source_id, causes in zip(rows["source_id"], rows["causes"], strict=True):
        found = {FRESH_TONE.get(c) for c in causes.split(";") if c}
        tones[source_id] = found.pop() if len(found) == 1 and None not in found else None
    return frame["source_id"].astype(str).map(tones)


def general_split(
    root: Path, store: Any, settings: Any, embedder: Any, share: float
) -> tuple[Any, pd.DataFrame, np.ndarray]:
    """The general figure's proxy: the shipped corpus split by group, never ``../shared/eval``.

    A head trained on the training groups stands in for the shipped head (it is the
    current head and the teacher of the weak-label filter); the adapted head mixes
    in only those groups; both are scored on the held-out groups. Returns the
    settings pointing at that head and corpus, the held-out rows and their vectors.
    """
    from sklearn.model_selection import GroupShuffleSplit

    from cxnlp.nlp import adapt
    from cxnlp.nlp.features import FeatureConfig
    from cxnlp.nlp.head import LinearHead
    from cxnlp.nlp.head_classifier import HeadClassifier
    from cxnlp.schema import text_hash

    corpus = adapt.corpus_rows("sentiment", None)
    texts = corpus["text"].tolist()
    vectors = adapt.corpus_vectors(store, embedder, [text_hash(t) for t in texts], texts)
    splitter = GroupShuffleSplit(n_splits=1, test_size=share, random_state=7)
    train, test = next(splitter.split(vectors, corpus["label"], groups=corpus["group"]))
    folder = root / "general_split"
    folder.mkdir(exist_ok=True)
    corpus.iloc[train].to_csv(folder / "sentiment_es.csv", index=False)
    head = LinearHead(labels=("POS", "NEU", "NEG"), C=0.3).fit(
        vectors[train], corpus["label"].iloc[train].tolist(), groups=corpus["group"].iloc[train]
    )
    proxy = HeadClassifier(
        head=head,
        embedder_name=embedder.name,
        embedder_version=embedder.version,
        features=FeatureConfig(cues=False),
        metadata={"name": f"general-proxy-{share}", "task": "sentiment"},
    )
    proxy.save(folder / "proxy-head")
    models = settings.models
    sentiment = models.sentiment.model_copy(update={"path": str(folder / "proxy-head")})
    adapt_config = models.adapt.model_copy(update={"corpus_dir": str(folder)})
    models = models.model_copy(update={"sentiment": sentiment, "adapt": adapt_config})
    return settings.model_copy(update={"models": models}), corpus.iloc[test], vectors[test]


def ingest_and_embed(settings: Any, as_of: datetime) -> None:
    """The run's ingest and enrich steps: comments stored with their vectors."""
    from cxnlp.enrich import load_models
    from cxnlp.pipeline import enrich_feedback, finish_run, ingest_sources, open_run

    models = load_models(settings.models)
    with open_run(settings, as_of, models) as ctx:
        ingest_sources(ctx)
        enrich_feedback(ctx, models)
        finish_run(ctx, "completed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("fresh", "demo"), default="demo")
    parser.add_argument("--fast", action="store_true", help="USE embedder and heads")
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--train-days", type=int, default=80)
    parser.add_argument("--sizes", default="", help="learning curve: newest N scored comments")
    parser.add_argument("--end", default="2026-11-21")
    parser.add_argument("--keep", default=None, help="work in this folder and keep it")
    parser.add_argument("--json", default=None)
    parser.add_argument("--weak-weight", type=float, default=None, help="models.adapt.weak_weight")
    parser.add_argument("--no-corpus", action="store_true", help="models.adapt.corpus: false")
    parser.add_argument("--weak-filter", default=None, help="models.adapt.weak_filter (none: off)")
    parser.add_argument("--distill", type=float, default=None, help="models.adapt.distill")
    parser.add_argument("--weak-share", default=None, help="models.adapt.weak_share (none: off)")
    parser.add_argument(
        "--general",
        type=float,
        default=0.0,
        help="hold out this share of the corpus's groups: the general figure's proxy "
        "(the current head is then one trained on the other groups)",
    )
    parser.add_argument(
        "--corrections",
        type=int,
        default=0,
        help="also store N corrections (the truth of N older comments), removed afterwards",
    )
    args = parser.parse_args(argv)

    from cxnlp.config import load_config
    from cxnlp.labels import put_corrections
    from cxnlp.nlp import adapt
    from cxnlp.nlp.classifiers import load_classifier
    from cxnlp.nlp.embedders import load_embedder
    from cxnlp.nlp.head_classifier import HeadClassifier
    from cxnlp.nlp.weak_labels import weak_sentiment
    from cxnlp.store import Store

    end = date.fromisoformat(args.end)
    as_of = datetime.combine(end + timedelta(days=1), datetime.min.time())
    cut = as_of - timedelta(days=args.days - args.train_days)
    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="cxnlp-adapt-")
    root = Path(args.keep or (holder.name if holder else ".")).resolve()
    started = time.perf_counter()
    try:
        sample = root / "sample"
        if not (root / "var" / "cxnlp.duckdb").exists():
            generate(args.style, sample, days=args.days, end=end, seed=None)
            settings = load_config(write_config(root, sample, style=args.style, fast=args.fast))
            ingest_and_embed(settings, as_of)
        settings = load_config(root / "config.yaml")
        changes: dict[str, Any] = {"corpus": not args.no_corpus}
        if args.weak_weight is not None:
            changes["weak_weight"] = args.weak_weight
        if args.distill is not None:
            changes["distill"] = args.distill
        for key, value in (("weak_filter", args.weak_filter), ("weak_share", args.weak_share)):
            if value is not None:
                changes[key] = None if value.lower() == "none" else float(value)
        config = settings.models.adapt.model_copy(update=changes)
        models = settings.models.model_copy(update={"adapt": config})
        settings = settings.model_copy(update={"models": models})
        embedder = load_embedder(settings.models)
        results: dict[str, Any] = {
            "style": args.style,
            "embedder": embedder.version,
            "train_until": str(cut),
            "adapt": config.model_dump(include=ADAPT_KEYS),
            "general_share": args.general,
            "runs": [],
        }
        with Store(settings.resolve(settings.store.path)) as store:
            general: tuple[pd.DataFrame, np.ndarray] | None = None
            if args.general:
                settings, *parts = general_split(root, store, settings, embedder, args.general)
                general = (parts[0], parts[1])
            shipped = load_classifier(settings.models.sentiment)
            feedback = store.con.execute(
                "SELECT source_id, created_at, customer_id, text_hash, text_norm, nps, csat, "
                "csat_scale FROM feedback WHERE coalesce(text_norm, '') <> '' "
                "AND dup_of IS NULL ORDER BY created_at"
            ).df()
            later = feedback[feedback["created_at"] >= cut].reset_index(drop=True)
            later["weak"] = weak_sentiment(later, config)
            later["truth"] = truth_of(args.style, sample, later)
            vectors = np.zeros((len(later), embedder.dim), dtype=np.float32)
            found = store.fill_embeddings(later["text_hash"].tolist(), embedder.version, vectors)
            later, vectors = later[found].reset_index(drop=True), vectors[found]
            fixed_hashes: set[str] = set()
            if args.corrections:
                # an analyst who corrected N older comments: their truth, as corrections
                past = feedback[feedback["created_at"] < cut].copy()
                past["truth"] = truth_of(args.style, sample, past)
                past = past.dropna(subset=["truth"]).drop_duplicates("text_hash")
                picked = past.sample(min(args.corrections, len(past)), random_state=0)
                put_corrections(
                    store,
                    [
                        {"text_hash": h, "sentiment": t, "corrected_at": as_of}
                        for h, t in zip(picked["text_hash"], picked["truth"], strict=True)
                    ],
                )
                fixed_hashes = set(picked["text_hash"])
            labels = adapt.store_labels(store, "sentiment", config)
            older = labels[labels["created_at"] < cut]
            older = older[~older["customer"].isin(set(later["customer_id"].dropna()))]
            corrected = older[older["kind"] == "correction"]
            older = older[older["kind"] != "correction"]
            sizes = [int(s) for s in args.sizes.split(",") if s] or [len(older)]
            results["corrections"] = len(corrected)

            def score(clf: Any) -> dict[str, Any]:
                predicted = pd.Series(clf.predict(later["text_norm"].tolist(), vectors))
                out: dict[str, Any] = {}
                for target in ("weak", "truth"):
                    keep = later[target].notna().to_numpy()
                    gold = later.loc[keep, target].astype(str).tolist()
                    out[target] = round(100 * adapt.macro_f1(gold, predicted[keep].tolist()), 1)
                    out[f"n_{target}"] = int(keep.sum())
                if general is not None:
                    rows, held = general
                    guess = clf.predict(rows["text"].tolist(), held)
                    out["general"] = round(100 * adapt.macro_f1(rows["label"].tolist(), guess), 1)
                return out

            base = score(shipped)
            print(
                f"style={args.style} embedder={embedder.version} train < {cut:%Y-%m-%d} "
                f"{config.model_dump(include=ADAPT_KEYS)}"
            )
            print(
                f"{'general proxy' if general else 'shipped'} head: macro-F1 {base['weak']} vs "
                f"weak labels (n={base['n_weak']}), {base['truth']} vs truth "
                f"(n={base['n_truth']})"
                + (
                    f", {base['general']} on held-out corpus (n={len(general[0])})"
                    if general
                    else ""
                )
            )
            for size in sizes:
                part = older.tail(size)
                chosen = set(part["text_hash"]) | set(corrected["text_hash"])

                def fixed(rows: pd.DataFrame, chosen: set[str] = chosen) -> Any:
                    # train on the chosen older comments; the registry scores the rest
                    return rows[rows["text_hash"].isin(chosen)], rows[
                        (rows["created_at"] >= cut) & ~rows["text_hash"].isin(chosen)
                    ]

                result = adapt.adapt_task(
                    store, settings, "sentiment", embedder, promote_if_better=False, split=fixed
                )
                adapted = HeadClassifier.load(str(result.path))
                figures = score(adapted)
                print(
                    f"adapted on {len(part)} scored comments, {len(corrected)} corrections "
                    f"(+{result.counts.get('corpus', 0)} "
                    f"corpus): macro-F1 {figures['weak']} vs weak labels, {figures['truth']} "
                    f"vs truth ({figures['weak'] - base['weak']:+.1f} / "
                    f"{figures['truth'] - base['truth']:+.1f})"
                    + (
                        f", {figures['general']} on held-out corpus "
                        f"({figures['general'] - base['general']:+.1f})"
                        if general
                        else ""
                    )
                    + f"; weak labels kept {result.counts.get('weak')}, "
                    f"dropped {result.counts.get('weak_dropped')}"
                )
                results["runs"].append({"size": len(part), **figures, "version": result.version})
            if fixed_hashes:
                store.con.execute("DELETE FROM label_corrections WHERE corrected_at = ?", [as_of])
        results["shipped"] = base
        results["seconds"] = round(time.perf_counter() - started, 1)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return 0
    finally:
        if holder is not None:
            holder.cleanup()


if __name__ == "__main__":
    sys.exit(main())
