"""A `block:` alert target sends through a real Prefect notification block (ephemeral API)."""

from __future__ import annotations

import pytest
from alert_receivers import webhook_server

from cxnlp.alerts import send
from cxnlp.alerts.config import AlertsConfig
from cxnlp.alerts.log import read_alerts
from cxnlp.alerts.model import Alert
from cxnlp.store import Store

pytestmark = pytest.mark.slow


def test_block_target_reaches_the_webhook_and_a_missing_block_is_logged() -> None:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.testing.utilities import prefect_test_harness

    from flows.intraday import register

    config = AlertsConfig.model_validate(
        {
            "targets": [
                {"name": "prefect", "block": "custom-webhook/cx-team"},
                {"name": "ausente", "block": "custom-webhook/no-such-block"},
            ],
            "retries": 1,
            "retry_backoff_s": 0.0,
        }
    )
    store = Store(":memory:")
    register()
    try:
        with webhook_server() as hook, prefect_test_harness(server_startup_timeout=180):
            CustomWebhookNotificationBlock(
                name="cx-team",
                url=f"http://127.0.0.1:{hook.port}/hook",
                json_data={"title": "{{subject}}", "text": "{{body}}"},
            ).save("cx-team", overwrite=True)
            alert = Alert("source_silent", "source_silent:tickets", "Sin datos", "Contacto: a@b.es")
            counts = send.dispatch(store, [alert], config)
            posts = hook.wait_for(1)
    finally:
        send.register_block_notifier(None)
    assert counts["sent"] == 1 and counts["failed"] == 1
    assert posts == [{"title": "Sin datos", "text": "Contacto: [EMAIL]"}]
    logged = read_alerts(store).set_index("target")
    assert logged.loc["ausente", "status"] == "failed" and logged.loc["ausente", "attempts"] == 2
    assert "no-such-block" in str(logged.loc["ausente", "error"])
