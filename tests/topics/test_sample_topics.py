"""On the bundled sample data, every planted root cause becomes its own labelled topic(s)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from cxnlp.topics import TopicsConfig, fit_topics
from cxnlp.topics.build import build_reducer
from cxnlp.topics.spanish import TopicAnalyzer
from topics.corpus import embed, load_sample_texts

sampledata = pytest.importorskip("cxnlp.sampledata")

REPO = Path(__file__).resolve().parents[2]


def _config() -> TopicsConfig:
    """The shipped default topics config when present (what a user runs), else defaults."""
    path = REPO / "configs" / "default.yaml"
    section = yaml.safe_load(path.read_text("utf-8")).get("topics", {}) if path.exists() else {}
    return TopicsConfig(**section)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list, list, list, np.ndarray]:
    manifest = sampledata.generate_sample(tmp_path_factory.mktemp("sample"), days=60)
    truth = json.loads(Path(manifest.truth).read_text("utf-8"))
    texts, ids, causes = load_sample_texts(str(manifest.out_dir))
    return truth, texts, ids, causes, embed(texts)


@pytest.mark.slow
def test_the_reduction_repeats_within_one_process(sample: tuple) -> None:
    """Over ~4,000 comments UMAP's spectral start changed from one call to the next in
    one process (nightly runs in a notebook or a long-lived worker gave other topics)."""
    _, texts, _, _, embeddings = sample
    assert len(texts) > 4096  # where UMAP switches to approximate neighbours
    unit = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    config = _config()
    first = build_reducer(config, len(unit)).fit_transform(unit)
    second = build_reducer(config, len(unit)).fit_transform(unit)
    assert np.array_equal(first, second)


# A cause's "home" topics: at least this pure, and holding at least this share of the
# cause's clustered comments. A cause may come as one topic or a few pure sub-topics
# (delivery splits into "retraso", "no llega", "almacén" on some samples); what must not
# happen is a cause scattered into mixed topics or left without a topic of its own.
HOME_PURITY = 0.7
HOME_MIN_SHARE = 0.05


@pytest.mark.slow
def test_planted_causes_each_map_to_their_own_labelled_topic(sample: tuple) -> None:
    truth, texts, ids, causes, embeddings = sample
    result = fit_topics(texts, embeddings, ids, _config())
    assert result.n_topics >= 5
    analyzer = TopicAnalyzer()
    labels = result.topics.set_index("topic_id")["label"]
    keywords = result.topics.set_index("topic_id")["keywords"]
    sizes = Counter(result.assignments.tolist())
    taken: dict[int, str] = {}
    for cause in (c for c in truth["causes"] if not c["neutral"]):
        cid = cause["cause_id"]
        mine = np.array([c == cid for c in causes])
        topics = Counter(t for t in result.assignments[mine].tolist() if t != -1)
        total = sum(topics.values())
        homes = [
            t
            for t, k in topics.items()
            if k / sizes[t] >= HOME_PURITY and k / total >= HOME_MIN_SHARE
        ]
        covered = sum(topics[t] for t in homes) / mine.sum()
        shown_spread = [(t, k, round(k / sizes[t], 2)) for t, k in topics.most_common(5)]
        assert covered >= 0.5, (cid, covered, shown_spread)
        cause_keys = {k for k in (analyzer.key_of(w) for w in cause["keywords"]) if k}
        for topic in homes:
            assert topic not in taken, (cid, taken.get(topic))
            taken[topic] = cid
            # the label or the top keywords use the cause's own words
            shown = [labels[topic], *keywords[topic][:5]]
            shown_keys = {k for text in shown for k in analyzer(text)}
            assert cause_keys & shown_keys, (cid, labels[topic], keywords[topic][:5])

    # outliers were reduced, and the comments moved mostly joined their own cause's topic
    share = result.outlier_share
    assert share.after < share.before
    labels_arr = np.asarray(causes)
    moved = np.flatnonzero((result.assignments_before == -1) & (result.assignments != -1))
    majority = {
        t: Counter(labels_arr[result.assignments_before == t]).most_common(1)[0][0]
        for t in set(result.assignments[moved].tolist())
    }
    agree = np.mean([labels_arr[i] == majority[result.assignments[i]] for i in moved])
    # The truth is one planted cause per comment, but many comments mention two things
    # ("me resolvieron el problema, pero la espera al teléfono fue larga"). Over seeds 1-4
    # and 42 this measured 0.77-0.91 (0.80-0.82 with the default PCA start, even with a
    # stricter outlier_quantile of 0.35); the misses were mostly such mixed comments.
    assert agree >= 0.75, agree
