"""The window KPIs use the one CSAT definition of cxnlp.metrics, whatever the scales mixed."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from cxnlp.kpis import compute_kpis
from cxnlp.metrics import csat_top2, csat_top2_by_row


def test_mixed_scales_agree_with_the_single_scale_definition() -> None:
    five = [5, 4, 3, 1, None]
    ten = [10, 9, 8, 0]
    alone_5, alone_10 = csat_top2(five, 5), csat_top2(ten, 10)
    assert csat_top2_by_row(five, [5] * 5).value == alone_5.value
    assert csat_top2_by_row(ten, [10] * 4) == alone_10
    mixed = csat_top2_by_row([*five, *ten], [5] * 5 + [10] * 4)
    assert mixed.n == 8
    assert math.isclose(mixed.value, 100 * (2 + 2) / 8)
    # a missing scale is read as 5: a 4 is then a top-2 answer, a 6 on 7 points too
    assert csat_top2_by_row([4, 6], [None, 7]).value == 100.0
    assert csat_top2_by_row([None], [5]).n == 0


def test_kpi_csat_card_counts_each_answer_on_its_own_scale() -> None:
    as_of = datetime(2026, 6, 1)
    created = [as_of - timedelta(days=d) for d in (1, 2, 3, 4, 40)]
    frame = pd.DataFrame(
        {
            "created_at": created,
            "source_kind": ["survey"] * 5,
            "dup_of": [None] * 5,
            "nps": pd.array([10, 0, None, 7, 9], dtype="Int64"),
            "csat": pd.array([9, 4, 6, 3, 5], dtype="Float64"),
            "csat_scale": pd.array([10, 5, 7, None, 5], dtype="Int64"),
            "ces": pd.array([7, None, None, None, None], dtype="Float64"),
            "ttr_hours": [np.nan] * 5,
            "fcr": pd.array([None] * 5, dtype="boolean"),
        }
    )
    kpis = compute_kpis(frame, as_of=as_of, days=30)
    # last 30 days: 9/10 and 4/5 and 6/7 are top-2, 3 on (missing ->) 5 is not
    assert kpis["csat"]["n"] == 4 and kpis["csat"]["value"] == 75.0
    assert kpis["nps"]["n"] == 3 and math.isclose(kpis["nps"]["value"], 0.0)
    assert kpis["csat"]["trend"] == 75.0 - 100.0  # the 40-day-old 5/5 alone before
