"""The attention explorer in headless Chromium: a click on the mosaic selects that head."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, wait_until_idle

pytestmark = pytest.mark.browser

N_HEADS = 12  # the packaged MiniLM: 6 layers × 12 heads



def open_explorer(browser, url: str, **query: str):
    page, errors = open_page(browser, url, "attention", wait_for="Attention explorer",
                             width=1500, height=1600, **query)
    page.locator(".js-plotly-plot .scatterlayer .point").first.wait_for(state="attached",
                                                                       timeout=60_000)
    return page, errors


def heatmap_title(page) -> str:
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    return next(t for t in titles if t.startswith("Layer"))


def test_clicking_a_mosaic_cell_selects_that_head(server, browser):
    page, errors = open_explorer(browser, server)
    assert heatmap_title(page) == "Layer 1 · head 1"
    before = page.locator(".js-plotly-plot .heatmaplayer image").nth(1).get_attribute("href")
    screenshot(page, "attention-before-click")
    layer, head = 3, 5  # 1-based
    point = page.locator(".js-plotly-plot .scatterlayer .point").nth((layer - 1) * N_HEADS
                                                                     + head - 1)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text(f"Layer {layer} · head {head}").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(500)
    assert heatmap_title(page) == f"Layer {layer} · head {head}"
    after = page.locator(".js-plotly-plot .heatmaplayer image").nth(1).get_attribute("href")
    assert after != before  # the heatmap's pixels changed, not only its title
    assert f"layer={layer}" in page.url and f"head={head}" in page.url
    assert page.locator("[data-testid='stSliderThumbValue']").first.inner_text() == str(layer)
    screenshot(page, "attention-after-click")

    # Move the head slider away, then click the same square again: it must select again.
    page.get_by_role("slider").nth(1).focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text(f"Layer {layer} · head {head + 1}").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_timeout(500)
    point = page.locator(".js-plotly-plot .scatterlayer .point").nth((layer - 1) * N_HEADS
                                                                     + head - 1)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text(f"Layer {layer} · head {head}").wait_for(timeout=60_000)
    assert not errors


def test_field_guide_click_and_bertviz_offline(server, browser):
    page, errors = open_explorer(browser, server, att_tab="guide",
                             text_b="It slept on the sofa.")
    page.get_by_text("Head field guide").first.wait_for(timeout=60_000)
    screenshot(page, "attention-field-guide")
    page.get_by_role("tab", name="bertviz").click()
    frame = page.frame_locator("iframe").first
    frame.locator("svg").first.wait_for(timeout=60_000)
    assert frame.locator("svg line, svg path").count() > 100
    wait_until_idle(page)
    screenshot(page, "attention-bertviz")
    assert not errors
