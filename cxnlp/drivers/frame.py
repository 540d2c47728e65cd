"""Per-row codings of the enriched frame that every driver statistic shares.

The codings make each score a plain mean, so that a topic's figure is a group
mean and a leave-one-out or regression estimate needs only group sums:

- ``nps_pts``: +100 promoter (9-10), 0 passive (7-8), -100 detractor (0-6); the
  mean of this coding *is* the NPS (:func:`cxnlp.metrics.nps_value`).
- ``csat_100``: CSAT on a common 0-100 scale, ``(csat - 1) / (scale - 1) * 100``
  clipped to [0, 100], so answers on 5, 7 and 10 point scales can be pooled.
- ``detractor``: NPS 0-6 where the answer has NPS, else CSAT in the bottom-2 box
  (1-2, as :func:`cxnlp.metrics.dsat`).
- ``tone``: ``p_POS - p_NEG`` (or +1/0/-1 from the label), the comment's sentiment.

Duplicates (``dup_of`` set) count for volume but carry no score, sentiment or
ticket figure, so a pasted complaint or a retweet storm does not weigh twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.errors import CxnlpError
from cxnlp.metrics import CSAT_SCALES

log = logging.getLogger(__name__)

OUTLIER_TOPIC = -1
SEGMENT_COLUMNS = ("channel", "region", "product", "journey_stage")
_NUMERIC = ("nps", "csat", "csat_scale", "ces", "ttr_hours", "p_POS", "p_NEG")
_OPTIONAL = (
    *_NUMERIC,
    "fcr",
    "sentiment",
    "emotion",
    "dup_of",
    "text",
    "source_kind",
    *SEGMENT_COLUMNS,
)


def to_timestamp(
    value: datetime | date | str | pd.Timestamp, *, name: str = "as_of"
) -> pd.Timestamp:
    """Return ``value`` as a naive UTC timestamp (the store's convention).

    Raises:
        CxnlpError: if the value cannot be read as a date or time.
    """
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise CxnlpError(
            f"{name}={value!r} is not a date or time; expected e.g. 2026-11-22"
        ) from exc
    if pd.isna(ts):
        raise CxnlpError(f"{name} is missing; expected the run's reference date and time")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


@dataclass(frozen=True)
class Coded:
    """The frame's rows with the codings every statistic uses (one entry per row).

    Attributes:
        frame: A copy of the input with the optional columns filled in.
        created_at: Creation times (datetime64, NaT allowed).
        has_text: The row carries a comment (only these count for volume and share).
        scored: The row is an original, not a duplicate.
        nps_pts: NPS coding (NaN without an NPS answer or for duplicates).
        csat_100: CSAT on 0-100 (NaN without CSAT, with an unknown scale, or for duplicates).
        ces: CES 1-7 (NaN as above).
        detractor: 1.0 / 0.0 detractor flag (NaN without a score or for duplicates).
        neg: 1.0 when the sentiment is NEG (NaN without a prediction or for duplicates).
        anger: 1.0 when the emotion is anger (NaN as above).
        tone: Sentiment in [-1, 1] (NaN as above).
        ttr_hours: Ticket time to resolution (NaN when open, not a ticket, or a duplicate).
        fcr: 1.0 / 0.0 first-contact resolution (NaN as above).
    """

    frame: pd.DataFrame
    created_at: pd.Series
    has_text: np.ndarray
    scored: np.ndarray
    nps_pts: np.ndarray
    csat_100: np.ndarray
    ces: np.ndarray
    detractor: np.ndarray
    neg: np.ndarray
    anger: np.ndarray
    tone: np.ndarray
    ttr_hours: np.ndarray
    fcr: np.ndarray


def _floats(series: pd.Series, column: str) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce")
    bad = series.notna() & values.isna()
    if bad.any():
        raise CxnlpError(
            f"column {column!r} of the enriched frame holds {series[bad].iloc[0]!r}, "
            "which is not a number; expected numbers or missing values"
        )
    return values.to_numpy(dtype=float, na_value=np.nan)


def _flags(series: pd.Series) -> np.ndarray:
    out = np.full(len(series), np.nan)
    known = series.notna().to_numpy()
    out[known] = series[known].astype(bool).to_numpy(dtype=float)
    return out


def code_frame(frame: pd.DataFrame) -> Coded:
    """Check the enriched frame and compute the per-row codings.

    Args:
        frame: The enriched frame (contract columns; optional ones may be absent).

    Returns:
        The codings, aligned with ``frame``'s rows.

    Raises:
        CxnlpError: if ``topic_id`` is missing, or a score column holds non-numbers.
    """
    if "topic_id" not in frame.columns:
        raise CxnlpError(
            "the enriched frame has no 'topic_id' column; expected the topic step's output "
            f"(columns present: {', '.join(map(str, frame.columns[:12]))}...)"
        )
    df = frame.reset_index(drop=True).copy()
    for column in _OPTIONAL:
        if column not in df.columns:
            df[column] = np.nan
    df["topic_id"] = (
        pd.to_numeric(df["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC).astype(int)
    )
    created = pd.to_datetime(df["created_at"], errors="coerce") if "created_at" in df else None
    if created is None:
        created = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    elif getattr(created.dt, "tz", None) is not None:
        created = created.dt.tz_convert("UTC").dt.tz_localize(None)

    text = df["text"]
    has_text = (text.notna() & (text.astype(str).str.strip() != "")).to_numpy()
    if text.isna().all():
        # No text column: a row has a comment when it was classified or clustered.
        has_text = (df["sentiment"].notna() | (df["topic_id"] != OUTLIER_TOPIC)).to_numpy()
    scored = df["dup_of"].isna().to_numpy()
    nan_unless_scored = np.where(scored, 1.0, np.nan)

    nps = _floats(df["nps"], "nps")
    nps_pts = np.where(nps >= 9, 100.0, np.where(nps <= 6, -100.0, 0.0))
    nps_pts = np.where(np.isnan(nps), np.nan, nps_pts) * nan_unless_scored

    csat = _floats(df["csat"], "csat")
    scale = _floats(df["csat_scale"], "csat_scale")
    known_scale = np.isin(scale, CSAT_SCALES)
    unknown = ~np.isnan(csat) & ~known_scale
    if unknown.any():
        log.warning(
            "%d CSAT answers have no usable csat_scale (accepted: %s); they are left out of CSAT "
            "figures",
            int(unknown.sum()),
            ", ".join(map(str, CSAT_SCALES)),
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        csat_100 = np.clip((csat - 1.0) / (scale - 1.0) * 100.0, 0.0, 100.0)
    csat_100 = np.where(known_scale, csat_100, np.nan) * nan_unless_scored

    has_nps = ~np.isnan(nps)
    has_csat = ~np.isnan(csat) & known_scale
    detractor = np.where(
        has_nps, (nps <= 6).astype(float), np.where(has_csat, (csat <= 2).astype(float), np.nan)
    )
    detractor = detractor * nan_unless_scored

    sentiment = df["sentiment"]
    neg = np.where(sentiment.notna(), (sentiment == "NEG").to_numpy(dtype=float), np.nan)
    emotion = df["emotion"]
    anger = np.where(emotion.notna(), (emotion == "anger").to_numpy(dtype=float), np.nan)
    p_pos = _floats(df["p_POS"], "p_POS")
    p_neg = _floats(df["p_NEG"], "p_NEG")
    label_tone = sentiment.map({"POS": 1.0, "NEU": 0.0, "NEG": -1.0}).to_numpy(
        dtype=float, na_value=np.nan
    )
    tone = np.where(np.isnan(p_pos) | np.isnan(p_neg), label_tone, p_pos - p_neg)

    ttr = _floats(df["ttr_hours"], "ttr_hours")
    fcr = _flags(df["fcr"])
    return Coded(
        frame=df,
        created_at=created,
        has_text=has_text,
        scored=scored,
        nps_pts=nps_pts,
        csat_100=csat_100,
        ces=_floats(df["ces"], "ces") * nan_unless_scored,
        detractor=detractor,
        neg=neg * nan_unless_scored,
        anger=anger * nan_unless_scored,
        tone=tone * nan_unless_scored,
        ttr_hours=ttr * nan_unless_scored,
        fcr=fcr * nan_unless_scored,
    )


def membership(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the long table ``(row, topic_id)`` of which comment is in which topic.

    A comment is in its ``topic_id``; when the frame also carries ``topic_ids``
    (every topic a comment touches, e.g. from a topic distribution), those lists
    are used instead, so that topics can co-occur in one comment. The outlier
    topic -1 is never a member.

    Args:
        frame: The enriched frame, rows in the order of :func:`code_frame`.

    Returns:
        Columns ``row`` (position in the frame) and ``topic_id``, one line per membership.
    """
    rows = np.arange(len(frame))
    if "topic_ids" in frame.columns:
        lists = frame["topic_ids"].reset_index(drop=True)
        single = pd.to_numeric(frame["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC).astype(int)
        lists = [
            _as_id_list(v) if _is_listlike(v) else [int(t)]
            for v, t in zip(lists, single.to_numpy(), strict=True)
        ]
        lengths = np.fromiter((len(v) for v in lists), dtype=np.int64, count=len(lists))
        long = pd.DataFrame(
            {
                "row": np.repeat(rows, lengths),
                "topic_id": np.fromiter(
                    (t for v in lists for t in v), dtype=np.int64, count=int(lengths.sum())
                ),
            }
        )
    else:
        ids = pd.to_numeric(frame["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC)
        long = pd.DataFrame({"row": rows, "topic_id": ids.astype(np.int64).to_numpy()})
    long = long[long["topic_id"] != OUTLIER_TOPIC].drop_duplicates()
    return long.reset_index(drop=True)


def member_tone(
    coded: Coded, long: pd.DataFrame, topics: pd.DataFrame | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``neg`` and ``anger`` codings of each line of ``long`` (a :func:`membership` table).

    An answer's own sentiment and emotion, except where it was split into clauses
    (:mod:`cxnlp.run.clauses`) and a clause of it lies in that topic: there the label
    of its positive or negative clauses in the topic (``clause_labels``; the most
    negative when several; a neutral clause leaves the answer's label).
    So a topic's negative share is about that topic. Duplicates stay NaN.

    Args:
        coded: The coded rows.
        long: The membership lines.
        topics: The topics table; when topics were grouped into root causes its
            ``member_topic_ids`` say which topics' clauses speak for a cause (the
            most negative of them, as within one topic).

    Returns:
        Two arrays aligned with ``long``'s lines.
    """
    rows = long["row"].to_numpy()
    neg = coded.neg[rows].copy()
    anger = coded.anger[rows].copy()
    if "clause_labels" not in coded.frame.columns or not len(long):
        return neg, anger
    parent = cause_of_topics(topics)
    labels = coded.frame["clause_labels"].to_numpy(dtype=object)
    split = np.fromiter((isinstance(v, dict) and bool(v) for v in labels), bool, len(labels))
    lines = np.flatnonzero(split[rows] & coded.scored[rows])
    line_topics = long["topic_id"].to_numpy()
    for i in lines:
        here = [
            label
            for topic, label in labels[rows[i]].items()
            if parent.get(int(topic), int(topic)) == int(line_topics[i])
        ]
        if not here:
            continue
        sentiment, emotion = min(here, key=lambda lab: _WORST_FIRST.get(lab[0], 3))
        neg[i] = 1.0 if sentiment == "NEG" else 0.0
        if emotion is not None:
            anger[i] = 1.0 if emotion == "anger" else 0.0
    return neg, anger


_WORST_FIRST = {"NEG": 0, "NEU": 1, "POS": 2}


def cause_of_topics(topics: pd.DataFrame | None) -> dict[int, int]:
    """Member topic -> root cause id, from a grouped topics table (empty when not grouped)."""
    if topics is None or "member_topic_ids" not in topics.columns or topics.empty:
        return {}
    out: dict[int, int] = {}
    for cause, members in zip(topics["topic_id"], topics["member_topic_ids"], strict=True):
        if _is_listlike(members):
            for member in members:
                out[int(member)] = int(cause)
    return out


def _is_listlike(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _as_id_list(value: Any) -> list[int]:
    return sorted({int(v) for v in value})


def window_mask(created_at: pd.Series, as_of: pd.Timestamp, days: int) -> np.ndarray:
    """Rows created in the last ``days`` days up to ``as_of``: ``as_of - days <= t <= as_of``."""
    start = as_of - pd.Timedelta(days=days)
    return ((created_at >= start) & (created_at <= as_of)).to_numpy()
