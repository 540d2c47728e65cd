"""The truth document of the held-out sample: what was planted and what it measurably does.

Mentions count every theme an answer names (its second theme included). The
leave-one-out NPS impact of a theme is NPS(all answers) - NPS(answers that do
not mention it): negative when the theme drags NPS down. The expected rank
orders the negative causes: an emerging cause first, then by impact, most
negative first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

from .plan import (
    CES_DIRECTION,
    NEGATIVE_IDS,
    PLAN_BY_ID,
    PRODUCT_NPS,
    RECENT_DAYS,
    TWO_THEME_RATE,
    company,
    load_themes,
)


def nps_of(scores: np.ndarray) -> float:
    """NPS (% promoters 9-10 minus % detractors 0-6) of ``scores``; NaN when empty."""
    if scores.size == 0:
        return float("nan")
    return float(100.0 * (np.mean(scores >= 9) - np.mean(scores <= 6)))


def loo_impact(nps: np.ndarray, mentions: np.ndarray) -> float:
    """NPS of all answers minus NPS of the answers outside ``mentions`` (a boolean mask)."""
    rest = nps[~mentions]
    return nps_of(nps) - nps_of(rest) if rest.size else float("nan")


def expected_ranks(impacts: dict[str, float], emerging: Sequence[str]) -> dict[str, int]:
    """Rank 1 for an emerging cause, then the others by impact, most negative first."""
    ordered = sorted(impacts, key=lambda c: (c not in emerging, impacts[c], c))
    return {c: i + 1 for i, c in enumerate(ordered)}


def _round(value: float, digits: int = 2) -> float | None:
    return None if value != value else round(float(value), digits)


def _share(hits: np.ndarray) -> float | None:
    """The share of True in ``hits``; None for no answers (a window too short to have them)."""
    return _round(float(hits.mean()), 4) if hits.size else None


def build_truth(
    rows: list[dict[str, Any]],
    themes: list[list[str]],
    *,
    start: date,
    end: date,
    seed: int,
    per_day: int,
) -> dict[str, Any]:
    """Return the truth document of a generated sample (``rows`` as written to surveys.csv)."""
    nps = np.array([int(r["nps"]) for r in rows], dtype=int)
    csat = np.array([int(r["csat"]) for r in rows], dtype=float)
    ces = np.array([int(r["ces"]) for r in rows], dtype=float)
    day = np.array([r["submitted_at"][:10] for r in rows])
    products = np.array([r["product"] for r in rows])
    recent = day >= (end - timedelta(days=RECENT_DAYS - 1)).isoformat()
    half = day >= (start + timedelta(days=(end - start).days // 2 + 1)).isoformat()
    catalogue = load_themes()
    first = np.array([t[0] if t else "none" for t in themes])
    two = np.array([len(t) == 2 for t in themes])
    cause_answers = np.isin(first, NEGATIVE_IDS)

    def mask(theme_id: str) -> np.ndarray:
        return np.array([theme_id in t for t in themes], dtype=bool)

    impacts = {c: loo_impact(nps, mask(c)) for c in NEGATIVE_IDS}
    emerging = [c for c in NEGATIVE_IDS if PLAN_BY_ID[c].trend == "emerging"]
    ranks = expected_ranks(impacts, emerging)
    causes: list[dict[str, Any]] = []
    for theme_id, theme in catalogue.items():
        m = mask(theme_id)
        plan = PLAN_BY_ID.get(theme_id)
        doc: dict[str, Any] = {
            "cause_id": theme_id,
            "label_es": theme.label_es,
            "kind": theme.kind,
            "families": [f.name for f in theme.families],
            "journey_stage": plan.stage if plan else None,
            "expected": plan.trend if plan else "stable",
            "planted": {
                "share_start": plan.share_start if plan else None,
                "share_end": plan.share_end if plan else None,
                "nps_mean_sd": list(plan.nps) if plan and plan.nps else "by product",
                "csat_shift": plan.csat_shift if plan else 0.0,
                "ces_shift": plan.ces_shift if plan else 0.0,
            },
            "measured": {
                "n_mentions": int(m.sum()),
                "n_primary": int((first == theme_id).sum()),
                "share": _share(m),
                "share_first_half": _share(m[~half]),
                "share_second_half": _share(m[half]),
                "share_before_recent": _share(m[~recent]),
                "share_recent": _share(m[recent]),
                "nps": _round(nps_of(nps[m])),
                "csat_mean": _round(csat[m].mean()) if m.any() else None,
                "ces_mean": _round(ces[m].mean()) if m.any() else None,
                "loo_nps_impact": _round(loo_impact(nps, m)),
                "loo_nps_impact_recent": _round(loo_impact(nps[recent], m[recent])),
            },
            "expected_rank": ranks.get(theme_id),
        }
        if plan and plan.trend == "emerging":
            doc["start_date"] = (end - timedelta(days=RECENT_DAYS - 1)).isoformat()
        if plan and plan.product_weights:
            top = max(plan.product_weights, key=lambda p: plan.product_weights[p])
            seg = products == top
            doc["confounded_with"] = {
                "product": top,
                "share_in_segment": _share(m[seg]),
                "share_elsewhere": _share(m[~seg]),
                "segment_nps": _round(nps_of(nps[seg])),
                "segment_nps_without_theme": _round(nps_of(nps[seg & ~m])),
            }
        causes.append(doc)
    return {
        "generator": "cxnlp.sampledata.fresh",
        "company": company(),
        "seed": seed,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "per_day": per_day,
        "n_surveys": len(rows),
        "n_comments": int(sum(1 for r in rows if r["comment"])),
        "overall_nps": _round(nps_of(nps)),
        "scales": {
            "nps": "0-10",
            "csat": "1-5, 5 = muy satisfecho",
            "ces": "1-7, 7 = muy fácil",
            "ces_direction": CES_DIRECTION,
        },
        "segment_nps_plan": {p: list(v) for p, v in PRODUCT_NPS.items()},
        "two_theme_rate_planned": TWO_THEME_RATE,
        "two_theme_share_of_cause_answers": _share(two[cause_answers]),
        "mentions": "an answer mentions every theme in truth_rows.csv's causes column",
        "impact": "loo_nps_impact = NPS(all) - NPS(answers not mentioning the theme)",
        "rank": "expected_rank: the emerging cause first, then by impact, most negative first",
        "causes": causes,
    }
