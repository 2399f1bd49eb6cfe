"""The tokens and arithmetic pages in headless Chromium: an example click, a link with a chosen
layer/head/query, and screenshots for a person to look at."""

from __future__ import annotations

from urllib.parse import urlencode

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


def open_page(browser, url: str, path: str, title: str, **query: str):
    page = browser.new_page(viewport={"width": 1400, "height": 4000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}/{path}" + (f"?{urlencode(query)}" if query else ""))
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    settle(page)
    return page, errors


def settle(page) -> None:
    wait_until_idle(page)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stException']").count() == 0


def test_tokens_page_example_click(server, browser):
    page, errors = open_page(browser, server, "tokens-and-embeddings", "Tokens and embeddings")
    page.get_by_role("button", name="A sentence pair").click()
    page.get_by_text("played").first.wait_for(timeout=60_000)
    settle(page)
    assert "text_b=" in page.url
    page.get_by_text("Cosine similarity of").wait_for(timeout=60_000)
    screenshot(page, "reading-tokens-pair")
    assert not errors


def test_arithmetic_page_from_a_link(server, browser):
    page, errors = open_page(browser, server, "attention-arithmetic", "Attention arithmetic",
                             text_a="The cat sat on the mat.", layer="3", head="4",
                             qk_query="2")
    page.get_by_text("layer 3, head 4, query “cat”").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 3
    screenshot(page, "reading-arithmetic")
    assert not errors
