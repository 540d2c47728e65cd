"""Intent sentences on a few detractors' comments move nothing else in the sample."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

import cxnlp.sampledata.intents as sample_intents
from cxnlp.intents import flag_intents
from cxnlp.sampledata import generate_sample


def _generate(out: Path) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    generate_sample(
        out, days=60, end_date=date(2026, 11, 21), surveys_per_day=80, social_per_day=2,
        tickets_per_day=2,
    )  # fmt: skip
    with open(out / "surveys.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(out / "truth_rows.csv", encoding="utf-8", newline="") as fh:
        tags = {
            r["source_id"]: [t for t in r["tags"].split(";") if t]
            for r in csv.DictReader(fh)
            if r["source"] == "surveys"
        }
    return rows, tags


def test_a_few_detractors_say_they_leave_escalate_or_insist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # off by default (see cxnlp/sampledata/intents.py); turned on here
    monkeypatch.setattr(sample_intents, "INTENT_RATES", dict(sample_intents.SUGGESTED_RATES))
    rows, tags = _generate(tmp_path / "with")
    detractors = [r for r in rows if r["comment"] and int(r["nps"]) <= 6]
    planted = {
        i: [r for r in rows if i in tags[r["response_id"]]]
        for i in ("churn", "escalation", "effort")
    }
    for intent, tagged in planted.items():
        assert tagged, intent
        assert all(int(r["nps"]) <= 6 for r in tagged)
        # a few percent of detractors each, never most of them
        assert len(tagged) <= 0.08 * len(detractors)
        # the rules find every planted sentence
        assert flag_intents([r["comment"] for r in tagged])[intent].all(), intent

    # the same sample without the sentences: every other value is unchanged
    monkeypatch.setattr(
        sample_intents, "INTENT_RATES", dict.fromkeys(sample_intents.INTENT_RATES, 0.0)
    )
    plain, plain_tags = _generate(tmp_path / "without")
    assert len(plain) == len(rows)
    changed = set()
    for a, b in zip(rows, plain, strict=True):
        assert {k: v for k, v in a.items() if k != "comment"} == {
            k: v for k, v in b.items() if k != "comment"
        }
        if a["comment"] != b["comment"]:
            changed.add(a["response_id"])
            assert a["comment"].startswith(b["comment"])
    assert changed == {r["response_id"] for t in planted.values() for r in t}
    assert not any(t in ("churn", "escalation", "effort") for v in plain_tags.values() for t in v)
