"""Seeded, vectorised bootstrap of per-group sums.

Every driver estimate (leave-one-out NPS, key-driver coefficients) is a
function of a few sums per *group* of rows (a group is a topic-membership
pattern). Resampling rows and re-summing per group is therefore all the
bootstrap needs: each chunk of resamples is one ``(chunk, n)`` index array,
turned into per-row draw counts with one ``np.bincount``, and one sparse
product maps the counts of the whole chunk to its group sums. Memory stays
bounded by ``max_cells`` index entries per chunk.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from cxnlp.errors import CxnlpError

_MAX_CELLS = 4_000_000


def group_sums(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Sum ``values`` (n x m) by group.

    Args:
        groups: Group index of each row, in ``[0, n_groups)``.
        values: Row values, shape ``(n, m)``; must hold no NaN.
        n_groups: Number of groups.

    Returns:
        Array of shape ``(n_groups, m)``.
    """
    out = np.empty((n_groups, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(groups, weights=values[:, j], minlength=n_groups)
    return out


def bootstrap_group_sums(
    groups: np.ndarray,
    values: np.ndarray,
    n_groups: int,
    *,
    resamples: int,
    seed: int,
    max_cells: int = _MAX_CELLS,
) -> np.ndarray:
    """Group sums of ``resamples`` bootstrap resamples of the rows.

    Each resample draws ``n`` rows with replacement (the ordinary nonparametric
    bootstrap); the same seed gives the same resamples.

    Args:
        groups: Group index of each row.
        values: Row values, shape ``(n, m)``; must hold no NaN.
        n_groups: Number of groups.
        resamples: Number of resamples.
        seed: Seed of the generator.
        max_cells: Upper bound on index entries held at once (memory guard).

    Returns:
        Array of shape ``(resamples, n_groups, m)``.

    Raises:
        CxnlpError: if ``values`` contains NaN (a coding bug upstream).
    """
    n, m = values.shape
    if np.isnan(values).any():
        raise CxnlpError(
            "bootstrap values contain NaN; missing answers must be coded as 0 with a 0 count"
        )
    out = np.zeros((resamples, n_groups, m))
    if n == 0:
        return out
    rng = np.random.default_rng(seed)
    # (G*m, n) sparse map from a row's draw count to its group's sums: one non-zero per
    # row and column, so summing a resample costs O(n * m), not O(n * G * m).
    rows = np.repeat(np.arange(n), m)
    cols = (groups[:, None] * m + np.arange(m)).ravel()
    to_sums = sp.csr_matrix((values.ravel(), (cols, rows)), shape=(n_groups * m, n))
    per_chunk = max(1, min(resamples, max_cells // n))
    for start in range(0, resamples, per_chunk):
        size = min(per_chunk, resamples - start)
        idx = rng.integers(0, n, size=(size, n))
        offsets = (np.arange(size, dtype=np.int64) * n)[:, None]
        counts = np.bincount((idx + offsets).ravel(), minlength=size * n).reshape(size, n)
        sums = to_sums @ counts.T.astype(np.float64)
        out[start : start + size] = sums.T.reshape(size, n_groups, m)
    return out


def percentile_interval(draws: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over the first axis, ignoring NaN draws."""
    tail = (1.0 - confidence) / 2.0 * 100.0
    if draws.shape[0] == 0:
        nan = np.full(draws.shape[1:], np.nan)
        return nan, nan.copy()
    with np.errstate(invalid="ignore"):
        all_nan = np.isnan(draws).all(axis=0)
        safe = np.where(all_nan[None, ...], 0.0, draws)
        lo = np.nanpercentile(safe, tail, axis=0)
        hi = np.nanpercentile(safe, 100.0 - tail, axis=0)
    lo[all_nan] = np.nan
    hi[all_nan] = np.nan
    return lo, hi
