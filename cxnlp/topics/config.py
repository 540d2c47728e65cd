"""Config section ``topics``: how BERTopic is assembled and tracked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TopicsConfig(BaseModel):
    """Topic-model settings."""

    model_config = ConfigDict(extra="forbid")

    window_days: int = Field(default=90, ge=1)
    refit: bool = True  # refit on the window each run; False assigns new comments only
    seed: int = 42
    min_topic_size: int = Field(default=30, ge=2)
    reducer: str = "umap"  # umap | pca
    clusterer: str = "hdbscan"  # hdbscan | kmeans
    n_clusters: int = Field(default=20, ge=2)  # for kmeans
    n_keywords: int = Field(default=10, ge=3)
    n_representative: int = Field(default=5, ge=3, le=10)
    reduce_outliers: bool = True
    stages: dict[str, list[str]] = Field(default_factory=dict)  # journey stage -> seed words
