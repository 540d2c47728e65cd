"""Topics: BERTopic on a window of comments, readable in Spanish and stable across runs.

:func:`fit_topics` fits BERTopic (built from config parts in
:mod:`cxnlp.topics.build`) on the embeddings the enrichment step already
computed; :func:`assign_topics` places new comments between refits;
:func:`track_topics` keeps ids stable from one night to the next;
:mod:`cxnlp.topics.persist` saves and loads a fitted model. How each part
works, and what was measured with ``bench/bench_topics.py``, is in
``docs/topics.md``.
"""

from __future__ import annotations

from cxnlp.topics.coherence import npmi_coherence
from cxnlp.topics.config import TopicsConfig
from cxnlp.topics.fit import assign_topics, fit_topics
from cxnlp.topics.model import TopicModel
from cxnlp.topics.persist import load_topic_model, read_fitted_on, save_topic_model
from cxnlp.topics.result import OutlierShare, TopicModelResult
from cxnlp.topics.tracking import (
    apply_tracking,
    id_mapping,
    remap_assignments,
    split_groups,
    topic_volume_daily,
    track_topics,
)
from cxnlp.topics.versions import TopicModelVersionWarning

__all__ = [
    "OutlierShare",
    "TopicModel",
    "TopicModelResult",
    "TopicModelVersionWarning",
    "TopicsConfig",
    "apply_tracking",
    "assign_topics",
    "fit_topics",
    "id_mapping",
    "load_topic_model",
    "npmi_coherence",
    "read_fitted_on",
    "remap_assignments",
    "save_topic_model",
    "split_groups",
    "topic_volume_daily",
    "track_topics",
]
