"""Fixtures for the source tests: config helpers (``postgres_url`` is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxnlp.sources import SourceConfig

CONNECTORS = {
    "survey": "cxnlp.source.survey_file.v1",
    "social": "cxnlp.source.social_file.v1",
    "ticket": "cxnlp.source.ticket_file.v1",
}


@pytest.fixture
def make_config(tmp_path: Path) -> Callable[..., SourceConfig]:
    """Build a SourceConfig for a file source; ``kind`` picks the file connector."""

    def build(kind: str = "survey", **fields: Any) -> SourceConfig:
        fields.setdefault("name", f"test_{kind}")
        fields.setdefault("connector", CONNECTORS[kind])
        return SourceConfig(kind=kind, **fields)

    return build
