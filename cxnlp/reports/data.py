"""What a report is made of: one dataclass of frames and dicts, checked once.

The pipeline (or ``cxnlp report`` for a past run) reads the store and fills a
:class:`ReportData`; the renderers only read it. Building it drops the
``text_raw`` column, so the original, unredacted text cannot reach a page even
by mistake: only the redacted ``text`` column is ever rendered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)

__all__ = ["FRAME_REQUIRED", "KPI_SPECS", "KpiSpec", "ReportData"]

# Columns the renderers cannot do without; every other column is optional.
FRAME_REQUIRED = ("feedback_id", "created_at", "text", "topic_id")
TOPICS_REQUIRED = ("topic_id", "label")
DRIVERS_REQUIRED = ("topic_id",)

# Columns that must never reach a rendered page.
_FORBIDDEN_COLUMNS = ("text_raw",)


@dataclass(frozen=True)
class KpiSpec:
    """How one headline KPI is named and shown.

    Attributes:
        key: Key in :attr:`ReportData.kpis`.
        label: Spanish label on the card.
        unit: Suffix after the number ("%", "h" or "").
        decimals: Decimals shown.
        higher_is_better: Direction that colours the trend green.
        help: One-line Spanish explanation under the card.
    """

    key: str
    label: str
    unit: str
    decimals: int
    higher_is_better: bool
    help: str


# Order is the order of the cards. Values follow cxnlp.metrics: shares in
# percent (0-100), NPS from -100 to 100, CES on 1-7, TTR in hours.
KPI_SPECS: tuple[KpiSpec, ...] = (
    KpiSpec("nps", "NPS", "", 1, True, "% promotores − % detractores"),
    KpiSpec("csat", "CSAT", "%", 1, True, "% de respuestas en las dos notas más altas"),
    KpiSpec("ces", "CES", "", 2, True, "facilidad media (1-7; 7 = muy fácil, más es mejor)"),
    KpiSpec("ttr", "TTR", "h", 1, False, "mediana del tiempo de resolución"),
    KpiSpec("fcr", "FCR", "%", 1, True, "% de tickets resueltos al primer contacto"),
    KpiSpec("volume", "Volumen", "", 0, True, "comentarios en el periodo"),
)


def _empty(columns: tuple[str, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


def _check_columns(frame: pd.DataFrame, required: tuple[str, ...], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise CxnlpError(
            f"ReportData.{name} is a {type(frame).__name__}; expected a pandas DataFrame"
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise CxnlpError(
            f"ReportData.{name} lacks column(s) {missing}; it has {list(frame.columns)} and "
            f"needs at least {list(required)}"
        )


def _as_topic_ids(values: pd.Series, name: str) -> pd.Series:
    """Topic ids as plain ints; missing ids mean "in no topic" (-1)."""
    try:
        return pd.to_numeric(values, errors="raise").fillna(-1).astype(int)
    except (TypeError, ValueError) as exc:
        raise CxnlpError(
            f"ReportData.{name}.topic_id holds a value that is not a number ({exc}); "
            "expected integer topic ids, -1 for no topic"
        ) from exc


@dataclass
class ReportData:
    """Everything the analyst report and the social review show, for one run.

    Attributes:
        frame: The enriched frame of the run's window (schema FEEDBACK_COLUMNS plus
            ``sentiment``, ``emotion``, ``p_*`` and ``topic_id``). ``text_raw`` is
            dropped on construction.
        topics: The topics table (topic_id, label, keywords, size,
            representative_ids, representative_texts, stage, status, first_seen).
        drivers: The drivers table, one row per topic: topic_id, label, n, share,
            nps, csat, loo_nps (+ _lo/_hi: NPS points the overall score would
            change without the topic; positive means the topic pulls it down),
            loo_csat (+ _lo/_hi), keydriver_nps (+ _lo/_hi), growth_14d, trend_p,
            emerging, priority, rank, reason, neg_share, anger_share,
            detractor_share. Only topic_id is required; missing columns show as
            "—".
        backlog: Backlog items (item_id, title, description_md, priority, status
            and topic_id, which links an item to its topic).
        topic_daily: Daily comment counts per topic (date, topic_id, n); computed
            from ``frame`` when empty.
        kpis: KPI key (see :data:`KPI_SPECS`) -> {value, lo, hi, n, trend}, where
            ``trend`` is the change against the previous period. An entry may
            also carry ``label`` and ``unit`` to override the defaults.
        changes: ``new`` / ``rising`` / ``resolved`` -> list of topic labels.
        run: Run metadata (run_id, started_at, config_hash, model_versions, counts).
        generated_at: When the report was rendered.
        alerts: Rows of the store's ``alerts`` table (the "Alertas" section).
        alert_days: How many days of alerts ``alerts`` holds.
    """

    frame: pd.DataFrame
    topics: pd.DataFrame
    drivers: pd.DataFrame
    backlog: pd.DataFrame = field(default_factory=_empty)
    topic_daily: pd.DataFrame = field(default_factory=_empty)
    kpis: dict[str, dict[str, Any]] = field(default_factory=dict)
    changes: dict[str, list[str]] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    generated_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    # the store's logged alerts of the last ``alerts.report_days`` days, newest first
    alerts: list[dict[str, Any]] = field(default_factory=list)
    alert_days: int = 7

    def __post_init__(self) -> None:
        _check_columns(self.frame, FRAME_REQUIRED, "frame")
        _check_columns(self.topics, TOPICS_REQUIRED, "topics")
        _check_columns(self.drivers, DRIVERS_REQUIRED, "drivers")
        for name in ("backlog", "topic_daily"):
            _check_columns(getattr(self, name), (), name)

        # Copies: the caller's frames are never modified.
        frame = self.frame.drop(columns=list(_FORBIDDEN_COLUMNS), errors="ignore").copy()
        if len(frame.columns) < len(self.frame.columns):
            log.debug("report frame: dropped %s before rendering", list(_FORBIDDEN_COLUMNS))
        frame["created_at"] = pd.to_datetime(frame["created_at"], errors="coerce")
        frame["topic_id"] = _as_topic_ids(frame["topic_id"], "frame")
        self.frame = frame.reset_index(drop=True)

        topics = self.topics.copy()
        topics["topic_id"] = _as_topic_ids(topics["topic_id"], "topics")
        self.topics = topics.reset_index(drop=True)

        drivers = self.drivers.copy()
        drivers["topic_id"] = _as_topic_ids(drivers["topic_id"], "drivers")
        self.drivers = drivers.reset_index(drop=True)

        backlog = self.backlog.copy()
        if "topic_id" in backlog.columns:
            backlog["topic_id"] = _as_topic_ids(backlog["topic_id"], "backlog")
        self.backlog = backlog.reset_index(drop=True)

        daily = self.topic_daily.copy()
        if len(daily):
            _check_columns(daily, ("date", "topic_id", "n"), "topic_daily")
            daily["date"] = pd.to_datetime(daily["date"]).dt.normalize()
            daily["topic_id"] = _as_topic_ids(daily["topic_id"], "topic_daily")
        self.topic_daily = daily.reset_index(drop=True)

        self.kpis = {str(k).lower(): dict(v) for k, v in (self.kpis or {}).items()}
        self.changes = {str(k).lower(): list(v or []) for k, v in (self.changes or {}).items()}
        self.run = dict(self.run or {})

    @property
    def window(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """First and last comment time in the frame (None when empty)."""
        created = self.frame["created_at"].dropna()
        if created.empty:
            return None, None
        return created.min(), created.max()

    def topic_labels(self) -> dict[int, str]:
        """Topic id -> label, from the topics table, then the drivers table."""
        labels: dict[int, str] = {-1: "Sin tema"}
        if "label" in self.drivers.columns:
            for tid, label in zip(self.drivers["topic_id"], self.drivers["label"], strict=True):
                if isinstance(label, str) and label:
                    labels[int(tid)] = label
        for tid, label in zip(self.topics["topic_id"], self.topics["label"], strict=True):
            if isinstance(label, str) and label:
                labels[int(tid)] = label
        return labels
