"""Nightly topic step: refit every `refit_every_days`, assign new comments in between."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml
from e2e_helpers import write_small_setup

from cxnlp.topic_step import _refit_due
from cxnlp.topics import TopicsConfig, read_fitted_on

pytestmark = pytest.mark.slow

PREVIOUS = pd.DataFrame({"topic_id": [0, 1]})


def _model_dir(tmp_path: Path, fitted_on: str | None) -> Path:
    import json

    directory = tmp_path / "model"
    directory.mkdir()
    meta: dict[str, object] = {"format_version": 1}
    if fitted_on is not None:
        meta["fitted_on"] = fitted_on
    (directory / "meta.json").write_text(json.dumps(meta), "utf-8")
    return directory


def test_refit_is_due_by_the_age_of_the_last_fit(tmp_path: Path) -> None:
    weekly = TopicsConfig(refit_every_days=7)
    model = _model_dir(tmp_path, "2026-11-20")
    assert read_fitted_on(model) == date(2026, 11, 20)
    assert not _refit_due(weekly, PREVIOUS, model, date(2026, 11, 26))[0]
    assert _refit_due(weekly, PREVIOUS, model, date(2026, 11, 27))[0]
    # the default refits every night
    assert _refit_due(TopicsConfig(), PREVIOUS, model, date(2026, 11, 21))[0]
    # refit off never refits while a model exists
    assert not _refit_due(TopicsConfig(refit=False), PREVIOUS, model, date(2027, 1, 1))[0]


def test_refit_when_there_is_nothing_to_assign_to(tmp_path: Path) -> None:
    weekly = TopicsConfig(refit_every_days=7)
    today = date(2026, 11, 21)
    assert _refit_due(weekly, None, None, today)[0]
    assert _refit_due(weekly, PREVIOUS, tmp_path / "gone", today)[0]
    undated = _model_dir(tmp_path, None)  # a model saved before the date was recorded
    assert read_fitted_on(undated) is None
    due, why = _refit_due(weekly, PREVIOUS, undated, today)
    assert due and "does not say" in why
    # even with refit off, a first night has to fit
    assert _refit_due(TopicsConfig(refit=False), None, None, today)[0]


def test_weekly_refit_assigns_new_comments_on_the_nights_between(tmp_path: Path) -> None:
    from cxnlp.config import load_config
    from cxnlp.pipeline import run_pipeline
    from cxnlp.sampledata import generate_sample
    from cxnlp.store import Store

    volumes = {"surveys_per_day": 24, "social_per_day": 10, "tickets_per_day": 6}
    config_path = write_small_setup(tmp_path, days=12, **volumes)
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data["topics"]["refit_every_days"] = 7
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = load_config(config_path)
    models_dir = tmp_path / "var" / "topic_models"

    first = run_pipeline(settings, as_of=datetime(2026, 11, 22))
    assert first.counts["topics"]["refit"] is True
    assert first.counts["topics"]["topics"] > 0
    assert read_fitted_on(models_dir / first.run_id) == date(2026, 11, 22)

    # the next night brings one more day of comments: they are assigned, not refitted
    generate_sample(
        tmp_path / "sample",
        days=13,
        end_date=date(2026, 11, 22),
        story_end=date(2026, 11, 21),
        **volumes,
    )
    second = run_pipeline(settings, as_of=datetime(2026, 11, 23))
    assert second.counts["ingest"]["loaded"] > 0
    assert second.counts["topics"]["refit"] is False
    second_dir = models_dir / second.run_id
    assert read_fitted_on(second_dir) == date(2026, 11, 22)  # the fit it reused
    assert (second_dir / "bertopic").is_dir() == (models_dir / first.run_id / "bertopic").is_dir()
    with Store(settings.resolve(settings.store.path), read_only=True) as store:
        topics_1 = store.read_topics(first.run_id)
        topics_2 = store.read_topics(second.run_id)
        assigned = store.con.execute(
            "SELECT f.created_at, a.topic_id FROM topic_assignments a "
            "JOIN feedback f USING (feedback_id) WHERE a.run_id = ?",
            [second.run_id],
        ).df()
    active_1 = topics_1[topics_1["status"] != "resolved"]
    assert set(topics_2["topic_id"]) == set(active_1["topic_id"])
    # yesterday's topics persist: none is new on a night that only assigns
    assert set(topics_2["status"]) == {"persisting"}, topics_2["status"].value_counts()
    assert dict(zip(topics_2["topic_id"], topics_2["label"], strict=True)) == dict(
        zip(active_1["topic_id"], active_1["label"], strict=True)
    )
    new_day = assigned[pd.to_datetime(assigned["created_at"]).dt.date == date(2026, 11, 22)]
    assert len(new_day) > 0
    assert (new_day["topic_id"] >= 0).mean() > 0.3  # the new comments join the topics

    # a week after the fit, the model is refitted
    third = run_pipeline(settings, as_of=datetime(2026, 11, 29))
    assert third.counts["topics"]["refit"] is True
    assert read_fitted_on(models_dir / third.run_id) == date(2026, 11, 29)
