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

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from reports.reports_synthetic import XSS_IMG, XSS_SCRIPT

from cxnlp.reports import ReportData, render_analyst_report, render_social_review

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("CXNLP_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps calling home, and a
# closed network answers with a stream of refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason}; CI must run the browser tests (run scripts/install_chromium.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - dev dependency
        _unavailable(f"playwright is not installed ({exc})")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class PageLog:
    """What a page did while it was open."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _open(browser: Any, path: Path) -> tuple[Any, PageLog]:
    context = browser.new_context(viewport=VIEWPORT, locale="es-ES")
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda msg: log.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(f"pageerror: {exc}"))
    page.on("request", lambda req: log.requests.append(req.url))

    def _dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", _dialog)

    def _block(route: Any) -> None:
        # Nothing may leave the machine, even if a test is about to fail for it.
        log.blocked.append(route.request.url)
        route.abort()

    context.route("http://**/*", _block)
    context.route("https://**/*", _block)
    context.route("ws*://**/*", _block)
    page.goto(path.as_uri(), wait_until="load")
    return page, log


def wait_for_count(page: Any, selector: str, at_least: int, timeout: int = 30_000) -> None:
    """Wait until ``selector`` matches at least ``at_least`` elements.

    A locator, not ``page.wait_for_function``: the reports' CSP forbids eval, and
    Playwright's polling predicate is a string evaluated in the page, so it fails
    with an EvalError whenever the condition is not already true at the first check.
    """
    page.locator(selector).nth(at_least - 1).wait_for(state="attached", timeout=timeout)


def _wait_for_charts(page: Any, expected: int) -> None:
    wait_for_count(page, ".js-plotly-plot .main-svg", expected)
    page.wait_for_timeout(300)  # let any late error or dialog surface


def _assert_clean(log: PageLog) -> None:
    assert log.errors == [], f"console errors: {log.errors}"
    assert log.dialogs == [], f"a script from the data ran: {log.dialogs}"
    assert log.blocked == []
    outside = [u for u in log.requests if not u.startswith(("file://", "data:"))]
    assert outside == [], f"requests left the page: {outside}"


@pytest.fixture(scope="module")
def rendered(report_data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("browser")
    return {
        "analyst": render_analyst_report(report_data, out),
        "social": render_social_review(report_data, out),
    }


def test_analyst_report_in_chromium(
    browser: Any, rendered: dict[str, Path], report_data: ReportData, artifacts_dir: Path
) -> None:
    page, log = _open(browser, rendered["analyst"])
    n_charts = 3 + 3 * 5  # weekly, overall mix, impact + three per topic
    _wait_for_charts(page, n_charts)
    page.screenshot(path=str(artifacts_dir / "report-analyst-top.png"))
    page.screenshot(path=str(artifacts_dir / "report-analyst.png"), full_page=True)
    _assert_clean(log)

    # KPIs, ranking and a topic section are on the page and visible
    kpis = page.locator("#resumen .kpi")
    assert kpis.count() == 6
    assert kpis.first.is_visible()
    assert page.locator("#resumen .kpi .kpi-label").all_inner_texts()[:2] == ["NPS", "CSAT"]
    ranking = page.locator("#ranking tbody tr[data-topic]")
    assert ranking.count() == 5
    assert ranking.first.is_visible()
    top = report_data.drivers.sort_values("rank").iloc[0]
    assert ranking.first.locator("td.label a").inner_text() == top["label"]
    topic = page.locator("article.topic").first
    topic.scroll_into_view_if_needed()
    assert topic.is_visible()
    assert topic.locator("h3").inner_text() == top["label"]

    # every chart container holds a Plotly chart with drawn marks
    charts = page.locator(".chart")
    assert charts.count() == n_charts
    assert page.locator(".chart.js-plotly-plot").count() == n_charts
    assert page.locator("#ch-impact .main-svg .bars path").count() >= 5
    assert page.locator("#ch-weekly .main-svg .scatterlayer .trace").count() == 2

    # the hostile comments are shown as text, and nothing ran
    hostile = page.locator("blockquote", has_text=XSS_SCRIPT)
    assert hostile.count() >= 2
    assert page.locator("blockquote", has_text=XSS_IMG).count() >= 1
    assert page.locator("img").count() == 0
    page.close()


def test_analyst_filters_in_chromium(
    browser: Any, rendered: dict[str, Path], report_data: ReportData, artifacts_dir: Path
) -> None:
    from playwright.sync_api import expect

    page, log = _open(browser, rendered["analyst"])
    _wait_for_charts(page, 18)
    frame = report_data.frame

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
    empty_rows = page.locator("#ranking tr.is-empty").count()
    assert empty_rows == 4
    billing = page.locator('#ranking tr[data-topic="0"] .js-nf').inner_text()
    assert (
        billing
        == f"filtro: {int(((frame['topic_id'] == 0) & (frame['journey_stage'] == 'pago')).sum())}"
    )

    # a second filter narrows the representative comments too
    page.select_option('select[data-dim="source"]', label="redes")
    shown = page.locator("article.topic:visible .comments li[data-f-source]:visible")
    expect(shown.first).to_be_visible()
    assert shown.count() >= 1
    assert {li.get_attribute("data-f-source") for li in shown.all()} == {"redes"}
    page.locator("#temas").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "report-analyst-filtered.png"))

    page.click("button.btn-reset")
    expect(page.locator("article.topic:not([hidden])")).to_have_count(5)
    assert page.locator("#filter-status").inner_text() == ""
    assert page.locator("#ranking tr.is-empty").count() == 0
    _assert_clean(log)
    page.close()


def test_social_review_in_chromium(
    browser: Any, rendered: dict[str, Path], artifacts_dir: Path
) -> None:
    page, log = _open(browser, rendered["social"])
    _wait_for_charts(page, 2)
    page.screenshot(path=str(artifacts_dir / "report-social.png"), full_page=True)
    _assert_clean(log)
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
    data.topics.loc[data.topics["topic_id"] == 3, "label"] = XSS_SCRIPT
    data.topics.loc[data.topics["topic_id"] == 2, "label"] = "Precio & calidad <b>ok</b>"
    path = render_analyst_report(data, tmp_path)
    page, log = _open(browser, path)
    _wait_for_charts(page, 18)
    _assert_clean(log)
    ticks = page.locator("#ch-impact .ytick text").all_text_contents()
    assert XSS_IMG in ticks and XSS_SCRIPT in ticks
    assert "Precio & calidad <b>ok</b>" in ticks  # shown literally, not as bold
    assert page.locator("img").count() == 0
    page.close()


def test_content_security_policy_blocks_injected_handlers(
    browser: Any, rendered: dict[str, Path]
) -> None:
    # Defence in depth: even markup that slipped past escaping could not run.
    page, log = _open(browser, rendered["analyst"])
    _wait_for_charts(page, 18)
    page.evaluate(
        """() => document.body.insertAdjacentHTML('beforeend',
            '<img id="probe" src="data:," onerror="window.__ran = 1" onload="window.__ran = 1">')"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__ran") is None
    assert any("Content Security Policy" in e for e in log.errors)
    assert log.dialogs == []
    page.close()
