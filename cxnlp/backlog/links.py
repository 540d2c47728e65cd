"""Backlog items linked to tracker issues, so the next export updates them instead of duplicating.

The round trip with Jira:

1. cxnlp writes ``backlog_jira.csv``; each row carries the label ``cxnlp-<item id>``
   (``cxnlp-cx-0007``), which Jira keeps as an ordinary label.
2. Someone imports it into Jira, which creates the issues (``CX-12`` ...).
3. They export those issues from Jira as CSV and run ``cxnlp backlog link FILE``:
   :func:`read_jira_export` finds each issue's item by its label (or an ``External ID``
   column, when the project mapped one) and :func:`save_links` remembers item ->
   issue key in the store table ``backlog_links``.
4. From then on the Jira CSV carries the key in an ``Issue Key`` column for the
   linked items, and Jira's CSV importer, with that column mapped to *Issue Key*,
   updates those issues; rows with an empty key are created as new issues.

GitHub issues have no CSV importer: ``cxnlp backlog link issues.json`` reads the
list ``gh issue list --json number,body`` prints, finds the hidden ``cxnlp-item``
marker of each body (:func:`read_github_export`) and stores ``#12`` under the
tracker ``github``; each Markdown body then names the issue to update with it.

The table is created here, by ``CREATE TABLE IF NOT EXISTS``, the first time a
link is saved or read: the store's own migrations do not know it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.errors import CxnlpError

log = logging.getLogger(__name__)

LINKS_TABLE = "backlog_links"
LABEL_PREFIX = "cxnlp-"
KEY_COLUMNS = ("issue key", "key", "clave", "clave de incidencia")
LABEL_COLUMNS = ("labels", "etiquetas")
EXTERNAL_ID_COLUMNS = ("external id", "custom field (external id)", "id externo")
GITHUB_MARKER = re.compile(r"<!--\s*cxnlp-item:\s*([A-Za-z0-9_.-]+)\s*-->")
JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[1-9][0-9]*$")
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {LINKS_TABLE} (item_id VARCHAR, tracker VARCHAR, "
    "issue_key VARCHAR, linked_at TIMESTAMP, source_file VARCHAR, "
    "PRIMARY KEY (item_id, tracker))"
)


def item_label(item_id: str) -> str:
    """The Jira label that carries an item id: ``cxnlp-`` and the id, lower case, no spaces."""
    return LABEL_PREFIX + re.sub(r"\s+", "-", str(item_id).strip().lower())


@dataclass
class LinkReport:
    """What :func:`read_jira_export` found in one file."""

    file: str
    links: dict[str, str] = field(default_factory=dict)  # item id -> issue key
    problems: list[str] = field(default_factory=list)  # "file, row N, field: what is wrong"
    not_ours: int = 0  # rows without a cxnlp label or External ID (other issues of the project)


def read_jira_export(path: str | Path, known_items: set[str]) -> LinkReport:
    """Read a CSV exported from Jira and pair each cxnlp item with its issue key.

    Args:
        path: Jira's CSV export (UTF-8, with or without a byte-order mark; comma or
            semicolon separated). It needs an ``Issue key`` column and either
            ``Labels`` columns (Jira writes one per label) or an ``External ID`` column.
        known_items: The item ids the store's backlog has ever held.

    Returns:
        The links found, and one line per row that could not be used (file, data row
        counted from 1 after the header, field, reason). An item found on two issues
        is linked to the older one (the lower number) and the other is reported.

    Raises:
        CxnlpError: when the file cannot be read or lacks the key column.
    """
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise CxnlpError(f"{path}: empty file; export the issues from Jira as CSV")
    header = [h.strip().lower() for h in rows[0]]
    key_col = next((i for i, h in enumerate(header) if h in KEY_COLUMNS), None)
    if key_col is None:
        raise CxnlpError(
            f"{path}: no 'Issue key' column in the header ({', '.join(rows[0][:8])}...); "
            "export the issues from Jira as CSV (all fields or current fields)"
        )
    label_cols = [i for i, h in enumerate(header) if h in LABEL_COLUMNS]
    external_cols = [i for i, h in enumerate(header) if h in EXTERNAL_ID_COLUMNS]
    if not label_cols and not external_cols:
        raise CxnlpError(
            f"{path}: neither a 'Labels' nor an 'External ID' column; export the issues "
            "with their labels (cxnlp writes the item id as the label cxnlp-<id>)"
        )
    by_label = {item_label(i): i for i in known_items}
    by_id = {i.lower(): i for i in known_items}
    report = LinkReport(file=str(path))
    found: dict[str, list[tuple[str, int]]] = {}
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        where = f"{path.name}, row {number}"
        labels = [
            word
            for i in label_cols
            for word in re.split(r"[\s,;]+", cells[i].strip().lower())
            if word.startswith(LABEL_PREFIX)
        ]
        externals = [cells[i].strip() for i in external_cols if cells[i].strip()]
        if not labels and not externals:
            report.not_ours += 1
            continue
        items = {by_label[w] for w in labels if w in by_label}
        items |= {by_id[e.lower()] for e in externals if e.lower() in by_id}
        if not items:
            shown = ", ".join(labels + externals)
            report.problems.append(
                f"{where}, Labels: {shown} names no item of this store's backlog; skipped"
            )
            continue
        key = cells[key_col].strip()
        if not JIRA_KEY.match(key):
            report.problems.append(
                f"{where}, {rows[0][key_col]}: {key!r} is not a Jira issue key (PROJ-123); skipped"
            )
            continue
        for item in sorted(items):
            found.setdefault(item, []).append((key, number))
    _choose(found, report, path.name + ", row {n}, Issue key", "Jira")
    return report


def read_github_export(path: str | Path, known_items: set[str]) -> LinkReport:
    """Read GitHub issues listed as JSON and pair each cxnlp item with its issue number.

    The file is what ``gh issue list --label cxnlp --state all --limit 1000 --json
    number,body`` prints: a list of ``{"number": 12, "body": "..."}``. An issue
    belongs to the item named by the hidden ``<!-- cxnlp-item: CX-0007 -->`` marker
    that ends the Markdown bodies cxnlp writes. The key stored is ``#12``.

    Raises:
        CxnlpError: when the file is not such a list.
    """
    path = Path(path)
    try:
        issues = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CxnlpError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CxnlpError(f"{path}: not JSON ({exc})") from None
    if not isinstance(issues, list):
        raise CxnlpError(
            f"{path}: expected a list of issues, as `gh issue list --json number,body` prints"
        )
    report = LinkReport(file=str(path))
    found: dict[str, list[tuple[str, int]]] = {}
    for number, issue in enumerate(issues, start=1):
        where = f"{path.name}, issue {number} of the list"
        if not isinstance(issue, dict):
            report.problems.append(f"{where}: not an object; skipped")
            continue
        marks = GITHUB_MARKER.findall(str(issue.get("body") or ""))
        if not marks:
            report.not_ours += 1
            continue
        issue_number = issue.get("number")
        if not isinstance(issue_number, int) or issue_number < 1:
            report.problems.append(f"{where}, number: {issue_number!r} is not an issue number")
            continue
        for mark in marks:
            if mark not in known_items:
                report.problems.append(
                    f"{where}, body: cxnlp-item {mark} names no item of this store's backlog; "
                    "skipped"
                )
                continue
            found.setdefault(mark, []).append((f"#{issue_number}", number))
    _choose(found, report, path.name + ", issue {n} of the list, number", "GitHub")
    return report


def _choose(
    found: dict[str, list[tuple[str, int]]], report: LinkReport, where: str, tracker: str
) -> None:
    """Link each item to its oldest issue (lowest number); name the others as duplicates."""
    for item, keys in sorted(found.items()):
        ordered = sorted(set(keys), key=lambda kn: (_key_number(kn[0]), kn[1]))
        report.links[item] = ordered[0][0]
        for key, number in ordered[1:]:
            if key != ordered[0][0]:
                report.problems.append(
                    f"{where.replace('{n}', str(number))}: {item} is also on {key}; linked to the older "
                    f"{ordered[0][0]} (close {key} as a duplicate in {tracker})"
                )


def known_item_ids(store: Any) -> set[str]:
    """Every item id the store's backlog table has held (empty when there is none yet)."""
    if not _has_table(store, "backlog"):
        return set()
    return {str(r[0]) for r in store.con.execute("SELECT DISTINCT item_id FROM backlog").fetchall()}


def save_links(
    store: Any, links: dict[str, str], *, tracker: str = "jira", source: str = ""
) -> int:
    """Remember item -> issue key (a newer link for an item replaces the older one).

    Returns:
        How many links changed (new, or a different key than before).
    """
    store.con.execute(_CREATE)
    before = read_links(store, tracker=tracker)
    changed = {i: k for i, k in links.items() if before.get(i) != k}
    now = datetime.utcnow().replace(microsecond=0)
    for item, key in sorted(changed.items()):
        store.con.execute(
            f"DELETE FROM {LINKS_TABLE} WHERE item_id = ? AND tracker = ?", [item, tracker]
        )
        store.con.execute(
            f"INSERT INTO {LINKS_TABLE} VALUES (?, ?, ?, ?, ?)", [item, tracker, key, now, source]
        )
    if changed:
        log.info("%d backlog item(s) linked to %s issues", len(changed), tracker)
    return len(changed)


def read_links(store: Any, *, tracker: str = "jira") -> dict[str, str]:
    """Item id -> issue key for one tracker (empty when nothing was linked yet)."""
    if not _has_table(store):
        return {}
    rows = store.con.execute(
        f"SELECT item_id, issue_key FROM {LINKS_TABLE} WHERE tracker = ?", [tracker]
    ).fetchall()
    return {str(i): str(k) for i, k in rows}


def links_frame(store: Any) -> pd.DataFrame:
    """Every stored link, for display."""
    if not _has_table(store):
        return pd.DataFrame(columns=["item_id", "tracker", "issue_key", "linked_at", "source_file"])
    return store.con.execute(
        f"SELECT item_id, tracker, issue_key, linked_at, source_file FROM {LINKS_TABLE} "
        "ORDER BY tracker, item_id"
    ).df()


def _read_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CxnlpError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise CxnlpError(
            f"{path}: not UTF-8 (byte {exc.start}); export from Jira again, which writes UTF-8"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CxnlpError(f"{path}: not a readable CSV ({exc})") from None


def _key_number(key: str) -> int:
    return int(re.split(r"[-#]", key)[-1])


def _has_table(store: Any, name: str = LINKS_TABLE) -> bool:
    found = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])
