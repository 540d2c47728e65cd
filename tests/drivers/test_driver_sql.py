"""The figures of the drivers table can be recomputed from the store with plain SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from cxnlp.drivers import rank_drivers
from cxnlp.drivers.causes import apply_causes, group_causes
from cxnlp.ranking_config import RankingConfig
from cxnlp.schema import FEEDBACK_COLUMNS

from .synth import AS_OF, Scenario, make_feedback
from .test_driver_causes import SPLIT, with_cause_words

SQL = Path(__file__).resolve().parents[2] / "sql" / "recompute_figures.sql"
CHECKS = {
    "q_topic_stats": [
        "n", "share", "n_7d", "n_14d", "n_nps", "nps", "csat", "neg_share", "anger_share",
        "detractor_share", "ttr_median_h", "fcr_rate",
    ],
    "q_loo": ["loo_nps"],
    "q_keydriver": ["keydriver_nps"],
    "q_trend": ["share_recent", "share_base", "growth", "trend_z"],
}  # fmt: skip


@pytest.fixture(scope="module")
def store_and_drivers() -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    # a window where two topics are one root cause, so the queries go through `causes`
    frame, topics = make_feedback(Scenario(SPLIT), seed=5)
    frame = with_cause_words(frame)
    frame["text_hash"] = frame["feedback_id"]  # one prediction per comment
    config = RankingConfig(bootstrap=100, min_topic_size=20, ridge_alpha=5.0)
    start = pd.Timestamp(AS_OF) - pd.Timedelta(days=90)
    in_window = (frame["created_at"] >= start) & (frame["created_at"] < pd.Timestamp(AS_OF))
    window = frame[in_window]
    by_topic = rank_drivers(window, topics, as_of=AS_OF, config=config)
    causes = group_causes(by_topic, topics, window, min_similarity=config.group_min_similarity)
    assert (causes["cause_id"] != causes["topic_id"]).any(), "the scenario should group topics"
    window, topics = apply_causes(window, topics, causes)
    drivers = rank_drivers(window, topics, as_of=AS_OF, config=config)

    con = duckdb.connect()
    feedback = frame[list(FEEDBACK_COLUMNS)]
    predictions = frame[["text_hash", "sentiment", "emotion"]].assign(models="m1")
    assignments = frame[["feedback_id", "topic_id"]].assign(run_id="r1")
    for name, table in (
        ("feedback", feedback),
        ("predictions", predictions),
        ("topic_assignments", assignments),
        ("causes", causes.assign(run_id="r1")),
    ):
        con.register("_t", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _t")
        con.unregister("_t")
    con.execute(SQL.read_text(encoding="utf-8"))
    return con, drivers.set_index("topic_id")


@pytest.mark.parametrize("view", sorted(CHECKS))
def test_sql_recomputes_the_figures(store_and_drivers, view: str) -> None:
    con, drivers = store_and_drivers
    got = con.execute(f"SELECT * FROM {view}").df().set_index("topic_id").loc[drivers.index]
    for column in CHECKS[view]:
        assert np.allclose(
            got[column].astype(float), drivers[column].astype(float), equal_nan=True
        ), column
