"""Source config validation, mapping presets, the retry helper and the batch shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from cxnlp.errors import ConfigError, SourceError
from cxnlp.schema import FEEDBACK_COLUMNS, QUARANTINE_COLUMNS
from cxnlp.sources import (
    REJECT_COLUMNS,
    SOURCE_COLUMNS,
    SourceBatch,
    SourceConfig,
    available_presets,
    load_preset,
    load_with_retry,
    make_connector,
)
from cxnlp.sources.batch import records_frame, rejects_frame
from cxnlp.sources.errors import PermanentSourceError
from cxnlp.sources.mapping import REQUIRED_FIELDS, resolve_layout

SURVEY = "cxnlp.source.survey_file.v1"


def test_columns_agree_with_the_schema() -> None:
    assert set(SOURCE_COLUMNS) <= set(FEEDBACK_COLUMNS)
    assert set(REJECT_COLUMNS) == set(QUARANTINE_COLUMNS) - {"run_id", "quarantined_at"}
    assert list(records_frame([]).columns) == list(SOURCE_COLUMNS)
    assert list(rejects_frame([]).columns) == list(REJECT_COLUMNS)


def test_config_errors_name_the_value_and_what_is_accepted() -> None:
    with pytest.raises(
        ValidationError, match="unknown connector 'cxnlp.source.nope.v1'.*survey_file"
    ):
        SourceConfig(name="s", kind="survey", connector="cxnlp.source.nope.v1", path="x.csv")
    with pytest.raises(ValidationError, match="reads survey sources, not kind 'ticket'"):
        SourceConfig(name="s", kind="ticket", connector=SURVEY, path="x.csv")
    with pytest.raises(ValidationError, match="needs `path`"):
        SourceConfig(name="s", kind="survey", connector=SURVEY)
    with pytest.raises(ValidationError, match="unknown canonical field.*'puntuacion'"):
        SourceConfig(
            name="s", kind="survey", connector=SURVEY, path="x", mapping={"puntuacion": "P1"}
        )
    with pytest.raises(ValidationError, match="not an IANA zone"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", timezone="Madrid")
    with pytest.raises(ValidationError, match="encoding 'latin-9000' is unknown"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", encoding="latin-9000")
    with pytest.raises(ValidationError, match="csat_scale"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", csat_scale=4)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Extra inputs"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", password="x")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="only apply to SQL connectors"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", url_env="DB_URL")
    with pytest.raises(ValidationError, match="watermark_column 'fecha'"):
        SourceConfig(name="s", kind="survey", connector=SURVEY, path="x", watermark_column="fecha")
    with pytest.raises(ValidationError, match="source name"):
        SourceConfig(name="mis encuestas", kind="survey", connector=SURVEY, path="x")


@pytest.mark.parametrize(
    "name", ["cxnlp_sample", "qualtrics", "surveymonkey", "typeform", "google_forms"]
)
def test_required_presets_exist_and_map_an_id_and_a_date(name: str) -> None:
    assert name in available_presets()
    preset = load_preset(name)
    assert preset.name == name and preset.notes
    for kind in preset.kinds or {"survey": {}}:
        columns = preset.columns_for(kind)
        for need in REQUIRED_FIELDS[kind]:
            options = (need,) if isinstance(need, str) else need
            assert any(o in columns for o in options), (name, kind, need)


def test_unknown_preset_lists_the_available_ones() -> None:
    with pytest.raises(ConfigError, match="'medallia' not found.*qualtrics"):
        load_preset("medallia")


def test_preset_timezone_applies_unless_the_source_sets_one() -> None:
    base = {
        "name": "tf",
        "kind": "survey",
        "connector": SURVEY,
        "path": "x.csv",
        "mapping_preset": "typeform",
    }
    assert resolve_layout(SourceConfig(**base)).timezone == "UTC"  # type: ignore[arg-type]
    own = SourceConfig(**base, timezone="America/Bogota")  # type: ignore[arg-type]
    assert resolve_layout(own).timezone == "America/Bogota"


def test_mapping_overrides_preset_columns(tmp_path: Path) -> None:
    config = SourceConfig(
        name="q",
        kind="survey",
        connector=SURVEY,
        path=str(tmp_path / "q.csv"),
        mapping_preset="qualtrics",
        mapping={"nps": "Q1"},
    )
    layout = resolve_layout(config)
    assert layout.columns["nps"] == "Q1" and layout.columns["source_id"] == "ResponseId"
    assert layout.extra_header_rows == 2 and layout.explicit == frozenset({"nps"})


class Flaky:
    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.calls: list[str | None] = []
        self.error = error or OSError("share not mounted")

    def load(self, watermark: str | None = None) -> SourceBatch:
        self.calls.append(watermark)
        if len(self.calls) <= self.failures:
            raise self.error
        return SourceBatch(
            records=records_frame([]), rejects=rejects_frame([]), watermark=watermark
        )

    def describe(self) -> dict[str, object]:
        return {"name": "flaky"}


def test_retry_succeeds_after_passing_failures() -> None:
    waits: list[float] = []
    flaky = Flaky(failures=2)
    batch = load_with_retry(
        flaky, "2026-01-01T00:00:00", attempts=3, backoff=1.5, sleep=waits.append
    )
    assert batch.watermark == "2026-01-01T00:00:00"
    assert flaky.calls == ["2026-01-01T00:00:00"] * 3
    assert waits == [1.5, 3.0]


def test_retry_gives_up_with_a_source_error_naming_the_source() -> None:
    flaky = Flaky(failures=5)
    with pytest.raises(
        SourceError,
        match="source 'flaky' failed after 3 attempt\\(s\\): OSError: share not mounted",
    ):
        load_with_retry(flaky, None, attempts=3, sleep=lambda _: None)
    assert len(flaky.calls) == 3


def test_retry_does_not_retry_config_errors() -> None:
    flaky = Flaky(failures=5, error=ConfigError("bad preset"))
    with pytest.raises(ConfigError):
        load_with_retry(flaky, None, attempts=3, sleep=lambda _: None)
    assert len(flaky.calls) == 1
    with pytest.raises(ValueError, match="attempts=0"):
        load_with_retry(flaky, None, attempts=0)


def test_retry_does_not_retry_a_permanent_file_error(tmp_path: Path) -> None:
    # A missing file or column does not appear by waiting: raised at once, no sleep.
    config = SourceConfig(
        name="s", kind="survey", connector=SURVEY, path=str(tmp_path / "falta.csv")
    )
    waits: list[float] = []
    with pytest.raises(PermanentSourceError, match="source 's': file .*falta.csv' not found"):
        load_with_retry(make_connector(config), None, attempts=3, sleep=waits.append)
    assert waits == []
    (tmp_path / "sin_id.csv").write_text("fecha,comentario\n2026-01-01,hola\n", encoding="utf-8")
    columns = config.model_copy(update={"path": str(tmp_path / "sin_id.csv")})
    with pytest.raises(PermanentSourceError, match="required column"):
        load_with_retry(make_connector(columns), None, attempts=3, sleep=waits.append)
    assert waits == []
