"""Tests of the seeded sample-data generator and its planted truth."""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cxnlp.errors import ConfigError
from cxnlp.sampledata import EMERGING_START, SampleManifest, generate_sample
from cxnlp.sampledata import pii as pii_mod

END = date(2026, 11, 21)
APP = "app_login_crash"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _nps(scores: list[int]) -> float:
    a = np.asarray(scores)
    return float(100 * (np.mean(a >= 9) - np.mean(a <= 6)))


def _day_of(source_id: str) -> date:
    return datetime.strptime(source_id.split("-")[1], "%Y%m%d").date()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("sample")
    started = time.perf_counter()
    manifest = generate_sample(out, days=120)
    elapsed = time.perf_counter() - started
    return {
        "manifest": manifest,
        "elapsed": elapsed,
        "surveys": _read_csv(manifest.surveys),
        "social": _read_jsonl(manifest.social),
        "tickets": _read_csv(manifest.tickets),
        "truth": json.loads(manifest.truth.read_text(encoding="utf-8")),
        "truth_rows": _read_csv(manifest.truth_rows),
    }


def _causes(sample: dict[str, Any], source: str) -> dict[str, str]:
    return {r["source_id"]: r["cause_id"] for r in sample["truth_rows"] if r["source"] == source}


def test_generation_is_fast_and_counts_are_large_enough(sample: dict[str, Any]) -> None:
    m: SampleManifest = sample["manifest"]
    assert sample["elapsed"] < 20.0
    assert m.counts == {
        "surveys": len(sample["surveys"]),
        "social": len(sample["social"]),
        "tickets": len(sample["tickets"]),
    }
    assert m.counts["surveys"] >= 5000
    assert m.counts["social"] >= 3000
    assert m.counts["tickets"] >= 2000
    for path in (m.surveys, m.social, m.tickets, m.truth, m.truth_rows):
        assert path.exists() and path.parent == m.out_dir


def test_window_spans_the_requested_days(sample: dict[str, Any]) -> None:
    days = sorted({r["submitted_at"][:10] for r in sample["surveys"]})
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    assert last == END
    assert (last - first).days >= 90
    assert first == END - timedelta(days=119)


def test_columns_and_value_ranges(sample: dict[str, Any]) -> None:
    surveys, social, tickets = sample["surveys"], sample["social"], sample["tickets"]
    assert list(surveys[0]) == [
        "response_id", "submitted_at", "customer_id", "nps", "csat", "ces", "channel",
        "region", "product", "journey_stage", "comment",
    ]  # fmt: skip
    assert {int(r["nps"]) for r in surveys} <= set(range(11))
    assert {int(r["csat"]) for r in surveys} <= set(range(1, 6))
    assert {int(r["ces"]) for r in surveys} <= set(range(1, 8))
    assert {r["channel"] for r in surveys} == {"web", "app", "tienda", "teléfono", "email"}
    assert {"Madrid", "CDMX", "Bogotá", "Buenos Aires", "Lima"} <= {r["region"] for r in surveys}
    assert list(social[0]) == [
        "mention_id", "published_at", "platform", "author", "followers", "likes", "shares", "url", "text",
    ]  # fmt: skip
    assert {r["platform"] for r in social} == {
        "twitter",
        "instagram",
        "facebook",
        "tiktok",
        "google_reviews",
    }
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["published_at"]) for r in social)
    assert all(r["author"].startswith("@") and r["url"].startswith("https://") for r in social)
    assert {r["priority"] for r in tickets} == {"baja", "media", "alta", "urgente"}
    assert {r["first_contact_resolution"] for r in tickets} == {"true", "false"}
    for r in tickets:
        if r["resolved_at"]:
            assert r["resolved_at"] >= r["opened_at"]


def test_two_runs_are_byte_identical(sample: dict[str, Any], tmp_path: Path) -> None:
    again = generate_sample(tmp_path)
    m: SampleManifest = sample["manifest"]
    for name in ("surveys", "social", "tickets", "truth", "truth_rows"):
        assert getattr(again, name).read_bytes() == getattr(m, name).read_bytes(), name


def test_next_night_keeps_earlier_rows_and_adds_one_day(
    sample: dict[str, Any], tmp_path: Path
) -> None:
    nxt = generate_sample(tmp_path, end_date=END + timedelta(days=1), days=121, story_end=END)
    surveys = _read_csv(nxt.surveys)
    social = _read_jsonl(nxt.social)
    old_n, old_s = len(sample["surveys"]), len(sample["social"])
    assert surveys[:old_n] == sample["surveys"]
    assert social[:old_s] == sample["social"]
    new_day = (END + timedelta(days=1)).isoformat()
    assert len(surveys) > old_n and all(
        r["submitted_at"].startswith(new_day) for r in surveys[old_n:]
    )
    assert all(r["published_at"].startswith(new_day) for r in social[old_s:])

    tickets = _read_csv(nxt.tickets)
    old_t = sample["tickets"]
    assert all(r["opened_at"].startswith(new_day) for r in tickets[len(old_t) :])
    masked = ("resolved_at", "first_contact_resolution", "csat")
    changed = 0
    for before, after in zip(old_t, tickets, strict=False):
        if before == after:
            continue
        changed += 1
        # Only tickets still open at the earlier export may change, and only in what was unknown.
        assert before["resolved_at"] == ""
        assert {k: v for k, v in before.items() if k not in masked} == {
            k: v for k, v in after.items() if k not in masked
        }
    open_before = sum(1 for r in old_t if not r["resolved_at"])
    assert 0 < open_before < 0.05 * len(old_t)
    assert changed <= open_before

    # With the window length unchanged the first day slides out and the rest stays.
    slid = generate_sample(
        tmp_path / "slid", end_date=END + timedelta(days=1), days=120, story_end=END
    )
    slid_surveys = _read_csv(slid.surveys)
    first_day = (END - timedelta(days=119)).isoformat()
    kept = [r for r in sample["surveys"] if not r["submitted_at"].startswith(first_day)]
    assert slid_surveys[: len(kept)] == kept


def test_emerging_cause_absent_before_its_start(sample: dict[str, Any]) -> None:
    app_days = [_day_of(r["source_id"]) for r in sample["truth_rows"] if r["cause_id"] == APP]
    assert app_days and min(app_days) >= EMERGING_START
    assert EMERGING_START == date(2026, 11, 8)
    per_day = Counter(_day_of(sid) for sid, c in _causes(sample, "surveys").items() if c == APP)
    assert all(per_day[EMERGING_START + timedelta(days=k)] > 0 for k in range(1, 14))
    pattern = re.compile(r"iniciar sesi|se cierra|actualizaci", re.IGNORECASE)
    before = EMERGING_START.isoformat()
    assert not any(
        pattern.search(r["comment"]) for r in sample["surveys"] if r["submitted_at"] < before
    )
    assert not any(
        pattern.search(r["text"]) for r in sample["social"] if r["published_at"] < before
    )
    assert any(
        pattern.search(r["comment"]) for r in sample["surveys"] if r["submitted_at"] >= before
    )


def test_trends_follow_the_plan(sample: dict[str, Any]) -> None:
    causes = _causes(sample, "surveys")
    halves: dict[str, Counter[str]] = {"early": Counter(), "late": Counter()}
    totals = Counter[str]()
    mid = END - timedelta(days=60)
    for sid, cause in causes.items():
        half = "early" if _day_of(sid) <= mid else "late"
        halves[half][cause] += 1
        totals[half] += 1

    def share(half: str, cause: str) -> float:
        return halves[half][cause] / totals[half]

    assert share("late", "delivery_delay") > share("early", "delivery_delay") * 1.3
    assert share("late", "phone_wait") < share("early", "phone_wait") * 0.75
    assert (
        abs(share("late", "billing_double_charge") - share("early", "billing_double_charge")) < 0.02
    )


def test_exact_duplicate_comments_are_rare(sample: dict[str, Any]) -> None:
    comments = [r["comment"] for r in sample["surveys"] if r["comment"]]
    duplicates = len(comments) - len(set(comments))
    assert duplicates / len(comments) < 0.02


def test_about_fifteen_percent_of_comments_are_empty(sample: dict[str, Any]) -> None:
    empty = sum(1 for r in sample["surveys"] if not r["comment"].strip())
    assert 0.12 <= empty / len(sample["surveys"]) <= 0.18


def test_weekday_effect_on_volume(sample: dict[str, Any]) -> None:
    by_weekday = Counter(
        date.fromisoformat(r["opened_at"][:10]).weekday() for r in sample["tickets"]
    )
    assert by_weekday[0] > 1.5 * by_weekday[6]


def test_truth_rows_match_the_data(sample: dict[str, Any]) -> None:
    ids = {
        "surveys": {r["response_id"] for r in sample["surveys"]},
        "social": {r["mention_id"] for r in sample["social"]},
        "tickets": {r["ticket_id"] for r in sample["tickets"]},
    }
    truth_ids: dict[str, set[str]] = {k: set() for k in ids}
    known = {c["cause_id"] for c in sample["truth"]["causes"]} | {"none"}
    for r in sample["truth_rows"]:
        assert r["source_id"] in ids[r["source"]]
        assert r["cause_id"] in known
        assert r["pii"] in ("true", "false") and (r["pii"] == "true") == bool(r["pii_kinds"])
        truth_ids[r["source"]].add(r["source_id"])
    assert truth_ids == ids
    assert sample["truth"]["counts"] == sample["manifest"].counts
    # Empty comments carry no cause.
    causes = _causes(sample, "surveys")
    assert all(causes[r["response_id"]] == "none" for r in sample["surveys"] if not r["comment"])


def test_truth_document_describes_every_cause(sample: dict[str, Any]) -> None:
    truth = sample["truth"]
    assert truth["params"]["seed"] == 20261122 and truth["params"]["days"] == 120
    by_id = {c["cause_id"]: c for c in truth["causes"]}
    assert set(by_id) == {
        "billing_double_charge",
        "delivery_delay",
        APP,
        "phone_wait",
        "info_request",
    }
    assert {c["trend"] for c in truth["causes"]} == {"stable", "rising", "falling", "emerging"}
    assert by_id[APP]["start_date"] == "2026-11-08"
    neutral = by_id["info_request"]
    assert (
        neutral["expected_impact_rank"] is None
        and neutral["nps_effect"] == 0.0
        and neutral["csat_effect"] == 0.0
    )
    for c in truth["causes"]:
        for key in (
            "label_es",
            "keywords",
            "journey_stage",
            "sources",
            "daily_share",
            "nps_effect",
            "csat_effect",
            "ttr_effect",
        ):
            assert key in c
        assert len(c["daily_share"]["surveys"]) == 120
    assert by_id[APP]["daily_share"]["surveys"]["2026-11-07"] == 0.0
    assert 0.08 <= by_id[APP]["daily_share"]["surveys"]["2026-11-15"] <= 0.12


def test_expected_rank_matches_a_recomputation(sample: dict[str, Any]) -> None:
    causes = _causes(sample, "surveys")
    rows = sample["surveys"]
    all_nps = _nps([int(r["nps"]) for r in rows])
    impacts = {}
    for c in sample["truth"]["causes"]:
        if c["expected_impact_rank"] is None:
            continue
        rest = [int(r["nps"]) for r in rows if causes[r["response_id"]] != c["cause_id"]]
        impacts[c["cause_id"]] = all_nps - _nps(rest)
        assert c["measured"]["loo_nps_impact"] == pytest.approx(impacts[c["cause_id"]], abs=0.01)
    order = sorted(impacts, key=impacts.__getitem__)
    expected = sorted(
        impacts,
        key=lambda cid: next(
            c["expected_impact_rank"] for c in sample["truth"]["causes"] if c["cause_id"] == cid
        ),
    )
    assert order == expected
    assert order == ["billing_double_charge", "delivery_delay", "phone_wait", APP]
    values = [impacts[c] for c in order]
    assert all(v < 0 for v in values)
    # Well separated, so that a pipeline that finds the causes from text can recover the order.
    assert all(b - a >= 1.5 for a, b in zip(values, values[1:], strict=False))


def test_background_complaints_pooled_cost_less_than_any_planted_cause(
    sample: dict[str, Any],
) -> None:
    """The background's detractors, taken as one group, do not outweigh a planted cause."""
    causes = _causes(sample, "surveys")
    rows = sample["surveys"]
    pooled = {
        r["response_id"]
        for r in rows
        if causes[r["response_id"]] == "none" and r["comment"] and int(r["nps"]) <= 6
    }
    all_nps = _nps([int(r["nps"]) for r in rows])
    impact = all_nps - _nps([int(r["nps"]) for r in rows if r["response_id"] not in pooled])
    overall = sample["truth"]["overall"]
    assert overall["background_detractors_loo_nps_impact"] == pytest.approx(impact, abs=0.01)
    assert overall["background_detractor_share"] == pytest.approx(len(pooled) / len(rows), abs=1e-4)
    planted = [
        c["measured"]["loo_nps_impact"]
        for c in sample["truth"]["causes"]
        if c["expected_impact_rank"] is not None
    ]
    assert impact < 0
    assert impact > max(planted), (impact, planted)


def test_neutral_topic_scores_like_the_background(sample: dict[str, Any]) -> None:
    causes = _causes(sample, "surveys")
    neutral = [
        int(r["nps"]) for r in sample["surveys"] if causes[r["response_id"]] == "info_request"
    ]
    background = [
        int(r["nps"])
        for r in sample["surveys"]
        if causes[r["response_id"]] == "none" and r["comment"]
    ]
    assert abs(_nps(neutral) - _nps(background)) <= 3.0
    billing = [
        int(r["nps"])
        for r in sample["surveys"]
        if causes[r["response_id"]] == "billing_double_charge"
    ]
    assert np.mean(billing) < 4.0 < 8.0 < np.mean(background)


def test_wording_follows_the_score(sample: dict[str, Any]) -> None:
    causes = _causes(sample, "surveys")
    negative = re.compile(
        r"vergüenza|pésimo|fatal|desastre|decepcion|lamentable|indignante|ladrones", re.IGNORECASE
    )
    positive = re.compile(
        r"gracias|genial|excelente|perfect|recomiendo|encantad|de diez|así da gusto", re.IGNORECASE
    )
    det = [
        r["comment"]
        for r in sample["surveys"]
        if r["comment"] and int(r["nps"]) <= 6 and causes[r["response_id"]] != "info_request"
    ]
    pro = [
        r["comment"]
        for r in sample["surveys"]
        if r["comment"] and int(r["nps"]) >= 9 and causes[r["response_id"]] != "info_request"
    ]
    neg_rate_det = np.mean([bool(negative.search(c)) for c in det])
    neg_rate_pro = np.mean([bool(negative.search(c)) for c in pro])
    pos_rate_pro = np.mean([bool(positive.search(c)) for c in pro])
    pos_rate_det = np.mean([bool(positive.search(c)) for c in det])
    assert neg_rate_det > 3 * neg_rate_pro
    assert pos_rate_pro > 3 * pos_rate_det


def test_tickets_of_causes_take_longer(sample: dict[str, Any]) -> None:
    causes = _causes(sample, "tickets")

    def hours(r: dict[str, str]) -> float:
        fmt = "%Y-%m-%d %H:%M:%S"
        return (
            datetime.strptime(r["resolved_at"], fmt) - datetime.strptime(r["opened_at"], fmt)
        ).total_seconds() / 3600

    ttr: dict[str, list[float]] = {}
    fcr: dict[str, list[bool]] = {}
    for r in sample["tickets"]:
        if r["resolved_at"]:
            ttr.setdefault(causes[r["ticket_id"]], []).append(hours(r))
            fcr.setdefault(causes[r["ticket_id"]], []).append(
                r["first_contact_resolution"] == "true"
            )
    assert np.median(ttr["billing_double_charge"]) > 3 * np.median(ttr["none"])
    assert np.mean(fcr["billing_double_charge"]) < np.mean(fcr["none"]) - 0.2
    assert np.mean(fcr["info_request"]) > np.mean(fcr["none"])
    empty_csat = np.mean([r["csat"] == "" for r in sample["tickets"]])
    assert 0.35 <= empty_csat <= 0.47


def test_social_register(sample: dict[str, Any]) -> None:
    social = sample["social"]
    tags = {r["source_id"]: r["tags"] for r in sample["truth_rows"] if r["source"] == "social"}
    texts = [r["text"] for r in social]
    assert np.mean(["@TuMarca" in t or "@TUMARCA" in t for t in texts]) > 0.5
    assert np.mean([bool(re.search(r"#\w+", t)) for t in texts]) > 0.15
    assert np.mean([bool(re.search("[\U0001f300-\U0001faff]", t)) for t in texts]) > 0.3
    assert sum("jaja" in t.lower() for t in texts) > 20
    slang = (
        "tío",
        "güey",
        "wey",
        "parce",
        "boludo",
        "che",
        "chévere",
        "guay",
        "neta",
        "bacán",
        "chido",
    )
    assert sum(any(re.search(rf"\b{w}\b", t) for w in slang) for t in texts) > 30
    by_id = {r["mention_id"]: r for r in social}
    texts_set = set(texts)
    retweets = [by_id[i] for i, t in tags.items() if "rt" in t.split(";")]
    assert len(retweets) > 30
    for rt in retweets:
        m = re.match(r"RT (@\S+): (.*)", rt["text"], re.DOTALL)
        assert m and m.group(2) in texts_set and rt["platform"] == "twitter"
    chains = [by_id[i]["text"] for i, t in tags.items() if "copypaste" in t.split(";")]
    assert len(chains) > 20
    assert any("🙃" in by_id[i]["text"] for i, t in tags.items() if "irony" in t.split(";"))


def test_special_rows_are_planted(sample: dict[str, Any]) -> None:
    text_of = {r["response_id"]: r["comment"] for r in sample["surveys"]}
    text_of.update({r["mention_id"]: r["text"] for r in sample["social"]})
    text_of.update({r["ticket_id"]: r["description"] for r in sample["tickets"]})
    tagged: dict[str, list[str]] = {}
    for r in sample["truth_rows"]:
        for tag in filter(None, r["tags"].split(";")):
            tagged.setdefault(tag, []).append(r["source_id"])
    assert all("<script>alert(1)</script>" in text_of[i] for i in tagged["script"])
    assert all(
        text_of[i].startswith('=HYPERLINK("http://x.example","clic")') for i in tagged["hyperlink"]
    )
    survey_tags = Counter(
        t
        for r in sample["truth_rows"]
        if r["source"] == "surveys"
        for t in filter(None, r["tags"].split(";"))
    )
    assert survey_tags["script"] >= 2 and survey_tags["hyperlink"] >= 2
    assert survey_tags["english"] >= 3 and survey_tags["portuguese"] >= 3
    assert any(re.search(r"\b(the|and|service)\b", text_of[i]) for i in tagged["english"])
    assert any(re.search(r"\b(não|muito|obrigado|você)", text_of[i]) for i in tagged["portuguese"])


def test_personal_data_is_planted_and_valid(sample: dict[str, Any]) -> None:
    text_of = {r["response_id"]: r["comment"] for r in sample["surveys"]}
    text_of.update({r["mention_id"]: r["text"] for r in sample["social"]})
    text_of.update({r["ticket_id"]: r["description"] for r in sample["tickets"]})
    rows = sample["truth_rows"]
    with_pii = [r for r in rows if r["pii"] == "true"]
    assert 0.005 <= len(with_pii) / len(rows) <= 0.03
    kinds = Counter(k for r in with_pii for k in r["pii_kinds"].split(";"))
    assert {"email", "phone", "dni", "card", "name"} <= set(kinds)
    for r in with_pii:
        text = text_of[r["source_id"]]
        if "email" in r["pii_kinds"]:
            assert re.search(r"[\w.]+@[\w.]+\.\w+", text)
        if "dni" in r["pii_kinds"]:
            m = re.search(r"\b(\d{8})([A-Z])\b", text)
            assert m and "TRWAGMYFPDXBNJZSQVHLCKE"[int(m.group(1)) % 23] == m.group(2)
        if "card" in r["pii_kinds"]:
            m = re.search(r"\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b", text)
            assert m and pii_mod.luhn_ok(m.group(0))
    clean = [text_of[r["source_id"]] for r in rows if r["pii"] == "false" and not r["tags"]]
    assert not any(re.search(r"@(gmail|hotmail)\.com", t) for t in clean)


def test_identifier_generators_are_valid() -> None:
    rng = np.random.default_rng(0)
    for _ in range(200):
        number = pii_mod.iban_es(rng, spaced=False)
        rearranged = number[4:] + number[:4]
        digits = "".join(str(int(c, 36)) for c in rearranged)
        assert int(digits) % 97 == 1 and len(number) == 24
        assert pii_mod.luhn_ok(pii_mod.card_number(rng))
        nie = pii_mod.nie(rng)
        assert "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(nie[0])) + nie[1:8]) % 23] == nie[8]
        curp = pii_mod.curp(rng)
        assert re.fullmatch(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[0-9A-Z]\d", curp)
        assert re.fullmatch(r"[A-Z]{4}\d{6}[A-Z1-9]{2}[0-9A]", pii_mod.rfc(rng))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"days": 0}, "days"),
        ({"surveys_per_day": -1}, "surveys_per_day"),
        ({"seed": -3}, "seed"),
        ({"end_date": "2026-11-21"}, "end_date"),
    ],
)
def test_bad_parameters_are_named(tmp_path: Path, kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        generate_sample(tmp_path, **kwargs)


def test_small_windows_work(tmp_path: Path) -> None:
    m = generate_sample(tmp_path, days=2, surveys_per_day=0, social_per_day=3, tickets_per_day=1)
    assert m.counts["surveys"] == 0
    truth = json.loads(m.truth.read_text(encoding="utf-8"))
    assert truth["overall"]["nps"] is None


@pytest.mark.parametrize("days_later", [1, 37, 400, 3000])
def test_a_sample_ending_on_any_day_tells_the_same_story(
    sample: dict[str, Any], tmp_path: Path, days_later: int
) -> None:
    """The story moves with the end date: same emerging start 13 days before it, same trends."""
    end = END + timedelta(days=days_later)
    moved = generate_sample(tmp_path, days=120, end_date=end)
    truth = json.loads(moved.truth.read_text(encoding="utf-8"))
    emerging = date.fromisoformat(truth["emerging_start"])
    assert (end - emerging).days == (END - EMERGING_START).days == 13
    rows = _read_csv(moved.truth_rows)
    app_days = [_day_of(r["source_id"]) for r in rows if r["cause_id"] == APP]
    assert app_days and min(app_days) >= emerging
    assert all(_day_of(r["source_id"]) <= end for r in rows)

    def halves(truth_rows: list[dict[str, str]], last: date) -> dict[str, tuple[float, float]]:
        mid = last - timedelta(days=60)
        counts = {"early": Counter[str](), "late": Counter[str]()}
        for r in truth_rows:
            if r["source"] == "surveys":
                counts["early" if _day_of(r["source_id"]) <= mid else "late"][r["cause_id"]] += 1
        n = {h: sum(c.values()) for h, c in counts.items()}
        return {
            cause: (counts["early"][cause] / n["early"], counts["late"][cause] / n["late"])
            for cause in ("delivery_delay", "phone_wait", "billing_double_charge", APP)
        }

    ref, now = halves(sample["truth_rows"], END), halves(rows, end)
    for cause in ref:  # the same shares, half by half, within sampling noise
        for k in (0, 1):
            assert abs(ref[cause][k] - now[cause][k]) < 0.025, (cause, ref[cause], now[cause])
    ranks = {c["cause_id"]: c["expected_impact_rank"] for c in truth["causes"]}
    assert ranks == {c["cause_id"]: c["expected_impact_rank"] for c in sample["truth"]["causes"]}
