"""`cxnlp serve` serves the intraday deployment beside the nightly one, on their crons."""

from __future__ import annotations

from typing import Any

from cxnlp.config import Settings
from flows.serve import deployments


def _crons(found: list[Any]) -> dict[str, tuple[str, str]]:
    return {
        d.name: (str(d.schedules[0].schedule.cron), str(d.schedules[0].schedule.timezone))
        for d in found
    }


def test_intraday_deployment_only_when_its_cron_is_set() -> None:
    off = deployments(Settings(), "cfg.yaml")
    assert _crons(off) == {"cxnlp-nightly": ("30 2 * * *", "Europe/Madrid")}
    on = deployments(
        Settings.model_validate(
            {"schedule": {"intraday_cron": "*/15 8-20 * * *", "timezone": "America/Mexico_City"}}
        ),
        "cfg.yaml",
    )
    assert _crons(on) == {
        "cxnlp-nightly": ("30 2 * * *", "America/Mexico_City"),
        "cxnlp-intraday": ("*/15 8-20 * * *", "America/Mexico_City"),
    }
    assert {d.flow_name for d in on} == {"cxnlp-nightly", "cxnlp-intraday"}
    assert all(d.parameters == {"config_path": "cfg.yaml"} for d in on)


def test_intraday_cron_is_checked() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="5 fields"):
        Settings.model_validate({"schedule": {"intraday_cron": "*/15 8-20"}})
