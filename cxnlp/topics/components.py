"""Topic reducers and clusterers, registered by name and picked by ``topics.reducer``/``clusterer``.

A reducer turns the embeddings into a few dimensions BERTopic clusters on; a
clusterer groups them. Each is registered in :mod:`cxnlp.registry` (namespaces
``"topic_reducers"`` and ``"topic_clusterers"``) under a short name, the one
configs use (``umap``, ``pca``, ``hdbscan``, ``kmeans``), and a dotted, versioned
one (``cxnlp.topics.reducer.umap.v1``). A component is a class with:

- ``build(config, n_docs)``: the seeded, single-threaded estimator for BERTopic;
- ``smallest_topic(config)``: the fewest comments a fit needs per topic;
- ``marks_outliers``: whether the clusterer leaves comments out (so that members
  far from their topic may be turned into outliers too).

The heavy libraries are imported when a component is built, not here: the config
checks names against this registry without loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from cxnlp.registry import get, names, register

if TYPE_CHECKING:
    from cxnlp.topics.config import TopicsConfig

REDUCERS = "topic_reducers"
CLUSTERERS = "topic_clusterers"


class TopicComponent:
    """What every reducer and clusterer says about itself (see the module docstring)."""

    marks_outliers: ClassVar[bool] = False

    @staticmethod
    def build(config: TopicsConfig, n_docs: int) -> Any:
        raise NotImplementedError

    @staticmethod
    def smallest_topic(config: TopicsConfig) -> int:
        return config.min_topic_size


def _n_components(config: TopicsConfig, n_docs: int) -> int:
    return min(config.n_components, max(2, n_docs - 2))


@register(REDUCERS, "umap")
@register(REDUCERS, "cxnlp.topics.reducer.umap.v1")
class UmapReducer(TopicComponent):
    """UMAP on cosine distance (after a PCA when ``pca_before_umap`` is set), seeded."""

    @staticmethod
    def build(config: TopicsConfig, n_docs: int) -> Any:
        from sklearn.decomposition import PCA
        from sklearn.pipeline import Pipeline
        from umap import UMAP

        umap = UMAP(
            n_neighbors=min(config.n_neighbors, max(2, n_docs - 1)),
            n_components=_n_components(config, n_docs),
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


@register(REDUCERS, "pca")
@register(REDUCERS, "cxnlp.topics.reducer.pca.v1")
class PcaReducer(TopicComponent):
    """PCA, seeded: fast and linear, for tests and very large windows."""

    @staticmethod
    def build(config: TopicsConfig, n_docs: int) -> Any:
        from sklearn.decomposition import PCA

        return PCA(n_components=_n_components(config, n_docs), random_state=config.seed)


def min_samples_for(config: TopicsConfig) -> int:
    """HDBSCAN's ``min_samples``: config value or a third of the minimum topic size."""
    if config.min_samples is not None:
        return config.min_samples
    return max(2, config.min_topic_size // 3)


@register(CLUSTERERS, "hdbscan")
@register(CLUSTERERS, "cxnlp.topics.clusterer.hdbscan.v1")
class HdbscanClusterer(TopicComponent):
    """HDBSCAN: as many topics as the data holds, and outliers for what fits none."""

    marks_outliers = True

    @staticmethod
    def build(config: TopicsConfig, n_docs: int) -> Any:
        from hdbscan import HDBSCAN

        return HDBSCAN(
            min_cluster_size=config.min_topic_size,
            min_samples=min_samples_for(config),
            metric="euclidean",
            cluster_selection_method=config.cluster_selection,
            prediction_data=False,  # new comments are assigned by centroid, not by HDBSCAN
            core_dist_n_jobs=1,
        )


@register(CLUSTERERS, "kmeans")
@register(CLUSTERERS, "cxnlp.topics.clusterer.kmeans.v1")
class KmeansClusterer(TopicComponent):
    """k-means with ``n_clusters`` topics; every comment is placed."""

    @staticmethod
    def build(config: TopicsConfig, n_docs: int) -> Any:
        from sklearn.cluster import KMeans

        return KMeans(
            n_clusters=min(config.n_clusters, max(1, n_docs)), random_state=config.seed, n_init=4
        )

    @staticmethod
    def smallest_topic(config: TopicsConfig) -> int:
        return config.n_clusters


def reducer(name: str) -> type[TopicComponent]:
    """The reducer registered as ``name``.

    Raises:
        RegistryError: naming the reducers that exist.
    """
    found: type[TopicComponent] = get(REDUCERS, name)  # type: ignore[assignment]
    return found


def clusterer(name: str) -> type[TopicComponent]:
    """The clusterer registered as ``name``.

    Raises:
        RegistryError: naming the clusterers that exist.
    """
    found: type[TopicComponent] = get(CLUSTERERS, name)  # type: ignore[assignment]
    return found


__all__ = [
    "CLUSTERERS",
    "REDUCERS",
    "TopicComponent",
    "clusterer",
    "min_samples_for",
    "names",
    "reducer",
]
