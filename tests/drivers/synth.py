"""Synthetic enriched frames with planted root causes, for the driver, backlog and callback tests.

Every figure is drawn from a seeded generator, so a test sees the same frame
every time. Planted truth (default topics, NPS baseline about +25):

- 1 "Cobros duplicados": 7 % of comments, 80 % detractors: the largest harm.
- 2 "La app se cierra": 6 %, 60 % detractors, concentrated in the app channel.
- 3 "Retrasos en la entrega": 6 %, 45 % detractors.
- 4 "Horario de atención": 30 %, scores like everyone else (high volume, no effect).
- 5 "Amabilidad del personal": 10 %, mostly promoters.
- 6 "Fallo en pago con tarjeta": absent before the last 14 days, then 8 % (emerging).
- 7, 8: ordinary topics with baseline scores; the rest are outliers (-1).

Duplicates (3 %) copy an earlier comment and carry NPS 0: if they counted for
scores the figures would move. ``text_raw`` holds a marker that must never
reach an export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from cxnlp.schema import FEEDBACK_COLUMNS, make_feedback_id

AS_OF = datetime(2026, 11, 20, 6, 0)
RAW_MARKER = "RAW-PII-MARKER"
CHANNELS = ("web", "app", "tienda", "teléfono")
CHANNEL_P = (0.4, 0.35, 0.15, 0.1)
BASE_PRO, BASE_DET = 0.45, 0.20


@dataclass(frozen=True)
class Planted:
    """One synthetic topic: its share of comments and how its authors score."""

    topic_id: int
    label: str
    share: float
    p_pro: float = BASE_PRO
    p_det: float = BASE_DET
    anger: float = 0.15
    recent_share: float | None = None  # share in the last 14 days, when it differs
    channel_p: tuple[float, ...] = CHANNEL_P
    stage: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A whole synthetic window."""

    topics: tuple[Planted, ...]
    n: int = 6000
    days: int = 90
    dup_rate: float = 0.03
    empty_rate: float = 0.05
    ticket_rate: float = 0.2
    extra: dict[str, object] = field(default_factory=dict)


DEFAULT_TOPICS = (
    Planted(1, "Cobros duplicados", 0.07, p_pro=0.05, p_det=0.80, anger=0.6, stage="pago"),
    Planted(
        2,
        "La app se cierra",
        0.06,
        p_pro=0.10,
        p_det=0.60,
        anger=0.4,
        channel_p=(0.1, 0.8, 0.05, 0.05),
    ),  # fmt: skip
    Planted(3, "Retrasos en la entrega", 0.06, p_pro=0.20, p_det=0.45, anger=0.3, stage="entrega"),
    Planted(4, "Horario de atención", 0.30),
    Planted(5, "Amabilidad del personal", 0.10, p_pro=0.80, p_det=0.05, anger=0.02),
    Planted(
        6, "Fallo en pago con tarjeta", 0.0, p_pro=0.15, p_det=0.50, anger=0.35, recent_share=0.08
    ),  # fmt: skip
    Planted(7, "Consulta de saldo", 0.08),
    Planted(8, "Cambio de dirección", 0.06),
)


def _draw_topics(
    rng: np.random.Generator, planted: tuple[Planted, ...], recent: np.ndarray
) -> np.ndarray:
    ids = np.array([p.topic_id for p in planted] + [-1])
    old = np.array([p.share for p in planted])
    new = np.array([p.share if p.recent_share is None else p.recent_share for p in planted])
    old_p = np.append(old, 1 - old.sum())
    new_p = np.append(new, 1 - new.sum())
    out = np.empty(len(recent), dtype=int)
    out[~recent] = rng.choice(ids, size=int((~recent).sum()), p=old_p)
    out[recent] = rng.choice(ids, size=int(recent.sum()), p=new_p)
    return out


def make_feedback(
    scenario: Scenario | None = None, *, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(frame, topics)``: an enriched frame and its topics table."""
    sc = scenario or Scenario(DEFAULT_TOPICS)
    rng = np.random.default_rng(seed)
    n = sc.n
    start = AS_OF - timedelta(days=sc.days)
    created = pd.to_datetime(start) + pd.to_timedelta(rng.uniform(0, sc.days * 86400, n), unit="s")
    recent = np.asarray(created >= pd.Timestamp(AS_OF - timedelta(days=14)))
    topic = _draw_topics(rng, sc.topics, recent)
    by_id = {p.topic_id: p for p in sc.topics}
    outlier = Planted(-1, "", 0.0)

    p_pro = np.array([by_id.get(t, outlier).p_pro for t in topic])
    p_det = np.array([by_id.get(t, outlier).p_det for t in topic])
    u = rng.uniform(size=n)
    klass = np.where(u < p_det, 0, np.where(u < p_det + (1 - p_pro - p_det), 1, 2))  # det/pas/pro
    nps = np.where(
        klass == 0,
        rng.integers(0, 7, n),
        np.where(klass == 1, rng.integers(7, 9, n), rng.integers(9, 11, n)),
    )
    csat = np.where(
        klass == 0,
        rng.integers(1, 3, n),
        np.where(klass == 1, rng.integers(3, 5, n), rng.integers(4, 6, n)),
    )

    sentiment = np.empty(n, dtype=object)
    v = rng.uniform(size=n)
    sentiment[klass == 0] = np.where(v[klass == 0] < 0.85, "NEG", "NEU")
    sentiment[klass == 1] = np.where(
        v[klass == 1] < 0.2, "NEG", np.where(v[klass == 1] < 0.8, "NEU", "POS")
    )
    sentiment[klass == 2] = np.where(v[klass == 2] < 0.8, "POS", "NEU")
    anger_p = np.array([by_id.get(t, Planted(-1, "", 0, anger=0.15)).anger for t in topic])
    w = rng.uniform(size=n)
    emotion = np.where(
        sentiment == "NEG",
        np.where(w < anger_p / 0.85, "anger", "sadness"),
        np.where(sentiment == "POS", "joy", "others"),
    )
    p_pos = np.where(sentiment == "POS", 0.8, 0.1)
    p_neg = np.where(sentiment == "NEG", 0.8, 0.1)

    channel = np.array(
        [rng.choice(CHANNELS, p=by_id.get(t, Planted(-1, "", 0)).channel_p) for t in topic],
        dtype=object,
    )
    kind = np.where(rng.uniform(size=n) < sc.ticket_rate, "ticket", "survey")
    frame = pd.DataFrame({c: pd.Series([None] * n, dtype=object) for c in FEEDBACK_COLUMNS})
    ids = [str(i) for i in range(n)]
    frame["feedback_id"] = [make_feedback_id("synth", i) for i in ids]
    frame["source"] = np.where(kind == "ticket", "tickets", "encuestas")
    frame["source_kind"] = kind
    frame["source_id"] = ids
    frame["created_at"] = created
    frame["customer_id"] = [f"C{i:05d}" for i in range(n)]
    frame["channel"] = channel
    frame["region"] = rng.choice(["Norte", "Sur", "Centro"], size=n)
    frame["product"] = rng.choice(["cuenta", "tarjeta", "préstamo"], size=n)
    frame["journey_stage"] = [by_id.get(t, outlier).stage or "uso" for t in topic]
    labels = {p.topic_id: p.label for p in sc.topics}
    frame["text"] = [
        f"Comentario {i} sobre {labels.get(t, 'otra cosa')}" for i, t in enumerate(topic)
    ]
    frame["text_raw"] = [f"{RAW_MARKER} {i}" for i in range(n)]
    frame["nps"] = pd.array(np.where(kind == "survey", nps, -1), dtype="Int64")
    frame.loc[kind != "survey", "nps"] = pd.NA
    frame["csat"] = csat.astype(float)
    frame["csat_scale"] = 5
    frame["ces"] = np.where(kind == "survey", rng.integers(1, 8, n), np.nan)
    ticket = kind == "ticket"
    frame["ttr_hours"] = np.where(
        ticket, rng.gamma(2.0, 12.0, n) * np.where(np.isin(topic, [1, 3]), 3, 1), np.nan
    )
    frame["fcr"] = pd.array(np.where(ticket, rng.uniform(size=n) < 0.6, False), dtype="boolean")
    frame.loc[~ticket, "fcr"] = pd.NA
    frame["sentiment"] = sentiment
    frame["p_POS"] = p_pos
    frame["p_NEU"] = 1 - p_pos - p_neg
    frame["p_NEG"] = p_neg
    frame["emotion"] = emotion
    frame["topic_id"] = topic

    empty = (rng.uniform(size=n) < sc.empty_rate) & (topic == -1)
    frame.loc[empty, ["text", "sentiment", "emotion"]] = None
    frame.loc[empty, ["p_POS", "p_NEU", "p_NEG"]] = np.nan

    dup = rng.uniform(size=n) < sc.dup_rate
    dup[0] = False
    originals = np.flatnonzero(~dup)
    for i in np.flatnonzero(dup):
        src = originals[originals < i]
        if src.size == 0:
            continue
        j = src[-1]
        frame.loc[i, ["text", "topic_id", "sentiment", "emotion"]] = frame.loc[
            j, ["text", "topic_id", "sentiment", "emotion"]
        ].to_numpy()
        frame.loc[i, "dup_of"] = frame.loc[j, "feedback_id"]
        frame.loc[i, "created_at"] = frame.loc[j, "created_at"] + pd.Timedelta(hours=1)
        frame.loc[i, "nps"] = 0 if kind[i] == "survey" else pd.NA
    frame["topic_id"] = frame["topic_id"].astype(int)
    return frame, make_topics(frame, sc.topics)


def make_topics(frame: pd.DataFrame, planted: tuple[Planted, ...]) -> pd.DataFrame:
    """The topics table for a synthetic frame."""
    rows = []
    for p in planted:
        members = frame[(frame["topic_id"] == p.topic_id) & frame["dup_of"].isna()]
        first = members["created_at"].min()
        rows.append(
            {
                "topic_id": p.topic_id,
                "label": p.label,
                "keywords": p.label.lower().split(),
                "size": int((frame["topic_id"] == p.topic_id).sum()),
                "representative_ids": members["feedback_id"].head(4).tolist(),
                "representative_texts": members["text"].head(4).tolist(),
                "stage": p.stage,
                "status": "persisting",
                "first_seen": (first.date() if pd.notna(first) else AS_OF.date()),
                "centroid": [0.0, 0.0],
            }
        )
    return pd.DataFrame(rows)
