"""The report pages in headless Chromium (Debian's package, driven by Playwright).

Each page is opened from file:// with every request recorded: the page must
load with no console error, draw its Plotly charts, make no request other than
file:// or data:, and never run the script injected through customer comments.
Screenshots go to test-artifacts/ for a human to look at.

Chromium comes from ``scripts/install_chromium.sh``; Playwright's own browser
download cannot work on machines without internet. Locally a missing Chromium
skips these tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reports.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _unavailable,
    assert_clean,
    browser,
    open_page,
    wait_for_charts,
    wait_for_count,
)
from reports.reports_synthetic import XSS_IMG, XSS_SCRIPT

from cxnlp.reports import ReportData, render_analyst_report, render_social_review

pytestmark = pytest.mark.slow

# the fixture, and the names tests/test_e2e.py imports from here
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "_unavailable", "browser", "wait_for_count"]
_open = open_page
_assert_clean = assert_clean


@pytest.fixture(scope="module")
def rendered(report_data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("browser")
    return {
        "analyst": render_analyst_report(report_data, out),
        "social": render_social_review(report_data, out),
    }


N_FULL = 3  # the synthetic drivers have no priority band: the first three causes in full
N_CHARTS = 3 + 3 * N_FULL  # weekly, overall mix, impact + three per cause shown in full


def test_analyst_report_in_chromium(
    browser: Any, rendered: dict[str, Path], report_data: ReportData, artifacts_dir: Path
) -> None:
    page, log = open_page(browser, rendered["analyst"])
    wait_for_charts(page, N_CHARTS)
    page.screenshot(path=str(artifacts_dir / "report-analyst-top.png"))
    page.screenshot(path=str(artifacts_dir / "report-analyst.png"), full_page=True)
    assert_clean(log)

    # the summary screen: the causes to act on and the KPIs, visible without scrolling
    ranked = report_data.drivers.sort_values("rank")
    act = page.locator("#resumen .act-card")
    assert act.count() == 3
    assert act.first.locator(".act-head a").inner_text() == ranked.iloc[0]["label"]
    assert "puntos de NPS" in act.first.inner_text() and "base:" in act.first.inner_text()
    kpis = page.locator("#resumen .kpi")
    assert kpis.count() == 6
    assert act.last.bounding_box()["y"] < 900 and kpis.first.bounding_box()["y"] < 900
    assert page.locator("#resumen .kpi .kpi-label").all_inner_texts()[:2] == ["NPS", "CSAT"]
    ranking = page.locator("#ranking tbody tr[data-topic]")
    assert ranking.count() == N_FULL
    top = ranked.iloc[0]
    assert ranking.first.locator("td.label a").inner_text() == top["label"]
    topic = page.locator("article.topic").first
    topic.scroll_into_view_if_needed()
    assert topic.is_visible()
    assert topic.locator("h3").inner_text() == top["label"]

    # the other topics: one line each, closed, opened on a click
    lines = page.locator("#otros details.topic-line")
    assert lines.count() == len(ranked) - N_FULL + 1  # and the comments in no topic
    assert page.locator("#otros details.topic-line[open]").count() == 0
    line = lines.first
    body = line.locator(".tl-body")
    assert not body.is_visible()
    line.locator("summary").click()
    assert body.is_visible()
    assert line.locator(".backlog").is_visible()

    # every chart container holds a Plotly chart with drawn marks
    charts = page.locator(".chart")
    assert charts.count() == N_CHARTS
    assert page.locator(".chart.js-plotly-plot").count() == N_CHARTS
    assert page.locator("#ch-impact .main-svg .bars path").count() >= N_FULL
    assert page.locator("#ch-weekly .main-svg .scatterlayer .trace").count() == 2

    # the hostile comments are shown as text, and nothing ran
    hostile = page.locator("blockquote", has_text=XSS_SCRIPT)
    assert hostile.count() >= 2
    assert page.locator("blockquote", has_text=XSS_IMG).count() >= 1
    assert page.locator("img").count() == 0
    page.close()


def open_filters(page: Any) -> None:
    """Open the filter bar (a closed <details> so it takes one line until wanted)."""
    if page.locator("#filters-box[open]").count() == 0:
        page.click("#filters-box > summary")


def test_analyst_filters_in_chromium(
    browser: Any, rendered: dict[str, Path], report_data: ReportData, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    page, log = open_page(browser, rendered["analyst"])
    wait_for_charts(page, N_CHARTS)
    frame = report_data.frame
    open_filters(page)

    page.select_option('select[data-dim="journey_stage"]', label="pago")
    expected = int((frame["journey_stage"] == "pago").sum())
    # wait for the filter handler to redraw before reading the page
    expect(page.locator("#filter-status")).to_contain_text(
        f"Con este filtro: {expected} comentarios"
    )
    expect(page.locator("article.topic:visible")).to_have_count(1)
    # only the billing topic has comments at the payment stage
    visible = [
        int(a.get_attribute("data-topic")) for a in page.locator("article.topic:visible").all()
    ]
    assert visible == [0]
    assert page.locator("#ranking tr.is-empty").count() == N_FULL - 1
    # the other topics' lines: only those with comments at that stage stay
    lines = page.locator("#otros details.topic-line:visible").all()
    at_stage = set(frame.loc[frame["journey_stage"] == "pago", "topic_id"]) - {0}
    assert {int(x.get_attribute("data-topic")) for x in lines} == at_stage
    billing = page.locator('#ranking tr[data-topic="0"] .js-nf').inner_text()
    in_billing = int(((frame["topic_id"] == 0) & (frame["journey_stage"] == "pago")).sum())
    assert billing == f"filtro: {in_billing}"
    # the impact is not recomputed here, and the page says so
    impact_note = page.locator('#ranking tr[data-topic="0"] .js-impactf').inner_text()
    assert impact_note == "recalculado en la próxima ejecución"

    # a second filter narrows the representative comments too
    page.select_option('select[data-dim="source"]', label="redes")
    shown = page.locator("article.topic:visible .comments li[data-f-source]:visible")
    expect(shown.first).to_be_visible()
    assert shown.count() >= 1
    assert {li.get_attribute("data-f-source") for li in shown.all()} == {"redes"}
    page.locator("#causas").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "report-analyst-filtered.png"))

    page.click("button.btn-reset")
    expect(page.locator("article.topic:not([hidden])")).to_have_count(N_FULL)
    assert page.locator("#filter-status").inner_text() == ""
    assert page.locator("#ranking tr.is-empty").count() == 0
    assert_clean(log)
    page.close()


def test_social_review_in_chromium(
    browser: Any, rendered: dict[str, Path], artifacts_dir: Path
) -> None:
    page, log = open_page(browser, rendered["social"])
    wait_for_charts(page, 2)
    page.screenshot(path=str(artifacts_dir / "report-social.png"), full_page=True)
    assert_clean(log)
    assert page.locator("#resumen .kpi").count() == 5
    # stacked sentiment bars plus the spike markers
    assert page.locator("#ch-social-volume .bars path").count() > 50
    assert page.locator("#ch-social-emotion .scatterlayer .trace").count() == 7
    assert page.locator("#spikes tbody tr").count() >= 1
    assert "13/11/2026" in page.locator("#spikes").inner_text()
    mentions = page.locator("#mentions tbody tr")
    assert mentions.count() == 10
    assert XSS_SCRIPT in mentions.first.inner_text()
    assert (
        page.locator("#emerging tbody tr")
        .first.inner_text()
        .startswith("La app se cierra al pagar")
    )
    page.close()


def test_hostile_topic_label_stays_text_in_charts(
    browser: Any,
    make_report_data: Callable[..., ReportData],
    tmp_path: Path,
) -> None:
    data = make_report_data()
    data.topics.loc[data.topics["topic_id"] == 4, "label"] = XSS_IMG
    # the three causes of the impact chart (ranks 1-3: topics 0, 1 and 4)
    data.topics.loc[data.topics["topic_id"] == 1, "label"] = XSS_SCRIPT
    data.topics.loc[data.topics["topic_id"] == 0, "label"] = "Precio & calidad <b>ok</b>"
    path = render_analyst_report(data, tmp_path)
    page, log = open_page(browser, path)
    wait_for_charts(page, N_CHARTS)
    assert_clean(log)
    ticks = page.locator("#ch-impact .ytick text").all_text_contents()
    assert XSS_IMG in ticks and XSS_SCRIPT in ticks
    assert "Precio & calidad <b>ok</b>" in ticks  # shown literally, not as bold
    assert page.locator("img").count() == 0
    page.close()


def test_content_security_policy_blocks_injected_handlers(
    browser: Any, rendered: dict[str, Path]
) -> None:
    # Defence in depth: even markup that slipped past escaping could not run.
    page, log = open_page(browser, rendered["analyst"])
    wait_for_charts(page, N_CHARTS)
    page.evaluate(
        """() => document.body.insertAdjacentHTML('beforeend',
            '<img id="probe" src="data:," onerror="window.__ran = 1" onload="window.__ran = 1">')"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__ran") is None
    assert any("Content Security Policy" in e for e in log.errors)
    assert log.dialogs == []
    page.close()
