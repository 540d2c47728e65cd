"""Scores of the sample rows: NPS, CSAT, CES, and ticket handling times.

NPS values are drawn per day and per cause by stratified sampling (one
uniform per stratum of the cause's distribution), so that each day's mix of
scores matches the planted distribution closely and the measured impacts do
not wander with sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .causes import Cause, nps_pmf


def draw_nps_stratified(rng: np.random.Generator, cause: Cause, n: int) -> np.ndarray:
    """Return ``n`` NPS scores (0-10) whose mix follows ``cause``'s distribution."""
    if n == 0:
        return np.zeros(0, dtype=int)
    cdf = np.cumsum(nps_pmf(cause.nps_mu, cause.nps_sd))
    u = (rng.permutation(n) + rng.random(n)) / n
    return np.minimum(np.searchsorted(cdf, u, side="right"), 10).astype(int)


def csat_from_nps(rng: np.random.Generator, nps: int, shift: float) -> int:
    """Return a CSAT (1-5) consistent with the respondent's NPS."""
    value = 1.0 + 4.0 * nps / 10.0 + shift + rng.normal(0.0, 0.55)
    return int(min(5, max(1, round(value))))


def ces_from_nps(rng: np.random.Generator, nps: int, shift: float) -> int:
    """Return a CES (1-7, 7 = very easy) consistent with the respondent's NPS."""
    value = 2.0 + 5.0 * nps / 10.0 + shift + rng.normal(0.0, 0.9)
    return int(min(7, max(1, round(value))))


@dataclass(frozen=True)
class TicketOutcome:
    """How a ticket ends, decided when it opens (masked until it happens)."""

    resolved_at: datetime
    fcr: bool
    reopen_count: int
    csat: int | None


def draw_ticket_outcome(
    rng: np.random.Generator, cause: Cause, opened_at: datetime
) -> TicketOutcome:
    """Return the resolution time, FCR, reopens and post-ticket CSAT of a ticket."""
    fcr = bool(rng.random() < cause.fcr_prob)
    if fcr:
        hours = float(rng.uniform(0.1, 2.5))
        reopens = 0
    else:
        hours = float(rng.lognormal(np.log(20.0 * cause.ttr_factor), 0.8))
        reopens = int(rng.poisson(cause.reopen_rate))
        hours *= 1.0 + 0.6 * reopens
    hours = min(hours, 24.0 * 40)
    resolved = opened_at + timedelta(seconds=int(hours * 3600))
    csat: int | None = None
    if rng.random() >= 0.4:  # about 40% never answer the post-ticket survey
        mean = 4.4 - 0.45 * np.log2(1.0 + hours / 24.0) - 0.4 * reopens + cause.ticket_csat_shift
        if fcr:
            mean += 0.3
        csat = int(min(5, max(1, round(mean + rng.normal(0.0, 0.7)))))
    return TicketOutcome(resolved_at=resolved, fcr=fcr, reopen_count=reopens, csat=csat)
