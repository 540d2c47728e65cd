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

A topic's *effect* is its coefficient minus the average fitted topic effect of
the answers that do not mention it (``b_t - mean_{i not in t} sum_u b_u x_iu``):
how much worse its answers score than the answers without it, once the other
topics' own effects are accounted for. Measuring against "the answers without
the topic" rather than against the answers in no topic keeps the estimate
stable when that group is small or odd (outlier reduction leaves few; answers
with an empty comment are their own population). With one topic per comment
the effect is ``score_topic - score_rest`` up to the ridge shrinkage, so the
*contribution*, effect times the topic's share of answers, matches the
leave-one-out impact; with co-occurring topics a topic that only rides along
with a harmful one gets (close to) no harm.

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
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve the ridge normal equations for one outcome.

    Args:
        sums: Per-pattern sums, shape ``(G, m)`` or ``(B, G, m)`` (bootstrap resamples).
        patterns: ``(G, k)`` 0/1 topic membership of each pattern.
        outcome: ``"nps"`` or ``"csat"``.
        alpha: L2 penalty on the topic and tone coefficients.
        use_tone: Whether the tone column enters the model.

    Returns:
        ``(coefficients, effects, contributions)``, each of shape ``(..., k)``: the ridge
        coefficients, the effects against the answers without the topic (see the module
        docstring) and the effects times the topic's share of answers. NaN where the
        sample has no answer for the outcome.
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
    co = np.einsum("...g,gi,gj->...ij", n, patterns, patterns)  # co-occurrence counts
    a[..., 1 : k + 1, 1 : k + 1] = co
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
    # Fitted topic effect summed over all answers, minus the part on answers in t.
    summed = (coef * n_topic).sum(axis=-1, keepdims=True)
    on_t = np.einsum("...u,...ut->...t", coef, co)
    n_rest = total[..., None] - n_topic
    with np.errstate(invalid="ignore", divide="ignore"):
        rest_mean = np.where(n_rest > 0, (summed - on_t) / n_rest, np.nan)
        share = n_topic / total[..., None]
    empty = ~(total[..., None] > 0)
    coef = np.where(empty, np.nan, coef)
    effect = np.where(empty, np.nan, coef - rest_mean)
    return coef, effect, effect * share
