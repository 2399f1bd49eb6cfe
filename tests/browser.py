"""Helpers for end-to-end tests: a real ``streamlit run`` server and headless Debian Chromium.

Screenshots go to ``$BERTVIS_ARTIFACTS`` (default ``tests/artifacts/``), kept by CI.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

from bench import ROOT, server
from bench.server import page_link

ARTIFACTS = Path(os.environ.get("BERTVIS_ARTIFACTS", ROOT / "tests" / "artifacts"))
#: The project's one launcher (``bench/server.py``), logging into the artifacts folder; the
#: test session's ``app`` fixture and the tests that need their own environment use it.
app_server = functools.partial(server.app_server, ARTIFACTS)


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = server.launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_until_idle(page, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has run the script and finished (its app reports the script
    state ``notRunning``, not ``initial`` or ``running``; no "Running…" indicator)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout_ms,
    )


EXCEPTION = server.EXCEPTION


def settle(page, start_ms: int = 300, timeout_ms: int = 90_000) -> None:
    """Wait for the rerun a click or a typed text started to finish, its placeholders
    (skeletons) to fill and its charts to be drawn; no exception box shown.

    A rerun is given ``start_ms`` to start; in a context from :func:`new_context` that wait
    ends as soon as the page's script state changes (``RUN_COUNTER``), elsewhere it is fixed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if page.evaluate("() => window.__bertvisRuns !== undefined"):
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(RERUN_STARTED, timeout=start_ms)
    else:
        page.wait_for_timeout(start_ms)
    wait_until_idle(page, timeout_ms)
    page.wait_for_function(DRAWN, timeout=timeout_ms)
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(done)))")  # two frames: laid out and painted
    page.evaluate("() => { window.__bertvisSettled = window.__bertvisRuns; }")
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()


#: Counts the changes of Streamlit's script state (``initial`` → ``running`` → ``notRunning``)
#: in ``window.__bertvisRuns``, so :func:`settle` sees a rerun start without a fixed pause.
RUN_COUNTER = """
window.__bertvisRuns = 0;
new MutationObserver(changes => { window.__bertvisRuns += changes.length; }).observe(
    document, {attributes: true, attributeFilter: ["data-test-script-state"], subtree: true});
"""
#: The script state changed since the last :func:`settle` (or since the page loaded).
RERUN_STARTED = "() => window.__bertvisRuns > (window.__bertvisSettled ?? -1)"
#: No placeholder left, and every plotly chart has drawn its SVG.
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]')
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .every(chart => chart.querySelector('.main-svg'))"""


def new_context(browser, **options):
    """A fresh browser context (no cookies, no session) whose pages count Streamlit's reruns
    for :func:`settle`; ``options`` go to Playwright's ``browser.new_context``."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_COUNTER)
    return context


def open_page(browser, server: str, path: str = "", *, wait_for: str | None = None,
              width: int = 1400, height: int = 2400, timeout_ms: int = 120_000, **query: str):
    """Open ``server``/``path``?``query`` in a page of its own browser context (no cookies, no
    session; downloads accepted), wait for the text ``wait_for`` (a page's title) and for the
    script to settle; return the page and the list the page's JavaScript errors go into."""
    context = new_context(browser, viewport={"width": width, "height": height},
                          accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_link(server, path, **query))
    if wait_for:
        page.get_by_text(wait_for).first.wait_for(timeout=timeout_ms)
    settle(page, timeout_ms=timeout_ms)
    return page, errors
