"""The night's alerts from what its steps computed: silent sources, emerging causes, spikes, hot comments."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from cxnlp.alerts.night import raise_night_alerts
from cxnlp.alerts.send import Receiver
from cxnlp.config import Settings
from cxnlp.run.context import RunContext, WindowView
from cxnlp.store import Store

AS_OF = datetime(2026, 11, 22, 3)


def _frame(run_id: str) -> pd.DataFrame:
    """20 quiet days of social mentions, then a spike yesterday; one fresh churn answer."""
    rows = []
    for day in range(21):
        when = AS_OF - timedelta(days=21 - day)
        for i in range(30 if day == 20 else 2):
            rows.append(
                {"feedback_id": f"s{day}-{i}", "source": "social", "source_kind": "social",
                 "created_at": when + timedelta(minutes=i), "text": "mención", "topic_id": 1,
                 "nps": None, "run_id": "old", "dup_of": None}
            )  # fmt: skip
    rows.append(
        {"feedback_id": "hot1", "source": "surveys", "source_kind": "survey",
         "created_at": AS_OF - timedelta(hours=5), "text": "Me doy de baja", "topic_id": 2,
         "nps": 1, "run_id": run_id, "dup_of": None}
    )  # fmt: skip
    rows.append({**rows[-1], "feedback_id": "old1", "created_at": AS_OF - timedelta(days=9)})
    return pd.DataFrame(rows)


def _flags(texts: list[str]) -> pd.DataFrame:
    churn = ["baja" in t for t in texts]
    return pd.DataFrame(
        {"churn": churn, "escalation": False, "effort": False, "urgent": False,
         "intent_cues": ["me doy de baja" if c else "" for c in churn]}
    )  # fmt: skip


def test_night_raises_every_kind_it_can_see() -> None:
    sent: list[tuple[str, str]] = []
    settings = Settings.model_validate({"alerts": {"targets": [{"name": "t", "url_env": "X"}]}})
    store = Store(":memory:")
    ctx = RunContext(settings=settings, store=store, run_id="r1", as_of=AS_OF)
    ctx.counts["ingest"] = {"silent_sources": {"tickets": "2026-11-10"}}
    drivers = pd.DataFrame(
        {"rank": [1, 2], "topic_id": [2, 1], "label": ["bajas", "redes"], "emerging": [True, False]}
    )
    topics = pd.DataFrame({"topic_id": [1, 2], "label": ["redes", "bajas"]})
    ctx.window = WindowView(_frame("r1"), topics, pd.DataFrame(), drivers)
    receiver = Receiver("t", settings.alerts.targets[0], lambda t, b, h: sent.append((t, b)))
    counts = raise_night_alerts(ctx, flagger=_flags, receivers=[receiver])
    assert counts["kinds"] == {
        "source_silent": 1,
        "emerging_cause": 1,
        "social_spike": 1,
        "hot_comment": 1,  # the answer from 9 days ago is not hot news
    }
    assert counts["sent"] == 4
    titles = " | ".join(t for t, _ in sent)
    assert "tickets" in titles and "bajas" in titles and "21/11" in titles
    hot = next(b for t, b in sent if "riesgo" in t)
    assert "NPS 1" in hot and "id hot1" in hot
    # a ranking-less night still warns about silent sources
    ctx.shared.pop("window")
    assert raise_night_alerts(ctx, receivers=[receiver])["kinds"] == {"source_silent": 1}
