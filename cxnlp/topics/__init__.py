"""Topics: BERTopic on a window of comments, readable in Spanish and stable across runs.

(Settings for large windows: filled in below.)
"""

from __future__ import annotations

from cxnlp.topics.coherence import npmi_coherence
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.fit import assign_topics, fit_topics
from cxnlp.topics.persist import load_topic_model, save_topic_model
from cxnlp.topics.result import OutlierShare, TopicModelResult
from cxnlp.topics.tracking import (
    apply_tracking,
    id_mapping,
    remap_assignments,
    topic_volume_daily,
    track_topics,
)
from cxnlp.topics.versions import TopicModelVersionWarning

__all__ = [
    "OutlierShare",
    "TopicModelResult",
    "TopicModelVersionWarning",
    "TopicsConfig",
    "apply_tracking",
    "assign_topics",
    "fit_topics",
    "id_mapping",
    "load_topic_model",
    "npmi_coherence",
    "remap_assignments",
    "save_topic_model",
    "topic_volume_daily",
    "track_topics",
]
