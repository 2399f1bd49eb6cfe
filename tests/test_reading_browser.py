"""The tokens and arithmetic pages in headless Chromium: an example click, a link with a chosen
layer/head/query, and screenshots for a person to look at."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, settle

pytestmark = pytest.mark.browser



def test_tokens_page_example_click(server, browser):
    page, errors = open_page(browser, server, "tokens-and-embeddings",
                             wait_for="Tokens and embeddings", height=4000)
    page.get_by_role("button", name="A sentence pair").click()
    page.get_by_text("played").first.wait_for(timeout=60_000)
    settle(page)
    assert "text_b=" in page.url
    page.get_by_text("Cosine similarity of").wait_for(timeout=60_000)
    screenshot(page, "reading-tokens-pair")
    assert not errors


def test_arithmetic_page_from_a_link(server, browser):
    page, errors = open_page(browser, server, "attention-arithmetic", wait_for="Attention arithmetic",
                             height=4000,
                             text_a="The cat sat on the mat.", layer="3", head="4",
                             qk_query="2")
    page.get_by_text("layer 3, head 4, query “cat”").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 3
    screenshot(page, "reading-arithmetic")
    assert not errors
