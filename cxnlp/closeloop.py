"""Close the loop: detractors with a negative comment, grouped by root cause, to call back.

A customer is listed when, in the last ``days`` days up to ``as_of``, they
answered as a detractor (NPS 0-6, or CSAT in the bottom-2 box of its scale:
1-2, as :func:`cxnlp.metrics.dsat`) *and* their comment reads negative. Each
customer appears once per root cause, with their latest comment. Duplicates
and answers without a customer id are left out: the CX team needs someone to
call, once.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import OUTLIER_TOPIC, to_timestamp
from cxnlp.errors import CxnlpError
from cxnlp.exports import write_safe_csv, write_safe_xlsx

log = logging.getLogger(__name__)

CALLBACK_COLUMNS = (
    "topic", "topic_id", "topic_rank", "customer_id", "channel", "source", "created_at", "nps",
    "csat", "csat_scale", "text", "feedback_id",
)  # fmt: skip
NO_TOPIC = "Sin tema"


def build_callbacks(
    frame: pd.DataFrame,
    *,
    as_of: datetime | date | str,
    days: int = 14,
    topics: pd.DataFrame | None = None,
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """List the detractors to call back, grouped by root cause.

    Args:
        frame: The enriched frame.
        as_of: The run's reference time; the list covers ``[as_of - days, as_of]``.
        days: How far back to look.
        topics: The topics table, for labels (else a ``topic_label`` column of the
            frame, else ``Tema <id>``).
        drivers: The drivers table, to order the groups by rank (else by group size).

    Returns:
        Columns :data:`CALLBACK_COLUMNS`: root causes in priority order, newest first within
        each; ``text`` is the redacted comment.

    Raises:
        CxnlpError: if the frame lacks a column the list needs, or ``days`` < 1.
    """
    if days < 1:
        raise CxnlpError(f"days={days!r}: the call-back window must be at least 1 day")
    needed = {"customer_id", "created_at", "sentiment", "topic_id", "text"}
    missing = needed - set(frame.columns)
    if missing:
        raise CxnlpError(
            f"the enriched frame lacks {sorted(missing)}, needed for the call-back list"
        )
    end = to_timestamp(as_of)
    df = frame.copy()
    for column in ("nps", "csat", "csat_scale", "dup_of", "channel", "source", "feedback_id"):
        if column not in df.columns:
            df[column] = np.nan
    created = pd.to_datetime(df["created_at"], errors="coerce")
    nps = pd.to_numeric(df["nps"], errors="coerce")
    csat = pd.to_numeric(df["csat"], errors="coerce")
    detractor = (nps <= 6) | (csat <= 2)
    keep = (
        (created >= end - pd.Timedelta(days=days))
        & (created <= end)
        & detractor
        & (df["sentiment"] == "NEG")
        & df["dup_of"].isna()
    )
    no_id = keep & (df["customer_id"].isna() | (df["customer_id"].astype(str).str.strip() == ""))
    if no_id.any():
        log.info(
            "%d negative detractors have no customer id and cannot be called back", int(no_id.sum())
        )
    picked = df[keep & ~no_id].copy()
    picked["created_at"] = created[picked.index]
    picked["topic_id"] = (
        pd.to_numeric(picked["topic_id"], errors="coerce").fillna(OUTLIER_TOPIC).astype(int)
    )
    picked["topic"] = _labels(picked, topics)

    known = _driver_ranks(drivers)
    picked["topic_rank"] = pd.array(picked["topic_id"].map(known), dtype="Int64")
    picked = picked.sort_values("created_at", ascending=False).drop_duplicates(
        ["customer_id", "topic_id"], keep="first"
    )
    picked["_order"] = picked["topic_id"].map(_group_order(picked, known))
    picked = picked.sort_values(
        ["_order", "topic_id", "created_at"], ascending=[True, True, False], kind="stable"
    )
    picked["nps"] = pd.array(nps[picked.index], dtype="Int64")
    picked["csat"] = csat[picked.index]
    return picked[list(CALLBACK_COLUMNS)].reset_index(drop=True)


def export_callbacks(callbacks: pd.DataFrame, out_dir: str | Path) -> dict[str, Path]:
    """Write the call-back list as ``callbacks.csv`` and ``callbacks.xlsx``, spreadsheet-safe.

    Both files hold the same cells, neutralised as :func:`cxnlp.exports.write_safe_csv`
    and :func:`cxnlp.exports.write_safe_xlsx` describe.

    Args:
        callbacks: The output of :func:`build_callbacks`.
        out_dir: Folder to write into (created when missing).

    Returns:
        ``{"csv": path, "xlsx": path}``.
    """
    out = Path(out_dir)
    return {
        "csv": write_safe_csv(callbacks, out / "callbacks.csv"),
        "xlsx": write_safe_xlsx(callbacks, out / "callbacks.xlsx", sheet="callbacks"),
    }


def _labels(picked: pd.DataFrame, topics: pd.DataFrame | None) -> pd.Series:
    names: dict[int, str] = {}
    if topics is not None and len(topics):
        names = {
            int(t): str(lab) for t, lab in zip(topics["topic_id"], topics["label"], strict=True)
        }
    own = (
        picked["topic_label"]
        if "topic_label" in picked.columns
        else pd.Series(None, index=picked.index)
    )
    return pd.Series(
        [
            NO_TOPIC
            if t == OUTLIER_TOPIC
            else names.get(t) or (str(lab) if isinstance(lab, str) and lab else f"Tema {t}")
            for t, lab in zip(picked["topic_id"], own, strict=True)
        ],
        index=picked.index,
        dtype=object,
    )


def _driver_ranks(drivers: pd.DataFrame | None) -> dict[int, int]:
    if drivers is None or not len(drivers) or "rank" not in drivers.columns:
        return {}
    return {int(t): int(r) for t, r in zip(drivers["topic_id"], drivers["rank"], strict=True)}


def _group_order(picked: pd.DataFrame, known: dict[int, int]) -> dict[int, float]:
    """Group order: the drivers' rank where known, then by number of callers; no topic last."""
    sizes = picked.groupby("topic_id").size().sort_values(ascending=False, kind="stable")
    offset = max(known.values(), default=0)
    order: dict[int, float] = {}
    for position, topic_id in enumerate(sizes.index, start=1):
        tid = int(topic_id)
        order[tid] = (
            float("inf") if tid == OUTLIER_TOPIC else float(known.get(tid, offset + position))
        )
    return order
