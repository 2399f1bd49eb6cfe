"""The [CLS] & similarity page in headless Chromium: it draws, an example set loads with one
click, and the layer lands in the link."""

from __future__ import annotations

import pytest
from browser import app_server, chromium, screenshot, wait_until_idle

pytestmark = pytest.mark.browser


def settle(page) -> None:
    wait_until_idle(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_timeout(500)


def test_page_draws_and_loads_an_example_set():
    with app_server() as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 4200})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/cls-and-similarity?sim_layer=3")
        page.get_by_text("How it changes with depth").first.wait_for(timeout=120_000)
        settle(page)
        assert page.get_by_text("Cosine similarity at layer 3").count() == 1
        assert page.locator(".js-plotly-plot").count() >= 3
        screenshot(page, "similarity-layer3")
        page.get_by_role("button", name="Negations").click()
        page.get_by_text("The shop is not open on Sundays.").first.wait_for(timeout=60_000)
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        # the link is rewritten at the end of the run: wait for it rather than race it
        page.wait_for_function("() => location.search.includes('sim_text=')", timeout=30_000)
        assert "sim_layer=3" in page.url and "sim_text=" in page.url
        screenshot(page, "similarity-negations")
        assert not errors, errors
