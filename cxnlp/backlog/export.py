"""Write the backlog as JSON, a Jira-importable CSV, an analyst workbook and Markdown issue bodies."""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.backlog.links import item_label
from cxnlp.backlog.render import jira_escape, md_escape
from cxnlp.exports import PRIVATE_COLUMNS, write_safe_csv, write_safe_xlsx

log = logging.getLogger(__name__)

JIRA_PRIORITY = {"P1": "Highest", "P2": "High", "P3": "Medium", "P4": "Low"}
JIRA_STATUS = {"open": "To Do", "resolved": "Done", "merged": "Done"}
JIRA_ISSUE_TYPE = "Task"  # exists in every Jira project template
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
JIRA_COLUMNS = (
    "Summary", "Description", "Issue Type", "Priority", "Labels", "Labels", "Labels",
    "External ID", "Status", "Issue Key",
)  # fmt: skip
# The last sentence build.py writes into each description (escaped for Jira or Markdown).
# the builder's last sentence (and the one stored by runs before it was reworded)
_BUILDER_NOTE = re.compile(
    r"Id estable [^:\n]+: (?:la misma causa conserva este id en las próximas ejecuciones|"
    r"las próximas ejecuciones actualizan esta misma ficha en lugar de abrir otra)\."
)


def export_backlog(
    backlog: pd.DataFrame,
    out_dir: str | Path,
    *,
    links: Mapping[str, str] | None = None,
    drivers: pd.DataFrame | None = None,
    github_links: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write the backlog in the formats product teams use.

    - ``backlog.json``: every column of every item (dates in ISO 8601).
    - ``backlog_jira.csv``: one row per item with the columns Jira's CSV importer maps:
      ``Summary``, ``Description`` (Jira wiki markup), ``Issue Type``, ``Priority``
      (Highest/High/Medium/Low), ``Labels`` (repeated: ``cxnlp``, ``cxnlp-<item id>``,
      the journey stage), ``External ID`` (the stable item id), ``Status`` (To Do;
      Done when resolved or merged into another item) and ``Issue Key`` (the Jira
      issue the item was linked to by ``cxnlp backlog link``; empty for an item not
      linked yet, which Jira then creates). UTF-8 with a byte-order mark, so Excel
      reads the accents; cells a spreadsheet would run as formulas are neutralised.
    - ``backlog_jira.xlsx``: the backlog for analysts (Spanish headers, figures as
      numbers, dates as dates, widths, wrapped text, autofilter, frozen header; a
      second sheet says what each column means), neutralised the same way.
    - ``backlog_md/<item_id>.md``: GitHub issue bodies, ending with a hidden
      ``cxnlp-item`` marker to search for before opening another issue.

    Each description ends by saying what importing it does: update the linked
    issue, or create one that a later ``cxnlp backlog link`` links.

    Args:
        backlog: The output of :func:`cxnlp.backlog.build_backlog`.
        out_dir: Folder to write into (created when missing).
        links: Item id -> Jira issue key (:func:`cxnlp.backlog.links.read_links`).
        drivers: The run's drivers table, for the figures of the workbook.
        github_links: Item id -> GitHub issue (``#12``), named in the Markdown bodies.

    Returns:
        ``{"json": path, "jira_csv": path, "jira_xlsx": path, "markdown_dir": path}``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = backlog.drop(columns=[c for c in PRIVATE_COLUMNS if c in backlog.columns])
    links = dict(links or {})
    github = dict(github_links or {})

    json_path = out / "backlog.json"
    records = [{k: _jsonable(v) for k, v in rec.items()} for rec in items.to_dict("records")]
    for rec in records:
        item_id = str(rec["item_id"])
        rec["jira_issue_key"] = links.get(item_id)
        rec["github_issue"] = github.get(item_id)
        for column, fmt, keys in (
            ("description_md", "md", github),
            ("description_jira", "jira", links),
        ):
            if isinstance(rec.get(column), str):
                rec[column] = tracking_note(rec[column], item_id, keys.get(item_id), fmt)
    json_path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    csv_path = write_safe_csv(jira_rows(items, links), out / "backlog_jira.csv", bom=True)
    xlsx_path = write_backlog_sheet(items, out / "backlog_jira.xlsx", links=links, drivers=drivers)

    md_dir = out / "backlog_md"
    md_dir.mkdir(exist_ok=True)
    for rec in items.to_dict("records"):
        item_id = str(rec["item_id"])
        if not _SAFE_NAME.match(item_id):
            log.warning(
                "backlog item id %r is not a safe file name; skipped its Markdown body", item_id
            )
            continue
        body = tracking_note(
            str(rec.get("description_md") or ""), item_id, github.get(item_id), "md"
        )
        (md_dir / f"{item_id}.md").write_text(
            body.rstrip("\n") + f"\n\n<!-- cxnlp-item: {item_id} -->\n", encoding="utf-8"
        )
    log.info("backlog of %d items written to %s", len(items), out)
    return {"json": json_path, "jira_csv": csv_path, "jira_xlsx": xlsx_path, "markdown_dir": md_dir}


def jira_rows(backlog: pd.DataFrame, links: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The Jira CSV table (with three ``Labels`` columns, as the importer expects for several).

    ``Issue Key`` holds the linked issue of each item, empty for items not linked yet.
    """
    links = links or {}
    rows = []
    for rec in backlog.to_dict("records"):
        item_id = str(rec["item_id"])
        stage = rec.get("stage")
        stage_label = _label(f"etapa-{stage}") if isinstance(stage, str) and stage.strip() else ""
        key = links.get(item_id, "")
        description = str(rec.get("description_jira") or rec.get("description_md") or "")
        rows.append(
            [
                str(rec.get("title") or ""),
                tracking_note(description, item_id, key or None, "jira"),
                JIRA_ISSUE_TYPE,
                JIRA_PRIORITY.get(str(rec.get("priority")), "Medium"),
                "cxnlp",
                item_label(item_id),
                stage_label,
                item_id,
                JIRA_STATUS.get(str(rec.get("status")), "To Do"),
                key,
            ]
        )
    return pd.DataFrame(rows, columns=list(JIRA_COLUMNS))


def tracking_note(description: str, item_id: str, key: str | None, fmt: str) -> str:
    """The description with its last line saying truthfully what importing it does.

    The builder ends each description with a sentence about the stable id; it is
    replaced here (or, when missing, the note is added) by what this file does:
    update the linked Jira issue, or create one to link with ``cxnlp backlog link``.
    ``fmt`` is ``"jira"`` (wiki markup, escaped; ``key`` a Jira key) or ``"md"`` (the
    GitHub body; ``key`` an issue number such as ``#12``).
    """
    if fmt == "md" and key:
        number = key.lstrip("#")
        note = (
            f"Id estable {item_id}, enlazado con la incidencia {key} de GitHub: cxnlp no la "
            f"actualiza por sí mismo; pon este texto en ella (gh issue edit {number} "
            f"--body-file {item_id}.md) en lugar de abrir otra."
        )
        escaped = md_escape(note)
    elif fmt == "md":
        note = (
            f"Id estable {item_id} (marca oculta cxnlp-item al final de este texto), aún sin "
            "enlazar: cxnlp no abre ni actualiza incidencias de GitHub. Busca esa marca antes "
            "de abrir otra incidencia para la misma causa; tras abrirla, «cxnlp backlog link» "
            "con la lista de incidencias en JSON la enlaza."
        )
        escaped = md_escape(note)
    elif key:
        note = (
            f"Id estable {item_id}, enlazado con la incidencia {key}: al importar este CSV con "
            f"la columna Issue Key asignada, Jira actualiza {key} en lugar de abrir otra."
        )
        escaped = jira_escape(note)
    else:
        note = (
            f"Id estable {item_id} (etiqueta {item_label(item_id)}), aún sin enlazar: importar "
            "este CSV crea una incidencia nueva. Después, exporta las incidencias de Jira a CSV "
            "y ejecuta «cxnlp backlog link» con ese fichero: las siguientes importaciones "
            "actualizan esa incidencia en lugar de abrir otra."
        )
        escaped = jira_escape(note)
    replaced, found = _BUILDER_NOTE.subn(lambda _: escaped, description)
    return replaced if found else description.rstrip("\n") + "\n\n" + escaped + "\n"


SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Id", "Id estable del elemento: no cambia de una ejecución a otra."),
    ("Incidencia Jira", "La incidencia enlazada con «cxnlp backlog link»; vacía si aún no."),
    ("Causa", "La causa raíz (el tema o grupo de temas)."),
    ("Curado", "Cambios de un analista: renombrado, fusionado, «no es un problema»…"),
    ("Prioridad", "P1 a P4, según la puntuación."),
    ("Puntuación", "Puntuación de prioridad: volumen, impacto, tendencia y negatividad."),
    ("Puesto", "Puesto entre las causas de la ventana (1 = la primera)."),
    ("Estado", "abierto, resuelto o agrupado en otro elemento."),
    ("Agrupado en", "El elemento que ahora incluye este tema, si se agrupó."),
    ("Etapa", "Etapa del recorrido del cliente."),
    ("Comentarios", "Comentarios de la causa en la ventana."),
    ("NPS del tema", "NPS de las respuestas con el tema (-100 a 100)."),
    ("Impacto en NPS", "NPS global menos NPS sin el tema, en puntos: negativo si lo resta."),
    ("Impacto en CSAT", "CSAT global menos CSAT sin el tema (0-100), en puntos."),
    ("Palabras clave", "Palabras que más distinguen la causa."),
    ("Motivo", "Por qué está en la lista, en una frase."),
    ("Primera vez", "Cuándo apareció la causa por primera vez."),
    ("Actualizado", "La ejecución que la actualizó por última vez."),
    ("Resuelto el", "Cuándo dejó de ser una causa, si lo hizo."),
)
_STATUS_ES = {"open": "abierto", "resolved": "resuelto", "merged": "agrupado"}


def backlog_sheet(
    backlog: pd.DataFrame,
    links: Mapping[str, str] | None = None,
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The backlog as analysts read it: Spanish headers, figures as numbers, dates as dates."""
    links = links or {}
    figures: dict[int, dict[str, Any]] = {}
    if drivers is not None and len(drivers) and "topic_id" in drivers.columns:
        for rec in drivers.to_dict("records"):
            figures[int(rec["topic_id"])] = rec
    rows = []
    for rec in backlog.to_dict("records"):
        tid = _int(rec.get("topic_id"))
        fig = figures.get(tid, {}) if tid is not None else {}
        rows.append(
            [
                str(rec["item_id"]),
                links.get(str(rec["item_id"]), ""),
                str(rec.get("title") or ""),
                str(rec.get("curation") or ""),
                str(rec.get("priority") or ""),
                _number(rec.get("score")),
                _int(rec.get("rank")),
                _STATUS_ES.get(str(rec.get("status")), str(rec.get("status") or "")),
                rec.get("merged_into") or "",
                rec.get("stage") or "",
                _int(fig.get("n")),
                _number(fig.get("nps")),
                _number(fig.get("loo_nps")),
                _number(fig.get("loo_csat")),
                str(rec.get("keywords") or ""),
                str(rec.get("reason") or ""),
                _when(rec.get("first_seen")),
                _when(rec.get("last_updated")),
                _when(rec.get("resolved_at")),
            ]
        )
    return pd.DataFrame(rows, columns=[name for name, _ in SHEET_COLUMNS])


def write_backlog_sheet(
    backlog: pd.DataFrame,
    path: Path,
    *,
    links: Mapping[str, str] | None = None,
    drivers: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`backlog_sheet` as a workbook, with a second sheet defining its columns."""
    return write_safe_xlsx(
        backlog_sheet(backlog, links, drivers),
        path,
        sheet="backlog",
        widths={"Causa": 40, "Motivo": 60, "Palabras clave": 30},
        number_formats={
            "Puntuación": "0.00",
            "NPS del tema": "0.0",
            "Impacto en NPS": "0.0",
            "Impacto en CSAT": "0.0",
        },
        notes=SHEET_COLUMNS,
    )


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _when(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else pd.Timestamp(stamp)


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
