"""Write the held-out survey sample: ``surveys.csv``, ``truth_rows.csv`` and ``truth.json``."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from .compose import compose_comment
from .plan import (
    CHANNEL_WEIGHTS,
    CHANNELS,
    EMPTY_SHARE,
    NEGATIVE_IDS,
    PLAN_BY_ID,
    PLANS,
    PRODUCT_NPS,
    PRODUCT_WEIGHTS,
    PRODUCTS,
    STAGES,
    TWO_THEME_RATE,
    ThemePlan,
    load_style,
    share_on,
)
from .truth import build_truth

SURVEY_COLUMNS = (
    "response_id", "submitted_at", "customer_id", "nps", "csat", "ces", "channel", "region",
    "product", "journey_stage", "comment",
)  # fmt: skip
TRUTH_ROW_COLUMNS = ("source", "source_id", "cause_id", "causes", "pii", "pii_kinds", "tags")
BACKGROUND_ID = "background"
EMPTY_ID = "none"
_WEEKDAY = (1.1, 1.05, 1.0, 1.0, 0.95, 0.8, 0.75)


@dataclass
class FreshRow:
    """What was planted in one answer: its themes (first = primary) and style tags."""

    source_id: str
    themes: list[str]
    tags: list[str] = field(default_factory=list)

    @property
    def cause_id(self) -> str:
        return self.themes[0] if self.themes else EMPTY_ID


def generate_fresh(
    out_dir: str | Path,
    *,
    seed: int = 7,
    days: int = 120,
    end_date: date | None = None,
    per_day: int = 50,
) -> dict[str, Any]:
    """Generate the held-out survey sample (an airline, four planted causes) into ``out_dir``.

    The rows of a calendar day depend only on ``(seed, day, end_date)``.

    Args:
        out_dir: folder to write into (created when missing; files are replaced).
        seed: the random seed.
        days: number of days, ending on ``end_date``.
        end_date: last day (default: yesterday).
        per_day: mean answers a day (weekdays more, weekends fewer).

    Returns:
        The truth document (also written to ``truth.json``).

    Raises:
        ValueError: on a non-positive ``days`` or ``per_day``.
    """
    if days < 1 or per_day < 1:
        raise ValueError(f"days and per_day must be positive (days={days}, per_day={per_day})")
    end = end_date or (date.today() - timedelta(days=1))
    start = end - timedelta(days=days - 1)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    truth: list[FreshRow] = []
    for k in range(days):
        day = start + timedelta(days=k)
        day_rows, day_truth = build_day(seed, day, end, per_day)
        rows += day_rows
        truth += day_truth
    _write_csv(out / "surveys.csv", SURVEY_COLUMNS, rows)
    _write_csv(
        out / "truth_rows.csv",
        TRUTH_ROW_COLUMNS,
        [
            {
                "source": "surveys",
                "source_id": t.source_id,
                "cause_id": t.cause_id,
                "causes": ";".join(t.themes),
                "pii": "pii" in t.tags,
                "pii_kinds": "phone_or_email" if "pii" in t.tags else "",
                "tags": ";".join(t.tags),
            }
            for t in truth
        ],
    )
    doc = build_truth(
        rows, [t.themes for t in truth], start=start, end=end, seed=seed, per_day=per_day
    )
    (out / "truth.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return doc


def build_day(
    seed: int, day: date, end: date, per_day: int
) -> tuple[list[dict[str, Any]], list[FreshRow]]:
    """Return one day's answers and what was planted in each."""
    rng = np.random.default_rng([seed, day.toordinal(), end.toordinal()])
    before_end = (end - day).days
    n = int(rng.poisson(per_day * _WEEKDAY[day.weekday()]))
    style = load_style()
    regions = list(style["regions"])
    region_w = np.array([style["regions"][r]["weight"] for r in regions])
    rows: list[dict[str, Any]] = []
    truth: list[FreshRow] = []
    seconds = np.sort(rng.integers(6 * 3600, 23 * 3600, size=n))
    for i in range(n):
        product = PRODUCTS[_choice(rng, PRODUCT_WEIGHTS)]
        region = regions[_choice(rng, region_w)]
        themes = _themes(rng, product, before_end)
        plan = PLAN_BY_ID.get(themes[0]) if themes else None
        source_id = f"F-{day:%Y%m%d}-{i + 1:04d}"
        comment, tags = ("", []) if not themes else compose_comment(rng, themes, region)
        nps = _nps(rng, themes, product)
        worst = _worst(themes)
        channel_w = worst.channel_weights if worst else (plan.channel_weights if plan else None)
        stage = (plan.stage if plan and plan.stage and rng.random() < 0.8 else "") or str(
            STAGES[int(rng.integers(len(STAGES)))]
        )
        at = datetime.combine(day, datetime.min.time()) + timedelta(seconds=int(seconds[i]))
        rows.append(
            {
                "response_id": source_id,
                "submitted_at": at.strftime("%Y-%m-%d %H:%M:%S"),
                "customer_id": f"CL{int(rng.integers(10**6, 10**7))}",
                "nps": nps,
                "csat": _scale(rng, 1 + 4 * nps / 10, worst.csat_shift if worst else 0.0, 5, 0.5),
                "ces": _scale(rng, 2 + 5 * nps / 10, worst.ces_shift if worst else 0.0, 7, 0.8),
                "channel": CHANNELS[_choice(rng, channel_w or CHANNEL_WEIGHTS)],
                "region": region,
                "product": product,
                "journey_stage": stage,
                "comment": comment,
            }
        )
        truth.append(FreshRow(source_id, themes, tags))
    return rows, truth


def _choice(rng: np.random.Generator, weights: Any) -> int:
    w = np.asarray(weights, dtype=float)
    return int(rng.choice(len(w), p=w / w.sum()))


def _themes(rng: np.random.Generator, product: str, before_end: int) -> list[str]:
    """The themes of one answer: [] (empty comment), one theme, or two negative causes."""
    ids, weights = [], []
    for plan in PLANS:
        share = share_on(plan, before_end)
        if plan.product_weights:
            share = plan.product_weights[product]
        ids.append(plan.theme_id)
        weights.append(share)
    ids += [EMPTY_ID, BACKGROUND_ID]
    weights += [EMPTY_SHARE, max(0.0, 1.0 - EMPTY_SHARE - sum(weights))]
    first = ids[_choice(rng, weights)]
    if first == EMPTY_ID:
        return []
    themes = [first]
    if first in NEGATIVE_IDS and rng.random() < TWO_THEME_RATE:
        others = [c for c in NEGATIVE_IDS if c != first]
        w = [max(share_on(PLAN_BY_ID[c], before_end), 0.0) for c in others]
        if sum(w) > 0:
            themes.append(others[_choice(rng, w)])
    return themes


def _worst(themes: list[str]) -> ThemePlan | None:
    """The theme whose scores the answer follows: the negative cause with the lowest NPS."""
    negatives = [PLAN_BY_ID[t] for t in themes if t in NEGATIVE_IDS]
    return min(negatives, key=lambda p: p.nps[0] if p.nps else 10.0) if negatives else None


def _nps(rng: np.random.Generator, themes: list[str], product: str) -> int:
    worst = _worst(themes)
    plan = worst or (PLAN_BY_ID.get(themes[0]) if themes else None)
    mu, sd = plan.nps if plan is not None and plan.nps else PRODUCT_NPS[product]
    return int(min(10, max(0, round(rng.normal(mu, sd)))))


def _scale(rng: np.random.Generator, base: float, shift: float, top: int, noise: float) -> int:
    return int(min(top, max(1, round(base + shift + rng.normal(0.0, noise)))))


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
