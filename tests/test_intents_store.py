"""The store's intents table: flagged once per text, recomputed when the rules change."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cxnlp.intents.store as intent_store
from cxnlp.intents import INTENTS
from cxnlp.store import Store


def _feedback(store: Store, texts: dict[str, str]) -> None:
    columns = store.table_columns("feedback")
    rows = []
    for i, (text_hash, text) in enumerate(texts.items()):
        row = dict.fromkeys(columns)
        row.update(
            feedback_id=f"f{i}", source="s", source_id=str(i), text_norm=text, text_hash=text_hash
        )
        rows.append(row)
    store.upsert_feedback(pd.DataFrame(rows, columns=columns))


def test_refresh_flags_new_texts_once_and_reflags_on_new_rules(
    store_location: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(store_location) as store:
        assert "intents" in store.tables()
        _feedback(
            store, {"h1": "Me doy de baja", "h2": "todo bien", "h3": "es la tercera vez que llamo"}
        )
        first = intent_store.refresh_intents(store)
        assert first["flagged"] == 3 and first["churn"] == 1 and first["effort"] == 1
        again = intent_store.refresh_intents(store)
        assert again["flagged"] == 0
        stored = intent_store.read_intents(store)
        assert sorted(stored.index) == ["h1", "h2", "h3"]
        assert stored.loc["h1", "churn"] and not stored.loc["h2", list(INTENTS)].any()
        assert "baja" in stored.loc["h1", "intent_cues"]
        assert list(intent_store.read_intents(store, ["h3"]).index) == ["h3"]

        monkeypatch.setattr(intent_store, "RULES_VERSION", "intents.rules.test")
        bumped = intent_store.refresh_intents(store)
        assert bumped["flagged"] == 3 and bumped["rules"] == "intents.rules.test"
        versions = store.con.execute("SELECT DISTINCT rules FROM intents").fetchall()
        assert versions == [("intents.rules.test",)]


def test_attach_reads_stored_flags_and_flags_the_rest(tmp_path: Path) -> None:
    from cxnlp.intents.frame import attach_intents

    with Store(tmp_path / "s.duckdb") as store:
        _feedback(store, {"h1": "Me doy de baja"})
        intent_store.refresh_intents(store)
        # the stored flag wins over the frame's text (which says nothing here), and a
        # hash with nothing stored is flagged from its text
        frame = pd.DataFrame(
            {"text_hash": ["h1", "h9"], "text_norm": ["gracias", "nadie me da solución"]}
        )
        out = attach_intents(frame, store)
    assert list(out["churn"]) == [True, False]
    assert list(out["effort"]) == [False, True]
    assert out["churn"].dtype == bool and out.loc[0, "intent_cues"].startswith("churn:")


def test_refresh_with_a_head_uses_the_cached_vectors(tmp_path: Path) -> None:
    import numpy as np

    from cxnlp.intents.head import fit_head

    rng = np.random.default_rng(1)
    x = rng.normal(0, 0.3, size=(120, 4))
    churn = rng.random(120) < 0.4
    x[churn, 0] += 2.0
    labels = pd.DataFrame({"churn": churn, "escalation": np.zeros(120, bool)})
    labels.loc[:5, "escalation"] = True  # both classes present
    head = fit_head(x, labels, name="intents-head-toy-v1", embedder="toy/1")
    with Store(tmp_path / "s.duckdb") as store:
        _feedback(store, {"h1": "el servicio está regular", "h2": "gracias"})
        vectors = np.zeros((1, 4), dtype=np.float32)
        vectors[0, 0] = 3.0
        store.put_embeddings(["h1"], vectors, "toy/1")  # h2 has no vector: rules only
        counts = intent_store.refresh_intents(store, head=head)
        assert counts["rules"].endswith("+intents-head-toy-v1") and counts["churn"] == 1
        stored = intent_store.read_intents(store)
        assert stored.loc["h1", "churn"]
        assert stored.loc["h1", "intent_cues"].startswith("churn: (modelo)")
        assert not stored.loc["h2", "churn"]
        # back to the rules alone: everything is flagged again, the head's rows dropped
        assert intent_store.refresh_intents(store)["flagged"] == 2
        assert not intent_store.read_intents(store).loc["h1", "churn"]
