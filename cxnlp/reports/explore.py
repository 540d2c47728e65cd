"""The compact, comment-level data the report page filters, searches and exports.

The analyst page recomputes counts, shares, NPS, CSAT and the chart series in
the browser when the reader filters it, lists every comment of a cause and
downloads them as CSV. All of that comes from the one table built here and
inlined in the page as JSON (see :func:`cxnlp.reports.render.script_json`,
which escapes ``<``, ``>`` and ``&`` so no text can close the script element).

Only the redacted ``text`` column is used: :class:`ReportData` drops
``text_raw`` on construction. The table is columnar and dictionary-encoded
(each filter value and each distinct text is stored once; rows hold indexes),
which keeps the demo's page under 10 MB with every comment in it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxnlp.reports.aggregate import NO_VALUE, satisfied_flags
from cxnlp.reports.charts import EMOTION_NAMES, SENTIMENT_NAMES
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

__all__ = ["FILTER_DIMENSIONS", "build_explore_data", "segment_column"]

# column -> Spanish label of the page's filters ("segment" falls back to the NPS group)
FILTER_DIMENSIONS: dict[str, str] = {
    "source": "Fuente",
    "channel": "Canal",
    "region": "Región",
    "product": "Producto",
    "journey_stage": "Etapa",
    "segment": "Segmento",
}
NPS_GROUPS = ("promotor (9-10)", "pasivo (7-8)", "detractor (0-6)", "sin nota NPS")


def segment_column(frame: pd.DataFrame) -> tuple[pd.Series, str]:
    """The customer segment of each row and how it is defined.

    A source that exports a ``segment`` column is used as is; otherwise the
    segment is the customer's NPS group (promoter, passive, detractor, no
    score), the segmentation every survey answer has.
    """
    if "segment" in frame.columns and frame["segment"].notna().any():
        return frame["segment"].fillna(NO_VALUE).astype(str), "segmento del cliente en la fuente"
    if "nps" not in frame.columns:
        return pd.Series(NPS_GROUPS[3], index=frame.index), "grupo NPS del cliente"
    score = pd.to_numeric(frame["nps"], errors="coerce").astype(float).to_numpy()
    group = np.select(
        [score >= 9, score >= 7, score >= 0],  # NaN compares False: "sin nota"
        list(NPS_GROUPS[:3]),
        default=NPS_GROUPS[3],
    )
    return pd.Series(group, index=frame.index), "grupo NPS del cliente"


def _codes(values: pd.Series, order: list[str] | None = None) -> tuple[list[int], list[str]]:
    """Dictionary-encode a column: row codes and the distinct values (sorted or in ``order``)."""
    cats = order if order is not None else sorted(values.unique().tolist())
    index = {v: i for i, v in enumerate(cats)}
    return [index.get(v, -1) for v in values], cats


def build_explore_data(
    frame: pd.DataFrame, labels: dict[int, str], kpi_days: int | None
) -> dict[str, Any]:
    """Every comment of the window as compact columns for the page's filters and exports.

    Args:
        frame: The report frame (redacted ``text`` only).
        labels: Topic id -> label, for the search results and the CSV.
        kpi_days: Days the KPI cards cover (the last ``kpi_days`` of the window).

    Returns:
        ``{"day0", "ndays", "kpi_days", "dims": [{key, label, values}], "segment_help",
        "sentiments", "emotions", "labels", "texts", "rows": {column: [...]}}``. Row
        columns: ``id`` (feedback id), ``d`` (days since ``day0``, -1 unknown),
        ``t`` (topic id), one code per filter dimension, ``s`` (NPS answer, -1
        none), ``c`` (1 CSAT top-2, 0 not, -1 none), ``o`` (1 original, 0 copy),
        ``se``/``em`` (sentiment/emotion code, -1 none), ``x`` (index in ``texts``),
        ``k`` (1 label corrected by an analyst; only when the frame says).
    """
    frame = frame.reset_index(drop=True)
    created = pd.to_datetime(frame["created_at"], errors="coerce").dt.normalize()
    day0 = created.min() if created.notna().any() else pd.Timestamp("1970-01-01")
    offsets = ((created - day0).dt.days).fillna(-1).astype(int).tolist()
    segment, segment_help = segment_column(frame)
    rows: dict[str, list[Any]] = {
        "id": frame["feedback_id"].astype(str).tolist(),
        "d": offsets,
        "t": frame["topic_id"].astype(int).tolist(),
    }
    dims = []
    for dim, label in FILTER_DIMENSIONS.items():
        if dim == "segment":
            column = segment
        elif dim in frame.columns:
            column = frame[dim].fillna(NO_VALUE).astype(str)
        else:
            continue
        codes, cats = _codes(column)
        if len(cats) < 2 and cats == [NO_VALUE]:
            continue  # a dimension no source fills is no filter
        rows[dim] = codes
        dims.append({"key": dim, "label": label, "values": cats})
    is_orig = (
        frame["dup_of"].isna() if "dup_of" in frame.columns else pd.Series(True, index=frame.index)
    )
    scores = pd.to_numeric(frame.get("nps"), errors="coerce") if "nps" in frame.columns else None
    rows["s"] = (
        scores.where(scores.between(0, 10)).fillna(-1).astype(int).tolist()
        if scores is not None
        else [-1] * len(frame)
    )
    rows["c"] = satisfied_flags(frame).fillna(-1).astype(int).tolist()
    rows["o"] = is_orig.astype(int).tolist()
    for key, column, order in (
        ("se", "sentiment", list(SENTIMENT_LABELS)),
        ("em", "emotion", list(EMOTION_LABELS)),
    ):
        if column in frame.columns:
            rows[key] = _codes(
                frame[column].astype(object).where(frame[column].notna(), ""), order
            )[0]
        else:
            rows[key] = [-1] * len(frame)
    # 1 where an analyst corrected the label (cxnlp.labels), for the corrections CSV
    if "label_corrected" in frame.columns:
        rows["k"] = frame["label_corrected"].fillna(False).astype(int).tolist()
    texts = frame["text"].fillna("").astype(str)
    codes, uniques = pd.factorize(texts, sort=False)
    rows["x"] = codes.tolist()
    return {
        "day0": day0.strftime("%Y-%m-%d"),
        "ndays": int(max(offsets, default=-1)) + 1,
        "kpi_days": int(kpi_days) if kpi_days else None,
        "dims": dims,
        "segment_help": segment_help,
        "sentiments": list(SENTIMENT_LABELS),
        "emotions": list(EMOTION_LABELS),
        # the names the charts' traces carry, to redraw them from the filtered rows
        "sentiment_names": [SENTIMENT_NAMES.get(x, x) for x in SENTIMENT_LABELS],
        "emotion_names": [EMOTION_NAMES.get(x, x) for x in EMOTION_LABELS],
        "labels": {str(k): v for k, v in labels.items()},
        "texts": [str(t) for t in uniques],
        "rows": rows,
    }
