"""The experiments page in headless Chromium: clicks on the all-heads overview add a head to
the knocked-out set and a second click on it takes it out again."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, wait_until_idle

pytestmark = pytest.mark.browser

N_HEADS = 12  # the packaged MiniLM sentiment model: 6 layers × 12 heads


@pytest.fixture(scope="module")
def page(server, session_chromium):
    """The experiments page on a review text, shared by the module's clicks."""
    page, errors = open_page(session_chromium, server, "experiments", width=1500, height=1800,
                             wait_for="Experiments: switch heads off",
                             text_a="The film was wonderful and the actors were great.")
    page.locator(".js-plotly-plot .scatterlayer .point").first.wait_for(state="attached",
                                                                       timeout=60_000)
    yield page
    page.context.close()
    assert not errors


def click_head(page, layer: int, head: int) -> None:
    """Click the square of ``layer``-``head`` (1-based) and wait for the rerun."""
    point = page.locator(".js-plotly-plot .scatterlayer .point").nth((layer - 1) * N_HEADS
                                                                     + head - 1)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    wait_until_idle(page, 180_000)
    page.wait_for_timeout(500)


def heads_box(page) -> str:
    return page.get_by_label("Heads knocked out (layer-head)", exact=True).input_value()


def test_clicks_toggle_heads_in_the_set_and_the_link(page):
    assert heads_box(page) == ""
    click_head(page, 6, 10)
    assert heads_box(page) == "6-10"
    assert "exp_heads=6-10" in page.url
    page.get_by_text("After (1 heads out)").wait_for(timeout=60_000)
    click_head(page, 2, 3)
    assert heads_box(page) == "2-3,6-10"
    screenshot(page, "experiments-two-heads-clicked")
    click_head(page, 6, 10)  # the same square again: out of the set
    assert heads_box(page) == "2-3"
    assert page.locator("[data-testid='stException']").count() == 0
