"""End to end in headless Chromium: every page in ``LESSONS`` loads in the real app, typing a
new text redraws its figures, no exception box appears, and typed ``<script>``/``<img onerror>``
never runs (any ``alert`` would open a dialog, which the page records). Screenshots go to
``$BERTVIS_ARTIFACTS`` (default ``tests/artifacts/``).
"""

from __future__ import annotations

import json
import re
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from browser import EXCEPTION, open_page, screenshot, settle, wait_until_idle

from bertvis.ui.lessons import LESSONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIGURES = "[data-testid='stPlotlyChart']"
#: Text boxes bound to shared state; model-id boxes (keys holding "custom") are left out.
TEXT_BOXES = "[class*='st-key-_w_'] :is(textarea, input[type='text'])"
OWN_KEY = "e => e.closest(\"[class*='st-key-']\").className"
#: Whether a text input is a select box's search field (typing there picks no text).
IN_SELECT = "e => !!e.closest(\"[data-testid='stSelectbox']\")"
NEW_TEXT = "the dog ate fruit near the [MASK] because he was unbelievable"
#: A piece of NEW_TEXT no page shows before it is typed: the redrawn charts' data must hold it.
UNIQUE = "believ"
#: Pages that draw no chart when opened: home and the tour link to the others; the corpus page
#: reads a whole set only when its run button is pressed (tests/test_corpus_browser.py runs it).
NO_FIGURES = {"", "tour", "across-many-sentences"}
#: Pages whose charts show scores per head or output, not the text's tokens: the typed word
#: shows in the page's text, and the charts must change.
TOKENS_NOT_CHARTED = {"experiments"}
EXTRA = ("today", "again", "slowly", "outside", "quietly", "later", "together", "alone")
#: Both attacks in one text, typed into every box in one pass (one rerun per box, not two).
INJECTION = "<script>alert(1)</script> the cat <img src=x onerror=alert(1)> the dog"


@pytest.fixture(scope="module")
def query(lesson_models) -> dict[str, str]:
    return {"text_a": "the cat sat on the [MASK] .",  # the masked-word page draws its charts
            **lesson_models}


def open_lesson(browser, server, lesson, query):
    page, errors = open_page(browser, server, lesson.url, **query)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page, {"dialogs": dialogs, "errors": errors}


#: Each chart's visible text plus the labels and hover texts its traces carry (a similarity
#: heatmap numbers its axes and shows the sentences only on hover).
CHART_CONTENT = "() => [...document.querySelectorAll(" + json.dumps(FIGURES) + """)].map(chart => {
    const plot = chart.querySelector('.js-plotly-plot');
    const traces = (plot && plot.data) || [];
    return chart.innerText + JSON.stringify(traces.map(
        t => [t.x, t.y, t.text, t.hovertext, t.customdata]));
})"""


def figures_text(page) -> list[str]:
    return page.evaluate(CHART_CONTENT)


#: Tries at one box the page redraws while it is being typed into.
TRIES = 3


def type_everywhere(page, text: str) -> dict[str, str]:
    """Type ``text`` into every text box of the page and submit it (the n-th box gets
    ``EXTRA[n]`` appended, so pages comparing several sentences get different ones; a text area
    gets a second line with the next word); returns what each box (by its container's classes)
    was given. Boxes are counted again after each rerun (a page may redraw); a box that went
    away while typed into is tried again."""
    typed_into: dict[str, str] = {}
    i, tries = 0, 0
    while i < page.locator(TEXT_BOXES).count():
        box = page.locator(TEXT_BOXES).nth(i)
        try:
            own_key = box.evaluate(OWN_KEY, timeout=10_000)
            if "custom" in own_key or box.evaluate(IN_SELECT):
                i += 1
                continue
            area = box.evaluate("e => e.tagName") == "TEXTAREA"
            typed = f"{text} {EXTRA[len(typed_into) % len(EXTRA)]}"
            if area:  # a second line: pages that compare lines need two
                typed += f"\n{text} {EXTRA[(len(typed_into) + 1) % len(EXTRA)]}"
            box.fill(typed, timeout=10_000)
            box.press("Control+Enter" if area else "Enter", timeout=10_000)
        except PlaywrightTimeout:  # the page redrew meanwhile: count its boxes again
            settle(page)
            tries += 1
            if tries < TRIES:
                continue  # the same box again
        else:
            typed_into[own_key] = typed
            settle(page)
        i, tries = i + 1, 0
    return typed_into


def box_values(page) -> dict[str, str]:
    """What every text box (model-id boxes aside) holds now, by its container's classes."""
    values = {}
    for i in range(page.locator(TEXT_BOXES).count()):
        box = page.locator(TEXT_BOXES).nth(i)
        own_key = box.evaluate(OWN_KEY, timeout=10_000)
        if "custom" not in own_key and not box.evaluate(IN_SELECT):
            values[own_key] = box.input_value(timeout=10_000)
    return values


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.url or "home" for lesson in LESSONS])
def test_page_loads_updates_and_runs_no_injected_script(lesson, server, browser, query):
    name = lesson.url or "home"
    page, seen = open_lesson(browser, server, lesson, query)
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, f"e2e-{name}")
    before = figures_text(page)

    typed = type_everywhere(page, NEW_TEXT)
    assert page.locator(EXCEPTION).count() == 0
    if lesson.url in NO_FIGURES:
        assert not before and not figures_text(page)
    else:
        assert before, "the page drew no figure"
        assert typed and box_values(page) == typed, "not every text box took the new text"
        assert UNIQUE not in " ".join(before)
        if lesson.url in TOKENS_NOT_CHARTED:
            page.get_by_text(re.compile(UNIQUE)).first.wait_for(timeout=60_000)
            redrawn = f"(old) => ({CHART_CONTENT})().join('|') !== old"
            page.wait_for_function(redrawn, arg="|".join(before), timeout=60_000)
        else:
            page.wait_for_function(
                f"(word) => ({CHART_CONTENT})().join('|').includes(word)", arg=UNIQUE,
                timeout=60_000)
        wait_until_idle(page)  # a rerun can blank a chart for a moment before redrawing it
        after = figures_text(page)
        assert after and after != before, "typing a new text did not redraw the figures"
        if lesson.url not in TOKENS_NOT_CHARTED:
            assert UNIQUE in " ".join(after), "the redrawn charts do not show the typed text"
    screenshot(page, f"e2e-{name}-typed")

    type_everywhere(page, INJECTION)
    settle(page)
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, f"e2e-{name}-injection")
    assert not seen["dialogs"], f"an injected script ran: {seen['dialogs']}"
    assert not seen["errors"], seen["errors"]
    page.close()
