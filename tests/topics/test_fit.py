"""Fitting topics on a small corpus with known causes (USE embeddings)."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from cxnlp.errors import ModelError
from cxnlp.topics import TopicModelResult, TopicsConfig, assign_topics, fit_topics, npmi_coherence
from cxnlp.topics.centroids import nearest_topics
from cxnlp.topics.result import TOPIC_COLUMNS
from cxnlp.topics.spanish import TopicAnalyzer
from cxnlp.topics.stemmer import stem
from topics.corpus import Corpus, embed, make_corpus

STAGES = {
    "facturación": ["factura", "cobro", "cargo", "recibo"],
    "entrega": ["entrega", "pedido", "envío", "paquete", "repartidor"],
    "app/web": ["app", "aplicación", "web", "contraseña", "sesión"],
    "atención telefónica": ["llamada", "teléfono", "espera", "operador"],
    "postventa": ["devolución", "reembolso", "garantía"],
}
EXPECTED_STAGE = {
    "cobro_duplicado": "facturación",
    "entrega_tarde": "entrega",
    "app_login": "app/web",
    "espera_telefono": "atención telefónica",
    "reembolso": "postventa",
}
# A lax outlier rule so that this small, tight corpus has outliers worth reducing; the
# default (stricter) rule is checked on the sample data in test_sample_topics.py.
CONFIG = TopicsConfig(min_topic_size=15, stages=STAGES, outlier_quantile=0.1)


@pytest.fixture(scope="module")
def fitted(corpus: Corpus, corpus_embeddings: np.ndarray) -> TopicModelResult:
    return fit_topics(corpus.texts, corpus_embeddings, corpus.ids, CONFIG)


def _majority(result: TopicModelResult, corpus: Corpus) -> dict[str, tuple[int, float]]:
    """cause -> (its most frequent topic, share of the cause's comments in it)."""
    out = {}
    for cause in EXPECTED_STAGE:
        topics = [t for t, c in zip(result.assignments, corpus.causes, strict=True) if c == cause]
        topic, count = Counter(t for t in topics if t != -1).most_common(1)[0]
        out[cause] = (int(topic), count / len(topics))
    return out


def test_result_shape(fitted: TopicModelResult, corpus: Corpus) -> None:
    assert fitted.assignments.shape == (len(corpus.texts),)
    assert list(fitted.topics.columns) == list(TOPIC_COLUMNS)
    assert set(fitted.assignments) - {-1} == set(fitted.topics["topic_id"])
    assert fitted.centroids.shape == (fitted.n_topics, 512)
    assert np.allclose(np.linalg.norm(fitted.centroids, axis=1), 1.0, atol=1e-5)
    sizes = Counter(fitted.assignments.tolist())
    assert all(
        sizes[t] == s for t, s in zip(fitted.topics.topic_id, fitted.topics["size"], strict=True)
    )


def test_each_cause_gets_its_own_pure_topic(fitted: TopicModelResult, corpus: Corpus) -> None:
    majority = _majority(fitted, corpus)
    topics = [t for t, _ in majority.values()]
    assert len(set(topics)) == len(topics), majority
    for cause, (topic, share) in majority.items():
        members = [c for t, c in zip(fitted.assignments, corpus.causes, strict=True) if t == topic]
        assert share >= 0.5, (cause, share)
        assert Counter(members)[cause] / len(members) >= 0.9, (cause, Counter(members))


def test_two_fits_give_identical_topics(
    fitted: TopicModelResult, corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    again = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, CONFIG)
    assert np.array_equal(again.assignments, fitted.assignments)
    assert np.array_equal(again.assignments_before, fitted.assignments_before)
    assert again.topics["label"].tolist() == fitted.topics["label"].tolist()
    assert again.topics["keywords"].tolist() == fitted.topics["keywords"].tolist()
    assert np.allclose(again.centroids, fitted.centroids)


def test_labels_are_readable_spanish(fitted: TopicModelResult) -> None:
    analyzer = TopicAnalyzer()
    labels = fitted.topics["label"].tolist()
    assert len(set(labels)) == len(labels)
    for label in labels:
        assert not re.search(r"[\d_]", label), label
        assert 3 <= len(label) <= 60, label
        assert label[0].isupper(), label
        words = re.findall(r"\w+", label)
        assert not all(analyzer.is_stopword(w) or w.lower() == "no" for w in words), label


def test_labels_name_the_cause(fitted: TopicModelResult, corpus: Corpus) -> None:
    hints = {
        "cobro_duplicado": ("cobro", "factura", "cargo"),
        "entrega_tarde": ("pedido", "entrega", "retraso", "envío"),
        "app_login": ("app", "sesión", "aplicación", "contraseña"),
        "espera_telefono": ("teléfono", "llamada", "espera", "operador", "atención"),
        "reembolso": ("reembolso", "devolución"),
    }
    labels = fitted.topics.set_index("topic_id")["label"]
    for cause, (topic, _) in _majority(fitted, corpus).items():
        assert any(h in labels[topic].lower() for h in hints[cause]), (cause, labels[topic])


def test_keywords_have_no_stopwords_and_merge_inflections(fitted: TopicModelResult) -> None:
    analyzer = TopicAnalyzer()
    all_keywords = [kw for kws in fitted.topics["keywords"] for kw in kws]
    assert all_keywords
    for kw in all_keywords:
        words = kw.split()
        assert not analyzer.is_stopword(words[0]) and not analyzer.is_stopword(words[-1]), kw
        assert kw not in {"hola", "gracias", "saludos", "url", "usuario", "favor"}, kw
    for kws in fitted.topics["keywords"]:
        unigram_keys = [stem(k) for k in kws if " " not in k]
        assert len(unigram_keys) == len(set(unigram_keys)), kws  # cobro/cobros shown once
    cobro_topic = next(kws for kws in fitted.topics["keywords"] if "cobro" in kws)
    assert not {"cobros", "cobraron", "cobrado"} & set(cobro_topic)


def test_representative_comments_belong_to_their_topic(
    fitted: TopicModelResult, corpus: Corpus
) -> None:
    by_id = dict(zip(corpus.ids, fitted.assignments, strict=True))
    text_of = dict(zip(corpus.ids, corpus.texts, strict=True))
    for row in fitted.topics.itertuples():
        assert 3 <= len(row.representative_ids) <= CONFIG.n_representative
        assert len(set(row.representative_texts)) == len(row.representative_texts)
        for fid, text in zip(row.representative_ids, row.representative_texts, strict=True):
            assert by_id[fid] == row.topic_id
            assert text_of[fid] == text


def test_topics_map_to_their_journey_stage(fitted: TopicModelResult, corpus: Corpus) -> None:
    stages = fitted.topics.set_index("topic_id")["stage"]
    for cause, (topic, _) in _majority(fitted, corpus).items():
        assert stages[topic] == EXPECTED_STAGE[cause], (cause, stages[topic])
    assert set(stages.dropna()) <= set(STAGES)


def test_outlier_reduction_lowers_the_share_without_gluing(
    fitted: TopicModelResult, corpus: Corpus
) -> None:
    share = fitted.outlier_share
    assert share.before > 0
    assert share.after <= share.before
    assert share.after == pytest.approx(float(np.mean(fitted.assignments == -1)))
    # the unrelated comments stay out of every topic (strays are dropped, nothing glued back)
    noise = np.array(corpus.causes) == "noise"
    assert np.mean(fitted.assignments[noise] == -1) >= 0.8
    # whatever the reduction moved joins the topic of its own cause
    moved = np.flatnonzero((fitted.assignments_before == -1) & (fitted.assignments != -1))
    if len(moved):
        majority_cause = {}
        for topic in set(fitted.assignments[moved].tolist()):
            members = [
                c
                for t, c in zip(fitted.assignments_before, corpus.causes, strict=True)
                if t == topic
            ]
            majority_cause[topic] = Counter(members).most_common(1)[0][0]
        agree = [corpus.causes[i] == majority_cause[fitted.assignments[i]] for i in moved]
        assert np.mean(agree) >= 0.8
    # a cause's comments left out by the clusterer are placed back: take one topic's members
    # out and let the reduction rule place them
    topic = int(fitted.topics["topic_id"].iloc[0])
    members = np.flatnonzero(fitted.assignments_before == topic)
    emb = _embeddings_of(corpus)
    emb = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    placed = nearest_topics(
        emb[members],
        fitted.centroids,
        fitted.thresholds,
        np.sort(fitted.topics["topic_id"].to_numpy()),
    )
    assert np.mean(placed == topic) >= 0.8

    no_reduction = fit_topics(
        corpus.texts,
        _embeddings_of(corpus),
        corpus.ids,
        CONFIG.model_copy(update={"reduce_outliers": False}),
    )
    assert no_reduction.outlier_share.after == pytest.approx(share.before)


def _embeddings_of(corpus: Corpus) -> np.ndarray:
    return embed(corpus.texts)


def test_assign_new_comments_between_refits(fitted: TopicModelResult, corpus: Corpus) -> None:
    new = make_corpus(n_per_cause=6, n_noise=0, seed=99)
    unrelated = [
        "la final de baloncesto fue emocionante",
        "receta de galletas de avena con pasas",
        "el volcán entró en erupción esta mañana",
    ]
    got = assign_topics(fitted, new.texts + unrelated, embed(new.texts + unrelated))
    assert got.shape == (len(new.texts) + 3,)
    majority = _majority(fitted, corpus)
    placed = 0
    for topic, cause in zip(got[: len(new.texts)], new.causes, strict=True):
        if topic != -1:
            placed += 1
            assert topic == majority[cause][0] or topic not in {t for t, _ in majority.values()}
    assert placed >= 0.7 * len(new.texts)
    cause_topics = {t for t, _ in majority.values()}
    assert not set(got[len(new.texts) :].tolist()) & cause_topics


def test_empty_texts_and_bad_embeddings_get_no_topic(
    corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    texts = list(corpus.texts)
    emb = corpus_embeddings.copy()
    texts[0] = ""
    emb[1] = np.nan
    result = fit_topics(texts, emb, corpus.ids, CONFIG)
    assert result.assignments[0] == -1 and result.assignments[1] == -1
    assert assign_topics(result, ["", "x"], np.vstack([emb[2], np.zeros(512)])).tolist() == [-1, -1]


def test_misaligned_inputs_are_refused(corpus: Corpus, corpus_embeddings: np.ndarray) -> None:
    with pytest.raises(ModelError, match="align"):
        fit_topics(corpus.texts[:-1], corpus_embeddings, corpus.ids, CONFIG)
    with pytest.raises(ModelError, match="align"):
        fit_topics(corpus.texts, corpus_embeddings, corpus.ids[:-1], CONFIG)


def test_too_few_comments_give_an_empty_result() -> None:
    result = fit_topics(["hola"] * 5, np.ones((5, 8)), [str(i) for i in range(5)], CONFIG)
    assert result.n_topics == 0 and (result.assignments == -1).all()
    assert list(result.topics.columns) == list(TOPIC_COLUMNS)


def test_coherence_is_reported_and_matches_recomputation(
    fitted: TopicModelResult, corpus: Corpus
) -> None:
    assert fitted.coherence is not None and -1.0 <= fitted.coherence <= 1.0
    assert fitted.coherence > 0  # template topics: their words co-occur
    mean, per_topic = npmi_coherence(corpus.texts, fitted.keyword_keys)
    assert set(per_topic) == set(fitted.coherence_by_topic)
    assert mean == pytest.approx(fitted.coherence, abs=0.05)


def test_kmeans_and_pca_parts_can_be_chosen(corpus: Corpus, corpus_embeddings: np.ndarray) -> None:
    config = TopicsConfig(reducer="pca", clusterer="kmeans", n_clusters=5, n_components=10)
    result = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    assert result.n_topics == 5
    assert result.outlier_share.before == 0.0


@pytest.mark.slow
def test_a_fresh_process_with_another_hash_seed_gives_the_same_topics(
    fitted: TopicModelResult,
) -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    code = (
        "import json, sys\n"
        "from topics.corpus import embed, make_corpus\n"
        "from cxnlp.topics import TopicsConfig, fit_topics\n"
        "c = make_corpus()\n"
        f"config = TopicsConfig.model_validate_json({CONFIG.model_dump_json()!r})\n"
        "r = fit_topics(c.texts, embed(c.texts), c.ids, config)\n"
        "print(json.dumps({'a': r.assignments.tolist(), 'labels': r.topics.label.tolist()}))\n"
    )
    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345",
        "PYTHONPATH": os.pathsep.join([str(repo), str(repo / "tests")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["a"] == fitted.assignments.tolist()
    assert got["labels"] == fitted.topics["label"].tolist()


def test_a_sampled_fit_places_the_other_comments(
    corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    config = CONFIG.model_copy(update={"max_fit_docs": 200})
    result = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    again = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    assert np.array_equal(result.assignments, again.assignments)
    assert result.n_topics >= 4
    assert np.mean(result.assignments != -1) >= 0.8
    assert int(result.topics["size"].sum()) == int(np.sum(result.assignments != -1))


def test_max_topics_merges_the_closest_topics(
    fitted: TopicModelResult, corpus: Corpus, corpus_embeddings: np.ndarray
) -> None:
    config = CONFIG.model_copy(update={"max_topics": 4})
    result = fit_topics(corpus.texts, corpus_embeddings, corpus.ids, config)
    assert 2 <= result.n_topics <= 4 < fitted.n_topics
    assert set(result.assignments.tolist()) - {-1} == set(result.topics["topic_id"])
