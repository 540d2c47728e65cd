"""The report's "Alertas" section and the digest's alert list: logged alerts as rows."""

from __future__ import annotations

from typing import Any

import pandas as pd

KIND_ES = {
    "hot_comment": "Comentario crítico",
    "emerging_cause": "Causa emergente",
    "social_spike": "Pico en redes",
    "source_silent": "Fuente sin datos",
    "run_failed": "Ejecución fallida",
    "digest": "Resumen diario",
}
STATUS_ES = {
    "sent": "enviada",
    "failed": "fallida",
    "suppressed": "omitida (ya enviada en el periodo de espera)",
    "no_target": "sin destinatario configurado",
}
MAX_ROWS = 50


def alert_rows(records: Any, limit: int = MAX_ROWS) -> list[dict[str, str]]:
    """Logged alerts (newest first) as display rows, digests left out.

    Args:
        records: rows of the store's ``alerts`` table (a frame or a list of dicts).
    """
    frame = pd.DataFrame(records if records is not None else [])
    if frame.empty or "kind" not in frame.columns:
        return []
    frame = frame[frame["kind"] != "digest"]
    rows = []
    for _, row in frame.head(limit).iterrows():
        created = pd.Timestamp(row.get("created_at"))
        status = str(row.get("status") or "")
        rows.append(
            {
                "when": "" if pd.isna(created) else f"{created:%Y-%m-%d %H:%M}",
                "kind": KIND_ES.get(str(row.get("kind")), str(row.get("kind"))),
                "title": str(row.get("title") or ""),
                "target": str(row.get("target") or "—"),
                "status": STATUS_ES.get(status, status),
                "status_key": status,
            }
        )
    return rows
