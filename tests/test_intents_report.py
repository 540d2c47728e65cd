"""Each cause card of the report shows the share of its comments with churn, escalation
and effort intent, from the frame's flags (and escaped like every other text)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from reports.reports_synthetic import build_report_data  # noqa: E402

from cxnlp.reports import ReportData  # noqa: E402
from cxnlp.reports.analyst import build_analyst_context, render_analyst_report  # noqa: E402


def test_cause_cards_show_intent_shares(tmp_path: Path) -> None:
    data = build_report_data()
    frame = data.frame.copy()
    cause = int(frame["topic_id"].value_counts().index[0])
    rows = frame.index[frame["topic_id"] == cause]
    # a quarter of the cause's comments say they are leaving, as the enrich step stored
    frame["churn"] = False
    frame.loc[rows[: len(rows) // 4], "churn"] = True
    for intent in ("escalation", "effort", "urgent"):
        frame[intent] = False
    frame["intent_cues"] = ""
    changed = ReportData(
        frame=frame, topics=data.topics, drivers=data.drivers, backlog=data.backlog
    )
    context = build_analyst_context(changed)
    card = next(s for s in context["causes"] + context["others"] if s["topic_id"] == cause)
    counted = int(frame.loc[rows, "dup_of"].isna().sum()) if "dup_of" in frame else len(rows)
    churned = int(frame.loc[rows[: len(rows) // 4], "dup_of"].isna().sum())
    expected = f"{round(100 * churned / counted)}% con intención de baja"
    assert card["intents"].startswith(expected), card["intents"]
    assert f"(de {counted} comentarios)" in card["intents"]
    others = [s for s in context["causes"] if s["topic_id"] != cause]
    assert all(s["intents"].startswith("0% con intención de baja") for s in others)
    page = render_analyst_report(changed, tmp_path).read_text(encoding="utf-8")
    assert "Intención en los comentarios: " + expected in page


def test_backlog_item_has_one_intent_line() -> None:
    from drivers.synth import AS_OF, make_feedback

    from cxnlp.backlog import build_backlog
    from cxnlp.drivers import rank_drivers
    from cxnlp.ranking_config import RankingConfig

    frame, topics = make_feedback(seed=0)
    drivers = rank_drivers(frame, topics, as_of=AS_OF, config=RankingConfig(bootstrap=50))
    top = int(drivers.sort_values("rank").iloc[0]["topic_id"])
    mine = frame.index[(frame["topic_id"] == top) & frame["dup_of"].isna()]
    frame = frame.copy()
    for column in ("text", "text_norm"):
        frame.loc[mine[:10], column] = "Es la tercera vez que llamo y nadie me da solución"
    backlog = build_backlog(drivers, topics, frame, previous=None, run_id="r", as_of=AS_OF)
    item = backlog.loc[backlog["topic_id"] == top].iloc[0]
    lines = [ln for ln in item["description_md"].splitlines() if "Intención" in ln]
    assert len(lines) == 1
    share = round(100 * 10 / len(mine))
    assert f"{share}% con esfuerzo o contacto repetido" in lines[0]
