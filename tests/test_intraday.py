"""The intraday cycle and the night's alerts end to end, against local receivers.

After a first night (through the Prefect flow, which mails the digest to a
local SMTP server), new rows are written into the sample's source files and
one intraday cycle runs: the webhook receives the hot comment, redacted; a
second cycle sends nothing for the same subject; while a night holds the run
lock the cycle skips.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml
from alert_receivers import html_part, smtp_server, webhook_server
from e2e_helpers import use_fast_models, write_small_setup

from cxnlp.alerts.intraday import run_intraday_cycle
from cxnlp.config import load_config
from cxnlp.store import Store

pytestmark = pytest.mark.slow

AS_OF = datetime(2026, 11, 22, 3)
EMAIL = "marta.gil@correo.es"
HOT = f"Me doy de baja y me cambio a otra compañía, ya está bien. Escribidme a {EMAIL}"


def _setup(root: Path) -> Path:
    config = write_small_setup(
        root, days=21, surveys_per_day=14, social_per_day=6, tickets_per_day=4
    )
    use_fast_models(config, topics={"min_topic_size": 8})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["alerts"] = {
        "targets": [
            {"name": "equipo", "url_env": "CXNLP_TEST_HOOK", "kinds": ["hot_comment"]},
            {"name": "correo", "url_env": "CXNLP_TEST_MAIL", "kinds": ["digest"]},
        ],
        "retry_backoff_s": 0.0,
        "lock_wait_s": 0.5,
    }
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def _append_surveys(sample: Path) -> list[str]:
    """Write two new answers into the sample's survey export; return their response ids."""
    path = sample / "surveys.csv"
    surveys = pd.read_csv(path, dtype=str, keep_default_na=False)
    last = surveys.iloc[-1]
    new = pd.DataFrame([last.to_dict(), last.to_dict()])
    new["response_id"] = ["R-INTRADAY-1", "R-INTRADAY-2"]
    new["submitted_at"] = ["2026-11-22 08:30:00", "2026-11-22 08:45:00"]
    new["comment"] = [HOT, "Todo perfecto, el pedido llegó antes de lo previsto."]
    new["nps"] = ["1", "10"]
    pd.concat([surveys, new], ignore_index=True).to_csv(path, index=False)
    return list(new["response_id"])


def test_night_digest_then_intraday_hot_alert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.nightly import nightly

    config = _setup(tmp_path)
    with smtp_server() as box, webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        monkeypatch.setenv("CXNLP_TEST_MAIL", box.url())
        with prefect_test_harness(server_startup_timeout=180):
            result = nightly(config_path=str(config), as_of=AS_OF)
        assert result["status"] in ("completed", "completed_with_errors")
        # the digest: one HTML e-mail with the report's summary
        messages = box.wait_for(1)
        assert len(messages) == 1
        digest = html_part(messages[0])
        assert "Resumen diario" in str(messages[0]["Subject"])
        assert "Causas a atender" in digest and 'data-kpi="nps"' in digest
        settings = load_config(config)
        with Store(settings.resolve(settings.store.path)) as store:
            night_alerts = store.con.execute(
                "SELECT kind, status FROM alerts WHERE run_id = ?", [result["run_id"]]
            ).df()
        assert ("digest", "sent") in set(night_alerts.itertuples(index=False, name=None))
        report = Path(result["outputs"]["report"]).read_text(encoding="utf-8")
        if len(night_alerts[night_alerts["kind"] != "digest"]):
            assert 'id="alertas"' in report

        # the night alerted on the recent hot comments the sample carries, if any
        night_hot = len(hook.posts)
        assert night_hot == int(((night_alerts["kind"] == "hot_comment")
                                 & (night_alerts["status"] == "sent")).sum())  # fmt: skip

        # new rows land in the source files; one cycle alerts on the hot one
        ids = _append_surveys(tmp_path / "sample")
        first = run_intraday_cycle(settings, as_of=datetime(2026, 11, 22, 9))
        assert first["status"] == "completed"
        assert first["loaded"] == 2 and first["classified"] == 2
        assert first["alerts"] == 1 and first["sent"] == 1
        posts = hook.wait_for(night_hot + 1)[night_hot:]
        assert len(posts) == 1
        assert "intención de baja" in posts[0]["title"]
        assert "NPS 1" in posts[0]["message"] and EMAIL not in posts[0]["message"]
        assert "[EMAIL]" in posts[0]["message"]
        # written 08:30 in Madrid; the date and hour survive the redaction pass
        assert "Escrito el 22/11/2026 a las 07:30 (UTC)" in posts[0]["message"]

        # nothing new, and the same subject is in its cool-down: nothing is sent
        second = run_intraday_cycle(settings, as_of=datetime(2026, 11, 22, 9, 15))
        assert second["loaded"] == 0 and second["sent"] == 0
        assert len(hook.posts) == night_hot + 1
        assert len(box.messages) == 1  # hot comments go to the webhook only

    with Store(settings.resolve(settings.store.path)) as store:
        placed = store.con.execute("SELECT feedback_id, topic_id FROM intraday_topics").df()
        cycles = store.con.execute("SELECT cycle_id, loaded FROM intraday_cycles").df()
        runs = store.con.execute("SELECT run_id FROM runs").df()
    assert len(placed) == 2  # both new comments went through the night's centroids
    assert sorted(cycles["loaded"]) == [0, 2]
    assert len(runs) == 1  # a cycle is not a night
    assert len(ids) == 2


def test_cycle_skips_while_a_night_holds_the_lock(tmp_path: Path) -> None:
    from cxnlp.store.open import run_lock, store_location

    config = _setup(tmp_path)
    settings = load_config(config)
    lock = run_lock(store_location(settings), 1.0)
    lock.acquire()
    try:
        result = run_intraday_cycle(settings, as_of=AS_OF)
    finally:
        lock.release()
    assert result["status"] == "skipped"
    assert "holds the store" in result["reason"]


def _tiny(root: Path) -> Path:
    """Three days of sample and no night yet: a cycle loads everything, places nothing."""
    config = write_small_setup(root, days=3, surveys_per_day=6, social_per_day=3, tickets_per_day=2)
    use_fast_models(config)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["alerts"] = {
        "targets": [{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}],
        "retry_backoff_s": 0.0,
        "max_hot_per_cycle": 500,
    }
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


def test_intraday_flow_before_any_night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.intraday import intraday

    config = _tiny(tmp_path)
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        with prefect_test_harness(server_startup_timeout=180):
            result = intraday(config_path=str(config), as_of=AS_OF)
        assert result["status"] == "completed"
        assert result["loaded"] > 0 and result["classified"] > 0
        assert result["placed"] == 0 and "no night" in result["reason"]
        assert len(hook.wait_for(result["sent"])) == result["sent"] == result["alerts"]


def test_cycle_uses_the_injected_flagger_on_recent_rows_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in flagger marks every text urgent: only rows of the last two days alert."""
    config = _tiny(tmp_path)
    settings = load_config(config)
    seen: list[int] = []

    def everything_urgent(texts: list[str]) -> pd.DataFrame:
        seen.append(len(texts))
        flags = pd.DataFrame(
            {k: False for k in ("churn", "escalation", "effort")}, index=range(len(texts))
        )
        flags["urgent"] = True
        flags["intent_cues"] = "prueba"
        return flags

    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        from cxnlp.enrich import load_models

        models = load_models(settings.models)
        from cxnlp.alerts import intraday as cycle
        from cxnlp.run.enrich import enrich_feedback
        from cxnlp.run.ingest import ingest_sources

        with cycle.open_cycle(settings, AS_OF, models) as ctx:
            ingest_sources(ctx)
            enrich_feedback(ctx, models)
            new = cycle.read_new_rows(ctx)
            cycle.place_new_rows(ctx, models, new)
            sent = cycle.flag_and_alert(ctx, flagger=everything_urgent)
        recent = int(
            (pd.to_datetime(new["created_at"]) >= pd.Timestamp(AS_OF) - pd.Timedelta(days=2)).sum()
        )
        assert 0 < recent < len(new)
        assert seen == [recent]
        assert sent["sent"] == recent and len(hook.wait_for(recent)) == recent
        assert all(p["title"].startswith("cxnlp · Urgente") for p in hook.posts)
