"""Kill-and-rerun, concurrent runs, broken models, failing sources, and a PII scan of every output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from e2e_helpers import REPO, write_small_setup
from sheet_helpers import unsafe_xlsx_cells, xlsx_text

pytestmark = pytest.mark.slow


def _cli(config: Path, *args: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    cmd = [
        sys.executable,
        "-m",
        "cxnlp",
        "run",
        "--no-prefect",
        "--config",
        str(config),
        "--verbose",
        *args,
    ]
    sink = open(log, "wb") if log else subprocess.PIPE  # noqa: SIM115
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT)


def _edit(config: Path, **changes: object) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        node[last] = value
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _store(config: Path):
    from cxnlp.config import load_config
    from cxnlp.store import Store

    settings = load_config(config, environ={})
    return Store(settings.resolve(settings.store.path), read_only=True)


def _expected_rows(root: Path) -> int:
    sample = root / "sample"
    surveys = pd.read_csv(sample / "surveys.csv", dtype=str)
    social = pd.read_json(sample / "social.jsonl", lines=True, dtype=False)
    tickets = pd.read_csv(sample / "tickets.csv", dtype=str)
    return len(surveys) + len(social) + len(tickets)


def test_kill_during_enrichment_then_rerun(tmp_path: Path) -> None:
    config = write_small_setup(
        tmp_path, days=15, surveys_per_day=30, social_per_day=15, tickets_per_day=10
    )
    _edit(config, scale__chunk_size=100)
    log = tmp_path / "run1.log"
    proc = _cli(config, "--as-of", "2026-11-22T00:00:00", log=log)
    deadline = time.time() + 600
    # wait until enrichment has committed a few chunks, then kill -9
    while time.time() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if text.count("enrich chunk committed") >= 2:
            break
        if proc.poll() is not None:
            pytest.fail(f"run ended before it could be killed:\n{text[-3000:]}")
        time.sleep(0.2)
    else:
        pytest.fail("enrichment never started")
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    rerun = _cli(config, "--as-of", "2026-11-22T00:00:00")
    out, _ = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, out.decode(errors="replace")[-3000:]
    with _store(config) as store:
        assert store.count("feedback") + store.count("quarantine") >= _expected_rows(tmp_path) - 5
        missing = store.con.execute(
            "SELECT count(*) FROM feedback f WHERE coalesce(text_norm, '') <> '' AND NOT EXISTS "
            "(SELECT 1 FROM predictions p WHERE p.text_hash = f.text_hash)"
        ).fetchall()[0][0]
        assert missing == 0
        dupes = store.con.execute(
            "SELECT count(*) FROM (SELECT source, source_id FROM feedback GROUP BY 1, 2 HAVING count(*) > 1)"
        ).fetchall()[0][0]
        assert dupes == 0
        statuses = store.runs()["status"].tolist()
        assert statuses[0] == "completed"


def test_second_concurrent_run_exits_cleanly(tmp_path: Path) -> None:
    config = write_small_setup(
        tmp_path, days=15, surveys_per_day=20, social_per_day=10, tickets_per_day=6
    )
    _edit(config, store__lock_timeout_s=1)
    first = _cli(config, "--as-of", "2026-11-22T00:00:00")
    time.sleep(8)  # models are loaded before the lock: let the first run take it
    second = _cli(config, "--as-of", "2026-11-22T00:00:00")
    out2, _ = second.communicate(timeout=900)
    out1, _ = first.communicate(timeout=900)
    assert first.returncode == 0, out1.decode(errors="replace")[-3000:]
    assert second.returncode == 2, out2.decode(errors="replace")[-3000:]
    assert b"another cxnlp run holds" in out2
    with _store(config) as store:
        assert store.runs()["status"].tolist() == ["completed"]


def test_broken_model_stops_before_any_write(tmp_path: Path) -> None:
    config = write_small_setup(
        tmp_path, days=15, surveys_per_day=10, social_per_day=5, tickets_per_day=3
    )
    _edit(config, models__sentiment__path=str(tmp_path / "no-such-model"))
    proc = _cli(config)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 2
    assert b"no-such-model" in out
    assert not (tmp_path / "var" / "cxnlp.duckdb").exists()


def test_failing_source_is_recorded_and_others_load(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    config = write_small_setup(
        tmp_path, days=15, surveys_per_day=20, social_per_day=10, tickets_per_day=6
    )
    _edit(config, sources__1__path=str(tmp_path / "missing.jsonl"))
    summary = run_pipeline(load_config(config, environ={}), as_of=datetime(2026, 11, 22))
    assert summary.status == "completed_with_errors"  # every step ran; a source did not load
    assert summary.counts["ingest"]["failed_sources"] == ["social"]
    with _store(config) as store:
        kinds = dict(
            store.con.execute("SELECT source, count(*) FROM feedback GROUP BY 1").fetchall()
        )
        assert set(kinds) == {"surveys", "tickets"}
        events = store.con.execute("SELECT step, level, message FROM run_events").fetchall()
        assert any("social" in m and lvl == "error" for _, lvl, m in events)


def test_no_seeded_pii_in_any_output(tmp_path: Path) -> None:
    """Every PII literal seeded in the raw sample is absent from store text, reports, exports and logs."""
    from cxnlp.text import find_pii

    config = write_small_setup(
        tmp_path, days=20, surveys_per_day=40, social_per_day=20, tickets_per_day=12
    )
    log = tmp_path / "run.log"
    proc = _cli(config, "--as-of", "2026-11-22T00:00:00", log=log)
    assert proc.wait(900) == 0, log.read_text(errors="replace")[-3000:]
    sample = tmp_path / "sample"
    raw_texts: list[str] = []
    surveys = pd.read_csv(sample / "surveys.csv", dtype=str)
    raw_texts += surveys["comment"].dropna().tolist()
    raw_texts += (
        pd.read_json(sample / "social.jsonl", lines=True, dtype=False)["text"].astype(str).tolist()
    )
    tickets = pd.read_csv(sample / "tickets.csv", dtype=str)
    raw_texts += tickets["description"].dropna().tolist()
    literals = {text[m.start : m.end] for text in raw_texts for m in find_pii(text)}
    literals = {x for x in literals if len(x) >= 6}
    assert len(literals) >= 10, "the sample should carry seeded PII"
    # names found without the detector: every "first name + surname" of the generator's
    # own lists, so a name the detector misses (a dash signature, say) is still looked for
    names = _planted_names(raw_texts)
    assert len(names) >= 3, "the sample should carry seeded names"
    literals |= names
    outputs = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and "sample" not in p.relative_to(tmp_path).parts
    ]
    outputs = [p for p in outputs if p.suffix not in {".duckdb", ".wal", ".lock"}]
    suffixes = {p.suffix for p in outputs}
    assert {".html", ".csv", ".xlsx", ".json", ".md"} <= suffixes, sorted(suffixes)
    assert any("topic_models" in p.parts for p in outputs), "the topic model files are scanned"
    leaks = []
    for path in outputs:
        if path.suffix == ".xlsx":  # a zip of XML: scan what a spreadsheet shows
            body = xlsx_text(path)
            assert unsafe_xlsx_cells(path) == [], path
        else:  # every other file, binary ones included, as whatever text it holds
            body = path.read_bytes().decode("utf-8", errors="replace")
        leaks += [(path.name, lit) for lit in literals if lit in body]
    with _store(config) as store:
        blob = _every_text_cell(store)
    # the store keeps the unredacted comment nowhere (privacy.keep_raw_text is off)
    leaks += [("store", lit) for lit in literals if lit in blob]
    assert not leaks, leaks[:10]


def _planted_names(texts: list[str]) -> set[str]:
    """Every "first name + surname" of the sample generator's lists found in ``texts``."""
    import re

    from cxnlp.sampledata.pii import FIRST_NAMES, SURNAMES

    first = "|".join(re.escape(n) for n in sorted(FIRST_NAMES, key=len, reverse=True))
    last = "|".join(re.escape(n) for n in sorted(SURNAMES, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{first}) (?:{last})\b")
    return {m.group(0) for text in texts for m in pattern.finditer(text)}


def _every_text_cell(store: Any) -> str:
    """All text of every table in the store, joined: what a leak scan must cover."""
    parts: list[str] = []
    tables = [r[0] for r in store.con.execute("SHOW TABLES").fetchall()]
    for table in tables:
        columns = [
            r[0]
            for r in store.con.execute(f'DESCRIBE "{table}"').fetchall()
            if r[1] == "VARCHAR" and r[0] != "text_raw"
        ]
        for column in columns:
            rows = store.con.execute(
                f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            parts += [str(v) for (v,) in rows]
    assert "feedback" in tables and "quarantine" in tables
    return "\n".join(parts)
