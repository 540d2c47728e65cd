"""`cxnlp alerts test` and `cxnlp alerts list` against a local webhook."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from alert_receivers import free_port, webhook_server
from typer.testing import CliRunner

from cxnlp.alerts.config import AlertsConfig
from cxnlp.alerts.model import Alert
from cxnlp.alerts.send import dispatch
from cxnlp.cli import app
from cxnlp.store import Store

runner = CliRunner()


def _config(root: Path, targets: list[dict[str, object]]) -> Path:
    path = root / "config.yaml"
    data = {
        "root": str(root),
        "store": {"path": str(root / "var" / "cxnlp.duckdb")},
        "alerts": {"targets": targets, "retries": 1, "retry_backoff_s": 0.0},
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_alerts_test_reports_each_receiver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with webhook_server() as hook:
        monkeypatch.setenv("CXNLP_TEST_HOOK", hook.url)
        monkeypatch.setenv("CXNLP_TEST_CLOSED", f"json://127.0.0.1:{free_port()}/token-abcdef")
        ok = _config(tmp_path, [{"name": "equipo", "url_env": "CXNLP_TEST_HOOK"}])
        result = runner.invoke(app, ["alerts", "test", "-c", str(ok)])
        assert result.exit_code == 0, result.output
        assert "equipo: enviado" in result.output
        assert "prueba" in hook.wait_for(1)[0]["title"]
        both = _config(
            tmp_path,
            [
                {"name": "equipo", "url_env": "CXNLP_TEST_HOOK"},
                {"name": "cerrado", "url_env": "CXNLP_TEST_CLOSED"},
            ],
        )
        result = runner.invoke(app, ["alerts", "test", "-c", str(both)])
    assert result.exit_code == 1
    assert "cerrado: FALLÓ tras 2 intentos" in result.output
    assert "token-abcdef" not in result.output and "json://" not in result.output


def test_alerts_test_without_targets_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["alerts", "test", "-c", str(_config(tmp_path, []))])
    assert result.exit_code == 2


def test_alerts_list_shows_the_log(tmp_path: Path) -> None:
    config = _config(tmp_path, [])
    with Store(tmp_path / "var" / "cxnlp.duckdb") as store:
        dispatch(
            store,
            [Alert("source_silent", "source_silent:tickets", "Fuente sin datos: tickets", "b")],
            AlertsConfig(),
        )
    result = runner.invoke(app, ["alerts", "list", "-c", str(config), "--json"])
    assert result.exit_code == 0, result.output
    assert '"subject": "source_silent:tickets"' in result.output
    assert '"status": "no_target"' in result.output


def test_intraday_command_skips_while_the_lock_is_held(tmp_path: Path) -> None:
    from e2e_helpers import FAST_MODELS, REPO

    from cxnlp.config import load_config
    from cxnlp.store.open import run_lock, store_location

    config = _config(tmp_path, [])
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["models"] = {
        "embedder": FAST_MODELS["embedder"],
        "sentiment": {
            "name": "cxnlp.classifier.head.v1",
            "path": str(REPO / FAST_MODELS["sentiment"]),
        },
        "emotion": {"name": "cxnlp.classifier.head.v1", "path": str(REPO / FAST_MODELS["emotion"])},
    }
    data["alerts"]["lock_wait_s"] = 0.2
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    lock = run_lock(store_location(load_config(config)), 1.0)
    lock.acquire()
    try:
        result = runner.invoke(app, ["intraday", "-c", str(config)])
    finally:
        lock.release()
    assert result.exit_code == 4, result.output
    assert "ciclo omitido" in result.output and "holds the store" in result.output
