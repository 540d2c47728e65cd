"""The call-back list calls customers about to leave or escalate first, and says why."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from cxnlp.closeloop import PRIORITY_RULE, build_callbacks, callback_sheet

AS_OF = datetime(2026, 11, 20)


def test_churn_and_escalation_first_with_a_reason() -> None:
    base = {
        "created_at": pd.Timestamp(AS_OF) - pd.Timedelta(days=1),
        "sentiment": "NEG",
        "csat": None,
        "channel": "web",
        "source": "encuestas",
        "dup_of": None,
    }
    rows = [
        # cause 1 outranks cause 2; an NPS 0 would go first without intents
        {"customer_id": "A", "topic_id": 1, "nps": 0, "text": "la factura llegó mal"},
        {"customer_id": "B", "topic_id": 2, "nps": 6, "text": "si no lo arreglan me voy"},
        {"customer_id": "C", "topic_id": 1, "nps": 5, "text": "voy a poner una queja en la OCU"},
        {"customer_id": "D", "topic_id": 2, "nps": 3, "text": "no pienso darme de baja, pero mal"},
        {
            "customer_id": "E",
            "topic_id": 2,
            "nps": 4,
            "text": "me doy de baja y los denuncio en Profeco",
        },
    ]
    frame = pd.DataFrame([{**base, **r, "feedback_id": r["customer_id"]} for r in rows])
    drivers = pd.DataFrame({"topic_id": [1, 2], "rank": [1, 2]})
    calls = build_callbacks(frame, as_of=AS_OF, drivers=drivers)
    # at-risk customers first (cause rank, then score), then the rest the same way
    assert calls["customer_id"].tolist() == ["C", "E", "B", "A", "D"]
    assert calls.set_index("customer_id")["intent"].to_dict() == {
        "A": "",
        "B": "intención de baja",
        "C": "amenaza de reclamación",
        "D": "",
        "E": "intención de baja y amenaza de reclamación",
    }
    sheet = callback_sheet(calls)
    assert sheet["Intención"].tolist()[:3] == [
        "amenaza de reclamación",
        "intención de baja y amenaza de reclamación",
        "intención de baja",
    ]
    assert list(sheet.columns).index("Intención") == list(sheet.columns).index("Origen") + 1
    assert "intención de baja" in PRIORITY_RULE


def test_stored_flags_win_over_the_text() -> None:
    frame = pd.DataFrame(
        [
            {
                "customer_id": "A",
                "feedback_id": "a",
                "topic_id": 1,
                "nps": 2,
                "csat": None,
                "created_at": pd.Timestamp(AS_OF),
                "sentiment": "NEG",
                "dup_of": None,
                "text": "mal servicio",
                # what the enrich step stored (the frame of a run carries these columns)
                "churn": True,
                "escalation": False,
                "effort": False,
                "urgent": False,
                "intent_cues": "churn: me doy de baja",
            }
        ]
    )
    calls = build_callbacks(frame, as_of=AS_OF)
    assert calls["intent"].tolist() == ["intención de baja"]
    empty = callback_sheet(build_callbacks(frame.iloc[:0], as_of=AS_OF))
    assert "Intención" in empty.columns and empty.empty
