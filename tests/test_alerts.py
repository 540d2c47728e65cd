"""Alerts against real local receivers: an HTTP webhook and an SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from alert_receivers import free_port, smtp_server, text_part, webhook_server
from pydantic import ValidationError

from cxnlp.alerts.build import emerging_cause_alerts, hot_comment_alerts, hot_comment_mask
from cxnlp.alerts.config import AlertsConfig, AlertTarget
from cxnlp.alerts.log import read_alerts
from cxnlp.alerts.model import Alert
from cxnlp.alerts.send import dispatch, resolve_receivers
from cxnlp.store import Store

EMAIL = "lucia.fernandez@correo.es"
PHONE = "612 345 678"


def _config(targets: list[dict[str, object]], **extra: object) -> AlertsConfig:
    return AlertsConfig.model_validate(
        {"targets": targets, "retries": 2, "retry_backoff_s": 0.0, **extra}
    )


def _comments() -> pd.DataFrame:
    """Four new comments: two hot (churn detractor, urgent), two not."""
    return pd.DataFrame(
        {
            "feedback_id": ["f1", "f2", "f3", "f4"],
            "source": ["surveys", "surveys", "social", "surveys"],
            "created_at": pd.to_datetime(["2026-11-22 09:00"] * 4),
            "text": [
                f"Me doy de baja, escribidme a {EMAIL} o al {PHONE}",
                "Me doy de baja pero os doy un 8",
                "Me han hecho un cargo no autorizado",
                "Fatal el envío",
            ],
            "nps": [2, 8, None, 1],
            "csat": [None, None, None, None],
            "csat_scale": [None, None, None, None],
            "churn": [True, True, False, False],
            "escalation": [False, False, False, False],
            "effort": [False, False, False, False],
            "urgent": [False, False, True, False],
            "intent_cues": ["me doy de baja", "me doy de baja", "cargo no autorizado", ""],
        }
    )


@pytest.fixture()
def store() -> Store:
    return Store(":memory:")


def test_hot_comment_rule() -> None:
    config = AlertsConfig()
    frame = pd.DataFrame(
        {
            "nps": [3, 7, None, None, 2, None],
            "csat": [None, None, 2.0, 2.0, None, None],
            "csat_scale": [None, None, 5, 10, None, None],
            "churn": [True, True, False, False, False, False],
            "escalation": [False, False, True, True, False, False],
            "urgent": [False, False, False, False, False, True],
        }
    )
    # NPS 3 + churn: hot; NPS 7 + churn: passive, not hot; CSAT 2/5 + escalation: hot;
    # CSAT 2/10 is 1.4 on 1-5: hot; NPS 2 without intent: not hot; urgent: hot with no score
    assert hot_comment_mask(frame, config).tolist() == [True, False, True, True, False, True]


def test_webhook_gets_redacted_hot_comments_once_per_cooldown(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        config = _config([{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}])
        alerts = hot_comment_alerts(_comments(), config, "intraday-1")
        assert [a.subject for a in alerts] == ["hot_comment:f3", "hot_comment:f1"]
        first = dispatch(store, alerts, config)
        posts = hook.wait_for(2)
        assert first["sent"] == 2 and len(posts) == 2
        churn = next(p for p in posts if "baja" in p["message"])
        assert "Cliente en riesgo" in churn["title"] and "intención de baja" in churn["title"]
        assert "NPS 2" in churn["message"]
        assert EMAIL not in churn["message"] and "612" not in churn["message"]
        assert "[EMAIL]" in churn["message"] and "[TELEFONO]" in churn["message"]
        assert posts[0]["title"].startswith("cxnlp · Urgente")  # urgent first
        # the same subjects again within the cool-down: nothing more is sent
        second = dispatch(store, hot_comment_alerts(_comments(), config, "intraday-2"), config)
        assert second["sent"] == 0 and second["suppressed"] == 2
        assert len(hook.posts) == 2
    logged = read_alerts(store)
    assert sorted(logged["status"]) == ["sent", "sent", "suppressed", "suppressed"]
    assert not logged["body"].str.contains(EMAIL, regex=False).any()


def test_cooldown_zero_sends_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        config = _config([{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}], cooldown_hours=0)
        alert = Alert("source_silent", "source_silent:tickets", "t", "b")
        dispatch(store, [alert], config)
        dispatch(store, [alert], config)
        assert len(hook.wait_for(2)) == 2


def test_failing_receivers_are_retried_logged_and_never_raise(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = f"json://127.0.0.1:{free_port()}/secret-path-token"
    with webhook_server(fail_with=500) as broken, webhook_server() as good:
        monkeypatch.setenv("CXNLP_TEST_CLOSED", closed)
        monkeypatch.setenv("CXNLP_TEST_BROKEN", broken.url)
        monkeypatch.setenv("CXNLP_TEST_GOOD", good.url)
        config = _config(
            [
                {"name": "cerrado", "url_env": "CXNLP_TEST_CLOSED"},
                {"name": "roto", "url_env": "CXNLP_TEST_BROKEN"},
                {"name": "sin-url", "url_env": "CXNLP_TEST_UNSET_VARIABLE"},
                {"name": "bueno", "url_env": "CXNLP_TEST_GOOD"},
            ]
        )
        monkeypatch.delenv("CXNLP_TEST_UNSET_VARIABLE", raising=False)
        waits: list[float] = []
        counts = dispatch(
            store,
            [Alert("run_failed", "run_failed:r1", "falló", "la noche falló")],
            config,
            sleep=waits.append,
        )
        assert counts["sent"] == 1 and counts["failed"] == 3
        assert len(good.wait_for(1)) == 1
        assert broken.hits == 3  # one try and two retries
    assert waits == [0.0, 0.0] * 3
    logged = read_alerts(store).set_index("target")
    assert logged.loc["bueno", "status"] == "sent"
    for name in ("cerrado", "roto", "sin-url"):
        assert logged.loc[name, "status"] == "failed"
        assert logged.loc[name, "attempts"] == 3
        error = str(logged.loc[name, "error"])
        assert error and "://" not in error and "secret-path-token" not in error
    assert "CXNLP_TEST_UNSET_VARIABLE" in str(logged.loc["sin-url", "error"])


def test_backoff_doubles(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXNLP_TEST_CLOSED", f"json://127.0.0.1:{free_port()}/x")
    config = _config(
        [{"name": "cerrado", "url_env": "CXNLP_TEST_CLOSED"}], retries=3, retry_backoff_s=0.5
    )
    waits: list[float] = []
    dispatch(store, [Alert("run_failed", "run_failed:r2", "t", "b")], config, sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]


def test_email_alert_reaches_smtp_redacted(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as box:
        monkeypatch.setenv("CXNLP_TEST_MAIL", box.url())
        config = _config([{"name": "correo", "url_env": "CXNLP_TEST_MAIL"}])
        alerts = hot_comment_alerts(_comments(), config, "intraday-1")
        dispatch(store, alerts[1:], config)
        messages = box.wait_for(1)
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "cx-team@example.org"
    assert "intención de baja" in str(message["Subject"])
    body = text_part(message)
    assert "[EMAIL]" in body and EMAIL not in body and PHONE not in body


def test_receivers_take_only_their_kinds(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        config = _config(
            [{"name": "equipo", "url_env": "CXNLP_TEST_HOOK", "kinds": ["emerging_cause"]}]
        )
        drivers = pd.DataFrame(
            {
                "rank": [1, 2, 3],
                "topic_id": [4, 7, -1],
                "label": ["entrega tarde", "cobros dobles", "otros"],
                "emerging": [False, True, True],
            }
        )
        emerging = emerging_cause_alerts(drivers, "run-1")
        assert [a.subject for a in emerging] == ["emerging:7"]
        silent = Alert("source_silent", "source_silent:tickets", "t", "b")
        counts = dispatch(store, [*emerging, silent], config)
        assert counts["sent"] == 1 and counts["no_target"] == 1
        posts = hook.wait_for(1)
        assert "cobros dobles" in posts[0]["title"]


def test_disabled_sends_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        config = _config([{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}], enabled=False)
        counts = dispatch(store, [Alert("run_failed", "run_failed:x", "t", "b")], config)
        assert counts["sent"] == 0 and hook.hits == 0


def test_target_needs_a_reference_not_a_url() -> None:
    with pytest.raises(ValidationError, match="environment variable"):
        AlertTarget(name="slack", url_env="slack://T000/B000/XXXX")
    with pytest.raises(ValidationError, match="exactly one"):
        AlertTarget(name="nada")
    with pytest.raises(ValidationError, match="unknown"):
        AlertTarget(name="x", url_env="X", kinds=["everything"])


def test_block_targets_use_the_registered_notifier(store: Store) -> None:
    from cxnlp.alerts import send

    seen: list[tuple[str, str, str]] = []
    config = _config([{"name": "prefect", "block": "slack-webhook/cx"}])
    # without the flows' notifier, a block target fails and is logged
    send.register_block_notifier(None)
    assert dispatch(store, [Alert("run_failed", "run_failed:a", "t", "b")], config)["failed"] == 1
    send.register_block_notifier(lambda block, title, body: seen.append((block, title, body)))
    try:
        receivers = resolve_receivers(config, environ={})
        counts = dispatch(
            store,
            [Alert("run_failed", "run_failed:b", "t", "b")],
            config,
            receivers=receivers,
            now=datetime(2026, 11, 22),
        )
    finally:
        send.register_block_notifier(None)
    assert counts["sent"] == 1 and seen == [("slack-webhook/cx", "t", "b")]


def test_scrub_removes_urls_and_credentials() -> None:
    from cxnlp.alerts.send import scrub

    url = "mailtos://ana:pw1@smtp.example.org:465?to=cx@example.org"
    message = f"login failed for ana with pw1 at {url}; host smtp.example.org"
    cleaned = scrub(message, url)
    assert "pw1" not in cleaned and "ana" not in cleaned and "mailtos://" not in cleaned
    assert "smtp.example.org" not in cleaned and cleaned.startswith("login failed")


def test_failed_night_alerts_with_its_run_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxnlp.alerts.night import alert_on_failure
    from cxnlp.config import Settings

    settings = Settings.model_validate(
        {
            "root": str(tmp_path),
            "store": {"path": str(tmp_path / "cx.duckdb")},
            "alerts": {"targets": [{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}]},
        }
    )
    with Store(tmp_path / "cx.duckdb") as store:
        store.start_run("20261122T030000-abc123", as_of=datetime(2026, 11, 22), config_hash="x")
        store.update_run("20261122T030000-abc123", status="failed")
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        with pytest.raises(ValueError, match="boom"), alert_on_failure(settings):
            raise ValueError("boom")
        posts = hook.wait_for(1)
    assert len(posts) == 1 and "ha fallado" in posts[0]["title"]
    assert "20261122T030000-abc123" in posts[0]["message"] and "boom" in posts[0]["message"]
