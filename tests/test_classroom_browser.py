"""End to end, classroom tools: a link copied from the share control reproduces the view in a
fresh browser, and the handout download is one file that shows its figure offline."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from planted_tasks import QA_PASSAGE, QA_QUESTION

from browser import ARTIFACTS, new_context, screenshot, settle

pytestmark = pytest.mark.browser

NER_TEXT = "猫と Anna は Kyoto にいます。"



def fresh_page(browser, locale: str):
    """A new browser context (no cookies, no session) with ``locale`` as its language."""
    context = new_context(browser, locale=locale, viewport={"width": 1400, "height": 1000},
                          accept_downloads=True)
    return context, context.new_page()


def shared_link(page) -> str:
    """Open the sidebar's share popover and read the link it offers."""
    page.locator("[data-testid='stSidebar'] [data-testid='stPopover'] button").first.click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").first
    code.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stPopoverBody'] img").count() == 1  # the QR code
    return code.inner_text().strip()


def test_a_shared_link_reproduces_the_view_in_a_fresh_browser(server, browser):
    # A teacher with a Japanese browser opens the tagging tab, types a sentence, and shares.
    context, page = fresh_page(browser, "ja-JP")
    page.goto(server + "/qa-and-tagging")
    page.get_by_role("tab", name="トークンのタグ付け（固有表現）").wait_for(timeout=90_000)
    settle(page)
    page.get_by_role("tab", name="トークンのタグ付け（固有表現）").click()
    settle(page)
    box = page.locator("[data-testid='stTextArea'] textarea").first
    box.fill(NER_TEXT)
    box.press("Control+Enter")
    settle(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']").first.click()  # projector
    settle(page)
    link = shared_link(page)
    screenshot(page, "classroom-share-ja")
    context.close()
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "/qa-and-tagging", link
    assert query["lang"] == ["ja"] and query["tasks_tab"] == ["ner"]
    assert query["ner_text"] == [NER_TEXT] and query["projector"] == ["True"]

    # A student with an English browser opens it: same language, tab, text and mode.
    context, page = fresh_page(browser, "en-US")
    page.goto(link)
    page.get_by_role("tab", name="トークンのタグ付け（固有表現）").wait_for(timeout=90_000)
    settle(page)
    expect(page.get_by_role("tab", name="トークンのタグ付け（固有表現）")).to_have_attribute(
        "aria-selected", "true")
    expect(page.locator("[data-testid='stTextArea'] textarea").first).to_have_value(
        NER_TEXT, timeout=60_000)
    expect(page.locator("[data-testid='stSidebar'] input[type='checkbox']").first).to_be_checked()
    expect(page.locator("h1").first).to_contain_text("質問応答")
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "classroom-shared-link-opened")
    assert shared_link(page) == link  # and it shares the same link on
    context.close()


def test_the_handout_download_opens_offline_and_shows_the_figure(server, browser, planted_qa):
    context, page = fresh_page(browser, "en-US")
    page.goto(f"{server}/qa-and-tagging?qa_model=__custom__&qa_custom={planted_qa}"
              f"&qa_question={QA_QUESTION}&qa_passage={QA_PASSAGE}")
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=90_000)
    settle(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile("Download handout")).click()
    saved = ARTIFACTS / "classroom-handout.html"
    info.value.save_as(saved)
    context.close()
    text = saved.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text and 'id="figure-' in text
    assert "Question answering" in text and QA_PASSAGE in text

    offline = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    handout_page = offline.new_page()
    handout_page.on("request", lambda request: requests.append(request.url))
    handout_page.goto(saved.as_uri())
    handout_page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    bars = handout_page.locator(".js-plotly-plot .bars path, .js-plotly-plot .point path")
    assert bars.count() > 0  # plotly drew the bars, with no network
    assert [url for url in requests if not url.startswith("file:")] == []
    screenshot(handout_page, "classroom-handout")
    offline.close()


def test_projector_mode_is_reachable_with_the_keyboard(server, browser):
    context, page = fresh_page(browser, "en-US")
    page.goto(server + "/tour")
    page.get_by_text("Lessons tour").first.wait_for(timeout=90_000)
    settle(page)
    toggle = page.locator("[data-testid='stSidebar'] input[type='checkbox']").first
    for _ in range(40):  # Tab through the page until the projector toggle has the focus
        page.keyboard.press("Tab")
        if toggle.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the projector toggle")
    page.keyboard.press("Space")
    page.wait_for_url(lambda address: "projector=True" in address, timeout=30_000)
    settle(page)
    size = page.locator("h1").first.evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    assert size >= 48  # projector CSS: 3.2rem titles
    screenshot(page, "classroom-tour-projector-keyboard")
    context.close()


def slider(page, label: str):
    """The (keyboard-focusable) range input of the slider labelled exactly ``label``."""
    return page.locator(f"[data-testid='stSlider'] input[type='range'][aria-label='{label}']").first


def test_a_shared_attention_link_shows_the_same_layer_and_head(server, browser):
    # The teacher picks layer 2, then moves the head slider with the keyboard, and shares.
    context, page = fresh_page(browser, "ja-JP")
    page.goto(server + "/attention?layer=2&text_a=He+is+eating+a+fruit.&text_b=A+house+is+near+me.")
    slider(page, "ヘッド").wait_for(state="attached", timeout=90_000)
    settle(page)
    expect(slider(page, "層")).to_have_value("2", timeout=30_000)
    slider(page, "ヘッド").focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda address: "head=3" in address, timeout=30_000)
    settle(page)
    link = shared_link(page)
    context.close()
    query = parse_qs(urlsplit(link).query)
    assert urlsplit(link).path == "/attention" and query["layer"] == ["2"]
    assert query["head"] == ["3"] and query["lang"] == ["ja"]

    context, page = fresh_page(browser, "en-US")
    page.goto(link)
    slider(page, "ヘッド").wait_for(state="attached", timeout=90_000)
    settle(page)
    expect(slider(page, "層")).to_have_value("2", timeout=30_000)
    expect(slider(page, "ヘッド")).to_have_value("3")
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "classroom-shared-attention-link")
    context.close()
