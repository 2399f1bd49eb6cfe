"""End to end: the real server in headless Chromium."""

from __future__ import annotations

import pytest

from browser import open_page, screenshot

pytestmark = pytest.mark.browser



def test_home_page_loads_with_no_exception(server, browser):
    page, errors = open_page(browser, server, wait_for="see inside BERT", height=1000)
    screenshot(page, "home")
    assert not errors


def test_japanese_link_opens_in_japanese(server, browser):
    page = browser.new_page()
    page.goto(server + "/?lang=ja")
    page.get_by_text("BERT の中を見る").first.wait_for(timeout=90_000)
    screenshot(page, "home-ja")
