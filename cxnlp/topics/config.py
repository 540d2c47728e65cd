"""Config section ``topics``: how BERTopic is assembled and tracked."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


class TopicsConfig(BaseModel):
    """Topic-model settings.

    The defaults suit windows of a few hundred to ~50,000 comments. For larger
    windows see the notes in :mod:`cxnlp.topics` (``max_fit_docs``, ``pca_before_umap``,
    ``umap_low_memory``).
    """

    model_config = ConfigDict(extra="forbid")

    window_days: int = Field(default=90, ge=1)
    refit: bool = True  # refit on the window each run; False assigns new comments only
    # with refit on: refit only when the last fit is at least this many days old, and assign
    # new comments to the fitted topics on the nights between (7: a weekly refit)
    refit_every_days: int = Field(default=1, ge=1)
    seed: int = 42
    min_topic_size: int = Field(default=30, ge=2)
    # registered names (cxnlp.topics.components): umap | pca, hdbscan | kmeans
    reducer: str = "umap"
    clusterer: str = "hdbscan"
    n_clusters: int = Field(default=20, ge=2)  # for kmeans
    n_keywords: int = Field(default=10, ge=3)
    n_representative: int = Field(default=5, ge=3, le=10)
    reduce_outliers: bool = True
    stages: dict[str, list[str]] = Field(default_factory=dict)  # journey stage -> seed words

    # -- reduction (UMAP / PCA)
    n_neighbors: int = Field(default=15, ge=2)
    n_components: int = Field(default=5, ge=2)
    umap_low_memory: bool = False  # True for windows over ~50,000 comments
    # UMAP's starting layout. "spectral" (UMAP's own default) differs from one call to the
    # next within a process on windows over ~4,000 comments; "pca" is seeded and repeatable
    umap_init: Literal["pca", "spectral", "random"] = "pca"
    pca_before_umap: int | None = Field(default=None, ge=2)  # e.g. 50 for very large windows

    # -- clustering (HDBSCAN)
    min_samples: int | None = Field(default=None, ge=1)  # None: min_topic_size // 3 (at least 2)
    cluster_selection: Literal["eom", "leaf"] = "eom"
    max_fit_docs: int | None = Field(default=None, ge=100)  # fit on a seeded sample this large
    # merge the closest topics (average linkage on centroid cosine) down to this many
    max_topics: int | None = Field(default=None, ge=2)

    # -- topic words
    ngram_max: int = Field(default=3, ge=1, le=3)
    min_df: int | None = Field(default=None, ge=1)  # documents; None: grows with the window
    extra_stopwords: list[str] = Field(default_factory=list)  # brand names, product codes
    # comments of these source kinds that name several things are split into clauses and
    # each clause is placed in a topic (cxnlp/run/clauses.py); [] turns it off
    clause_kinds: list[str] = Field(default_factory=lambda: ["survey", "social"])

    # -- outliers: an outlier joins its nearest topic when at least as close to its centroid
    # as the `outlier_quantile` quantile of that topic's own members (and above the floor).
    # The clusterer already judged outliers to fit nowhere, so this rule is strict; new
    # comments between refits (and comments left out of a sampled fit) come from the same
    # population as the members and use the laxer `assign_quantile`.
    outlier_quantile: float = Field(default=0.25, ge=0.0, le=1.0)
    assign_quantile: float = Field(default=0.05, ge=0.0, le=1.0)
    outlier_min_similarity: float = Field(default=0.0, ge=-1.0, le=1.0)
    # members further than this many robust deviations (1.4826 x MAD) below their topic's
    # median cosine to its centroid are strays glued on by the reduction; None keeps them
    stray_mad: float | None = Field(default=3.0, gt=0.0)

    # -- stages: share of a topic's comments that mention a stage's seed words
    stage_min_coverage: float = Field(default=0.25, ge=0.0, le=1.0)

    # -- tracking across runs
    track_min_similarity: float = Field(default=0.80, ge=-1.0, le=1.0)
    track_min_keyword_overlap: float = Field(default=0.20, ge=0.0, le=1.0)
    track_strong_similarity: float = Field(default=0.95, ge=-1.0, le=1.0)
    # a refit that cuts a previous topic into pieces merges them back (see split_groups)
    track_merge_splits: bool = True

    @field_validator("reducer", "clusterer")
    @classmethod
    def _registered(cls, value: str, info: ValidationInfo) -> str:
        from cxnlp import registry
        from cxnlp.topics.components import CLUSTERERS, REDUCERS

        namespace = REDUCERS if info.field_name == "reducer" else CLUSTERERS
        known = registry.names(namespace)
        if value not in known:
            short = ", ".join(repr(n) for n in known if "." not in n)
            raise ValueError(f"unknown {info.field_name} {value!r}; registered: {short}")
        return value
