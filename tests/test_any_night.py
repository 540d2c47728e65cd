"""Any night, any data: the nightly pipeline on empty and thin inputs and at moved clocks.

Every case runs the whole pipeline (fast USE embedder, a small sample) and
checks that the run completes, writes its report and exports, and that what it
says matches what the data holds: a step with nothing to do is ``skipped``
with a reason, a call-back list with nobody to call is empty and the report
says why, a source that went silent is flagged.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_helpers import use_fast_models, write_small_setup

pytestmark = pytest.mark.slow

END = date(2026, 11, 21)
AS_OF = datetime(2026, 11, 22, 3, 0)


def _setup(root: Path, **kwargs: Any) -> Path:
    volumes = {"surveys_per_day": 20, "social_per_day": 10, "tickets_per_day": 6}
    volumes.update(kwargs)
    config = write_small_setup(root, days=kwargs.pop("days", 30), end_date=END, **volumes)
    return use_fast_models(config, topics={"min_topic_size": 10})


def _run(config: Path, as_of: datetime = AS_OF) -> Any:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline

    return run_pipeline(load_config(config), as_of=as_of)


def _rewrite_csv(
    path: Path, change: Callable[[list[dict[str, str]]], list[dict[str, str]]]
) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    rows = change(rows)
    if rows:
        fields = [f for f in fields if f in rows[0]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set_sources(config: Path, keep: set[str]) -> None:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source["enabled"] = source["name"] in keep
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _outputs_exist(summary: Any) -> None:
    for key in ("report", "social_review", "json", "jira_csv", "callbacks", "callbacks_xlsx"):
        assert key in summary.outputs, (key, sorted(summary.outputs))
        assert Path(summary.outputs[key]).exists(), summary.outputs[key]
    for key in ("report", "social_review"):  # the run's own pages never call it unfinished
        page = Path(summary.outputs[key]).read_text(encoding="utf-8")
        assert "no ha terminado" not in page, key


def _report_text(summary: Any) -> str:
    return Path(summary.outputs["report"]).read_text(encoding="utf-8")


def _callbacks(summary: Any) -> list[dict[str, str]]:
    path = Path(summary.outputs["callbacks"])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# -- the empty/thin matrix ------------------------------------------------------------


def test_no_new_rows_tonight(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    first = _run(config)
    second = _run(config, AS_OF + timedelta(hours=1))
    assert first.status == "completed"
    assert second.status == "completed"
    assert second.counts["ingest"]["loaded"] == 0
    assert second.counts["enrich"]["status"] == "skipped"
    assert "no new" in second.counts["enrich"]["reason"]
    _outputs_exist(second)


def test_a_source_file_with_a_header_only(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    _rewrite_csv(tmp_path / "sample" / "tickets.csv", lambda rows: [])
    summary = _run(config)
    assert summary.status == "completed_with_errors"
    assert summary.counts["ingest"]["empty_sources"] == ["tickets"]
    assert summary.counts["ingest"]["surveys"]["loaded"] > 0
    _outputs_exist(summary)
    assert "tickets" in _report_text(summary)


def test_a_source_missing_for_one_night(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    (tmp_path / "sample" / "social.jsonl").unlink()
    summary = _run(config)
    assert summary.status == "completed_with_errors"
    assert summary.counts["ingest"]["failed_sources"] == ["social"]
    _outputs_exist(summary)
    assert "social" in _report_text(summary)


def test_no_customer_ids(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    for name in ("surveys.csv", "tickets.csv"):
        _rewrite_csv(
            tmp_path / "sample" / name,
            lambda rows: [{k: v for k, v in r.items() if k != "customer_id"} for r in rows],
        )
    summary = _run(config)
    assert summary.status == "completed"
    _outputs_exist(summary)
    assert summary.counts["backlog"]["callbacks"] == 0


def test_no_detractors(tmp_path: Path) -> None:
    config = _setup(tmp_path)

    def promoters(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        for r in rows:
            r["nps"] = "9" if r["nps"] and int(r["nps"]) < 9 else r["nps"]
            r["csat"] = "5" if r["csat"] else r["csat"]
        return rows

    _rewrite_csv(tmp_path / "sample" / "surveys.csv", promoters)
    _set_sources(config, {"surveys", "social"})  # tickets carry their own CSAT detractors
    summary = _run(config)
    assert summary.status == "completed"
    _outputs_exist(summary)
    assert _callbacks(summary) == []
    assert summary.counts["backlog"]["callbacks"] == 0
    reason = summary.counts["backlog"]["callbacks_empty_reason"]
    assert reason.startswith("no detractor"), reason
    assert "Lista de llamadas vacía: ningún detractor" in _report_text(summary)


def test_no_scored_answers_at_all_social_only(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    _set_sources(config, {"social"})
    summary = _run(config)
    assert summary.status == "completed"
    _outputs_exist(summary)
    assert _callbacks(summary) == []


def test_a_window_smaller_than_min_topic_size(tmp_path: Path) -> None:
    config = write_small_setup(
        tmp_path, days=2, end_date=END, surveys_per_day=3, social_per_day=2, tickets_per_day=1
    )
    config = use_fast_models(config, topics={"min_topic_size": 30})
    summary = _run(config)
    assert summary.status == "completed"
    assert summary.counts["topics"]["status"] == "skipped"
    assert "min_topic_size" in summary.counts["topics"]["reason"]
    _outputs_exist(summary)


def test_every_comment_empty(tmp_path: Path) -> None:
    config = _setup(tmp_path)

    def blank(field: str) -> Callable[[list[dict[str, str]]], list[dict[str, str]]]:
        def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
            for r in rows:
                r[field] = ""
            return rows

        return change

    _rewrite_csv(tmp_path / "sample" / "surveys.csv", blank("comment"))
    _set_sources(config, {"surveys"})
    summary = _run(config)
    assert summary.status == "completed"
    assert summary.counts["ingest"]["loaded"] > 0
    assert summary.counts["topics"]["status"] == "skipped"
    _outputs_exist(summary)


def test_one_source_kind_only(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    _set_sources(config, {"tickets"})
    summary = _run(config)
    assert summary.status == "completed"
    _outputs_exist(summary)


def test_a_store_whose_last_run_failed_half_way(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.store import Store

    config = _setup(tmp_path)
    first = _run(config)
    settings = load_config(config)
    with Store(settings.resolve(settings.store.path)) as store:
        # a run killed with -9 half-way: 'running' for ever, no counts, no finish
        store.start_run("20261122T020000-dead01", as_of=AS_OF, config_hash="x")
        store.con.execute("DELETE FROM drivers WHERE run_id = ?", [first.run_id])
    summary = _run(config, AS_OF + timedelta(days=1))
    assert summary.status == "completed"
    _outputs_exist(summary)
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        dead = store.get_run("20261122T020000-dead01")
    assert dead is not None and dead["status"] == "failed"
    assert "interrupted" in (dead["error"] or "")


def test_nothing_at_all(tmp_path: Path) -> None:
    config = _setup(tmp_path)
    for name in ("surveys.csv", "tickets.csv"):
        _rewrite_csv(tmp_path / "sample" / name, lambda rows: [])
    (tmp_path / "sample" / "social.jsonl").write_text("", encoding="utf-8")
    summary = _run(config)
    assert summary.status == "completed_with_errors"
    for step in ("enrich", "topics", "drivers"):
        assert summary.counts[step]["status"] == "skipped", step
    _outputs_exist(summary)


# -- a moved clock ----------------------------------------------------------------------


@pytest.mark.parametrize("days_after", [0, 1, 15, 60, 400])
def test_the_night_after_the_data_ends(tmp_path: Path, days_after: int) -> None:
    """The sample ends on END; the run happens ``days_after`` days later."""
    config = _setup(tmp_path)
    as_of = datetime.combine(END + timedelta(days=1 + days_after), datetime.min.time())
    summary = _run(config, as_of.replace(hour=3))
    stale = days_after >= 3
    assert summary.status == "completed"
    _outputs_exist(summary)
    silent = summary.counts["ingest"].get("silent_sources", {})
    assert bool(silent) == stale, silent
    report = _report_text(summary)
    if stale:
        assert set(silent) == {"surveys", "social", "tickets"}
        assert (
            "encuestas (surveys), redes sociales (social), tickets: "
            "sin datos nuevos desde el 21/11/2026." in report
        )
    if days_after > 90:  # the 90-day window holds nothing any more
        assert summary.counts["topics"]["status"] == "skipped"
        assert summary.counts["drivers"]["status"] == "skipped"
        assert "Temas: paso omitido" in report
        return
    # trends end where the data ends, so the emerging cause stays emerging
    # instead of every topic reading as a collapse
    assert summary.counts["drivers"].get("trend_as_of") == (
        f"{END + timedelta(days=1)}T00:00:00" if stale else None
    )
    drivers = _drivers(config, summary.run_id)
    emerging = drivers[drivers["emerging"].fillna(False).astype(bool)]
    assert len(emerging) >= 1, drivers[["label", "emerging"]]
    if stale:
        assert "las tendencias y los temas emergentes se calculan hasta el 21/11/2026" in report
    data = json.loads(Path(summary.outputs["json"]).read_text(encoding="utf-8"))
    assert isinstance(data, dict | list)


def _drivers(config: Path, run_id: str) -> Any:
    from cxnlp.config import load_config
    from cxnlp.store import Store

    settings = load_config(config)
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        return store.read_run_frame("drivers", run_id)
