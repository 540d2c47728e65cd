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
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import Pipeline

from cxnlp.errors import ConfigError
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
    """UMAP (optionally after PCA) or PCA, seeded."""
    n_components = min(config.n_components, max(2, n_docs - 2))
    if config.reducer == "pca":
        return PCA(n_components=n_components, random_state=config.seed)
    if config.reducer != "umap":
        raise ConfigError(f"topics.reducer is {config.reducer!r}; accepted: 'umap', 'pca'")
    from umap import UMAP

    umap = UMAP(
        n_neighbors=min(config.n_neighbors, max(2, n_docs - 1)),
        n_components=n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=config.seed,
        n_jobs=1,  # a seeded UMAP runs on one thread anyway; say so to silence its warning
        low_memory=config.umap_low_memory,
        transform_seed=config.seed,
        init=config.umap_init,
    )
    if config.pca_before_umap:
        return Pipeline(
            [
                ("pca", PCA(n_components=config.pca_before_umap, random_state=config.seed)),
                ("umap", umap),
            ]
        )
    return umap


def min_samples_for(config: TopicsConfig) -> int:
    """HDBSCAN's ``min_samples``: config value or a third of the minimum topic size."""
    if config.min_samples is not None:
        return config.min_samples
    return max(2, config.min_topic_size // 3)


def build_clusterer(config: TopicsConfig, n_docs: int) -> Any:
    """HDBSCAN or k-means over the reduced embeddings."""
    if config.clusterer == "kmeans":
        from sklearn.cluster import KMeans

        return KMeans(
            n_clusters=min(config.n_clusters, max(1, n_docs)), random_state=config.seed, n_init=4
        )
    if config.clusterer != "hdbscan":
        raise ConfigError(
            f"topics.clusterer is {config.clusterer!r}; accepted: 'hdbscan', 'kmeans'"
        )
    from hdbscan import HDBSCAN

    return HDBSCAN(
        min_cluster_size=config.min_topic_size,
        min_samples=min_samples_for(config),
        metric="euclidean",
        cluster_selection_method=config.cluster_selection,
        prediction_data=False,  # new comments are assigned by centroid, not by HDBSCAN
        core_dist_n_jobs=1,
    )


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
