"""A bad value set from the environment is blamed on its variable, not the file (issue 23 H)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxnlp.config import load_config
from cxnlp.errors import ConfigError


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "cxnlp.yaml"
    path.write_text(
        "sources:\n  - name: encuestas\n    kind: survey\n"
        "    connector: cxnlp.source.survey_file.v1\n    path: x.csv\n",
        encoding="utf-8",
    )
    return path


def test_a_bad_value_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    path = _config(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={"CXNLP__SOURCES__0__CSAT_SCALE": "11"})
    message = str(info.value)
    assert message.startswith(f"invalid configuration from the environment (over {path}):")
    assert (
        "sources.0.csat_scale = 11 (set by environment variable CXNLP__SOURCES__0__CSAT_SCALE)"
        in (message)
    )


def test_an_unknown_key_from_the_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"store\.pth = .*CXNLP__STORE__PTH"):
        load_config(_config(tmp_path), environ={"CXNLP__STORE__PTH": "x.duckdb"})


def test_file_and_environment_errors_are_told_apart(tmp_path: Path) -> None:
    path = _config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "topics:\n  window_days: -1\n")
    env = {"CXNLP__STORE__MEMORY_LIMIT": "lots", "CXNLP__MODELS__EMBEDDER": "x"}
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=env)
    lines = str(info.value).splitlines()
    assert lines[0] == f"invalid configuration in {path} and the environment:"
    window = next(line for line in lines if "topics.window_days" in line)
    memory = next(line for line in lines if "store.memory_limit" in line)
    assert "environment variable" not in window
    assert "(set by environment variable CXNLP__STORE__MEMORY_LIMIT)" in memory


def test_errors_in_the_file_alone_name_the_file(tmp_path: Path) -> None:
    path = _config(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "topics:\n  window_days: -1\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={"CXNLP__MODELS__EMBEDDER": "cxnlp.embedder.use.v1"})
    assert str(info.value).startswith(f"invalid configuration in {path}:")
    assert "environment" not in str(info.value)


def test_an_override_from_the_caller_is_not_blamed_on_the_environment(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(
            _config(tmp_path),
            environ={"CXNLP__TOPICS__WINDOW_DAYS": "30"},
            overrides={"topics": {"window_days": -5}},
        )
    assert "environment" not in str(info.value)
