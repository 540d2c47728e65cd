"""Close the loop: detractors with a negative comment, grouped by root cause, to call back.

A customer is listed when, in the last ``days`` days up to ``as_of``, they
answered as a detractor (NPS 0-6, or CSAT in the bottom-2 box of its scale:
1-2, as :func:`cxnlp.metrics.dsat`) *and* their comment reads negative. Each
customer appears once per root cause, with their latest comment. Duplicates
and answers without a customer id are left out: the CX team needs someone to
call, once.

:func:`export_callbacks` writes the list as the sheet an agent works from
(:func:`callback_sheet`: Spanish headers, a call order, the reason in words,
columns to fill); :mod:`cxnlp.callbacks` reads the filled sheet back.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.drivers.frame import OUTLIER_TOPIC, to_timestamp
from cxnlp.errors import CxnlpError
from cxnlp.exports import write_safe_csv, write_safe_xlsx
from cxnlp.intents.frame import CALLBACK_REASONS, attach_intents, callback_reason

log = logging.getLogger(__name__)

CALLBACK_COLUMNS = (
    "priority", "topic", "topic_id", "topic_rank", "customer_id", "channel", "source",
    "created_at", "nps", "csat", "csat_scale", "text", "feedback_id", "intent",
)  # fmt: skip
# Contact columns copied to the list when the enriched frame has them.
CONTACT_COLUMNS = {"email": "Email", "phone": "Teléfono"}
NO_TOPIC = "Sin tema"
PRIORITY_RULE = (
    "Orden de llamada (columna Prioridad, 1 = primero): primero los clientes cuyo comentario "
    "expresa intención de baja o amenaza de reclamación (columna Intención), y dentro de "
    "ellos y del resto, las causas raíz en el orden "
    "del informe (puesto 1, 2, ...; las causas sin puesto por número de clientes, y los "
    "comentarios sin tema al final); dentro de cada causa, primero la puntuación más baja "
    "(NPS 0 antes que 6; CSAT en proporción a su escala) y, a igual puntuación, el "
    "comentario más reciente."
)


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
        Columns :data:`CALLBACK_COLUMNS` (and :data:`CONTACT_COLUMNS` the frame has), in the
        order :data:`PRIORITY_RULE` states, ``priority`` numbering it from 1; ``text`` is
        the redacted comment; ``intent`` says why a customer moved up ("intención de
        baja", "amenaza de reclamación", both, or "").

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
    # issue 21: customers about to leave or to escalate are called first, and the
    # sheet says why (flags from the store's intents table, else from the text)
    picked = attach_intents(picked)
    picked["intent"] = [
        callback_reason(r) for r in picked[list(CALLBACK_REASONS)].to_dict("records")
    ]
    picked["_at_risk"] = np.where(picked["intent"] != "", 0, 1)

    known = _driver_ranks(drivers)
    picked["topic_rank"] = pd.array(picked["topic_id"].map(known), dtype="Int64")
    picked = picked.sort_values("created_at", ascending=False).drop_duplicates(
        ["customer_id", "topic_id"], keep="first"
    )
    picked["_order"] = picked["topic_id"].map(_group_order(picked, known))
    picked["_severity"] = _severity(nps[picked.index], csat[picked.index], picked["csat_scale"])
    picked = picked.sort_values(
        ["_at_risk", "_order", "topic_id", "_severity", "created_at"],
        ascending=[True, True, True, True, False],
        kind="stable",
    )
    picked["priority"] = np.arange(1, len(picked) + 1)
    picked["nps"] = pd.array(nps[picked.index], dtype="Int64")
    picked["csat"] = csat[picked.index]
    contacts = [c for c in CONTACT_COLUMNS if c in picked.columns]
    return picked[[*CALLBACK_COLUMNS, *contacts]].reset_index(drop=True)


def _severity(nps: pd.Series, csat: pd.Series, scale: pd.Series) -> pd.Series:
    """How unhappy each answer is, 0 (worst) to 1: NPS / 10, or CSAT within its scale."""
    top = pd.to_numeric(scale, errors="coerce").fillna(5.0)
    from_csat = (csat - 1) / (top - 1).where(top > 1)
    return (nps / 10).fillna(from_csat).fillna(1.0)


SHEET_STATUS = ("pendiente", "en curso", "sin respuesta", "cerrado")
FILL_COLUMNS = ("Estado", "Agente", "Resultado", "Fecha de llamada")
SHEET_NOTES: tuple[tuple[str, str], ...] = (
    ("Prioridad", PRIORITY_RULE),
    ("Motivo", "Por qué llamar: la puntuación que dio el cliente y la causa de su comentario."),
    (
        "Intención",
        "«intención de baja» o «amenaza de reclamación» cuando el comentario lo dice (se llama "
        "primero); vacío si no.",
    ),
    ("Comentario", "El comentario del cliente, anonimizado (sin correos, teléfonos ni nombres)."),
    ("ID respuesta", "No lo cambies: une la fila con la respuesta al leer la hoja de vuelta."),
    (
        "Estado",
        "Rellénalo al llamar: " + ", ".join(SHEET_STATUS) + ". «cerrado» = cliente atendido y "
        "caso cerrado; cuenta para la tasa de cierre.",
    ),
    ("Agente", "Quién llamó."),
    ("Resultado", "Qué se acordó, en pocas palabras (se anonimiza al leerlo)."),
    (
        "Fecha de llamada",
        "Día (y hora, si quieres) de la llamada: obligatoria salvo en «pendiente».",
    ),
    (
        "Devolver la hoja",
        "Guárdala como XLSX o CSV y ejecuta «cxnlp callbacks import FICHERO»: las filas con "
        "un error se indican (fila y columna) y se omiten; las demás se guardan.",
    ),
)


def callback_sheet(callbacks: pd.DataFrame, *, contacts_allowed: bool = False) -> pd.DataFrame:
    """The call-back list as an agent works from it: Spanish headers, one row per call.

    Columns: ``Prioridad`` (1 = call first, :data:`PRIORITY_RULE`), the cause and its
    rank, ``Motivo`` (the reason in words), ``NPS`` (an integer), ``CSAT``, the redacted
    comment, its date, the customer, channel and source, contact columns when the list
    has them (redacted unless ``contacts_allowed``), ``ID respuesta`` (the key that
    :func:`cxnlp.callbacks.import_outcomes` reads back) and the empty columns the agent
    fills (:data:`FILL_COLUMNS`).
    """
    from cxnlp.text import redact_pii

    rows = []
    for rec in callbacks.to_dict("records"):
        nps, csat = _plain(rec.get("nps")), _plain(rec.get("csat"))
        row: dict[str, Any] = {
            "Prioridad": int(rec["priority"]),
            "Causa": str(rec["topic"]),
            "Puesto de la causa": _plain(rec.get("topic_rank")),
            "Motivo": _reason(rec, nps, csat),
            "NPS": None if nps is None else int(nps),
            "CSAT": csat,
            "Comentario (anonimizado)": str(rec.get("text") or ""),
            "Fecha del comentario": pd.Timestamp(rec["created_at"]),
            "Cliente": str(rec["customer_id"]),
            "Canal": _plain(rec.get("channel")) or "",
            "Origen": _plain(rec.get("source")) or "",
            "Intención": str(rec.get("intent") or ""),
        }
        for column, header in CONTACT_COLUMNS.items():
            if column in callbacks.columns:
                value = _plain(rec.get(column))
                text = "" if value is None else str(value)
                row[header] = text if contacts_allowed else redact_pii(text)
        row["ID respuesta"] = str(rec["feedback_id"])
        rows.append(row | dict.fromkeys(FILL_COLUMNS, ""))
    if not rows:
        headers = [
            "Prioridad", "Causa", "Puesto de la causa", "Motivo", "NPS", "CSAT",
            "Comentario (anonimizado)", "Fecha del comentario", "Cliente", "Canal", "Origen",
            "Intención",
            *[h for c, h in CONTACT_COLUMNS.items() if c in callbacks.columns],
            "ID respuesta", *FILL_COLUMNS,
        ]  # fmt: skip
        return pd.DataFrame(columns=headers)
    sheet = pd.DataFrame(rows)
    for column in ("Prioridad", "Puesto de la causa", "NPS"):
        sheet[column] = pd.array(sheet[column].tolist(), dtype="Int64")  # 3, never 3.0
    csat = pd.to_numeric(sheet["CSAT"], errors="coerce")
    if bool((csat.dropna() % 1 == 0).all()):  # answers on a 1-5/1-7/1-10 scale: 1, not 1.0
        sheet["CSAT"] = pd.array(csat.tolist(), dtype="Int64")
    return sheet


def export_callbacks(
    callbacks: pd.DataFrame, out_dir: str | Path, *, contacts_allowed: bool = False
) -> dict[str, Path]:
    """Write the call-back list as ``callbacks.csv`` and ``callbacks.xlsx`` for the CX team.

    Both hold :func:`callback_sheet`, neutralised as :func:`cxnlp.exports.write_safe_csv`
    and :func:`cxnlp.exports.write_safe_xlsx` describe. The CSV starts with a UTF-8
    byte-order mark, so Excel reads its accents; the workbook (sheet ``llamadas``) has
    widths, wrapped text, an autofilter, a frozen header and date cells, and a second
    sheet, ``Léeme``, that explains the order and the columns to fill.

    Args:
        callbacks: The output of :func:`build_callbacks`.
        out_dir: Folder to write into (created when missing).
        contacts_allowed: Write contact columns unredacted (the config's privacy says so).

    Returns:
        ``{"csv": path, "xlsx": path}``.
    """
    out = Path(out_dir)
    sheet = callback_sheet(callbacks, contacts_allowed=contacts_allowed)
    return {
        "csv": write_safe_csv(sheet, out / "callbacks.csv", bom=True),
        "xlsx": write_safe_xlsx(
            sheet,
            out / "callbacks.xlsx",
            sheet="llamadas",
            widths={"Motivo": 45, "Comentario (anonimizado)": 60, "Resultado": 40},
            notes=SHEET_NOTES,
        ),
    }


def _reason(rec: dict[str, Any], nps: Any, csat: Any) -> str:
    if nps is not None:
        score = f"NPS {int(nps)} (detractor)"
    else:
        scale = _plain(rec.get("csat_scale"))
        of = f" de {int(scale)}" if scale is not None else ""
        score = f"CSAT {csat:g}{of} (insatisfecho)" if csat is not None else "insatisfecho"
    topic = str(rec["topic"])
    about = "sin tema reconocido" if topic == NO_TOPIC else f"sobre «{topic}»"
    return f"{score}, comentario negativo {about}"


def _plain(value: Any) -> Any:
    """A Python value, or None for any kind of missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and np.isnan(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


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
