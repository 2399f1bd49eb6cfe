"""The question answering & tagging page in headless Chromium: offline, planted folders, tabs."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, settle, wait_until_idle
from planted_tasks import NER_TEXT, QA_ANSWER, QA_PASSAGE, QA_QUESTION

pytestmark = pytest.mark.browser

PAGE, TITLE = "qa-and-tagging", "Question answering & tagging"


def test_offline_message_and_tab_switch(server, browser):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE, height=2800)
    page.get_by_text("No question-answering model offline").wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "tasks-offline-qa")
    page.get_by_role("tab", name="Token tagging (NER)").click()
    page.get_by_text("No tagging model offline").wait_for(timeout=60_000)
    wait_until_idle(page)
    page.wait_for_url(lambda address: "tasks_tab=ner" in address, timeout=30_000)
    screenshot(page, "tasks-offline-ner")
    assert not errors


def test_planted_qa_folder(server, browser, planted_qa):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE, height=2800,
                             qa_model=planted_qa, qa_question=QA_QUESTION,
                             qa_passage=QA_PASSAGE)
    page.locator("mark", has_text=QA_ANSWER).wait_for(timeout=60_000)
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "tasks-qa-planted")
    assert not errors


def test_planted_ner_folder(server, browser, planted_ner):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE, height=2800,
                             tasks_tab="ner", ner_model=planted_ner,
                             ner_text=NER_TEXT)
    page.locator("mark", has_text="paris france").wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "tasks-ner-planted")
    assert not errors


def test_features_tab(server, browser):
    page, errors = open_page(browser, server, PAGE, wait_for=TITLE, height=2800, tasks_tab="features")
    page.get_by_text("384 + 3 → classifier input of 387").wait_for(timeout=60_000)
    settle(page)
    screenshot(page, "tasks-features")
    assert not errors
