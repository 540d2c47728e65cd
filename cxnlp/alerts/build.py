"""Build alerts from what a night or an intraday cycle computed (pure functions).

Each builder reads frames the run already holds and returns :class:`Alert`
objects; sending, cool-down and logging are :mod:`cxnlp.alerts.send`'s.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from cxnlp.alerts.config import AlertsConfig
from cxnlp.alerts.model import Alert

_INTENT_ES = {
    "churn": "intención de baja",
    "escalation": "amenaza de reclamación",
    "effort": "esfuerzo o contacto repetido",
    "urgent": "seguridad o fraude",  # the title already says "Urgente"
}
_TEXT_CHARS = 600


def _num(value: Any) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else float(number)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as numbers; all missing when the frame lacks it (social rows)."""
    if column not in frame.columns:
        return pd.Series(float("nan"), index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce")


def detractor_mask(frame: pd.DataFrame, config: AlertsConfig) -> pd.Series:
    """Rows whose NPS or CSAT marks a detractor (CSAT rescaled to 1-5 first)."""
    nps, csat = _numbers(frame, "nps"), _numbers(frame, "csat")
    scale = _numbers(frame, "csat_scale").fillna(5.0)
    # a CSAT of c on a 1-s scale sits at 1 + 4 (c - 1) / (s - 1) on a 1-5 scale
    csat_5 = 1 + 4 * (csat - 1) / (scale - 1).where(scale > 1)
    low = (nps <= config.hot_nps_max) | (csat_5 <= config.hot_csat_max + 1e-9)
    return pd.Series(low.fillna(False).to_numpy(dtype=bool), index=frame.index)


def _truthy(value: Any) -> bool:
    return bool(value) if value is not None and not pd.isna(value) else False


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[name].fillna(False).astype(bool)


def hot_comment_mask(frame: pd.DataFrame, config: AlertsConfig) -> pd.Series:
    """Hot comments: a detractor with churn or escalation intent, or anything urgent."""
    intent = _flag(frame, "churn") | _flag(frame, "escalation")
    return (detractor_mask(frame, config) & intent) | _flag(frame, "urgent")


def _score_text(row: pd.Series) -> str:
    parts = []
    nps = _num(row.get("nps"))
    if nps is not None:
        parts.append(f"NPS {int(nps)}")
    csat = _num(row.get("csat"))
    if csat is not None:
        scale = _num(row.get("csat_scale"))
        parts.append(f"CSAT {csat:g}" + (f" de {int(scale)}" if scale else ""))
    return ", ".join(parts) or "sin puntuación"


def hot_comment_alerts(
    frame: pd.DataFrame, config: AlertsConfig, run_id: str | None
) -> list[Alert]:
    """One alert per hot comment (``hot_comment:<feedback_id>``), worst first.

    Past ``alerts.max_hot_per_cycle`` the rest go into one summary alert, so a
    flood of complaints does not become a flood of messages.

    Args:
        frame: new comments with ``feedback_id``, ``text`` (redacted), scores, the
            intent columns (``churn``, ``escalation``, ``effort``, ``urgent``,
            ``intent_cues``) and optionally ``topic_label``.
    """
    if frame.empty:
        return []
    hot = frame[hot_comment_mask(frame, config)].copy()
    if hot.empty:
        return []
    hot["_urgent"] = _flag(hot, "urgent")
    hot = hot.sort_values(["_urgent", "created_at"], ascending=[False, True], kind="stable")
    alerts = []
    for _, row in hot.head(config.max_hot_per_cycle).iterrows():
        intents = [label for key, label in _INTENT_ES.items() if _truthy(row.get(key))]
        text = str(row.get("text") or "")
        if len(text) > _TEXT_CHARS:
            text = text[: _TEXT_CHARS - 1] + "…"
        lines = [
            f"Comentario de {row.get('source')} ({_score_text(row)}): {', '.join(intents)}.",
            f"«{text}»",
        ]
        cues = row.get("intent_cues")
        if isinstance(cues, str) and cues:
            lines.append(f"Señales: {cues}")
        label = row.get("topic_label")
        if isinstance(label, str) and label:
            lines.append(f"Tema: {label}")
        when = pd.Timestamp(row.get("created_at"))
        if not pd.isna(when):
            # day first: an ISO date and hour read as a phone number to the redactor
            lines.append(f"Escrito el {when:%d/%m/%Y a las %H:%M} (UTC) · id {row['feedback_id']}")
        title = "Urgente" if bool(row["_urgent"]) else "Cliente en riesgo"
        alerts.append(
            Alert(
                kind="hot_comment",
                subject=f"hot_comment:{row['feedback_id']}",
                title=f"cxnlp · {title}: {', '.join(intents)}",
                body="\n".join(lines),
                run_id=run_id,
            )
        )
    rest = len(hot) - config.max_hot_per_cycle
    if rest > 0:
        alerts.append(
            Alert(
                kind="hot_comment",
                subject=f"hot_comment:overflow:{run_id}",
                title=f"cxnlp · {rest} comentarios críticos más",
                body=(
                    f"Además de los {config.max_hot_per_cycle} avisados, {rest} comentarios "
                    "críticos más en este ciclo; véalos en el informe o con `cxnlp alerts list`."
                ),
                run_id=run_id,
            )
        )
    return alerts


def emerging_cause_alerts(drivers: pd.DataFrame, run_id: str | None) -> list[Alert]:
    """One alert per root cause the night's ranking flags as emerging."""
    if drivers.empty or "emerging" not in drivers.columns:
        return []
    flagged = drivers[drivers["emerging"].fillna(False).astype(bool)]
    if "topic_id" in flagged.columns:
        flagged = flagged[flagged["topic_id"] != -1].drop_duplicates("topic_id")
    alerts = []
    for _, row in flagged.iterrows():
        rank = _num(row.get("rank"))
        reason = row.get("reason")
        body = [f"La causa «{row.get('label')}» está creciendo de forma significativa."]
        if rank is not None:
            body.append(f"Puesto en el ranking de causas: {int(rank)}.")
        if isinstance(reason, str) and reason:
            body.append(reason)
        alerts.append(
            Alert(
                kind="emerging_cause",
                subject=f"emerging:{int(row['topic_id'])}",
                title=f"cxnlp · Causa emergente: {row.get('label')}",
                body="\n".join(body),
                run_id=run_id,
            )
        )
    return alerts


def social_spike_alerts(spikes: pd.DataFrame, as_of: datetime, run_id: str | None) -> list[Alert]:
    """Alerts for spikes of social mentions on the last two days before ``as_of``."""
    if spikes.empty:
        return []
    recent = as_of.date() - timedelta(days=2)
    alerts = []
    for _, row in spikes.iterrows():
        day = pd.Timestamp(row["date"]).date()
        if day < recent:
            continue
        n, base = _num(row.get("n")) or 0.0, _num(row.get("baseline")) or 0.0
        alerts.append(
            Alert(
                kind="social_spike",
                subject=f"social_spike:{day.isoformat()}",
                title=f"cxnlp · Pico de menciones en redes ({day:%d/%m})",
                body=(
                    f"{int(n)} menciones el {day:%d/%m/%Y}, frente a una media de {base:.1f} "
                    "en los días anteriores."
                ),
                run_id=run_id,
            )
        )
    return alerts


def silent_source_alerts(silent: dict[str, str | None], run_id: str | None) -> list[Alert]:
    """One alert per source that stopped delivering rows."""
    alerts = []
    for source, last in sorted(silent.items()):
        since = f"desde el {last}" if last else "nunca ha entregado filas"
        alerts.append(
            Alert(
                kind="source_silent",
                subject=f"source_silent:{source}",
                title=f"cxnlp · La fuente {source} no trae datos nuevos",
                body=f"La fuente «{source}» no trae comentarios nuevos ({since}).",
                run_id=run_id,
            )
        )
    return alerts


def run_failed_alert(run_id: str | None, error: str) -> Alert:
    """The alert for a night that failed."""
    return Alert(
        kind="run_failed",
        subject=f"run_failed:{run_id or 'unknown'}",
        title="cxnlp · La ejecución nocturna ha fallado",
        body=f"La ejecución {run_id or ''} no terminó: {error[:500]}",
        run_id=run_id,
    )
