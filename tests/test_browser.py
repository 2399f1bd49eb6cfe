"""End to end: the real server in headless Chromium."""

from __future__ import annotations

import pytest

from browser import app_server, chromium, screenshot, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with app_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


def test_home_page_loads_with_no_exception(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.get_by_text("see inside BERT").first.wait_for(timeout=90_000)
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "home")
    assert not errors


def test_japanese_link_opens_in_japanese(server, browser):
    page = browser.new_page()
    page.goto(server + "/?lang=ja")
    page.get_by_text("BERT の中を見る").first.wait_for(timeout=90_000)
    screenshot(page, "home-ja")
