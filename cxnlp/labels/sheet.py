"""Reading a filled corrections sheet (CSV or XLSX) into checked correction rows.

A row names its comment by ``feedback_id`` (the report's corrections CSV has it)
or by its text (the redacted text as the report shows it), and gives a
sentiment and/or an emotion, as codes (``POS``, ``joy``) or in Spanish
(``negativo``, ``enfado``). Rows with neither label are left alone (a sheet is
filled a little at a time); a bad row is reported with the file, the row as a
spreadsheet numbers it and the column, and skipped; the good rows are stored.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxnlp.errors import CxnlpError
from cxnlp.labels.corrections import now_utc, put_corrections
from cxnlp.schema import EMOTION_LABELS, SENTIMENT_LABELS
from cxnlp.sheets import read_sheet, unneutralise
from cxnlp.text.normalize import normalize_text

# header spellings (folded: lower case, no accents) -> field
HEADERS = {
    "feedback_id": "feedback_id",
    "id": "feedback_id",
    "id respuesta": "feedback_id",
    "text": "text",
    "texto": "text",
    "comentario": "text",
    "sentiment": "sentiment",
    "sentimiento": "sentiment",
    "sentimiento corregido": "sentiment",
    "sentimiento_corregido": "sentiment",
    "emotion": "emotion",
    "emocion": "emotion",
    "emocion corregida": "emotion",
    "emocion_corregida": "emotion",
}
SENTIMENT_SPELLINGS = {
    "pos": "POS", "positive": "POS", "positivo": "POS", "positiva": "POS",
    "neu": "NEU", "neutral": "NEU", "neutro": "NEU", "neutra": "NEU",
    "neg": "NEG", "negative": "NEG", "negativo": "NEG", "negativa": "NEG",
}  # fmt: skip
EMOTION_SPELLINGS = {
    **{label: label for label in EMOTION_LABELS},
    "alegria": "joy", "felicidad": "joy",
    "tristeza": "sadness",
    "enfado": "anger", "ira": "anger", "enojo": "anger", "rabia": "anger",
    "miedo": "fear", "temor": "fear",
    "sorpresa": "surprise",
    "asco": "disgust", "disgusto": "disgust",
    "otras": "others", "otra": "others", "otros": "others", "otro": "others",
    "ninguna": "others",
}  # fmt: skip
SPELLINGS = {"sentiment": SENTIMENT_SPELLINGS, "emotion": EMOTION_SPELLINGS}
ACCEPTED = {
    "sentiment": f"{', '.join(SENTIMENT_LABELS)} (o positivo, neutro, negativo)",
    "emotion": f"{', '.join(EMOTION_LABELS)} (o alegría, tristeza, enfado, miedo, sorpresa, "
    "asco, otras)",
}


@dataclass
class ImportResult:
    """What one import stored and what it skipped."""

    file: str
    stored: int = 0
    empty: int = 0  # rows with no label to store yet
    problems: list[str] = field(default_factory=list)  # "file, row N, column: reason"


def fold(text: str) -> str:
    """Lower case without accents or extra spaces, to compare headers and spellings."""
    plain = unicodedata.normalize("NFKD", str(text).strip().lower())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def parse_corrections(
    path: str | Path, known_ids: dict[str, str], known_texts: dict[str, str]
) -> tuple[list[dict[str, Any]], ImportResult]:
    """Check every row of a filled sheet; return the good corrections and the report.

    Args:
        path: the CSV or XLSX file.
        known_ids: feedback id -> text hash of every comment in the store.
        known_texts: text (as the report shows it, or normalised, spaces collapsed)
            -> text hash of every comment in the store.

    Raises:
        CxnlpError: the file cannot be read, or it has no id/text or no label column.
    """
    path = Path(path)
    header, rows = read_sheet(path)
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        key = HEADERS.get(fold(name))
        if key is not None and key not in columns:
            columns[key] = i
    if "feedback_id" not in columns and "text" not in columns:
        raise CxnlpError(
            f"{path}: no feedback_id or text column (columns: {header}); name each comment "
            "by its feedback_id or its text"
        )
    if "sentiment" not in columns and "emotion" not in columns:
        raise CxnlpError(
            f"{path}: no sentiment or emotion column (columns: {header}); accepted headers: "
            "sentiment/sentimiento, emotion/emoción"
        )
    result = ImportResult(file=str(path))
    good: list[dict[str, Any]] = []
    for number, cells in rows:

        def cell(key: str, cells: list[Any] = cells) -> str:
            i = columns.get(key)
            value = cells[i] if i is not None and i < len(cells) else None
            return "" if value is None else unneutralise(str(value).strip())

        where = f"{path.name}, row {number}"
        labels: dict[str, str | None] = {}
        problem = None
        for task in ("sentiment", "emotion"):
            raw = cell(task)
            if not raw:
                labels[task] = None
                continue
            code = SPELLINGS[task].get(fold(raw)) or SPELLINGS[task].get(raw.strip())
            if code is None:
                problem = f"{task}: {raw!r} is not accepted; use {ACCEPTED[task]}"
                break
            labels[task] = code
        if problem is None and labels["sentiment"] is None and labels["emotion"] is None:
            result.empty += 1
            continue
        feedback_id = cell("feedback_id")
        hashed = None
        if problem is None:
            if feedback_id:
                hashed = known_ids.get(feedback_id)
                if hashed is None:
                    problem = f"feedback_id: {feedback_id!r} is not a comment in this store"
            elif cell("text"):
                given = " ".join(cell("text").split())
                hashed = known_texts.get(given) or known_texts.get(normalize_text(given))
                if hashed is None:
                    problem = "text: no comment in this store has this text"
            else:
                problem = "feedback_id: empty, and so is the text; give one of them"
        if problem is not None:
            result.problems.append(f"{where}, {problem}")
            continue
        good.append(
            {
                "text_hash": hashed,
                **labels,
                "feedback_id": feedback_id or None,
                "source_file": path.name,
                "source_row": number,
            }
        )
    return good, result


def import_corrections(store: Any, path: str | Path, corrected_by: str) -> ImportResult:
    """Read a filled sheet and store its good rows in ``label_corrections``.

    Args:
        store: an open, writable :class:`cxnlp.store.Store`.
        path: the CSV or XLSX file.
        corrected_by: who made the corrections (recorded with each one).

    Returns:
        How many rows were stored or empty, and one line per bad (skipped) row.
    """
    rows = store.con.execute(
        "SELECT feedback_id, text_hash, text, text_norm FROM feedback "
        "WHERE coalesce(text_hash, '') <> ''"
    ).fetchall()
    ids = {feedback_id: hashed for feedback_id, hashed, _, _ in rows}
    texts: dict[str, str] = {}
    for _, hashed, shown, norm in rows:
        for value in (norm, shown):
            if value:
                texts.setdefault(" ".join(str(value).split()), hashed)
    good, result = parse_corrections(path, ids, texts)
    when = now_utc()
    for row in good:
        row.update(corrected_by=corrected_by, corrected_at=when)
    result.stored = put_corrections(store, good)
    return result
