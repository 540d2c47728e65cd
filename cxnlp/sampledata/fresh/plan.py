"""The plan of the held-out sample: themes, their shares over time and their effect on scores.

The wording lives in ``data/themes.json`` and ``data/style.json``; this module
holds the numbers (shares, trends, score distributions) and loads the wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

RECENT_DAYS = 14  # the emerging theme is absent before the last 14 days of the window
TREND_DAYS = 120  # a rising theme climbs over the last 120 days
PRODUCTS = ("Básica", "Clásica", "Flex", "Business")
PRODUCT_WEIGHTS = (0.32, 0.34, 0.19, 0.15)
# Scores of answers without a negative theme are drawn by product (the segment), never
# by theme: the basic fare scores lower, which the confounder theme rides on.
PRODUCT_NPS = {
    "Básica": (6.6, 2.0),
    "Clásica": (8.4, 1.5),
    "Flex": (8.6, 1.4),
    "Business": (8.9, 1.2),
}
CHANNELS = ("web", "app", "aeropuerto", "teléfono", "email")
CHANNEL_WEIGHTS = (0.32, 0.28, 0.18, 0.12, 0.10)
EMPTY_SHARE = 0.15
TWO_THEME_RATE = 0.25  # of the answers whose first theme is a negative cause
TYPO_RATE = 0.15
PII_RATE = 0.02
CES_DIRECTION = "higher_is_easier"  # CES 1-7: 7 = very easy


@dataclass(frozen=True)
class ThemePlan:
    """Numbers of one theme: share of answers at the start and end, and score effects.

    ``share_end`` is the share on the last day; ``emerging`` themes have share 0
    before the last :data:`RECENT_DAYS` days and ``share_end`` inside them.
    ``nps`` is the (mean, sd) of the 0-10 score of answers whose worst theme this
    is (None: scores drawn by product). ``csat_shift`` and ``ces_shift`` move
    CSAT (1-5) and CES (1-7, 7 = very easy) away from what the NPS implies.
    """

    theme_id: str
    share_start: float
    share_end: float
    trend: str  # stable | rising | emerging
    nps: tuple[float, float] | None = None
    csat_shift: float = 0.0
    ces_shift: float = 0.0
    stage: str = ""
    channel_weights: tuple[float, ...] = CHANNEL_WEIGHTS
    product_weights: dict[str, float] = field(default_factory=dict)


PLANS: tuple[ThemePlan, ...] = (
    ThemePlan(
        "baggage_lost", 0.075, 0.075, "stable", (2.2, 2.0), -0.4, -0.6, "equipaje",
        (0.15, 0.15, 0.50, 0.10, 0.10),
    ),
    ThemePlan(
        "flight_delay", 0.045, 0.125, "rising", (4.6, 2.2), 0.4, 0.0, "vuelo",
        (0.25, 0.20, 0.40, 0.10, 0.05),
    ),
    ThemePlan(
        "refund_pending", 0.065, 0.065, "stable", (3.2, 2.0), -0.7, -1.6, "postventa",
        (0.35, 0.15, 0.05, 0.25, 0.20),
    ),
    ThemePlan(
        "checkin_app", 0.0, 0.13, "emerging", (1.6, 1.6), 0.0, -2.2, "check-in",
        (0.10, 0.70, 0.15, 0.03, 0.02),
    ),
    ThemePlan("info_request", 0.14, 0.14, "stable", stage="reserva"),
    # the confounder is ~5x more frequent among basic-fare travellers (see PRODUCT_NPS)
    ThemePlan(
        "onboard_food", 0.06, 0.06, "stable", stage="vuelo",
        product_weights={"Básica": 0.17, "Clásica": 0.025, "Flex": 0.02, "Business": 0.01},
    ),
    ThemePlan("crew_kind", 0.07, 0.07, "stable", (9.4, 0.8), stage="vuelo"),
    ThemePlan("good_price", 0.05, 0.05, "stable", (9.1, 1.0), stage="reserva"),
)  # fmt: skip
PLAN_BY_ID = {p.theme_id: p for p in PLANS}
NEGATIVE_IDS = ("baggage_lost", "flight_delay", "refund_pending", "checkin_app")
STAGES = ("reserva", "check-in", "embarque", "vuelo", "equipaje", "postventa", "atención")


def share_on(plan: ThemePlan, days_before_end: int) -> float:
    """The planned share of answers of ``plan`` on a day ``days_before_end`` before the end.

    A rising theme climbs linearly over the last :data:`TREND_DAYS` days, whatever
    the window's length, so a day's rows do not depend on how many days are generated.
    """
    if plan.trend == "emerging":
        return plan.share_end if days_before_end < RECENT_DAYS else 0.0
    if plan.trend == "rising":
        position = min(1.0, max(0.0, 1.0 - days_before_end / (TREND_DAYS - 1)))
        return plan.share_start + (plan.share_end - plan.share_start) * position
    return plan.share_end


@dataclass(frozen=True)
class Family:
    """One way of telling a theme: full sentences, short answers, details and slot fillers."""

    name: str
    templates: tuple[str, ...]
    short: tuple[str, ...]
    details: tuple[str, ...]
    fillers: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Theme:
    """A theme's wording, as loaded from ``themes.json``."""

    theme_id: str
    label_es: str
    kind: str  # negative | decoy | confounder | positive | background
    families: tuple[Family, ...]


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def load_themes() -> dict[str, Theme]:
    """The wording of every theme, by theme id (order as in the data file)."""
    themes: dict[str, Theme] = {}
    for raw in _read("themes.json")["themes"]:
        families = tuple(
            Family(
                name=f["name"],
                templates=tuple(f["templates"]),
                short=tuple(f["short"]),
                details=tuple(f["details"]),
                fillers={k: tuple(v) for k, v in f.get("fillers", {}).items()},
            )
            for f in raw["families"]
        )
        themes[raw["theme_id"]] = Theme(raw["theme_id"], raw["label_es"], raw["kind"], families)
    return themes


@lru_cache(maxsize=1)
def load_style() -> dict[str, Any]:
    """Openers, connectors, closers, regional vocabulary and fake personal data."""
    return _read("style.json")


def company() -> str:
    """The fictional company the sample speaks about."""
    return str(_read("themes.json")["company"])
