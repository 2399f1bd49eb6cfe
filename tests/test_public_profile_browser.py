"""The public profile's refusal as a browser renders it: a model id from a link shows as the
exact characters of the link, never as a link, bold text or any other element."""

from __future__ import annotations

import urllib.parse

import pytest
from browser import app_server, screenshot, wait_until_idle

pytestmark = pytest.mark.browser

IDS = ("[Fix it](https://example.org)", "<b>x</b>", "see www.example.org or a@b.co", "/etc")


def test_a_refused_id_renders_as_plain_text(browser):
    # its own server: the public profile is read once, when the process starts
    with app_server(env={"BERTVIS_PUBLIC": "1"}) as public:
        url = public.url
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        for number, model_id in enumerate(IDS):
            query = urllib.parse.urlencode({"lang": "en", "model": model_id})
            page.goto(f"{url}/tokens-and-embeddings?{query}")
            wait_until_idle(page)
            alert = page.locator("[data-testid=stAlert]")
            assert alert.count() == 1, f"{model_id}: {alert.count()} alerts"
            text = alert.inner_text().replace("\u200b", "")
            assert f"“{model_id}” is not one of them" in text, text
            elements = alert.locator("a, b, strong, em, code, span.katex").count()
            assert elements == 0, f"{model_id} rendered as {elements} element(s)"
            screenshot(page, f"public-refusal-{number}")
