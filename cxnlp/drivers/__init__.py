"""Root-cause ranking: which topics cost the most NPS and CSAT, how sure we are, what first.

- :func:`compute_topic_stats`: descriptive figures per topic (volume, scores, tone,
  tickets, segments where it concentrates), over the window and recent days.
- :func:`rank_drivers`: the drivers table: stats plus leave-one-out and key-driver
  impacts with bootstrap intervals, trend test, priority score and a reason.
"""

from __future__ import annotations

from cxnlp.drivers.rank import rank_drivers
from cxnlp.drivers.stats import compute_topic_stats

__all__ = ["compute_topic_stats", "rank_drivers"]
