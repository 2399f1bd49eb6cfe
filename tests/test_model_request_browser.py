"""End to end: a Japanese visitor's first page on a cold server is the one the warm start
prepared (the warm start and the sidebar read the link with one parser, the browser's language
as the default), so the model runs once."""

from __future__ import annotations

import pytest

from bertvis.presets import JAPANESE_ENCODER
from bertvis.strings import lookup
from browser import app_server, new_context, screenshot, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_japanese_browsers_first_page_uses_the_warmed_model_and_trace(browser):
    with app_server() as server:  # a cold server of its own (the session's has warmed)
        context = new_context(browser, locale="ja-JP", viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        page.goto(server.link("attention"))  # no lang, no model: the browser's language decides
        page.get_by_text(lookup("page.attention", "ja")).first.wait_for(timeout=180_000)
        settle(page, timeout_ms=180_000)
        screenshot(page, "model-request-first-page-ja")
        # offline, the first banner names the model the page asked for (shown by a stand-in)
        assert JAPANESE_ENCODER in page.locator("[data-testid='stAlert']").first.inner_text()
        box = page.locator("[data-testid='stTextArea'] textarea").first
        assert box.input_value() == lookup("input.default_a", "ja")
        # one run of the Japanese model: the warm thread's Trace of the Japanese sentence, which
        # the page found (the server's own start warms the English default beside it)
        log = server.log_path.read_text(errors="replace")
        assert log.count(f" tokens, {JAPANESE_ENCODER})") == 1, log[-2000:]
        context.close()

        context = new_context(browser, locale="en-US", viewport={"width": 1400, "height": 1400})
        page = context.new_page()
        page.goto(server.link("attention"))
        page.get_by_text(lookup("page.attention", "en")).first.wait_for(timeout=180_000)
        settle(page, timeout_ms=180_000)
        screenshot(page, "model-request-first-page-en")
        assert page.locator("[data-testid='stTextArea'] textarea").first.input_value() == \
            lookup("input.default_a", "en")
        context.close()
