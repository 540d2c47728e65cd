"""Priority bands, components and the Spanish reason."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pydantic import ValidationError

from cxnlp.drivers.priority import band, score_priority
from cxnlp.drivers.reason import explain_rank, fmt_num, fmt_pct, fmt_signed_pct
from cxnlp.ranking_config import RankingConfig


def test_bands() -> None:
    bands = [0.55, 0.35, 0.2]
    assert [band(s, bands) for s in (0.9, 0.55, 0.4, 0.2, 0.19, 0.0)] == [
        "P1",
        "P1",
        "P2",
        "P3",
        "P4",
        "P4",
    ]


def test_bands_must_descend() -> None:
    with pytest.raises(ValidationError, match="priority_bands"):
        RankingConfig(priority_bands=[0.2, 0.35, 0.55])


def test_spanish_number_formats() -> None:
    assert fmt_num(4.06) == "4,1"
    assert fmt_num(-0.04) == "0,0"
    assert fmt_num(math.nan) == "s/d"
    assert fmt_pct(0.0612) == "6%"
    assert fmt_pct(0.004) == "0,4%"
    assert fmt_signed_pct(0.8) == "+80%"
    assert fmt_signed_pct(-0.3) == "-30%"


def _row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "n_nps": 300,
        "keydriver_nps": -4.1,
        "keydriver_nps_lo": -5.6,
        "keydriver_nps_hi": -2.7,
        "share": 0.06,
        "growth": 0.8,
        "emerging": True,
        "is_new": False,
        "anger_share": 0.41,
        "detractor_share": 0.7,
    }
    row.update(overrides)
    return row


def test_reason_example_from_the_issue() -> None:
    text = explain_rank(_row(), trend_days=14, overall_neg_share=0.3, min_scored=10)
    assert text == (
        "Resta 4,1 puntos de NPS [2,7; 5,6] (modelo multivariable); 6% de los comentarios; "
        "+80% en 14 días (emergente); "
        "41% de enfado; 70% de detractores"
    )


def test_reason_variants() -> None:
    helps = explain_rank(
        _row(
            keydriver_nps=2.0,
            keydriver_nps_lo=-0.5,
            keydriver_nps_hi=4.0,
            emerging=False,
            growth=0.1,
        ),
        trend_days=14,
        overall_neg_share=0.3,
        min_scored=10,
    )
    assert helps.startswith(
        "Suma 2,0 puntos de NPS [-0,5; 4,0] (modelo multivariable; no distinguible de 0)"
    )
    assert "+10% en 14 días (dentro del ruido)" in helps
    tripled = explain_rank(_row(growth=2.0), trend_days=14, overall_neg_share=0.3, min_scored=10)
    assert "se multiplica por 3,0 en 14 días (emergente)" in tripled
    unscored = explain_rank(
        _row(n_nps=0, keydriver_nps=math.nan, neg_share=0.64, detractor_share=math.nan),
        trend_days=14,
        overall_neg_share=0.3,
        min_scored=10,
    )
    assert unscored.startswith("Sin puntuaciones; 64% de menciones negativas (media 30%)")
    assert "detractores" not in unscored


def _table() -> pd.DataFrame:
    base = {
        "n_nps": 200,
        "n_csat": 0,
        "keydriver_csat": math.nan,
        "keydriver_csat_hi": math.nan,
        "neg_share": 0.5,
        "n_classified": 200,
        "growth": 0.0,
        "is_new": False,
        "emerging": False,
        "anger_share": 0.2,
        "detractor_share": 0.4,
    }
    rows = [
        {**base, "keydriver_nps": -5.0, "keydriver_nps_hi": -3.0, "share": 0.05},
        {**base, "keydriver_nps": -1.0, "keydriver_nps_hi": 0.5, "share": 0.40},  # not significant
        {**base, "keydriver_nps": -2.0, "keydriver_nps_hi": -1.0, "share": 0.10},
    ]
    return pd.DataFrame(rows)


def test_components_and_issue_gate() -> None:
    scored = score_priority(_table(), overall_neg_share=0.3, config=RankingConfig())
    assert scored["is_issue"].tolist() == [True, False, True]
    assert scored["comp_impact"].tolist() == pytest.approx([1.0, 0.2, 0.4])
    # Volume counts for issues only, scaled by the largest issue share.
    assert scored["comp_volume"].tolist() == pytest.approx([0.5, 0.0, 1.0])
    assert scored["comp_severity"].tolist() == pytest.approx([0.3, 0.3, 0.3])
    w = RankingConfig().weights
    expected = (w.impact * 1.0 + w.volume * 0.5 + w.severity * 0.3) / (
        w.impact + w.volume + w.trend + w.severity
    )
    assert scored.loc[0, "priority_score"] == pytest.approx(expected)


def test_backlog_gate_keeps_material_emerging_or_loud_issues_only() -> None:
    """An issue needs evidence a team can act on before it becomes a backlog item."""
    table = _table()
    extra = table.iloc[[0, 0, 0, 0]].copy()
    # 3: significant but tiny harm (5% of the largest); 4: tiny but emerging
    extra.iloc[0, extra.columns.get_loc("keydriver_nps")] = -0.25
    extra.iloc[0, extra.columns.get_loc("keydriver_nps_hi")] = -0.1
    extra.iloc[1, extra.columns.get_loc("keydriver_nps")] = -0.25
    extra.iloc[1, extra.columns.get_loc("keydriver_nps_hi")] = -0.1
    extra.iloc[1, extra.columns.get_loc("emerging")] = True
    # 5 and 6: no scores, clearly negative; 6 is four times the median volume
    for i in (2, 3):
        extra.iloc[i, extra.columns.get_loc("n_nps")] = 0
        extra.iloc[i, extra.columns.get_loc("keydriver_nps")] = math.nan
        extra.iloc[i, extra.columns.get_loc("keydriver_nps_hi")] = math.nan
        extra.iloc[i, extra.columns.get_loc("neg_share")] = 0.9
    table = pd.concat([table, extra], ignore_index=True)
    table["n"] = [200, 200, 200, 200, 200, 100, 800]
    table["n_classified"] = table["n"]
    scored = score_priority(table, overall_neg_share=0.3, config=RankingConfig())
    assert scored["is_issue"].tolist() == [True, False, True, True, True, True, True]
    assert scored["in_backlog"].tolist() == [True, False, True, False, True, False, True]
    rules = scored["backlog_rule"].tolist()
    assert "solo en el informe" in rules[3] and "emergente" in rules[4]
    assert "volumen" in rules[5] and "veces el volumen mediano" in rules[6]
    # the gate can be opened: every issue becomes an item
    open_gate = RankingConfig(backlog_min_harm=0.0, backlog_unscored_volume=0.0)
    assert score_priority(table, overall_neg_share=0.3, config=open_gate)["in_backlog"].tolist() == [
        True, False, True, True, True, True, True,
    ]  # fmt: skip
