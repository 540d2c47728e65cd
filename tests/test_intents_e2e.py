"""A small run stores the intent flags, ranks at-risk customers first on the call-back
list, and shows the shares on the report's cause cards and the backlog items."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from e2e_helpers import use_fast_models, write_small_setup

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22)


def test_a_run_flags_stores_and_uses_intents(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.intents import INTENTS, RULES_VERSION
    from cxnlp.intents.store import read_intents
    from cxnlp.pipeline import run_pipeline
    from cxnlp.store import Store

    config = use_fast_models(write_small_setup(tmp_path, days=30))
    settings = load_config(config, environ={})
    result = run_pipeline(settings, as_of=AS_OF)
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        stored = read_intents(store)
        n_texts = store.con.execute(
            "SELECT count(DISTINCT text_hash) FROM feedback WHERE coalesce(text_norm, '') <> ''"
        ).fetchall()[0][0]
        rules = store.con.execute("SELECT DISTINCT rules FROM intents").fetchall()
        run_id = result["run_id"] if isinstance(result, dict) else result.run_id
        run = store.get_run(run_id)
    assert len(stored) == n_texts and rules == [(RULES_VERSION,)]
    for intent in ("churn", "escalation", "effort"):
        assert stored[intent].sum() > 0, intent
    counts = run["counts"]["enrich"]["intents"]
    assert counts["flagged"] == n_texts and counts["churn"] == int(stored["churn"].sum())
    assert set(INTENTS) <= set(counts)

    exports = settings.resolve(settings.output.exports_dir) / "latest"
    with open(exports / "callbacks.csv", encoding="utf-8-sig", newline="") as fh:
        calls = list(csv.DictReader(fh))
    reasons = [r["Intención"] for r in calls]
    assert any(reasons), "no at-risk customer on the call-back list"
    # every at-risk customer comes before every other one
    first_plain = next((i for i, r in enumerate(reasons) if not r), len(reasons))
    assert all(reasons[:first_plain]) and not any(reasons[first_plain:])

    report = next(settings.resolve(settings.output.reports_dir).rglob("report.html"))
    assert "Intención en los comentarios:" in report.read_text(encoding="utf-8")
    backlog = (exports / "backlog.json").read_text(encoding="utf-8")
    assert "con intención de baja" in backlog
