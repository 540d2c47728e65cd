"""Headless Chromium for the report tests: the browser, a page opener that records
every request, console error and dialog, and the checks every page must pass.

Chromium comes from ``scripts/install_chromium.sh``; Playwright's own browser
download cannot work on machines without internet. Locally a missing Chromium
skips these tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

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


def open_page(browser: Any, path: Path, width: int = 1400, **options: Any) -> tuple[Any, PageLog]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="es-ES", **options
    )
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


def wait_for_charts(page: Any, expected: int) -> None:
    wait_for_count(page, ".js-plotly-plot .main-svg", expected)
    page.wait_for_timeout(300)  # let any late error or dialog surface


def assert_clean(log: PageLog) -> None:
    assert log.errors == [], f"console errors: {log.errors}"
    assert log.dialogs == [], f"a script from the data ran: {log.dialogs}"
    assert log.blocked == []
    outside = [u for u in log.requests if not u.startswith(("file://", "data:"))]
    assert outside == [], f"requests left the page: {outside}"
