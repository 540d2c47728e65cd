"""The evidence written into a backlog item: figures, segments, representative comments.

:func:`describe_item` turns one drivers row (a ranked cause) into the blocks that
:mod:`cxnlp.backlog.render` writes as Markdown and Jira markup; the backlog
builder (:mod:`cxnlp.backlog.build`) decides which causes become items.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from cxnlp.backlog.render import Blocks
from cxnlp.drivers.frame import SEGMENT_COLUMNS
from cxnlp.drivers.reason import fmt_num, fmt_pct, fmt_signed_pct
from cxnlp.intents.frame import intent_shares, intent_summary

N_COMMENTS = 5
_SEGMENT_NAMES = {
    "channel": "Canal",
    "region": "Región",
    "product": "Producto",
    "journey_stage": "Etapa del recorrido",
}


def describe_item(
    row: pd.Series,
    topic: dict[str, Any],
    frame: pd.DataFrame,
    *,
    item_id: str,
    run_id: str,
    as_of: pd.Timestamp,
    status: str,
    n_ranked: int,
) -> Blocks:
    """The evidence of one item as description blocks (rendered to Markdown and Jira)."""
    tid = int(row["topic_id"])
    keywords = as_list(topic.get("keywords"))
    group = [int(t) for t in as_list(topic.get("member_topic_ids"))]
    where = f"temas {', '.join(map(str, group))}" if len(group) > 1 else f"tema {tid}"
    head = [
        ("Causa raíz", f"{row['label']} ({where})"),
        (
            "Prioridad",
            f"{row['priority']} (puntuación {fmt_num(float(row['priority_score']), 2)}; "
            f"puesto {int(row['rank'])} de {n_ranked})",
        ),
        ("Estado", "abierto" if status == "open" else "resuelto"),
    ]
    curation = row.get("curation")
    if isinstance(curation, str) and curation:
        head.append(("Curado", curation))  # analysts' edits (cxnlp.themes)
    if keywords:
        head.append(("Palabras clave", ", ".join(map(str, keywords[:8]))))
    if clean_value(topic.get("stage")):
        head.append(("Etapa del recorrido", str(topic["stage"])))
    blocks = Blocks().fields(head).paragraph(str(row["reason"]))
    if len(group) > 1:
        labels = as_list(topic.get("member_labels"))
        sizes = as_list(topic.get("member_sizes"))
        blocks.heading("Temas que agrupa").bullets(
            [
                f"{labels[i] if i < len(labels) else ''} (tema {t}; "
                f"{int(sizes[i]) if i < len(sizes) else 0} comentarios)"
                for i, t in enumerate(group)
            ]
        ).paragraph(
            "Estos temas cuentan la misma queja con las mismas palabras: son una sola causa "
            "raíz, y las cifras de arriba son las de todos sus comentarios juntos."
        )
    intents = intent_summary(intent_shares(frame, tid), tid)  # issue 21
    blocks.heading(f"Cifras (ventana hasta {as_of:%Y-%m-%d})").table(
        ("Cifra", "Valor"), figure_rows(row) + ([("Intención", intents)] if intents else [])
    )
    segments = segment_lines(row)
    if segments:
        blocks.heading("Dónde se concentra").bullets(segments)
    comments = representative_comments(tid, topic, frame)
    if comments:
        blocks.heading("Comentarios representativos (anonimizados)").quotes(comments)
    blocks.heading("Cómo leer estas cifras").paragraph(
        "Impacto = puntuación de todas las respuestas menos la de las respuestas sin el tema: "
        "negativo si el tema la baja. El modelo multivariable reparte el efecto entre temas que "
        "aparecen juntos en los mismos comentarios; los intervalos son bootstrap. Los duplicados "
        "cuentan para el volumen pero no para las puntuaciones."
    ).paragraph(
        f"Generado por cxnlp (ejecución {run_id}). Id estable {item_id}: la misma causa "
        "conserva este id en las próximas ejecuciones."
    )
    return blocks


def _interval(value: Any, lo: Any, hi: Any, unit: str = "") -> str:
    return f"{fmt_num(value)}{unit} [{fmt_num(lo)}; {fmt_num(hi)}]"


def figure_rows(row: pd.Series) -> list[tuple[str, str]]:
    """The figures table of an item; rows without data are left out."""
    r = row.to_dict()
    windows = sorted(int(c[2:-1]) for c in r if re.fullmatch(r"n_\d+d", c))
    volume = [f"{fmt_pct(r['share'])} del total"] + [
        f"{int(r[f'n_{d}d'])} en {d} días" for d in windows
    ]
    rows = [("Comentarios", f"{int(r['n'])} ({'; '.join(volume)})")]
    for key, name, scale in (("nps", "NPS", ""), ("csat", "CSAT", " (0-100)")):
        if _num(r.get(key)):
            level = (
                _interval(r[key], r[f"{key}_lo"], r[f"{key}_hi"])
                if key == "nps"
                else fmt_num(r[key])
            )
            rows.append(
                (
                    f"{name} del tema{scale}",
                    f"{level} con {int(r[f'n_{key}'])} respuestas "
                    f"(global {fmt_num(r.get(f'overall_{key}', np.nan))})",
                )
            )
        for kind, how in (
            ("keydriver", "modelo multivariable"),
            ("loo", f"{name} global − {name} sin el tema; negativo: lo resta"),
        ):
            if _num(r.get(f"{kind}_{key}")):
                value = _interval(
                    r[f"{kind}_{key}"], r[f"{kind}_{key}_lo"], r[f"{kind}_{key}_hi"], " puntos"
                )
                rows.append((f"Impacto en {name} ({how})", value))
    if _num(r.get("ces")):
        rows.append(
            (
                "CES medio (1-7, 7 = muy fácil)",
                f"{fmt_num(r['ces'])} con {int(r['n_ces'])} respuestas",
            )
        )
    for key, name in (
        ("neg_share", "Sentimiento negativo"),
        ("anger_share", "Enfado"),
        ("detractor_share", "Detractores"),
    ):
        if _num(r.get(key)):
            rows.append((name, fmt_pct(r[key])))
    if _num(r.get("n_tickets")) and r["n_tickets"] > 0:
        rows.append(
            (
                "Tickets",
                f"{int(r['n_tickets'])}; mediana de resolución {fmt_num(r['ttr_median_h'])} h; "
                f"resolución al primer contacto {fmt_pct(r.get('fcr_rate', np.nan))}",
            )
        )
    if _num(r.get("share_recent")):
        trend = f"{fmt_pct(r['share_recent'])} de los comentarios recientes"
        if _num(r.get("share_base")):
            trend += f" frente a {fmt_pct(r['share_base'])} antes"
        if _num(r.get("growth")):
            trend += f" ({fmt_signed_pct(r['growth'])}"
            if _num(r.get("trend_q")):
                trend += f"; p ajustado {fmt_num(r['trend_q'], 3)}"
            trend += ")"
        if bool(r.get("is_new")):
            trend += "; tema nuevo"
        elif bool(r.get("emerging")):
            trend += "; emergente"
        rows.append(("Tendencia", trend))
    return rows


def segment_lines(row: pd.Series) -> list[str]:
    """``Canal: app (62% del tema; x2,1 frente al total)`` for each segment with a value."""
    lines = []
    for dim in SEGMENT_COLUMNS:
        value = row.get(f"top_{dim}")
        if not clean_value(value):
            continue
        share, lift = row.get(f"top_{dim}_share"), row.get(f"top_{dim}_lift")
        lines.append(
            f"{_SEGMENT_NAMES[dim]}: {value} ({fmt_pct(share)} del tema; "
            f"x{fmt_num(lift)} frente al total)"
        )
    return lines


def representative_comments(topic_id: int, topic: dict[str, Any], frame: pd.DataFrame) -> list[str]:
    """3-5 redacted comments: the topic model's representatives, topped up from the frame.

    Only the redacted ``text`` column is read; negative, recent originals are preferred
    for the top-up.
    """
    chosen: list[str] = []
    for text in as_list(topic.get("representative_texts")):
        if clean_value(text) and text not in chosen:
            chosen.append(str(text))
    if len(chosen) < 3 and "text" in frame.columns and "topic_id" in frame.columns:
        pool = frame[(frame["topic_id"] == topic_id) & frame["text"].notna()]
        if "dup_of" in pool.columns:
            pool = pool[pool["dup_of"].isna()]
        if len(pool):
            neg = (pool["sentiment"] == "NEG") if "sentiment" in pool.columns else False
            order = pd.DataFrame(
                {"neg": neg, "at": pool.get("created_at", pd.Series(pd.NaT, index=pool.index))}
            ).sort_values(["neg", "at"], ascending=[False, False])
            for text in pool.loc[order.index, "text"]:
                if len(chosen) >= N_COMMENTS:
                    break
                if str(text).strip() and text not in chosen:
                    chosen.append(str(text))
    return chosen[:N_COMMENTS]


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return []


def clean_value(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _num(value: Any) -> bool:
    try:
        return value is not None and bool(np.isfinite(float(value)))
    except (TypeError, ValueError):
        return False
