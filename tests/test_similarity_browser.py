"""The [CLS] & similarity page in headless Chromium: it draws, an example set loads with one
click, and the layer lands in the link."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, settle

pytestmark = pytest.mark.browser


def test_page_draws_and_loads_an_example_set(server, browser):
    page, errors = open_page(browser, server, "cls-and-similarity", height=4200,
                             wait_for="How it changes with depth", sim_layer="3")
    assert page.get_by_text("Cosine similarity at layer 3").count() == 1
    assert page.locator(".js-plotly-plot").count() >= 3
    screenshot(page, "similarity-layer3")
    page.get_by_role("button", name="Negations").click()
    page.get_by_text("The shop is not open on Sundays.").first.wait_for(timeout=60_000)
    settle(page)
    # the link is rewritten at the end of the run: wait for it rather than race it
    page.wait_for_function("() => location.search.includes('sim_text=')", timeout=30_000)
    assert "sim_layer=3" in page.url and "sim_text=" in page.url
    screenshot(page, "similarity-negations")
    assert not errors, errors
