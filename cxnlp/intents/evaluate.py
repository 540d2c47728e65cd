"""Score the intent flags on a labelled set (JSON lines: ``{"text", "intents"}``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from cxnlp.errors import CxnlpError
from cxnlp.intents import INTENTS, flag_intents
from cxnlp.intents.head import IntentHead


def load_labelled(path: Path) -> pd.DataFrame:
    """Read a labelled set: one bool column per intent plus ``text``.

    Raises:
        CxnlpError: naming the file and line of a malformed row or unknown intent.
    """
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, labels = row["text"], row["intents"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise CxnlpError(
                f'{path}, line {number}: expected {{"text": ..., "intents": [...]}} ({exc})'
            ) from exc
        unknown = set(labels) - set(INTENTS)
        if unknown:
            raise CxnlpError(
                f"{path}, line {number}, field 'intents': unknown {sorted(unknown)}; "
                f"accepted: {', '.join(INTENTS)}"
            )
        rows.append({"text": text, **{intent: intent in labels for intent in INTENTS}})
    return pd.DataFrame(rows, columns=["text", *INTENTS])


def score_intents(truth: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and counts per intent (NaN precision when nothing is flagged)."""
    out = []
    for intent in INTENTS:
        t, p = truth[intent].to_numpy(bool), predicted[intent].to_numpy(bool)
        tp, fp, fn = int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum())
        out.append(
            {
                "intent": intent,
                "support": int(t.sum()),
                "flagged": int(p.sum()),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": tp / (tp + fp) if tp + fp else float("nan"),
                "recall": tp / (tp + fn) if tp + fn else float("nan"),
            }
        )
    return pd.DataFrame(out).set_index("intent")


def evaluate_file(
    path: Path, *, embedder: Any = None, head: IntentHead | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the flags on one labelled file: (per-intent table, the rows they got wrong).

    With an embedder and an intent head, the head's flags are added to the rules'.
    """
    truth = load_labelled(path)
    vectors = embedder.embed(truth["text"].tolist()) if embedder is not None and head else None
    predicted = flag_intents(truth["text"], vectors, head)
    wrong = pd.concat([truth["text"], predicted["intent_cues"]], axis=1)
    wrong["missed"] = [
        ",".join(i for i in INTENTS if truth.at[k, i] and not predicted.at[k, i])
        for k in truth.index
    ]
    wrong["extra"] = [
        ",".join(i for i in INTENTS if predicted.at[k, i] and not truth.at[k, i])
        for k in truth.index
    ]
    wrong = wrong[(wrong["missed"] != "") | (wrong["extra"] != "")]
    return score_intents(truth, predicted), wrong
