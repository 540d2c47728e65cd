"""Customer-experience score metrics with confidence intervals, in one place.

Every metric returns an :class:`Estimate` (point value, interval bounds and the
number of valid answers it rests on) so that reports never show a number
without saying how sure it is. Missing answers (``None``, ``NaN``, ``pd.NA``)
are ignored everywhere; values outside a metric's range raise
:class:`~cxnlp.errors.CxnlpError`, because a 12 on a 0-10 scale means the
source mapping is wrong, not that the customer was very happy.

Conventions:

- Shares (NPS components, top-2 box, DSAT, FCR) are in percent, 0-100; NPS
  itself runs from -100 to 100.
- Means (CSAT, CES) are on the answer's own scale.
- With no valid answer the value and bounds are ``NaN`` and ``n`` is 0.
"""

from cxnlp.metrics.core import CSAT_SCALES, Estimate, wilson_interval
from cxnlp.metrics.scores import (
    ces_mean,
    csat_mean,
    csat_top2,
    csat_top2_by_row,
    dsat,
    nps,
    nps_value,
)
from cxnlp.metrics.tickets import fcr_rate, ttr_summary

__all__ = [
    "CSAT_SCALES",
    "Estimate",
    "ces_mean",
    "csat_mean",
    "csat_top2",
    "csat_top2_by_row",
    "dsat",
    "fcr_rate",
    "nps",
    "nps_value",
    "ttr_summary",
    "wilson_interval",
]
