"""What the top of every page must say about the run before any figure is read.

A source that failed, came empty or went silent, a step that had nothing to
do, trends that end before the run, a run that failed: each becomes one
notice in Spanish, shown above the KPIs of the analyst report and the social
review. The figures below a notice are still right for the data that arrived;
the notice says what did not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cxnlp.text import redact_pii

__all__ = ["Notice", "run_notices"]

STEP_NAMES = {
    "ingest": "Carga",
    "enrich": "Sentimiento y emoción",
    "topics": "Temas",
    "drivers": "Causas raíz",
    "backlog": "Backlog y llamadas",
    "reports": "Informes",
}
KIND_NAMES = {"survey": "encuestas", "social": "redes sociales", "ticket": "tickets"}


@dataclass(frozen=True)
class Notice:
    """One line at the top of a page: ``level`` is ``error``, ``warning`` or ``info``."""

    level: str
    text: str


def _day(value: Any) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def _source(name: str, kinds: dict[str, str]) -> str:
    kind = KIND_NAMES.get(kinds.get(name, ""), "")
    return f"{kind} ({name})" if kind and kind != name else name


def run_notices(run: dict[str, Any], kinds: dict[str, str] | None = None) -> list[Notice]:
    """The notices of one run, most serious first.

    Args:
        run: the run's row (``status``, ``error``, ``counts`` as a dict).
        kinds: source name -> kind (``survey``, ``social``, ``ticket``), for names
            people recognise.
    """
    kinds = kinds or {}
    counts = run.get("counts") or {}
    notices: list[Notice] = []
    status = run.get("status")
    if status == "failed":
        error = redact_pii(str(run.get("error") or "sin detalle"))[:300]
        notices.append(
            Notice(
                "error",
                f"Esta ejecución falló ({error}). El informe muestra lo que llegó a guardarse "
                "antes del fallo: puede estar incompleto.",
            )
        )
    elif status == "running":
        notices.append(
            Notice("warning", "Esta ejecución no ha terminado: el informe puede estar incompleto.")
        )
    ingest = counts.get("ingest") or {}
    errors = ingest.get("source_errors") or {}
    for name in ingest.get("failed_sources") or []:
        detail = redact_pii(str(errors.get(name, "")))[:300]
        notices.append(
            Notice(
                "error",
                f"{_source(name, kinds)}: no se pudo leer esta noche"
                + (f" ({detail})" if detail else "")
                + ". Sus datos anteriores siguen en el informe; los de hoy faltan.",
            )
        )
    for name in ingest.get("empty_sources") or []:
        notices.append(
            Notice(
                "error",
                f"{_source(name, kinds)}: la exportación de esta noche llegó vacía "
                "(solo la cabecera).",
            )
        )
    by_day: dict[str | None, list[str]] = {}
    for name, last in (ingest.get("silent_sources") or {}).items():  # in config order
        by_day.setdefault(last, []).append(_source(name, kinds))
    for last, names in by_day.items():  # sources silent since the same day share a line
        since = f"sin datos nuevos desde el {_day(last)}" if last else "sin ningún dato todavía"
        notices.append(Notice("warning", f"{', '.join(names)}: {since}."))
    trend_last_day = (counts.get("drivers") or {}).get("trend_last_day")
    if trend_last_day:
        notices.append(
            Notice(
                "warning",
                "No hay comentarios recientes: las tendencias y los temas emergentes se calculan "
                f"hasta el {_day(trend_last_day)}, el último día con datos, no hasta hoy.",
            )
        )
    for step, result in counts.items():
        if isinstance(result, dict) and result.get("status") == "skipped":
            notices.append(
                Notice(
                    "info",
                    f"{STEP_NAMES.get(step, step)}: paso omitido esta noche "
                    f"({result.get('reason_es') or result.get('reason') or 'sin motivo'}).",
                )
            )
    reason = (counts.get("backlog") or {}).get("callbacks_empty_reason_es")
    if reason:
        notices.append(Notice("info", f"Lista de llamadas vacía: {reason}."))
    return notices
