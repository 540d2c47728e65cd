"""One day of survey responses (NPS, CSAT, CES and an open comment)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .causes import BACKGROUND, BACKGROUND_ID, CAUSE_BY_ID, JOURNEY_STAGES, Cause
from .compose import compose_foreign, compose_survey
from .daily import (
    HYPERLINK_TEXTS,
    PII_RATE,
    SCRIPT_TEXTS,
    SOURCE_CODES,
    Day,
    TruthRow,
    pick_weighted,
)
from .intents import add_intent, intent_stream
from .pii import plant_pii
from .scores import ces_from_nps, csat_from_nps, draw_nps_stratified

SURVEY_COLUMNS = (
    "response_id",
    "submitted_at",
    "customer_id",
    "nps",
    "csat",
    "ces",
    "channel",
    "region",
    "product",
    "journey_stage",
    "comment",
)
EMPTY_COMMENT_RATE = 0.15

_CHANNELS = ("web", "app", "tienda", "teléfono", "email")
_CHANNEL_WEIGHTS: dict[str, tuple[float, ...]] = {
    "default": (0.30, 0.25, 0.20, 0.15, 0.10),
    "app_login_crash": (0.20, 0.60, 0.10, 0.05, 0.05),
    "phone_wait": (0.15, 0.10, 0.05, 0.60, 0.10),
    "delivery_delay": (0.50, 0.20, 0.05, 0.10, 0.15),
}
_STAGE_WEIGHTS = (0.08, 0.07, 0.15, 0.13, 0.14, 0.2, 0.13, 0.1)


def build_survey_day(day: Day, mean: float) -> tuple[list[dict[str, Any]], list[TruthRow]]:
    """Return the survey rows of one day and what was planted in each."""
    rng = day.rng
    n = day.volume(mean)
    times = day.times(n)
    causes = day.causes(n)
    # Empty comments come from the background, at a rate that makes ~15% overall.
    n_background = sum(1 for c in causes if c == BACKGROUND_ID)
    p_empty = min(0.95, EMPTY_COMMENT_RATE * n / n_background) if n_background else 0.0
    empty = [c == BACKGROUND_ID and rng.random() < p_empty for c in causes]
    nps = _draw_scores(rng, causes, empty)

    rows: list[dict[str, Any]] = []
    truth: list[TruthRow] = []
    intents = intent_stream(day.seed, SOURCE_CODES["surveys"], day.day.toordinal())
    for i in range(n):
        cause = CAUSE_BY_ID.get(causes[i], BACKGROUND)
        region = day.region()
        product = day.product(cause.product_weights)
        channel = pick_weighted(
            rng, _CHANNELS, _CHANNEL_WEIGHTS.get(cause.cause_id, _CHANNEL_WEIGHTS["default"])
        )
        stage = _stage(rng, cause)
        score = int(nps[i])
        comment = (
            ""
            if empty[i]
            else compose_survey(rng, day.slots(region, product), cause.cause_id, score)
        )
        comment, intent = add_intent(intents, comment, score)  # issue 21: a few detractors
        source_id = f"S-{day.stamp}-{i + 1:04d}"
        rows.append(
            {
                "response_id": source_id,
                "submitted_at": times[i].strftime("%Y-%m-%d %H:%M:%S"),
                "customer_id": day.customer_id(),
                "nps": score,
                "csat": csat_from_nps(rng, score, cause.csat_shift),
                "ces": ces_from_nps(rng, score, cause.ces_shift),
                "channel": channel,
                "region": region.name,
                "product": product,
                "journey_stage": stage,
                "comment": comment,
            }
        )
        truth.append(
            TruthRow("surveys", source_id, cause.cause_id, tags=[intent] if intent else [])
        )
        if comment and rng.random() < PII_RATE["surveys"]:
            rows[-1]["comment"], truth[-1].pii_kinds = plant_pii(rng, comment, region.dialect)
    _plant_specials(day, rows, truth)
    return rows, truth


def _draw_scores(rng: np.random.Generator, causes: list[str], empty: list[bool]) -> np.ndarray:
    """Stratified NPS per group: each cause, background with text, background without."""
    nps = np.zeros(len(causes), dtype=int)
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(causes):
        key = c if c != BACKGROUND_ID else ("none-empty" if empty[i] else "none-text")
        groups.setdefault(key, []).append(i)
    for key in sorted(groups):
        cause = CAUSE_BY_ID.get(key, BACKGROUND)
        idx = groups[key]
        nps[idx] = draw_nps_stratified(rng, cause, len(idx))
    return nps


def _stage(rng: np.random.Generator, cause: Cause) -> str:
    if cause.journey_stage and rng.random() < 0.8:
        return cause.journey_stage
    return pick_weighted(rng, JOURNEY_STAGES, _STAGE_WEIGHTS)


def _plant_specials(day: Day, rows: list[dict[str, Any]], truth: list[TruthRow]) -> None:
    rng = day.rng
    candidates = [
        i
        for i, t in enumerate(truth)
        if t.cause_id == BACKGROUND_ID and rows[i]["comment"] and not t.pii_kinds
    ]
    for name in day.specials():
        if not candidates:
            return
        i = candidates.pop(int(rng.integers(len(candidates))))
        if name == "script":
            text = SCRIPT_TEXTS[int(rng.integers(len(SCRIPT_TEXTS)))]
        elif name == "hyperlink":
            text = HYPERLINK_TEXTS[int(rng.integers(len(HYPERLINK_TEXTS)))]
        else:
            text = compose_foreign(rng, "en" if name == "english" else "pt", int(rows[i]["nps"]))
        rows[i]["comment"] = text
        truth[i].tags = [name]  # the comment is replaced: an intent sentence goes with it
