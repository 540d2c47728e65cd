"""What a topic fit returns: assignments, the topic table and what assigning new comments needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cxnlp.topics.config import TopicsConfig

# Columns of the topic table that fit_topics fills; tracking adds "status" and "first_seen".
TOPIC_COLUMNS = (
    "topic_id",
    "label",
    "keywords",
    "size",
    "representative_ids",
    "representative_texts",
    "stage",
    "centroid",
)


class OutlierShare(NamedTuple):
    """Share of comments in no topic, before and after outlier reduction (0-1).

    A named tuple, so it serialises to JSON as ``[before, after]``.
    """

    before: float
    after: float


@dataclass
class TopicModelResult:
    """A fitted topic model over one window of comments.

    Attributes:
        assignments: topic id per input comment (``-1``: in no topic), after outlier
            reduction, aligned with the input.
        topics: one row per topic (columns :data:`TOPIC_COLUMNS`), ordered like ``centroids``.
        model: the fitted BERTopic (None when loaded without its BERTopic part).
        outlier_share: share of ``-1`` before and after reduction.
        assignments_before: topic id per comment before outlier reduction.
        ids: the feedback ids the assignments belong to.
        centroids: unit-length centroid per topic, row ``i`` is ``topics.topic_id[i]``.
        thresholds: cosine a new comment needs to reach to join topic ``i``
            (``assign_quantile`` of the members' cosines; outlier reduction used the
            stricter ``outlier_quantile``).
        keyword_keys: per topic id, its c-TF-IDF keys (stems) best first.
        coherence: mean NPMI of the topics' top unigram keys over the window (None if
            there are no topics).
        coherence_by_topic: NPMI per topic id.
        cluster_ids: the raw cluster id behind each row of ``topics`` (equal to
            ``topics.topic_id`` until :func:`cxnlp.topics.tracking.apply_tracking`
            gives the topics their stable ids).
        config: the settings of the fit.
        versions: library versions the model was fitted with.
        fitted_on: the ISO date of the run that fitted the model, if known. Nights that
            only assign new comments save the model again with this date unchanged.
    """

    assignments: np.ndarray
    topics: pd.DataFrame
    model: Any
    outlier_share: OutlierShare
    assignments_before: np.ndarray
    ids: list[str]
    centroids: np.ndarray
    thresholds: np.ndarray
    keyword_keys: dict[int, list[str]]
    coherence: float | None
    coherence_by_topic: dict[int, float]
    cluster_ids: np.ndarray
    config: TopicsConfig
    versions: dict[str, str] = field(default_factory=dict)
    fitted_on: str | None = None  # ISO date of the run that fitted it (kept by assign-only runs)

    @property
    def n_topics(self) -> int:
        """Number of topics (the outlier bucket excluded)."""
        return len(self.topics)
