"""The run context asks the store for the previous run once, when the run begins."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from cxnlp.config import Settings
from cxnlp.run.context import COMPLETED, begin_run, finish_run, previous_backlog
from cxnlp.store import Store


class _Models:
    key = "test-models"

    def versions(self) -> dict[str, str]:
        return {"key": self.key}


def _night(settings: Settings, store: Store, as_of: datetime) -> Any:
    return begin_run(settings, store, as_of, _Models())  # type: ignore[arg-type]


def test_previous_run_and_window_start_are_fields_set_once() -> None:
    settings = Settings.model_validate({"topics": {"window_days": 30}})
    with Store(":memory:") as store:
        first = _night(settings, store, datetime(2026, 11, 1, 3))
        assert first.previous_run is None
        assert first.window_start == datetime(2026, 10, 2, 3)
        assert previous_backlog(first) is None
        finish_run(first, COMPLETED)

        failed = _night(settings, store, datetime(2026, 11, 2, 3))
        finish_run(failed, "failed")  # a failed night is nobody's previous run

        calls: list[str | None] = []
        original = store.last_successful_run

        def counted(*, before: str | None = None) -> str | None:
            calls.append(before)
            return original(before=before)

        store.last_successful_run = counted  # type: ignore[method-assign]
        third = _night(settings, store, datetime(2026, 11, 3, 3))
        assert third.previous_run == first.run_id
        assert calls == [third.run_id]
        assert third.window_start == third.as_of - timedelta(days=30)
        # what the steps read of the previous run comes through the context: no new query
        store.write_run_frame(
            "backlog", first.run_id, pd.DataFrame({"item_id": ["I-1"], "topic_id": [4]})
        )
        backlog = previous_backlog(third)
        assert backlog is not None and backlog["topic_id"].tolist() == [4]
        store.write_run_frame(
            "backlog", first.run_id, pd.DataFrame({"item_id": ["I-2"], "topic_id": [5]})
        )
        assert previous_backlog(third)["topic_id"].tolist() == [4]  # read once per night
        assert calls == [third.run_id]
