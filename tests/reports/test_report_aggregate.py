"""The pure aggregations behind the report pages."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from cxnlp.metrics import nps
from cxnlp.reports import ReportData, social_agg
from cxnlp.reports import aggregate as agg
from cxnlp.reports.explore import build_explore_data, segment_column
from cxnlp.reports.markdown import render_markdown


def _social(rows: list[tuple[int, int]], start: datetime = datetime(2026, 10, 1)) -> pd.DataFrame:
    """Social mentions from (day offset, topic_id) pairs."""
    return pd.DataFrame(
        {
            "feedback_id": [f"f{i}" for i in range(len(rows))],
            "created_at": [start + timedelta(days=d, hours=9) for d, _ in rows],
            "topic_id": [t for _, t in rows],
            "source_kind": "social",
            "text": "texto",
        }
    )


def test_find_emerging_social_flags_a_growing_topic_only() -> None:
    rows = [(d, 0) for d in range(60)]  # steady: one a day
    rows += [(d, 1) for d in range(0, 46, 5)]  # rare before ...
    rows += [(d, 1) for d in range(46, 60) for _ in range(2)]  # ... two a day in the last 14 days
    out = social_agg.find_emerging_social(_social(rows)).set_index("topic_id")
    assert bool(out.loc[1, "emerging"]) is True
    assert bool(out.loc[0, "emerging"]) is False
    assert out.loc[1, "n_recent"] == 28
    assert out.loc[1, "rate_recent"] == pytest.approx(2.0)
    assert out.loc[1, "growth"] > 5
    assert out.loc[0, "growth"] == pytest.approx(1.0)
    assert out.loc[1, "p_value"] < 0.001


def test_find_emerging_social_ignores_other_sources_and_unassigned() -> None:
    frame = _social(
        [(d, 1) for d in range(46, 60) for _ in range(3)] + [(d, -1) for d in range(60)]
    )
    frame.loc[frame["topic_id"] == 1, "source_kind"] = "survey"
    out = social_agg.find_emerging_social(frame)
    assert out.empty


def test_top_reach_mentions_orders_by_reach_and_masks_authors() -> None:
    frame = pd.DataFrame(
        {
            "created_at": pd.date_range("2026-10-01", periods=5, freq="D"),
            "source_kind": ["social", "social", "social", "survey", "social"],
            "sentiment": ["NEG", "NEG", "POS", "NEG", "NEG"],
            "followers": [10, 5000, 99999, 99999, None],
            "likes": [1, 0, 0, 0, 20_000],
            "shares": [0, 1, 0, 0, 0],
            "author": ["@maria_gomez", "@pepe", "@x", "@y", None],
            "text": ["uno", "dos", "tres", "cuatro", "cinco"],
            "dup_of": [None, None, None, None, None],
            "topic_id": [0, 1, 2, 3, 4],
            "platform": "twitter",
        }
    )
    out = social_agg.top_reach_mentions(frame, k=10)
    assert out["text"].tolist() == ["cinco", "dos", "uno"]  # positive and survey rows left out
    assert out["reach"].tolist() == [20_000, 5001, 11]
    assert out["author"].tolist() == ["—", "@pe…", "@ma…"]
    assert "maria" not in " ".join(out["author"])


def test_explore_data_adds_up_to_the_frame(report_data: ReportData) -> None:
    frame = report_data.frame
    data = build_explore_data(frame, report_data.topic_labels(), 30)
    rows = {k: np.array(v) for k, v in data["rows"].items() if k not in ("id",)}
    assert len(data["rows"]["id"]) == len(frame)
    # NPS from the inlined columns equals NPS from cxnlp.metrics on original rows
    scored = (rows["o"] == 1) & (rows["s"] >= 0)
    expected = nps(agg.originals(frame)["nps"])
    assert scored.sum() == expected.n
    value = 100 * ((rows["s"][scored] >= 9).sum() - (rows["s"][scored] <= 6).sum()) / scored.sum()
    assert value == pytest.approx(expected.value)
    # one filter value: channel twitter
    dims = {d["key"]: d["values"] for d in data["dims"]}
    twitter = dims["channel"].index("twitter")
    assert (rows["channel"] == twitter).sum() == int((frame["channel"] == "twitter").sum())
    assert "(sin dato)" in dims["region"]
    # texts are stored once and map back to each row's redacted text
    assert [data["texts"][i] for i in data["rows"]["x"]] == frame["text"].fillna("").tolist()
    assert len(data["texts"]) < len(frame)  # the synthetic data holds copies
    # days count from the first comment
    first = frame["created_at"].min().normalize()
    assert data["day0"] == first.strftime("%Y-%m-%d")
    assert data["ndays"] == (frame["created_at"].max().normalize() - first).days + 1


def test_segment_falls_back_to_the_nps_group() -> None:
    frame = pd.DataFrame({"nps": [10, 8, 3, None]})
    segment, how = segment_column(frame)
    assert segment.tolist() == [
        "promotor (9-10)",
        "pasivo (7-8)",
        "detractor (0-6)",
        "sin nota NPS",
    ]
    assert "NPS" in how
    frame["segment"] = ["pyme", None, "hogar", "hogar"]
    segment, how = segment_column(frame)
    assert segment.tolist() == ["pyme", "(sin dato)", "hogar", "hogar"]


def test_text_key_sees_through_copied_tweets() -> None:
    a = "@TuMarca me cobraron DOS veces la factura!! https://t.co/x1"
    b = "RT @otra_cuenta: @TuMarca me cobraron dos veces la factura"
    assert agg.text_key(a) == agg.text_key(b)
    assert agg.text_key(a) != agg.text_key("me cobraron tres veces la factura")


def test_pick_representatives_shows_a_copied_tweet_once() -> None:
    tweet = "@TuMarca me cobraron dos veces la factura"
    frame = pd.DataFrame(
        {
            "feedback_id": ["a", "b", "c", "d", "e"],
            "topic_id": [0, 0, 0, 0, 0],
            "text": [
                tweet,
                "RT " + tweet,
                tweet.replace("@TuMarca", "@TuMarca_ayuda"),
                "otro",
                tweet,
            ],
            "created_at": pd.date_range("2026-10-01", periods=5),
            "dup_of": [None, None, None, None, "a"],
        }
    )
    out = agg.pick_representatives(frame, ["a", "b", "e"], None, topic_id=0, k=5)
    assert [c["text"] for c in out] == [tweet, "otro"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("otra vez sin cobertura en Chía, con mi fibra me pasa lo mismo", "es"),
        ("Não consigo pagar a fatura, o app não funciona e ninguém me responde", "pt"),
        ("The app keeps crashing when I pay and nobody answers", "en"),
        ("pésimo servicio", "es"),  # no function word: Spanish by default
        ("Muy mal el servicio de la app, the worst", "es"),
    ],
)
def test_guess_language(text: str, expected: str) -> None:
    assert social_agg.guess_language(text) == expected


def test_split_language_leaves_out_and_counts() -> None:
    frame = pd.DataFrame(
        {
            "text": [
                "el cobro de la factura está mal",
                "Não consigo pagar a fatura, o app não funciona",
                "@TuMarca Péssimo atendimento, quero cancelar o contrato.",
                "la app se cierra",
                "The support line never answers and I want to cancel",
                # the ingestion flagged this one Galician: the page keeps it
                "@TuMarca dóndeeee está mi epdido??? #paqueteria",
            ],
            "is_spanish": [True, True, True, True, False, False],
        }
    )
    kept, left = social_agg.split_language(frame)
    assert kept["text"].tolist() == [
        "el cobro de la factura está mal",
        "la app se cierra",
        "@TuMarca dóndeeee está mi epdido??? #paqueteria",
    ]
    assert left == {"portugués": 2, "inglés": 1}


def test_markdown_is_rendered_and_html_in_it_stays_text() -> None:
    text = (
        "**Causa raíz:** cobro doble \\[10,5; 13,0\\]\n\n| Cifra | Valor |\n|---|---|\n"
        "| NPS | <script>alert(1)</script> |\n\n[x](javascript:alert(1))"
    )
    html = str(render_markdown(text))
    assert "<strong>Causa raíz:</strong>" in html
    assert "[10,5; 13,0]" in html and "\\[" not in html
    assert "<th>Cifra</th>" in html and "| Cifra |" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_compare_topic_to_rest_splits_the_answers(report_data: ReportData) -> None:
    comparison = agg.compare_topic_to_rest(report_data.frame, 0)
    topic, rest = comparison["nps"]
    scored = agg.originals(report_data.frame)
    assert topic.n + rest.n == scored["nps"].notna().sum()
    assert topic.value < rest.value  # billing complaints drag NPS down
    csat_topic, csat_rest = comparison["csat"]
    assert 0 <= csat_topic.value <= 100 and csat_topic.lo <= csat_topic.value <= csat_topic.hi


def test_satisfied_flags_follow_each_scale() -> None:
    frame = pd.DataFrame({"csat": [5, 3, 6, 5, 10, 8, None], "csat_scale": [5, 5, 7, 7, 10, 10, 5]})
    flags = agg.satisfied_flags(frame)
    assert flags.tolist()[:6] == [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    assert np.isnan(flags.iloc[6])


def test_pick_representatives_prefers_named_ids_then_fills() -> None:
    frame = pd.DataFrame(
        {
            "feedback_id": ["a", "b", "c", "d"],
            "topic_id": [3, 3, 3, 4],
            "text": ["primero", "segundo", "tercero", "otro tema"],
            "created_at": pd.date_range("2026-10-01", periods=4),
            "channel": ["web", None, "app", "web"],
            "nps": [3, None, 9, 1],
        }
    )
    out = agg.pick_representatives(
        frame, ["c", "zzz"], ["tercero", "solo en el modelo"], topic_id=3, k=3
    )
    assert [c["text"] for c in out] == ["tercero", "solo en el modelo", "primero"]
    assert out[0]["channel"] == "app" and out[0]["nps"] == 9
    assert out[1]["channel"] is None


def test_count_daily_fills_every_day_per_group() -> None:
    frame = pd.DataFrame(
        {
            "created_at": pd.to_datetime(
                ["2026-10-01 10:00", "2026-10-03 11:00", "2026-10-03 12:00"]
            ),
            "topic_id": [1, 1, 2],
        }
    )
    out = agg.count_daily(frame, by="topic_id")
    assert len(out) == 6  # 3 days x 2 topics
    wide = out.pivot(index="date", columns="topic_id", values="n")
    assert wide[1].tolist() == [1, 0, 1]
    assert wide[2].tolist() == [0, 0, 1]
    assert agg.count_daily(frame)["n"].tolist() == [1, 0, 2]


def test_tally_and_mix(report_data: ReportData) -> None:
    tally = agg.tally_values(report_data.frame, "source", k=2)
    assert len(tally) == 2 and tally[0]["n"] >= tally[1]["n"]
    mix = agg.share_mix(report_data.frame, "sentiment", ("POS", "NEU", "NEG"))
    assert sum(mix.values()) == pytest.approx(100.0)
