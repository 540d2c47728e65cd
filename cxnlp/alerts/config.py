"""Typed configuration of alerts and their receivers (``alerts:`` in the YAML).

A receiver is named by reference only: ``url_env`` names the environment
variable that holds an Apprise URL (``mailto://``, ``mailtos://``,
``slack://``, ``msteams://``, ``json://``...), ``block`` names a Prefect
notification block. The URL itself never appears in the YAML, the store or
the log.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# every kind of alert, plus the nightly digest e-mail
ALERT_KINDS = ("hot_comment", "emerging_cause", "social_spike", "source_silent", "run_failed")
DIGEST = "digest"

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AlertTarget(BaseModel):
    """One receiver: an Apprise URL read from the environment, or a Prefect block."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    url_env: str | None = None  # e.g. CXNLP_ALERT_SLACK, holding slack://...
    block: str | None = None  # e.g. "slack-webhook/cx-team"
    # which alert kinds (and "digest") go to this receiver; None: every kind and the digest
    kinds: list[str] | None = None

    @field_validator("url_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.match(value):
            # someone pasted the URL itself: refuse it without echoing it back
            raise ValueError(
                "url_env must be the name of an environment variable (e.g. CXNLP_ALERT_SLACK) "
                "that holds the receiver's URL; a URL does not belong in the config file"
            )
        return value

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: list[str] | None) -> list[str] | None:
        known = (*ALERT_KINDS, DIGEST)
        for kind in value or []:
            if kind not in known:
                raise ValueError(f"alert kind {kind!r} is unknown; expected one of {list(known)}")
        return value

    @model_validator(mode="after")
    def _one_reference(self) -> AlertTarget:
        if (self.url_env is None) == (self.block is None):
            raise ValueError(
                f"alert target {self.name!r} needs exactly one of url_env (an environment "
                "variable holding an Apprise URL) or block (a Prefect notification block)"
            )
        return self

    def wants(self, kind: str) -> bool:
        """Whether this receiver takes alerts of ``kind``."""
        return self.kinds is None or kind in self.kinds


class AlertsConfig(BaseModel):
    """When alerts are raised and where they go."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    targets: list[AlertTarget] = Field(default_factory=list)
    cooldown_hours: float = Field(default=24.0, ge=0)  # one alert per subject per period
    retries: int = Field(default=3, ge=0)  # further tries of a receiver that failed
    retry_backoff_s: float = Field(default=1.0, ge=0)  # doubled after each failed try
    hot_nps_max: int = Field(default=6, ge=0, le=10)  # detractor: NPS at or below
    # detractor: CSAT at or below this on a 1-5 scale (other scales are rescaled to 1-5)
    hot_csat_max: float = Field(default=2.0, ge=1, le=5)
    max_hot_per_cycle: int = Field(default=20, ge=1)  # more than this: one summary alert
    # only comments written this recently are hot (a first load brings months of history)
    hot_recent_days: float = Field(default=2.0, gt=0)
    digest: bool = True  # the HTML digest e-mail after each nightly run
    report_days: int = Field(default=7, ge=1)  # the report lists the alerts of these days
    lock_wait_s: float = Field(default=5.0, ge=0)  # intraday: wait this long for a night

    @field_validator("targets")
    @classmethod
    def _unique_targets(cls, value: list[AlertTarget]) -> list[AlertTarget]:
        names = [t.name for t in value]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"alert target name {name!r} is used twice")
        return value
