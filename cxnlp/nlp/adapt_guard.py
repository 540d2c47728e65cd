"""Whether an adapted head's held-out figures may promote it without a person.

Measured in docs/models.md ("The promotion guard"): on a sample whose scores follow
the comments' themes only loosely, a head trained on weak labels beat the current
one by 7 points against the held-out weak labels and lost 6.7 against what the
comments were about. Weak labels cannot judge a head trained on weak labels, so:

- with at least ``models.adapt.min_corrections`` analysts' corrections in the
  held-out slice, the head is judged on those corrections alone;
- with fewer, it can still win on the whole slice, but it is only registered:
  a person promotes it (``cxnlp models promote``). ``min_corrections: 0`` gives
  back the old rule (promote on the whole slice).

Held-out weak labels the current head contradicts with at least
``models.adapt.weak_filter`` are left out of the weak figure, as they are left out
of the training (``trusted``), and a head that scores lower than the current one
on the trusted weak labels is never promoted by itself, whatever the corrections
say: the in-domain figure must not drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import f1_score

from cxnlp.nlp.config import AdaptConfig


@dataclass
class Verdict:
    """The promotion decision and the figures on the held-out corrections."""

    wins: bool  # better by min_gain on the figure that judges it
    automatic: bool  # that figure may promote it without a person
    n_corrections: int
    f1_candidate: float | None = None  # on the held-out corrections (None: none there)
    f1_current: float | None = None
    f1_weak: tuple[float, float] | None = None  # (candidate, current) on trusted weak labels
    reason: str = ""


def _f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(gold))
    return float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))


def judge(
    kinds: Sequence[str],
    gold: Sequence[str],
    candidate: Sequence[str],
    current: Sequence[str],
    f1_all: tuple[float, float],
    config: AdaptConfig,
    trusted: Sequence[bool] | None = None,
) -> Verdict:
    """Decide on the held-out slice.

    Args:
        kinds: ``correction`` or ``weak`` per held-out row.
        gold: the held-out labels.
        candidate, current: each head's predictions on those rows.
        f1_all: (candidate, current) macro-F1 on the whole slice.
        config: ``models.adapt`` (``min_gain``, ``min_corrections``).
        trusted: per row, False for a weak label the current head contradicts
            (left out of the weak figure); None: every row counts.
    """
    fixed = np.asarray(kinds) == "correction"
    verdict = Verdict(wins=False, automatic=False, n_corrections=int(fixed.sum()))
    if fixed.any():
        verdict.f1_candidate, verdict.f1_current = _pair(fixed, gold, candidate, current)
    keep = np.ones(len(gold), dtype=bool) if trusted is None else np.asarray(trusted, dtype=bool)
    weak = keep & ~fixed
    if weak.any():
        verdict.f1_weak = _pair(weak, gold, candidate, current)
    if trusted is not None and keep.any():
        f1_all = _pair(keep, gold, candidate, current)
    gain = 100 * config.min_gain
    if config.min_corrections and verdict.n_corrections >= config.min_corrections:
        assert verdict.f1_candidate is not None and verdict.f1_current is not None
        verdict.automatic = True
        verdict.wins = verdict.f1_candidate >= verdict.f1_current + config.min_gain
        verdict.reason = (
            f"judged on the {verdict.n_corrections} held-out corrections: "
            f"{100 * verdict.f1_candidate:.1f} vs {100 * verdict.f1_current:.1f}"
        )
        if not verdict.wins:
            verdict.reason += f"; it does not beat the current head by {gain:.1f} points"
        elif verdict.f1_weak is not None and verdict.f1_weak[0] < verdict.f1_weak[1]:
            verdict.wins = False
            verdict.reason += (
                f"; but it scores lower on the held-out scored comments "
                f"({100 * verdict.f1_weak[0]:.1f} vs {100 * verdict.f1_weak[1]:.1f})"
            )
        return verdict
    verdict.wins = f1_all[0] >= f1_all[1] + config.min_gain
    verdict.automatic = config.min_corrections == 0
    if not verdict.wins:
        verdict.reason = f"it does not beat the current head by {gain:.1f} points"
    elif not verdict.automatic:
        verdict.reason = (
            f"it wins on the held-out slice, but {verdict.n_corrections} of its {len(kinds)} "
            f"comments are corrections (models.adapt.min_corrections {config.min_corrections}"
            "): weak labels alone cannot tell whether it reads the comments better"
        )
    return verdict


def _pair(
    mask: np.ndarray, gold: Sequence[str], candidate: Sequence[str], current: Sequence[str]
) -> tuple[float, float]:
    pick = [int(i) for i in np.flatnonzero(mask)]
    g = [gold[i] for i in pick]
    return _f1(g, [candidate[i] for i in pick]), _f1(g, [current[i] for i in pick])
