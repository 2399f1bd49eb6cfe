"""Figures for papers, in headless Chromium: every chart's toolbar saves SVG as well as PNG
(plotly.js in the browser, no server-side export), the SVG file opens in Chromium and holds
the figure's words (title, axis titles, the colour-clip note), in English and Japanese; the
handout keeps vector figures and saves them as SVG too."""

from __future__ import annotations

import re

import pytest
from browser import ARTIFACTS, open_page

pytestmark = pytest.mark.browser

CAMERA = '.modebar-btn[data-title="Download plot as a PNG"]'
SVG_BUTTON = "[data-bertvis-svg]"



def open_chart_page(browser, server: str, path: str, **query: str):
    """A page whose charts carry the SVG button, in a context that accepts downloads."""
    page, errors = open_page(browser, server, path, width=1500, height=1400, **query)
    page.locator(f".js-plotly-plot {SVG_BUTTON}").first.wait_for(state="attached",
                                                                  timeout=60_000)
    return page, errors


def download(page, chart, selector: str, name: str):
    chart.hover()  # the toolbar shows on hover
    with page.expect_download(timeout=60_000) as info:
        chart.locator(selector).click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    return info.value.suggested_filename, path


def svg_text_in_chromium(browser, path) -> str:
    """Open the SVG file itself in Chromium; return the text it draws."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    page.goto(path.as_uri())
    assert page.evaluate("() => document.documentElement.tagName") == "svg"
    words = page.evaluate("() => Array.from(document.querySelectorAll('text'))"
                          ".map(t => t.textContent).join(' | ')")
    box = page.evaluate("() => document.documentElement.getBoundingClientRect().width")
    assert box > 100  # it has a size: Chromium laid it out
    page.screenshot(path=str(ARTIFACTS / f"{path.stem}-in-chromium.png"))
    context.close()
    return words


def test_every_chart_saves_svg_and_png_with_its_words(server, browser):
    page, errors = open_chart_page(browser, server, "attention", att_source="norm", layer="2")
    charts = page.locator(".js-plotly-plot")
    assert page.locator(SVG_BUTTON).count() == charts.count() == 2  # mosaic and matrix
    matrix = charts.nth(1)
    name, svg_path = download(page, matrix, SVG_BUTTON, "figure-matrix.svg")
    assert name == "attention-norm-L2-H1.svg"
    text = svg_path.read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text
    words = svg_text_in_chromium(browser, svg_path)
    for expected in ("Layer 2 · head 1 · norm", "key (looked at)",
                     "query (looking)", "colour clip: 99th percentile", "‖α·f(x)‖"):
        assert expected in words, expected
    name, png_path = download(page, matrix, CAMERA, "figure-matrix.png")
    assert name == "attention-norm-L2-H1.png"
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the camera still gives PNG
    mosaic = charts.nth(0)
    _, svg_path = download(page, mosaic, SVG_BUTTON, "figure-mosaic.svg")
    words = svg_text_in_chromium(browser, svg_path)
    assert "All heads by norm" in words and "colour clip: 99th percentile" in words
    assert errors == []
    page.context.close()


def test_svg_in_japanese_and_after_a_redraw(server, browser):
    page, errors = open_chart_page(browser, server, "attention", lang="ja", att_tab="norms")
    chart = page.locator(".js-plotly-plot").first
    button = chart.locator(SVG_BUTTON)
    assert button.get_attribute("data-title") == "SVG でダウンロード"
    _, svg_path = download(page, chart, SVG_BUTTON, "figure-norms-ja.svg")
    words = svg_text_in_chromium(browser, svg_path)
    for expected in ("[CLS]・[SEP]・句読点への割合", "層", "行に占める割合", "句読点 · ノルム"):
        assert expected in words, expected
    assert errors == []
    page.context.close()


def test_the_handout_keeps_vector_figures_and_saves_svg(server, browser):
    page, _ = open_chart_page(browser, server, "inside-a-layer", layer="3")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("Download handout")).click()
    saved = ARTIFACTS / "figures-handout.html"
    info.value.save_as(saved)
    page.context.close()
    offline = browser.new_context(offline=True, accept_downloads=True,
                                  viewport={"width": 1200, "height": 900})
    handout = offline.new_page()
    handout.goto(saved.as_uri())
    handout.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    assert handout.locator(".js-plotly-plot .main-svg text").count() > 10  # drawn as vectors
    with handout.expect_download(timeout=60_000) as info:
        handout.locator(".downloads button", has_text="SVG").first.click()
    assert info.value.suggested_filename == "layer3-stages.svg"
    path = ARTIFACTS / "figures-handout-stages.svg"
    info.value.save_as(path)
    offline.close()
    words = svg_text_in_chromium(browser, path)
    assert "Length of “" in words and "length ‖v‖" in words
