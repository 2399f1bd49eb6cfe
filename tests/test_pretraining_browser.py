"""The masked words & next sentence page in headless Chromium: offline no-head message, and a
planted tiny BERT loaded from a folder (masked words, corruption, next sentence)."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, settle

pytestmark = pytest.mark.browser

PAGE, TITLE = "masked-words-and-nsp", "Masked words & next sentence"



def test_offline_minilm_says_it_has_no_head(server, browser):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE)
    page.get_by_text("has no masked-word head").wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "pretraining-offline")
    assert not errors


def test_planted_folder_masks_corrupts_and_judges(server, browser, planted_pretraining):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE, pt_model=planted_pretraining,
                             text_a="He is eating a [MASK] near the [MASK].")
    page.get_by_text("1: fruit 39%").wait_for(timeout=60_000)
    page.locator("[data-testid='stPlotlyChart']").nth(2).wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "pretraining-masked-words")
    page.get_by_role("button", name="Corrupt like pre-training").click()
    page.get_by_text("ordinary tokens. What the model saw").wait_for(timeout=60_000)
    settle(page)
    assert "fm_seed=" in page.url
    screenshot(page, "pretraining-corruption")
    page.get_by_role("tab", name="Next sentence").click()
    page.get_by_role("button", name="A fruit, then an apple (IsNext)").click()
    page.get_by_text("P(B follows A)").wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Compare with a random sentence B").click()
    page.wait_for_function("() => location.search.includes('nsp_contrast=')", timeout=60_000)
    settle(page)
    assert "nsp_contrast=" in page.url and "pt_tab=nsp" in page.url
    screenshot(page, "pretraining-next-sentence")
    assert not errors
