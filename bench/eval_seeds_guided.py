"""Guided BERTopic (``seed_topic_list``) against the plain fit and keyword-only post-fit seeds.

Fits the last run's window twice with cxnlp's own topic pipeline, once plain and
once with BERTopic's guided topic modelling seeded by hand-written keywords for
each planted cause, and prints, per cause, precision and recall of the fitted
topic holding most of it; then the post-fit seed assignment of
:mod:`cxnlp.themes.seeds` from the same keywords only (no example comments).

    python bench/eval_seeds_guided.py CONFIG

The config's store must hold a finished run over the generated sample of
``sample.dir``. Figures: docs/themes.md.
"""

from __future__ import annotations

import csv
import sys
import time
from typing import Any

import numpy as np

import cxnlp.topics.fit as fitmod
from cxnlp.config import load_config
from cxnlp.enrich import embed_with_cache
from cxnlp.nlp.embedders import load_embedder
from cxnlp.run.context import window_start_of
from cxnlp.store import Store
from cxnlp.themes import ThemeEdit
from cxnlp.themes.seeds import _unit, assign_seeds, seed_vectors
from cxnlp.themes.state import Seed

KEYWORDS = {
    "app_login_crash": ["app", "se cierra", "iniciar sesión", "aplicación"],
    "billing_double_charge": ["cobro", "doble", "cargo", "factura"],
    "delivery_delay": ["pedido", "retraso", "entrega", "no llega"],
    "info_request": ["información", "consulta", "duda"],
    "phone_wait": ["espera", "teléfono", "llamada"],
}


def main() -> None:
    from bertopic.backend import BaseEmbedder

    settings = load_config(sys.argv[1])
    truth_file = settings.resolve(settings.sample.dir) / "truth_rows.csv"
    with truth_file.open(encoding="utf-8") as fh:
        truth = {(r["source"], r["source_id"]): r["cause_id"] for r in csv.DictReader(fh)}
    emb = load_embedder(settings.models)
    with Store(settings.resolve(settings.store.path)) as store:
        run = store.last_successful_run()
        assert run is not None, "no finished run in the store"
        as_of = store.get_run(run)["as_of"]  # type: ignore[index]
        frame = store.load_window(
            start=window_start_of(settings, as_of),
            end=as_of,
            models=None,
            columns=["feedback_id", "source", "source_id", "text", "text_norm", "text_hash"],
        )
        frame = frame[frame["text_norm"].fillna("").str.len() > 0].reset_index(drop=True)
        vectors, _ = embed_with_cache(
            store, emb, frame["text_hash"].tolist(), frame["text_norm"].tolist()
        )
    pairs = zip(frame["source"], frame["source_id"], strict=True)
    cause = np.array([truth.get(pair, "?") for pair in pairs])

    class Wrap(BaseEmbedder):  # type: ignore[misc]
        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            return _unit(np.asarray(emb.embed(list(documents)), dtype=float))

    original = fitmod.build_bertopic

    def fit(guided: bool) -> Any:
        def build(*args: Any, **kwargs: Any) -> Any:
            model = original(*args, **kwargs)
            if guided:
                model.seed_topic_list = list(KEYWORDS.values())
                model.embedding_model = Wrap()
            return model

        fitmod.build_bertopic = build  # type: ignore[assignment]
        started = time.time()
        texts, ids = frame["text"].tolist(), frame["feedback_id"].tolist()
        result = fitmod.fit_topics(texts, vectors, ids, settings.topics)
        print("fit", "guided" if guided else "plain", round(time.time() - started, 1), "s")
        return result

    for guided in (False, True):
        result = fit(guided)
        topic_of = np.asarray(result.assignments)
        if not guided:
            ids = result.topics["topic_id"]
            centroids = {int(t): np.asarray(c) for t, c in zip(ids, result.centroids, strict=True)}
            for name, words in KEYWORDS.items():
                seed = Seed(10_000, name, tuple(words), (), ThemeEdit(action="seed"))
                new = assign_seeds(
                    vectors,
                    topic_of,
                    [("", "")] * len(frame),
                    centroids,
                    [seed],
                    seed_vectors(emb, [seed]),
                )
                got, mine = new == 10_000, cause == name
                precision = (cause[got] == name).mean() if got.any() else 0.0
                print(
                    f"  post-fit keyword seed {name:24} P {precision:.2f} "
                    f"R {got[mine].mean():.2f} n {int(got.sum())}"
                )
        for name in KEYWORDS:
            mine = cause == name
            held = topic_of[mine][topic_of[mine] >= 0]
            best = int(np.bincount(held).argmax()) if len(held) else -1
            in_best = topic_of == best
            print(
                f"  {'guided' if guided else 'plain'} fit topic {name:24} "
                f"P {(cause[in_best] == name).mean():.2f} R {in_best[mine].mean():.2f}"
            )


if __name__ == "__main__":
    main()
