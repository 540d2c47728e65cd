"""Defaults every cxnlp process sets before Prefect is imported: offline and quiet.

Telemetry off (``DO_NOT_TRACK``, ``PREFECT_SERVER_ANALYTICS_ENABLED``), and a
longer start-up time for Prefect's ephemeral server, which needs more than its
default 20 s on a busy 2-core machine. A value the user set is never replaced.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}


def set_offline_defaults() -> None:
    """Set :data:`DEFAULTS` in the environment where they are not set yet."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
