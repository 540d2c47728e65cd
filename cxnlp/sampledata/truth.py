"""The planted truth: what was put in the sample, and how much it measurably hurts.

The expected impact ranking is measured on the generated survey rows, not
assumed from the parameters: for each planted cause, the leave-one-out NPS
impact is the NPS of all responses minus the NPS of the responses without
that cause (negative: the cause drags NPS down). Rank 1 is the most negative
impact; the neutral topic gets no rank.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from .causes import (
    BACKGROUND,
    BACKGROUND_ID,
    CAUSES,
    EMERGING_START,
    SOURCES,
    Cause,
    nps_pmf,
)
from .daily import TruthRow

TRUTH_ROW_COLUMNS = ("source", "source_id", "cause_id", "pii", "pii_kinds", "tags")
RECENT_DAYS = 14  # the window of the "recent" impacts, where an emerging cause shows


def nps_of(scores: np.ndarray) -> float:
    """Return the NPS (% promoters 9-10 minus % detractors 0-6) of ``scores``; NaN when empty."""
    if scores.size == 0:
        return float("nan")
    return float(100.0 * (np.mean(scores >= 9) - np.mean(scores <= 6)))


def measure_loo_impacts(
    nps: np.ndarray, cause_ids: Sequence[str], causes: Sequence[str]
) -> dict[str, float]:
    """Return, per cause, NPS of all rows minus NPS of the rows without that cause."""
    labels = np.asarray(cause_ids)
    overall = nps_of(nps)
    impacts: dict[str, float] = {}
    for cause in causes:
        rest = nps[labels != cause]
        impacts[cause] = overall - nps_of(rest) if rest.size else float("nan")
    return impacts


def rank_impacts(impacts: dict[str, float]) -> dict[str, int]:
    """Return rank 1 for the most negative impact, 2 for the next, and so on."""
    ordered = sorted(impacts, key=lambda c: (impacts[c], c))
    return {c: i + 1 for i, c in enumerate(ordered)}


def _expected_mean(cause: Cause) -> float:
    return float(np.dot(np.arange(11), nps_pmf(cause.nps_mu, cause.nps_sd)))


def _daily_share_table(
    cause: Cause, start: date, end: date, shift: int
) -> dict[str, dict[str, float]]:
    days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    return {s: {d.isoformat(): round(cause.share(s, d, shift), 4) for d in days} for s in SOURCES}


def build_truth(
    params: dict[str, Any],
    start: date,
    end: date,
    survey_rows: list[dict[str, Any]],
    truth_rows: list[TruthRow],
    ticket_rows: list[dict[str, Any]],
    shift: int = 0,
) -> dict[str, Any]:
    """Return the truth document: parameters, planted causes and their measured effects.

    ``shift``: days the story's calendar was moved (dates in the document are real dates).
    """
    by_source: dict[str, list[TruthRow]] = {s: [] for s in SOURCES}
    for t in truth_rows:
        by_source[t.source].append(t)
    survey_causes = [t.cause_id for t in by_source["surveys"]]
    nps = np.array([int(r["nps"]) for r in survey_rows], dtype=int)
    csat = np.array([int(r["csat"]) for r in survey_rows], dtype=float)
    labels = np.asarray(survey_causes)
    has_text = np.array([bool(r["comment"]) for r in survey_rows], dtype=bool)
    background = (labels == BACKGROUND_ID) & has_text

    planted = [c for c in CAUSES if not c.neutral]
    impacts = measure_loo_impacts(nps, survey_causes, [c.cause_id for c in CAUSES])
    recent_from = (end - timedelta(days=RECENT_DAYS - 1)).isoformat()
    recent = np.array([r["submitted_at"][:10] >= recent_from for r in survey_rows], dtype=bool)
    recent_impacts = measure_loo_impacts(
        nps[recent], list(labels[recent]), [c.cause_id for c in CAUSES]
    )
    ranks = rank_impacts({c.cause_id: impacts[c.cause_id] for c in planted})
    ttr = _ttr_by_cause(ticket_rows, by_source["tickets"])
    base_mean = _expected_mean(BACKGROUND)

    causes_doc: list[dict[str, Any]] = []
    for cause in CAUSES:
        mask = labels == cause.cause_id
        nps_effect = 0.0 if cause.neutral else round(_expected_mean(cause) - base_mean, 2)
        causes_doc.append(
            {
                "cause_id": cause.cause_id,
                "label_es": cause.label_es,
                "keywords": list(cause.keywords),
                "journey_stage": cause.journey_stage,
                "sources": list(SOURCES),
                "trend": cause.trend,
                "start_date": (
                    cause.start_date + timedelta(days=shift) if cause.start_date else start
                ).isoformat(),
                "neutral": cause.neutral,
                "nps_effect": nps_effect,
                "csat_effect": 0.0
                if cause.neutral
                else round(0.4 * nps_effect + cause.csat_shift, 2),
                "ttr_effect": cause.ttr_factor,
                "planted": {
                    "nps_mu": cause.nps_mu,
                    "nps_sd": cause.nps_sd,
                    "csat_shift": cause.csat_shift,
                    "ces_shift": cause.ces_shift,
                    "ttr_factor": cause.ttr_factor,
                    "fcr_prob": cause.fcr_prob,
                    "reopen_rate": cause.reopen_rate,
                },
                "measured": {
                    "n_surveys": int(mask.sum()),
                    "share": {s: _share(by_source[s], cause.cause_id) for s in SOURCES},
                    "nps": _round(nps_of(nps[mask])),
                    "nps_mean": _round(float(nps[mask].mean()) if mask.any() else float("nan")),
                    "csat_mean": _round(float(csat[mask].mean()) if mask.any() else float("nan")),
                    "ttr_median_hours": _round(ttr.get(cause.cause_id, float("nan"))),
                    "loo_nps_impact": _round(impacts[cause.cause_id]),
                    "loo_nps_impact_recent": _round(recent_impacts[cause.cause_id]),
                },
                "expected_impact_rank": None if cause.neutral else ranks[cause.cause_id],
                "daily_share": _daily_share_table(cause, start, end, shift),
            }
        )
    return {
        "generator": "cxnlp.sampledata",
        "params": params,
        "scales": {"nps": "0-10", "csat": "1-5", "ces": "1-7 (7 = very easy)", "ttr": "hours"},
        "impact_definition": (
            "loo_nps_impact = NPS(all survey responses) - NPS(responses without the cause); "
            "NPS = %promoters(9-10) - %detractors(0-6); expected_impact_rank 1 = most negative"
        ),
        "emerging_start": (EMERGING_START + timedelta(days=shift)).isoformat(),
        "recent_window": {
            "days": RECENT_DAYS,
            "start_date": recent_from,
            "end_date": end.isoformat(),
        },
        "overall": {
            "n_surveys": int(nps.size),
            "nps": _round(nps_of(nps)),
            "background_nps": _round(nps_of(nps[background])),
            # the background's detractors with a comment, taken together: their complaints
            # are scattered (no planted cause), but pooled they still cost this much NPS
            "background_detractor_share": _round(
                float((background & (nps <= 6)).mean()) if nps.size else float("nan"), 4
            ),
            "background_detractors_loo_nps_impact": _round(
                nps_of(nps) - nps_of(nps[~(background & (nps <= 6))]) if nps.size else float("nan")
            ),
            "empty_comment_rate": _round(
                float(1.0 - has_text.mean()) if nps.size else float("nan"), 4
            ),
            "ttr_median_hours_background": _round(ttr.get(BACKGROUND_ID, float("nan"))),
        },
        "counts": {s: len(by_source[s]) for s in SOURCES},
        "causes": causes_doc,
        "background": {"cause_id": BACKGROUND_ID, "label_es": BACKGROUND.label_es},
    }


def write_truth_rows(path: Path, truth_rows: list[TruthRow]) -> None:
    """Write one line per generated row: its source, id, cause, planted PII and tags."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(TRUTH_ROW_COLUMNS)
        for t in truth_rows:
            writer.writerow(
                [
                    t.source,
                    t.source_id,
                    t.cause_id,
                    "true" if t.pii_kinds else "false",
                    ";".join(t.pii_kinds),
                    ";".join(t.tags),
                ]
            )


def _share(rows: list[TruthRow], cause_id: str) -> float | None:
    if not rows:
        return None
    return round(sum(1 for t in rows if t.cause_id == cause_id) / len(rows), 4)


def _ttr_by_cause(ticket_rows: list[dict[str, Any]], truth: list[TruthRow]) -> dict[str, float]:
    hours: dict[str, list[float]] = {}
    for row, t in zip(ticket_rows, truth, strict=True):
        if not row["resolved_at"]:
            continue
        opened = np.datetime64(row["opened_at"].replace(" ", "T"))
        resolved = np.datetime64(row["resolved_at"].replace(" ", "T"))
        hours.setdefault(t.cause_id, []).append(float((resolved - opened) / np.timedelta64(1, "h")))
    return {c: float(np.median(v)) for c, v in hours.items()}


def _round(value: float, digits: int = 2) -> float | None:
    return None if value != value else round(value, digits)  # NaN -> null in JSON
