"""The corpus page in headless Chromium: a click on a head in the scatter opens it on the
attention page with the sentence where it is most typical."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser import open_page, screenshot, wait_until_idle

from bertvis import corpus

pytestmark = pytest.mark.browser

OWN = "The cat sat on the mat.\nWhere are my keys?\nBirds sing in the morning."


def test_clicking_the_previous_token_head_opens_it_with_its_most_typical_sentence(
        server, browser, minilm):
    page, errors = open_page(browser, server, "across-many-sentences", width=1400, height=1800,
                             wait_for="Across many sentences", corpus_set="own",
                             corpus_text=OWN, corpus_run="true",
                             model="packaged:all-MiniLM-L6-v2", timeout_ms=300_000)
    points = page.locator("[data-testid='stPlotlyChart'] .scatterlayer .point")
    points.first.wait_for(state="attached", timeout=60_000)
    boxes = [points.nth(i).bounding_box() for i in range(points.count())]
    assert len(boxes) == 72
    right = max(boxes, key=lambda box: box["x"])  # x: the previous-token share, head 1-3 ≈ 1
    screenshot(page, "corpus-scatter-before-click")
    page.mouse.click(right["x"] + right["width"] / 2, right["y"] + right["height"] / 2)
    page.wait_for_function("() => location.pathname.endsWith('/attention')", timeout=120_000)
    wait_until_idle(page, 180_000)
    query = parse_qs(urlparse(page.url).query)
    found = corpus.corpus_stats(minilm, OWN.splitlines())
    expected = found.sentences[found.most_typical(0, 2, "previous_top")]
    # layer 1 is the attention page's default, which its URL leaves out
    assert (query.get("layer"), query["head"], query["text_a"]) == (None, ["3"], [expected])
    page.get_by_text("Attention explorer").first.wait_for(timeout=60_000)
    screenshot(page, "corpus-click-opened-attention")
    assert not errors
