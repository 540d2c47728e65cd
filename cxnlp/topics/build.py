"""Assemble BERTopic from the parts that config names.

Every part is built here with a fixed seed and single-threaded settings where
threads would change results, so the same data and config give the same topics.
BERTopic never receives an embedding model: the caller hands it the
embeddings the enrichment step already computed.
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from cxnlp.topics.components import clusterer, reducer
from cxnlp.topics.components import min_samples_for as min_samples_for
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.spanish import TopicAnalyzer

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """Silence BERTopic's and UMAP's chatter about choices made on purpose here."""
    bertopic_logger = logging.getLogger("BERTopic")
    level = bertopic_logger.level
    bertopic_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="umap")
            warnings.filterwarnings("ignore", message=".*n_jobs.*")
            warnings.filterwarnings("ignore", category=FutureWarning)
            yield
    finally:
        bertopic_logger.setLevel(level)


def auto_min_df(n_docs: int) -> int:
    """Documents a key must appear in: 2 for small windows, up to 10 for 100,000+."""
    return int(min(10, max(2, 2 + math.floor(n_docs / 12_500))))


def build_analyzer(config: TopicsConfig) -> TopicAnalyzer:
    """The Spanish analyzer that turns comments into c-TF-IDF keys."""
    return TopicAnalyzer(ngram_max=config.ngram_max, extra_stopwords=config.extra_stopwords)


def build_vocabulary(
    analyzer: TopicAnalyzer,
    docs: list[str],
    min_df: int,
    keep: set[str] | frozenset[str] = frozenset(),
) -> tuple[dict[str, int], sparse.csr_matrix]:
    """Count keys per document and keep those in at least ``min_df`` documents.

    BERTopic's vectorizer sees one concatenated document per topic, so a
    ``min_df`` given to it would count topics, not comments; the vocabulary is
    therefore fixed here, on the comments themselves.

    Args:
        analyzer: the key extractor.
        docs: the comments.
        min_df: minimum number of comments a key must occur in.
        keep: keys kept whatever their frequency (stage seed words).

    Returns:
        The vocabulary (key -> column) and a binary comments x keys matrix.
    """
    counter = CountVectorizer(analyzer=analyzer, binary=True, dtype=np.int32)
    matrix = counter.fit_transform(docs).tocsc()
    names = counter.get_feature_names_out()
    df = np.asarray(matrix.sum(axis=0)).ravel()
    wanted = (df >= min_df) | np.isin(names, sorted(keep))
    wanted &= df > 0
    columns = np.flatnonzero(wanted)
    vocabulary = {str(names[c]): i for i, c in enumerate(columns)}
    return vocabulary, matrix[:, columns].tocsr()


def build_reducer(config: TopicsConfig, n_docs: int) -> Any:
    """The reducer ``topics.reducer`` names (see :mod:`cxnlp.topics.components`), seeded."""
    return reducer(config.reducer).build(config, n_docs)


def build_clusterer(config: TopicsConfig, n_docs: int) -> Any:
    """The clusterer ``topics.clusterer`` names (see :mod:`cxnlp.topics.components`)."""
    return clusterer(config.clusterer).build(config, n_docs)


def build_vectorizer(analyzer: TopicAnalyzer, vocabulary: dict[str, int]) -> CountVectorizer:
    """The vectorizer BERTopic's c-TF-IDF uses: our analyzer over a fixed vocabulary."""
    return CountVectorizer(analyzer=analyzer, vocabulary=vocabulary)


def build_bertopic(
    config: TopicsConfig,
    analyzer: TopicAnalyzer,
    vocabulary: dict[str, int],
    n_docs: int,
) -> Any:
    """A BERTopic with every part chosen by config and no embedding model.

    Args:
        config: the topics section.
        analyzer: the Spanish analyzer.
        vocabulary: keys kept for c-TF-IDF (see :func:`build_vocabulary`).
        n_docs: number of comments the model is fitted on.
    """
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    return BERTopic(
        embedding_model=None,
        # Only used to pick an embedding model (never here: embeddings are always given)
        # and, when "english", to strip every non-ASCII character before c-TF-IDF.
        language="spanish",
        umap_model=build_reducer(config, n_docs),
        hdbscan_model=build_clusterer(config, n_docs),
        vectorizer_model=build_vectorizer(analyzer, vocabulary),
        # Stop-words are gone already; damping frequent words further would rank a
        # topic's rare typos above the words most of its comments share.
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=False),
        representation_model=None,
        top_n_words=max(30, 3 * config.n_keywords),
        min_topic_size=config.min_topic_size,
        nr_topics=config.max_topics,
        calculate_probabilities=False,
        low_memory=config.umap_low_memory,
        verbose=False,
    )
