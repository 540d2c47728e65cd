"""One day of social mentions (platform, author, reach, text)."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import vocab_social as vs
from .causes import BACKGROUND_ID, CAUSE_BY_ID
from .compose import compose_foreign, compose_social
from .daily import PII_RATE, SCRIPT_TEXTS, Day, TruthRow, pick_weighted
from .pii import plant_pii

SOCIAL_FIELDS = (
    "mention_id",
    "published_at",
    "platform",
    "author",
    "followers",
    "likes",
    "shares",
    "url",
    "text",
)
RETWEET_RATE = 0.07
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"


def make_handles(seed: int, n: int = 3000) -> list[str]:
    """Return the pool of author handles (depends on the seed only)."""
    rng = np.random.default_rng([seed, 99])
    handles: list[str] = []
    seen: set[str] = set()
    while len(handles) < n:
        base = vs.NAME_PARTS[int(rng.integers(len(vs.NAME_PARTS)))]
        form = int(rng.integers(3))
        if form == 0:
            name = (
                base
                + vs.NAME_TAILS[int(rng.integers(len(vs.NAME_TAILS)))]
                + str(int(rng.integers(1, 2000)))
            )
        elif form == 1:
            name = base + "_" + vs.NAME_WORDS[int(rng.integers(len(vs.NAME_WORDS)))]
        else:
            name = (
                vs.NAME_WORDS[int(rng.integers(len(vs.NAME_WORDS)))]
                + base.capitalize()
                + str(int(rng.integers(10, 99)))
            )
        if name not in seen:
            seen.add(name)
            handles.append("@" + name)
    return handles


def build_social_day(
    day: Day, mean: float, handles: list[str]
) -> tuple[list[dict[str, Any]], list[TruthRow]]:
    """Return the social mentions of one day and what was planted in each."""
    rng = day.rng
    # An outage makes people talk: more mentions once the app breaks.
    bump = 0.25 * CAUSE_BY_ID["app_login_crash"].share("social", day.day, day.shift) / 0.20
    n = day.volume(mean, bump)
    times = day.times(n)
    causes = day.causes(n)
    # Zipf-like: a few accounts post a lot.
    author_p = 1.0 / np.arange(1, len(handles) + 1) ** 0.6
    author_p /= author_p.sum()

    rows: list[dict[str, Any]] = []
    truth: list[TruthRow] = []
    retweeted: set[int] = set()
    for i in range(n):
        pii_kinds: list[str] = []
        platform = pick_weighted(rng, vs.PLATFORMS, vs.PLATFORM_WEIGHTS)
        author = handles[int(rng.choice(len(handles), p=author_p))]
        region = day.region()
        cause = causes[i]
        product = day.product(CAUSE_BY_ID[cause].product_weights if cause in CAUSE_BY_ID else {})
        slots = day.slots(region, product)
        text, tags = compose_social(rng, slots, cause, platform)
        if platform == "twitter" and rows and rng.random() < RETWEET_RATE:
            original = _pick_original(rng, rows, truth)
            if original is not None:
                text = f"RT {rows[original]['author']}: {rows[original]['text']}"
                cause, tags = truth[original].cause_id, ["rt"]
                pii_kinds = list(truth[original].pii_kinds)
                retweeted.add(original)
        followers = int(rng.lognormal(5.5, 1.6))
        negative = cause != BACKGROUND_ID and not CAUSE_BY_ID[cause].neutral
        engagement = float(rng.lognormal(np.log(0.02 if negative else 0.01), 0.9))
        likes = int(rng.poisson(min(followers * engagement, 50_000)))
        shares = int(rng.poisson(likes * (0.25 if negative else 0.08)))
        source_id = f"M-{day.stamp}-{i + 1:04d}"
        rows.append(
            {
                "mention_id": source_id,
                "published_at": times[i].strftime("%Y-%m-%dT%H:%M:%SZ"),
                "platform": platform,
                "author": author,
                "followers": followers,
                "likes": likes,
                "shares": shares,
                "url": _url(rng, platform, author, day, i),
                "text": text,
            }
        )
        truth.append(TruthRow("social", source_id, cause, pii_kinds=pii_kinds, tags=tags))
        if "rt" not in tags and rng.random() < PII_RATE["social"]:
            rows[-1]["text"], truth[-1].pii_kinds = plant_pii(rng, text, region.dialect)
    _plant_specials(day, rows, truth, retweeted)
    return rows, truth


def _pick_original(
    rng: np.random.Generator, rows: list[dict[str, Any]], truth: list[TruthRow]
) -> int | None:
    """An earlier tweet of the same day, preferring complaints and widely followed authors."""
    pool = [
        j for j, r in enumerate(rows) if r["platform"] == "twitter" and "rt" not in truth[j].tags
    ]
    if not pool:
        return None
    weights = np.array(
        [
            np.log1p(rows[j]["followers"]) + (2.0 if truth[j].cause_id != BACKGROUND_ID else 0.0)
            for j in pool
        ]
    )
    return pool[int(rng.choice(len(pool), p=weights / weights.sum()))]


def _url(rng: np.random.Generator, platform: str, author: str, day: Day, index: int) -> str:
    handle = author.lstrip("@")
    post = f"{day.stamp}{index + 1:04d}{int(rng.integers(10**9, 10**10))}"
    code = "".join(_BASE62[int(k)] for k in rng.integers(0, 64, size=11))
    if platform == "twitter":
        return f"https://x.com/{handle}/status/{post}"
    if platform == "instagram":
        return f"https://www.instagram.com/p/{code}/"
    if platform == "facebook":
        return f"https://www.facebook.com/TuMarca/posts/{post}"
    if platform == "tiktok":
        return f"https://www.tiktok.com/@{handle}/video/{post}"
    return f"https://maps.google.com/?cid={post}&review={code}"


def _plant_specials(
    day: Day, rows: list[dict[str, Any]], truth: list[TruthRow], retweeted: set[int]
) -> None:
    rng = day.rng
    candidates = [
        i
        for i, t in enumerate(truth)
        if t.cause_id == BACKGROUND_ID and not t.tags and not t.pii_kinds and i not in retweeted
    ]
    for name in day.specials():
        if not candidates:
            return
        i = candidates.pop(int(rng.integers(len(candidates))))
        if name == "script":
            rows[i]["text"] = "@TuMarca " + SCRIPT_TEXTS[int(rng.integers(len(SCRIPT_TEXTS)))]
        else:
            rows[i]["text"] = "@TuMarca " + compose_foreign(
                rng, "en" if name == "english" else "pt", int(rng.integers(11))
            )
        truth[i].tags.append(name)
