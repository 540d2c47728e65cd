"""Impact of each topic on NPS and CSAT: leave-one-out and key-driver, with bootstrap intervals.

Leave-one-out (as CX tools report it): ``score(all answers) - score(answers
without the topic)``. Negative means the topic drags the score down; a topic
whose answers score like everyone else's has an impact near 0 whatever its size.
For one topic per comment it equals ``share * (score_topic - score_rest)``.

Both estimators are computed from per-pattern sums (see
:mod:`cxnlp.drivers.design`), for the sample and for ``config.bootstrap``
seeded resamples of the scored answers; intervals are bootstrap percentiles.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from cxnlp.drivers.bootstrap import bootstrap_group_sums, group_sums, percentile_interval
from cxnlp.drivers.design import OUTCOMES, ScoreDesign, column_index
from cxnlp.drivers.keydriver import fit_from_sums
from cxnlp.ranking_config import RankingConfig

log = logging.getLogger(__name__)


def loo_from_sums(sums: np.ndarray, patterns: np.ndarray, outcome: str) -> np.ndarray:
    """Leave-one-out impact per topic from per-pattern sums.

    Args:
        sums: ``(G, m)`` or ``(B, G, m)`` per-pattern sums.
        patterns: ``(G, k)`` topic membership of each pattern.
        outcome: ``"nps"`` or ``"csat"``.

    Returns:
        Array ``(..., k)``: score of all answers minus score without the topic
        (NaN when there is no answer, or no answer outside the topic).
    """
    n = sums[..., column_index(outcome, "has")]
    y = sums[..., column_index(outcome, "y")]
    n_all = n.sum(axis=-1, keepdims=True)
    y_all = y.sum(axis=-1, keepdims=True)
    n_rest = n_all - n @ patterns
    y_rest = y_all - y @ patterns
    with np.errstate(invalid="ignore", divide="ignore"):
        score_all = np.where(n_all > 0, y_all / n_all, np.nan)
        score_rest = np.where(n_rest > 0, y_rest / n_rest, np.nan)
    return score_all - score_rest


def estimate_impacts(design: ScoreDesign, config: RankingConfig) -> pd.DataFrame:
    """Leave-one-out and key-driver impacts of every modelled topic, with intervals.

    Args:
        design: Scored rows grouped by membership pattern.
        config: ``bootstrap``, ``seed``, ``confidence``, ``ridge_alpha``, ``keydriver_tone``.

    Returns:
        One row per topic of ``design.topic_ids`` with, for ``o`` in nps and csat:
        ``loo_o``, ``loo_o_lo``, ``loo_o_hi``, ``keydriver_o`` (contribution in points),
        ``keydriver_o_lo``, ``keydriver_o_hi`` and ``keydriver_o_effect`` (points by which
        an answer that mentions the topic scores below the answers without it, net of
        the other topics).
    """
    out = pd.DataFrame({"topic_id": design.topic_ids})
    if len(design.topic_ids) == 0:
        return out
    point = group_sums(design.groups, design.values, design.n_groups)
    boot = bootstrap_group_sums(
        design.groups,
        design.values,
        design.n_groups,
        resamples=config.bootstrap,
        seed=config.seed,
    )
    use_tone = config.keydriver_tone != "none"
    for outcome in OUTCOMES:
        loo = loo_from_sums(point, design.patterns, outcome)
        lo, hi = percentile_interval(
            loo_from_sums(boot, design.patterns, outcome), config.confidence
        )
        out[f"loo_{outcome}"], out[f"loo_{outcome}_lo"], out[f"loo_{outcome}_hi"] = loo, lo, hi

        _, effect, contrib = fit_from_sums(
            point, design.patterns, outcome, alpha=config.ridge_alpha, use_tone=use_tone
        )
        _, _, boot_contrib = fit_from_sums(
            boot, design.patterns, outcome, alpha=config.ridge_alpha, use_tone=use_tone
        )
        lo, hi = percentile_interval(boot_contrib, config.confidence)
        out[f"keydriver_{outcome}"] = contrib
        out[f"keydriver_{outcome}_lo"], out[f"keydriver_{outcome}_hi"] = lo, hi
        out[f"keydriver_{outcome}_effect"] = effect
    log.debug("impacts of %d topics from %d scored answers", len(out), len(design.groups))
    return out
