"""The analyst report's topic sections: a full one per cause to act on, a line for the rest."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxnlp.reports import aggregate as agg
from cxnlp.reports import charts
from cxnlp.reports.data import ReportData
from cxnlp.reports.markdown import render_markdown
from cxnlp.reports.ranking_view import cell_text
from cxnlp.reports.render import as_list, fmt_date
from cxnlp.run.clauses import topic_rows
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS

__all__ = ["STATUS_NAMES", "topic_sections"]

STATUS_NAMES = {
    "new": "nuevo",
    "persisting": "persistente",
    "emerging": "emergente",
    "resolved": "resuelto",
}
SEGMENT_COLUMNS = {
    "source": "Fuente",
    "channel": "Canal",
    "region": "Región",
    "product": "Producto",
    "journey_stage": "Etapa",
}
# the dimensions a representative comment carries for the page's filters
COMMENT_FILTERS = ("source", "channel", "region", "product", "journey_stage")
N_COMMENTS = 5  # comments shown in a cause's full section
N_BRIEF = 3  # comments shown when a collapsed topic is opened


def _backlog_item(backlog: pd.DataFrame, topic_id: int) -> dict[str, Any] | None:
    if backlog.empty:
        return None
    if "topic_id" in backlog.columns:
        items = backlog[backlog["topic_id"] == topic_id]
    elif "topic_ids" in backlog.columns:
        items = backlog[
            backlog["topic_ids"].map(lambda v: topic_id in [int(x) for x in as_list(v)])
        ]
    else:
        return None
    if items.empty:
        return None
    row = items.iloc[0]
    item: dict[str, Any] = {
        key: cell_text(row.get(key)) for key in ("item_id", "title", "priority", "status")
    }
    # rendered, never shown as raw Markdown (escaped: raw HTML in it stays text)
    item["description_html"] = render_markdown(cell_text(row.get("description_md")))
    return item


def _subtopics(info: pd.Series) -> list[dict[str, Any]]:
    """The topics a root cause groups (empty for a cause of one topic)."""
    labels = [str(x) for x in as_list(info.get("member_labels"))]
    sizes = as_list(info.get("member_sizes"))
    if len(labels) < 2:
        return []
    return [
        {"label": label, "n": int(sizes[i]) if i < len(sizes) else 0}
        for i, label in enumerate(labels)
    ]


def _first_seen(info: pd.Series, rows: pd.DataFrame) -> str | None:
    """The day the topic was first seen: its earliest comment, or the day tracking first
    stored it if that is earlier (a topic found tonight in comments from July started in July)."""
    days = []
    stored = info.get("first_seen")
    if stored is not None and not pd.isna(stored):
        days.append(pd.Timestamp(stored))
    created = pd.to_datetime(rows["created_at"], errors="coerce").dropna()
    if len(created):
        days.append(created.min())
    return fmt_date(min(days)) if days else None


def _comments(frame: pd.DataFrame, info: pd.Series, tid: int, k: int) -> list[dict[str, Any]]:
    comments = agg.pick_representatives(
        frame,
        [str(x) for x in as_list(info.get("representative_ids"))],
        [str(x) for x in as_list(info.get("representative_texts"))],
        topic_id=tid,
        k=k,
    )
    for comment in comments:
        filters = {dim: comment.get(dim) or agg.NO_VALUE for dim in COMMENT_FILTERS}
        comment["filters"] = filters
        created = comment.get("created_at")
        comment["day"] = pd.Timestamp(created).strftime("%Y-%m-%d") if created is not None else ""
        comment["sentiment_name"] = charts.SENTIMENT_NAMES.get(comment.get("sentiment") or "", "")
        comment["emotion_name"] = charts.EMOTION_NAMES.get(comment.get("emotion") or "", "")
    return comments


def topic_sections(
    data: ReportData,
    order: list[int],
    labels: dict[int, str],
    counts: pd.Series,
    daily: pd.DataFrame,
    figures: dict[str, Any],
    full: set[int],
) -> list[dict[str, Any]]:
    """One section per topic, in ``order``; topics in ``full`` get charts and more comments.

    Args:
        data: The report data.
        order: Topic ids in ranking order.
        labels: Topic id -> label.
        counts: Comments per topic id.
        daily: Daily counts per topic (``date``, ``topic_id``, ``n``).
        figures: Chart specs by element id; the full sections' charts are added.
        full: The causes to act on, shown in full; the others are one collapsed line.

    Returns:
        Plain dicts for the template (``full`` says which kind each is).
    """
    topics = data.topics.drop_duplicates("topic_id").set_index("topic_id")
    frame = data.frame
    total = int(counts.sum()) or 1
    sections = []
    for tid in order:
        rows = frame[frame["topic_id"] == tid]
        info = topics.loc[tid] if tid in topics.index else pd.Series(dtype=object)
        is_full = tid in full
        chart_ids: dict[str, str] = {}
        comparison = agg.compare_topic_to_rest(frame, tid)
        if is_full:
            chart_ids = {
                "volume": f"ch-t{tid}-vol",
                "comparison": f"ch-t{tid}-cmp",
                "mix": f"ch-t{tid}-mix",
            }
            figures[chart_ids["volume"]] = charts.topic_volume_chart(
                daily[daily["topic_id"] == tid]
            )
            figures[chart_ids["comparison"]] = charts.topic_comparison_chart(comparison)
            # every answer counted in the cause, with its clauses' label there (issue 16)
            members = topic_rows(frame, tid, data.topics)
            figures[chart_ids["mix"]] = charts.topic_mix_chart(
                agg.share_mix(members, "sentiment", SENTIMENT_LABELS),
                agg.share_mix(members, "emotion", EMOTION_LABELS),
            )
        status = info.get("status")
        stage = info.get("stage")
        sections.append(
            {
                "topic_id": tid,
                "full": is_full,
                "anchor": f"tema-{tid}",
                "label": labels.get(tid, f"Tema {tid}"),
                "keywords": [str(k) for k in as_list(info.get("keywords"))][:10],
                "subtopics": _subtopics(info),
                "status": STATUS_NAMES.get(str(status), str(status))
                if isinstance(status, str)
                else None,
                "status_key": status if isinstance(status, str) else "",
                "stage": stage if isinstance(stage, str) and stage else None,
                "first_seen": _first_seen(info, rows),
                "n": int(counts.get(tid, 0)),
                "share": 100.0 * int(counts.get(tid, 0)) / total,
                "nps": comparison["nps"],
                "csat": comparison["csat"],
                "charts": chart_ids,
                "segments": [
                    {"label": label, "rows": agg.tally_values(rows, column, k=5 if is_full else 3)}
                    for column, label in SEGMENT_COLUMNS.items()
                    if column in frame.columns
                ],
                "comments": _comments(frame, info, tid, N_COMMENTS if is_full else N_BRIEF),
                "backlog": _backlog_item(data.backlog, tid),
            }
        )
    return sections
