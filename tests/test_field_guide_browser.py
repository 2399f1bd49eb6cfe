"""The attention explorer's field guide in headless Chromium (issue 29): clicking a head's square
opens that head in the Heads tab, as a click on the overview mosaic does."""

from __future__ import annotations

import pytest
from browser import open_page, screenshot, settle

from bertvis.strings import lookup as translate

pytestmark = pytest.mark.browser

#: Page coordinates of the centre of (head, layer) (1-based) in the field guide's plot.
SQUARE_CENTRE = """([gd, head, layer]) => {
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  return [box.left + L.xaxis._offset + L.xaxis.d2p(head),
          box.top + L.yaxis._offset + L.yaxis.d2p(layer)];
}"""


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_clicking_a_field_guide_square_opens_that_head(server, browser, lang):
    page, errors = open_page(browser, server, "attention", width=1500, height=1600,
                             wait_for=translate("page.attention", lang), att_tab="guide",
                             lang=lang, text_a="The cat sat on the mat because it was tired.")
    title = translate("attention.guide_title", lang)
    guide = page.locator(".js-plotly-plot").filter(has_text=title).first
    guide.locator(".scatterlayer .point").first.wait_for(state="attached", timeout=60_000)
    screenshot(page, f"attention-field-guide-before-click-{lang}")
    layer, head = 4, 7  # 1-based
    handle = guide.element_handle()
    x, y = page.evaluate(SQUARE_CENTRE, [handle, head, layer])
    page.mouse.click(x, y)
    opened = translate("attention.title.head", lang).format(layer=layer, head=head)
    page.get_by_text(opened).first.wait_for(timeout=60_000)
    settle(page)
    heads_tab = page.get_by_role("tab", name=translate("attention.tab.explore", lang), exact=True)
    assert heads_tab.get_attribute("aria-selected") == "true"
    assert f"layer={layer}" in page.url and f"head={head}" in page.url
    assert "att_tab" not in page.url  # the Heads tab is the default: left out of the link
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert opened in titles, titles
    screenshot(page, f"attention-field-guide-after-click-{lang}")
    assert not errors
