"""Config section ``ranking``: how root causes are scored and prioritised."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class RankingWeights(BaseModel):
    """Weights of the priority score; they need not sum to one (the score divides by their sum)."""

    model_config = ConfigDict(extra="forbid")

    impact: float = Field(default=0.5, ge=0)
    volume: float = Field(default=0.2, ge=0)
    trend: float = Field(default=0.15, ge=0)
    severity: float = Field(default=0.15, ge=0)


class RankingConfig(BaseModel):
    """Driver ranking settings.

    Attributes:
        weights: Weights of the four priority components.
        bootstrap: Resamples behind every bootstrap interval.
        confidence: Coverage of the intervals.
        recent_days: Recent windows reported beside the full window (``n_7d``, ``share_14d``).
        trend_days: The recent window the trend test compares with the topic's own past.
        trend_alpha: False-discovery rate of the trend test across topics (Benjamini-Hochberg).
        trend_min_growth: Smallest relative rise of share that can make a topic emerging
            (0.25 = +25 %), so that huge samples do not flag trivial rises.
        emerging_min_count: Comments a topic needs in the recent window to be flagged as
            emerging (rise or brand new).
        min_topic_size: Topics with fewer comments in the window are not ranked.
        min_scored: Scored answers a topic needs before its impact on that score is estimated.
        ridge_alpha: L2 penalty of the key-driver regression, in answers: a topic with ``n``
            answers has its effect shrunk by about ``n / (n + ridge_alpha)``.
        keydriver_tone: How sentiment enters the key-driver model. ``residual`` (default):
            the comment's tone minus its topic pattern's mean tone, which sharpens the
            intervals without taking the topics' credit; ``raw``: tone as is, so it competes
            with the topics (their effects become "beyond what tone explains"); ``none``.
        priority_bands: Score thresholds of P1, P2 and P3 (descending); below the last is P4.
        segment_min_share: A segment value must hold at least this share of a topic's comments
            to be named as where the topic concentrates.
        group_min_similarity: Issue topics whose comments use the same words (mean
            cosine of their idf-weighted term profiles at least this) and that are not
            mapped to two different journey stages are ranked as one root cause, with
            one backlog item (:mod:`cxnlp.drivers.causes`). ``null`` ranks every topic
            on its own. Meaning counts too: see ``group_semantic_floor``.
        group_semantic_floor: Issue topics told in different words are still one cause
            when their embedding centroids agree: the centroids are centred on the
            size-weighted mean of all topics (removing what every comment shares) and
            their cosine ``c`` is read as the similarity ``(c - floor) / (1 - floor)``;
            a pair's similarity is the larger of that and the term-profile cosine.
            ``null`` groups by words only. 0.2 was chosen on the demo generator and
            scored on the held-out one (``bench/eval_causes.py``).
        group_cross_stage_similarity: Two topics mapped to different journey stages are
            only grouped when their similarity reaches this (strong evidence).
        group_knn_full: Issue topics whose comments are each other's nearest neighbours
            are one cause even with no shared word (:mod:`cxnlp.drivers.linkage`): the
            geometric mean ``m`` of the two topics' shares of neighbour links into each
            other, read as similarity ``min(1, m / full)``. ``null`` (default): off; on
            the demo generator it did not separate one cause's sub-topics from
            different causes (docs/causes.md).
        group_knn_k: Nearest neighbours per comment for ``group_knn_full``.
        backlog_min_harm: A scored issue enters the backlog when its harm on NPS/CSAT
            (``comp_impact``: its key-driver harm over the largest one) reaches this, or
            when it is emerging; smaller significant harms stay in the report's table.
        backlog_unscored_volume: An issue without scored answers (social-only, tickets
            without survey) enters the backlog only when it is emerging, or when its
            comments are at least this many times the median ranked topic's.
        seed: Seed of every bootstrap, so reruns give identical intervals.
    """

    model_config = ConfigDict(extra="forbid")

    weights: RankingWeights = Field(default_factory=RankingWeights)
    bootstrap: int = Field(default=500, ge=50)
    confidence: float = Field(default=0.95, gt=0.5, lt=1)
    recent_days: list[int] = Field(default_factory=lambda: [7, 14])
    trend_days: int = Field(default=14, ge=1)
    trend_alpha: float = Field(default=0.05, gt=0, lt=1)
    trend_min_growth: float = Field(default=0.25, ge=0)
    emerging_min_count: int = Field(default=10, ge=1)
    min_topic_size: int = Field(default=20, ge=1)
    min_scored: int = Field(default=10, ge=1)
    ridge_alpha: float = Field(default=5.0, gt=0)
    keydriver_tone: Literal["residual", "raw", "none"] = "residual"
    priority_bands: list[float] = Field(default_factory=lambda: [0.55, 0.35, 0.2])
    segment_min_share: float = Field(default=0.1, ge=0, le=1)
    group_min_similarity: float | None = Field(default=0.3, gt=0, le=1)
    group_semantic_floor: float | None = Field(default=0.2, ge=0, lt=1)
    group_cross_stage_similarity: float = Field(default=0.6, gt=0, le=1)
    group_knn_full: float | None = Field(default=None, gt=0, le=1)
    group_knn_k: int = Field(default=15, ge=1, le=200)
    backlog_min_harm: float = Field(default=0.1, ge=0, le=1)
    backlog_unscored_volume: float = Field(default=2.0, ge=0)
    seed: int = 7

    @field_validator("recent_days")
    @classmethod
    def _positive_days(cls, value: list[int]) -> list[int]:
        if not value or any(d < 1 for d in value):
            raise ValueError(f"recent_days={value!r}: expected a non-empty list of days >= 1")
        return sorted(set(value))

    @field_validator("priority_bands")
    @classmethod
    def _descending_bands(cls, value: list[float]) -> list[float]:
        if (
            len(value) != 3
            or any(not 0 <= v <= 1 for v in value)
            or sorted(value, reverse=True) != value
        ):
            raise ValueError(
                f"priority_bands={value!r}: expected three descending thresholds in [0, 1] "
                "for P1, P2 and P3, e.g. [0.55, 0.35, 0.2]"
            )
        return value
