"""Pure aggregations behind the report pages (no HTML, no Plotly here).

Conventions, shared with :mod:`cxnlp.metrics`: duplicates (``dup_of`` set)
count for volume but not for scores or mixes; NPS runs from -100 to 100; CSAT
is the top-2-box share in percent, whatever the answer's scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxnlp.metrics import Estimate, nps, wilson_interval

__all__ = [
    "FILTER_DIMENSIONS",
    "build_filter_cube",
    "count_daily",
    "find_emerging_social",
    "mask_handle",
    "originals",
    "pick_representatives",
    "satisfied_flags",
    "share_mix",
    "summarise_weekly",
    "tally_values",
    "compare_topic_to_rest",
    "top_reach_mentions",
]

# column -> Spanish label of the client-side filters
FILTER_DIMENSIONS: dict[str, str] = {
    "source": "Fuente",
    "channel": "Canal",
    "region": "Región",
    "journey_stage": "Etapa",
}
NO_VALUE = "(sin dato)"


def originals(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that are not duplicates of another: the ones scores rest on."""
    if "dup_of" not in frame.columns:
        return frame
    return frame[frame["dup_of"].isna()]


def satisfied_flags(frame: pd.DataFrame) -> pd.Series:
    """Per row: 1.0 if the CSAT answer is in its scale's top two points, 0.0 if not, NaN if none."""
    if "csat" not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    csat = pd.to_numeric(frame["csat"], errors="coerce")
    if "csat_scale" in frame.columns:
        scale = pd.to_numeric(frame["csat_scale"], errors="coerce").fillna(5)
    else:
        scale = pd.Series(5.0, index=frame.index)
    flags = (csat >= scale - 1).astype(float)
    return flags.where(csat.notna())


def _nps_of(frame: pd.DataFrame) -> Estimate:
    if "nps" not in frame.columns:
        return Estimate(math.nan, math.nan, math.nan, 0)
    return nps(pd.to_numeric(frame["nps"], errors="coerce"))


def _csat_of(frame: pd.DataFrame) -> Estimate:
    flags = satisfied_flags(frame).dropna()
    n = int(flags.size)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    hits = int(flags.sum())
    lo, hi = wilson_interval(hits, n)
    return Estimate(100.0 * hits / n, 100.0 * lo, 100.0 * hi, n)


def compare_topic_to_rest(
    frame: pd.DataFrame, topic_id: int
) -> dict[str, tuple[Estimate, Estimate]]:
    """NPS and CSAT of a topic's comments against all other comments.

    Args:
        frame: The enriched frame (duplicates are left out here).
        topic_id: The topic.

    Returns:
        ``{"nps": (topic, rest), "csat": (topic, rest)}``, estimates with 95 % intervals.
    """
    scored = originals(frame)
    inside = scored["topic_id"] == topic_id
    return {
        "nps": (_nps_of(scored[inside]), _nps_of(scored[~inside])),
        "csat": (_csat_of(scored[inside]), _csat_of(scored[~inside])),
    }


def share_mix(frame: pd.DataFrame, column: str, labels: Sequence[str]) -> dict[str, float]:
    """Percent of (original) rows per label of ``column``, in ``labels`` order; NaN rows ignored."""
    if column not in frame.columns:
        return {label: 0.0 for label in labels}
    values = originals(frame)[column].dropna()
    total = len(values)
    counts = values.value_counts()
    return {label: (100.0 * counts.get(label, 0) / total if total else 0.0) for label in labels}


def tally_values(frame: pd.DataFrame, column: str, k: int = 5) -> list[dict[str, Any]]:
    """The ``k`` commonest values of ``column`` with count and percent (all rows count)."""
    if column not in frame.columns or frame.empty:
        return []
    values = frame[column].fillna(NO_VALUE).astype(str)
    counts = values.value_counts()
    total = int(counts.sum())
    return [
        {"value": value, "n": int(n), "pct": 100.0 * n / total}
        for value, n in counts.head(k).items()
    ]


def count_daily(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Rows per calendar day (all rows, duplicates included), optionally per ``by`` value.

    Returns:
        Columns ``date``, ``n`` (and ``by``); every day of the frame's span is
        present for every group, with 0 where nothing was written.
    """
    created = pd.to_datetime(frame["created_at"]).dt.normalize()
    keep = created.notna()
    if not keep.any():
        cols = ["date", by, "n"] if by else ["date", "n"]
        return pd.DataFrame(columns=cols)
    days = pd.date_range(created[keep].min(), created[keep].max(), freq="D", name="date")
    if by is None:
        counts = created[keep].value_counts().reindex(days, fill_value=0)
        return counts.rename("n").rename_axis("date").reset_index()
    groups = frame.loc[keep, by].fillna(NO_VALUE)
    wide = pd.crosstab(created[keep], groups).reindex(days, fill_value=0)
    wide.index.name = "date"
    wide.columns.name = by
    return wide.stack().rename("n").reset_index()[["date", by, "n"]]


def summarise_weekly(frame: pd.DataFrame) -> pd.DataFrame:
    """Volume, NPS and CSAT (top-2 %) per ISO week starting Monday.

    Returns:
        Columns ``week`` (the Monday), ``n`` (all rows), ``nps``, ``csat``
        (NaN where the week has no answers).
    """
    created = pd.to_datetime(frame["created_at"])
    week = (created.dt.normalize() - pd.to_timedelta(created.dt.weekday, unit="D")).rename("week")
    rows = []
    for monday, group in frame.groupby(week, sort=True):
        rows.append(
            {
                "week": monday,
                "n": len(group),
                "nps": _nps_of(originals(group)).value,
                "csat": _csat_of(originals(group)).value,
            }
        )
    return pd.DataFrame(rows, columns=["week", "n", "nps", "csat"])


def build_filter_cube(frame: pd.DataFrame) -> dict[str, Any]:
    """Counts per topic and filter value, compact enough to inline as JSON.

    The page's filters recompute volume, NPS and CSAT per topic from this cube
    in the browser, so no comment-level data is needed for filtering.

    Returns:
        ``{"dims": [column, ...], "values": {column: [value, ...]},
        "fields": [...], "rows": [[topic_id, i_source, i_channel, ..., n, ...], ...]}``
        where each ``i_*`` indexes ``values[column]``.
    """
    dims = list(FILTER_DIMENSIONS)
    work = pd.DataFrame({"topic_id": frame["topic_id"].astype(int)})
    values: dict[str, list[str]] = {}
    for dim in dims:
        col = (
            frame[dim].fillna(NO_VALUE).astype(str)
            if dim in frame.columns
            else pd.Series(NO_VALUE, index=frame.index)
        )
        cats = sorted(col.unique().tolist())
        values[dim] = cats
        work[dim] = col.map({v: i for i, v in enumerate(cats)}).astype(int)
    is_orig = (
        frame["dup_of"].isna().astype(bool)
        if "dup_of" in frame.columns
        else pd.Series(True, index=frame.index)
    )
    scores = (
        pd.to_numeric(frame["nps"], errors="coerce").astype(float)
        if "nps" in frame.columns
        else pd.Series(np.nan, index=frame.index)
    )
    scores = scores.where(is_orig)
    sat = pd.to_numeric(satisfied_flags(frame), errors="coerce").astype(float).where(is_orig)
    neg = (
        frame["sentiment"].astype(object).eq("NEG").fillna(False).astype(bool)
        if "sentiment" in frame.columns
        else False
    )
    work["n"] = 1
    work["nps_n"] = scores.notna().astype(int)
    work["pro"] = (scores >= 9).astype(int)
    work["det"] = (scores <= 6).astype(int)
    work["csat_n"] = sat.notna().astype(int)
    work["csat_sat"] = (sat == 1.0).astype(int)
    work["neg"] = (pd.Series(neg, index=frame.index) & is_orig).astype(int)
    work["orig"] = is_orig.astype(int)
    fields = ["n", "orig", "nps_n", "pro", "det", "csat_n", "csat_sat", "neg"]
    grouped = work.groupby(["topic_id", *dims], sort=True)[fields].sum().reset_index()
    rows = grouped[["topic_id", *dims, *fields]].astype(int).to_numpy().tolist()
    return {"dims": dims, "values": values, "fields": ["topic_id", *dims, *fields], "rows": rows}


def pick_representatives(
    frame: pd.DataFrame,
    representative_ids: Sequence[str] | None,
    representative_texts: Sequence[str] | None,
    *,
    topic_id: int,
    k: int = 5,
) -> list[dict[str, Any]]:
    """Up to ``k`` representative comments of a topic, redacted text only.

    Comments named by the topic model come first (looked up in the frame for
    their metadata); the rest are filled with the topic's most confident
    original comments.

    Returns:
        Dicts with ``text`` and, where known, ``created_at``, ``source``,
        ``channel``, ``region``, ``journey_stage``, ``nps``, ``sentiment``,
        ``emotion``.
    """
    meta_cols = ["source", "channel", "region", "journey_stage", "sentiment", "emotion"]
    by_id = frame.set_index("feedback_id", drop=False) if "feedback_id" in frame.columns else None
    out: list[dict[str, Any]] = []
    seen: set[str] = set()

    def _from_row(row: pd.Series) -> dict[str, Any]:
        item: dict[str, Any] = {"text": str(row["text"])}
        for col in meta_cols:
            value = row.get(col)
            item[col] = None if value is None or pd.isna(value) else str(value)
        score = row.get("nps")
        item["nps"] = None if score is None or pd.isna(score) else int(score)
        created = row.get("created_at")
        item["created_at"] = None if created is None or pd.isna(created) else created
        return item

    ids = list(representative_ids or [])
    texts = list(representative_texts or [])
    for i, fid in enumerate(ids):
        if len(out) >= k:
            break
        if by_id is not None and fid in by_id.index:
            row = by_id.loc[fid]
            if isinstance(row, pd.DataFrame):
                row = row.iloc[0]
            if isinstance(row["text"], str) and row["text"].strip():
                out.append(_from_row(row))
                seen.add(str(row["text"]))
                continue
        if i < len(texts) and isinstance(texts[i], str) and texts[i] not in seen:
            out.append({"text": texts[i]} | {c: None for c in [*meta_cols, "nps", "created_at"]})
            seen.add(texts[i])
    if len(out) < k:
        pool = originals(frame)
        pool = pool[(pool["topic_id"] == topic_id) & pool["text"].notna()]
        if {"p_POS", "p_NEU", "p_NEG"} <= set(pool.columns):
            confidence = pool[["p_POS", "p_NEU", "p_NEG"]].max(axis=1)
            pool = pool.assign(_conf=confidence).sort_values("_conf", ascending=False)
        for _, row in pool.iterrows():
            if len(out) >= k:
                break
            text = str(row["text"])
            if text.strip() and text not in seen:
                out.append(_from_row(row))
                seen.add(text)
    return out


def mask_handle(author: Any) -> str:
    """Show only the start of a social handle: ``@cliente_x`` -> ``@cl…``."""
    if author is None or (isinstance(author, float) and math.isnan(author)):
        return "—"
    text = str(author).strip()
    if not text:
        return "—"
    prefix = "@" if text.startswith("@") else ""
    body = text.lstrip("@")
    return f"{prefix}{body[:2]}…"


def top_reach_mentions(frame: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """The ``k`` negative social mentions with the largest reach.

    Reach is followers + likes + shares (missing counts as 0). Duplicates are
    left out so that one viral text is listed once.

    Returns:
        Columns ``created_at``, ``platform``, ``author`` (masked), ``text``
        (redacted), ``reach``, ``followers``, ``likes``, ``shares``, ``topic_id``,
        ``emotion``; largest reach first.
    """
    social = originals(frame)
    if "source_kind" in social.columns:
        social = social[social["source_kind"] == "social"]
    if "sentiment" not in social.columns:
        social = social.iloc[0:0]
    social = social[social["sentiment"] == "NEG"] if len(social) else social
    parts = {}
    for col in ("followers", "likes", "shares"):
        parts[col] = (
            pd.to_numeric(social[col], errors="coerce").fillna(0).astype("int64")
            if col in social.columns
            else pd.Series(0, index=social.index, dtype="int64")
        )
    reach = parts["followers"] + parts["likes"] + parts["shares"]
    out = pd.DataFrame(
        {
            "created_at": social["created_at"],
            "platform": social["platform"] if "platform" in social.columns else None,
            "author": (
                social["author"]
                if "author" in social.columns
                else pd.Series(None, index=social.index)
            ).map(mask_handle),
            "text": social["text"],
            "reach": reach,
            **parts,
            "topic_id": social["topic_id"],
            "emotion": social["emotion"] if "emotion" in social.columns else None,
        },
        index=social.index,
    )
    return (
        out.sort_values(["reach", "created_at"], ascending=[False, False])
        .head(k)
        .reset_index(drop=True)
    )


def find_emerging_social(
    frame: pd.DataFrame,
    *,
    recent_days: int = 14,
    alpha: float = 0.05,
    min_recent: int = 5,
    min_growth: float = 1.5,
) -> pd.DataFrame:
    """Topics whose social mentions grew in the last ``recent_days``, on social data alone.

    Under a constant daily rate, a topic's recent mentions out of all its
    mentions follow a binomial with ``p = recent_days / span_days``; a one-sided
    binomial test says whether the recent share is higher than that. A topic is
    emerging when the test rejects at ``alpha``, it has at least ``min_recent``
    recent mentions and its daily rate grew at least ``min_growth`` times.

    Returns:
        One row per topic (topic -1 left out): ``topic_id``, ``n_recent``,
        ``n_prev``, ``rate_recent``, ``rate_prev`` (mentions per day),
        ``growth`` (inf when new), ``p_value``, ``emerging``; emerging first,
        then by p-value.
    """
    columns = [
        "topic_id",
        "n_recent",
        "n_prev",
        "rate_recent",
        "rate_prev",
        "growth",
        "p_value",
        "emerging",
    ]
    social = frame
    if "source_kind" in social.columns:
        social = social[social["source_kind"] == "social"]
    social = social[(social["topic_id"] != -1) & social["created_at"].notna()]
    if social.empty:
        return pd.DataFrame(columns=columns)
    day = pd.to_datetime(social["created_at"]).dt.normalize()
    last, first = day.max(), day.min()
    cut = last - pd.Timedelta(days=recent_days - 1)
    span_days = int((last - first).days) + 1
    prev_days = max(span_days - recent_days, 0)
    rows = []
    for topic_id, days in day.groupby(social["topic_id"]):
        n_recent = int((days >= cut).sum())
        n_prev = int((days < cut).sum())
        rate_recent = n_recent / recent_days
        rate_prev = n_prev / prev_days if prev_days else math.nan
        if prev_days == 0:
            growth, p_value = math.nan, math.nan
        else:
            growth = rate_recent / rate_prev if rate_prev > 0 else math.inf
            p0 = recent_days / (recent_days + prev_days)
            total = n_recent + n_prev
            p_value = float(stats.binomtest(n_recent, total, p0, alternative="greater").pvalue)
        emerging = bool(
            prev_days > 0 and p_value < alpha and n_recent >= min_recent and growth >= min_growth
        )
        rows.append(
            [int(topic_id), n_recent, n_prev, rate_recent, rate_prev, growth, p_value, emerging]
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(
        ["emerging", "p_value"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)
