"""Write the backlog as JSON, a Jira-importable CSV (and its XLSX twin) and Markdown issue bodies."""

from __future__ import annotations

import json
import logging
import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.exports import PRIVATE_COLUMNS, write_safe_csv, write_safe_xlsx

log = logging.getLogger(__name__)

JIRA_PRIORITY = {"P1": "Highest", "P2": "High", "P3": "Medium", "P4": "Low"}
JIRA_STATUS = {"open": "To Do", "resolved": "Done", "merged": "Done"}
JIRA_ISSUE_TYPE = "Task"  # exists in every Jira project template
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def export_backlog(backlog: pd.DataFrame, out_dir: str | Path) -> dict[str, Path]:
    """Write the backlog in the three formats product teams use.

    - ``backlog.json``: every column of every item (dates in ISO 8601).
    - ``backlog_jira.csv``: one row per item with the columns Jira's CSV importer maps:
      ``Summary``, ``Description`` (Jira wiki markup), ``Issue Type``, ``Priority``
      (Highest/High/Medium/Low), ``Labels`` (repeated: ``cxnlp``, the item id, the
      journey stage), ``External ID`` (the stable item id) and ``Status``
      (To Do; Done when resolved or merged into another item). Cells that a
      spreadsheet would run as formulas are neutralised.
    - ``backlog_jira.xlsx``: the same table as an Excel workbook, for analysts;
      neutralised the same way, and no cell is a formula.
    - ``backlog_md/<item_id>.md``: GitHub issue bodies, ending with a hidden
      ``cxnlp-item`` marker that a sync script can search for.

    Args:
        backlog: The output of :func:`cxnlp.backlog.build_backlog`.
        out_dir: Folder to write into (created when missing).

    Returns:
        ``{"json": path, "jira_csv": path, "jira_xlsx": path, "markdown_dir": path}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = backlog.drop(columns=[c for c in PRIVATE_COLUMNS if c in backlog.columns])

    json_path = out / "backlog.json"
    records = [{k: _jsonable(v) for k, v in rec.items()} for rec in items.to_dict("records")]
    json_path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    jira = jira_rows(items)
    csv_path = write_safe_csv(jira, out / "backlog_jira.csv")
    xlsx_path = write_safe_xlsx(jira, out / "backlog_jira.xlsx", sheet="backlog")

    md_dir = out / "backlog_md"
    md_dir.mkdir(exist_ok=True)
    for rec in items.to_dict("records"):
        item_id = str(rec["item_id"])
        if not _SAFE_NAME.match(item_id):
            log.warning(
                "backlog item id %r is not a safe file name; skipped its Markdown body", item_id
            )
            continue
        body = str(rec.get("description_md") or "")
        (md_dir / f"{item_id}.md").write_text(
            body.rstrip("\n") + f"\n\n<!-- cxnlp-item: {item_id} -->\n", encoding="utf-8"
        )
    log.info("backlog of %d items written to %s", len(items), out)
    return {"json": json_path, "jira_csv": csv_path, "jira_xlsx": xlsx_path, "markdown_dir": md_dir}


def jira_rows(backlog: pd.DataFrame) -> pd.DataFrame:
    """The Jira CSV table (with three ``Labels`` columns, as the importer expects for several)."""
    rows = []
    for rec in backlog.to_dict("records"):
        stage = rec.get("stage")
        stage_label = _label(f"etapa-{stage}") if isinstance(stage, str) and stage.strip() else ""
        rows.append(
            [
                str(rec.get("title") or ""),
                str(rec.get("description_jira") or rec.get("description_md") or ""),
                JIRA_ISSUE_TYPE,
                JIRA_PRIORITY.get(str(rec.get("priority")), "Medium"),
                "cxnlp",
                _label(str(rec["item_id"])),
                stage_label,
                str(rec["item_id"]),
                JIRA_STATUS.get(str(rec.get("status")), "To Do"),
            ]
        )
    columns = [
        "Summary", "Description", "Issue Type", "Priority", "Labels", "Labels", "Labels",
        "External ID", "Status",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _label(text: str) -> str:
    """A Jira label: no spaces (the importer splits on them), lower case."""
    return re.sub(r"\s+", "-", text.strip().lower())


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value
