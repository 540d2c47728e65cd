"""Multivariate key-driver model: ridge regression of the score on topic indicators plus tone.

Each answer's coded score (NPS: +100 / 0 / -100, CSAT: 0-100) is regressed on
an unpenalised intercept, one 0/1 indicator per ranked topic and a tone
covariate, with an L2 penalty ``alpha`` on the topic and tone coefficients::

    y_i = b0 + sum_t b_t * x_it + g * s_i + e_i

Because every topic enters together, two topics that appear in the same
comments share the explained drop instead of both taking it whole: the one
whose *own* comments (those without the other topic) score low keeps the
effect. The penalty keeps the fit defined when topics always co-occur (they
split the credit) and shrinks small topics (a topic with ``n`` answers is
shrunk by about ``n / (n + alpha)``).

A topic's *contribution* is ``b_t`` times the share of answers that mention it:
the points the overall score would move if the topic's effect vanished, in the
same units as the leave-one-out impact. The baseline is the answers in no
ranked topic.

The model is solved from per-pattern sums (normal equations), so the same code
fits the full sample and every bootstrap resample at once.
"""

from __future__ import annotations

import numpy as np

from cxnlp.drivers.design import column_index


def fit_from_sums(
    sums: np.ndarray,
    patterns: np.ndarray,
    outcome: str,
    *,
    alpha: float,
    use_tone: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Solve the ridge normal equations for one outcome.

    Args:
        sums: Per-pattern sums, shape ``(G, m)`` or ``(B, G, m)`` (bootstrap resamples).
        patterns: ``(G, k)`` 0/1 topic membership of each pattern.
        outcome: ``"nps"`` or ``"csat"``.
        alpha: L2 penalty on the topic and tone coefficients.
        use_tone: Whether the tone column enters the model.

    Returns:
        ``(coefficients, contributions)``, each of shape ``(..., k)``: the effect per
        answer mentioning the topic, and that effect times the topic's share of answers.
        NaN where the sample has no answer for the outcome.
    """
    n = sums[..., column_index(outcome, "has")]
    y = sums[..., column_index(outcome, "y")]
    k = patterns.shape[1]
    p = k + 1 + int(use_tone)
    batch = n.shape[:-1]
    total = n.sum(axis=-1)
    n_topic = n @ patterns

    a = np.zeros((*batch, p, p))
    rhs = np.zeros((*batch, p))
    a[..., 0, 0] = np.where(total > 0, total, 1.0)  # keeps empty samples solvable; NaN below
    a[..., 0, 1 : k + 1] = n_topic
    a[..., 1 : k + 1, 0] = n_topic
    a[..., 1 : k + 1, 1 : k + 1] = np.einsum("...g,gi,gj->...ij", n, patterns, patterns)
    rhs[..., 0] = y.sum(axis=-1)
    rhs[..., 1 : k + 1] = y @ patterns
    if use_tone:
        s = sums[..., column_index(outcome, "s")]
        ss = sums[..., column_index(outcome, "ss")]
        sy = sums[..., column_index(outcome, "sy")]
        s_topic = s @ patterns
        a[..., 0, -1] = a[..., -1, 0] = s.sum(axis=-1)
        a[..., 1 : k + 1, -1] = s_topic
        a[..., -1, 1 : k + 1] = s_topic
        a[..., -1, -1] = ss.sum(axis=-1)
        rhs[..., -1] = sy.sum(axis=-1)
    diag = np.arange(1, p)
    a[..., diag, diag] += alpha
    solution = np.linalg.solve(a, rhs[..., None])[..., 0]
    coef = solution[..., 1 : k + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = n_topic / total[..., None]
    coef = np.where(total[..., None] > 0, coef, np.nan)
    return coef, coef * share
