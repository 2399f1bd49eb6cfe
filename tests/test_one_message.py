"""One problem, one box (issue 29): offline, in Japanese, on Japanese text, a page used to stack
four boxes that said nearly the same thing (offline mode; MiniLM reads English only + prefetch;
this text can't be read; the Japanese BERT would read it + prefetch again). Each state below must
show exactly one box, naming the one thing to do, in the UI's language."""

from __future__ import annotations

import apptest
import pytest
from fake_hub import JA_SENTENCES, offline_hub

from bertvis.presets import DEFAULT_SENTIMENT_FOR, JAPANESE_ENCODER
from bertvis.ui import cache as app_cache
from bertvis.ui.lessons import LESSONS

PAGES = {lesson.url or "home": lesson.path for lesson in LESSONS}
JA_TEXT = JA_SENTENCES[1]
EN_TEXT = "The cat sat on the mat."
PREFETCH_JA = f"python -m bertvis prefetch {JAPANESE_ENCODER}"


def boxes(at) -> list[str]:
    """Every alert box the page drew (info, warning, error)."""
    return [box.value for kind in ("info", "warning", "error")
            for box in getattr(at, kind)]


def open_offline(tmp_path, page: str, **query: str):
    """``page`` opened by a link with the Hub off and nothing saved: the packaged MiniLM runs."""
    app_cache.store().clear()
    try:
        with offline_hub(tmp_path / "empty-cache"):
            return apptest.open_page(PAGES[page], fresh_link=True, **query)
    finally:
        app_cache.store().clear()


@pytest.mark.apptest
@pytest.mark.parametrize("page", ["attention", "inside-a-layer"])
def test_japanese_ui_offline_japanese_text_shows_one_box(tmp_path, page):
    at = open_offline(tmp_path, page, lang="ja", text_a=JA_TEXT)
    shown = boxes(at)
    assert len(shown) == 1, shown
    (box,) = shown
    assert box.startswith("**オフラインモード。** Hugging Face Hub に接続できないため")
    assert "このテキストを読めません" in box
    assert box.count("python -m bertvis prefetch") == 1 and PREFETCH_JA in box
    # the one action is in the box, not repeated in a caption under it
    assert not [c.value for c in at.caption if "prefetch" in c.value]


@pytest.mark.apptest
def test_english_ui_offline_japanese_text_shows_one_box(tmp_path):
    at = open_offline(tmp_path, "attention", lang="en", text_a=JA_TEXT)
    shown = boxes(at)
    assert len(shown) == 1, shown
    assert shown[0].startswith("**Offline mode.**")
    assert "can't read this text" in shown[0] and shown[0].count(PREFETCH_JA) == 1


@pytest.mark.apptest
def test_japanese_ui_offline_english_text_shows_one_box(tmp_path):
    at = open_offline(tmp_path, "attention", lang="ja", text_a=EN_TEXT)
    shown = boxes(at)
    assert len(shown) == 1, shown
    assert shown[0].startswith("**オフラインモード。**")
    assert "同梱の MiniLM は英語しか読めません" in shown[0] and PREFETCH_JA in shown[0]


@pytest.mark.apptest
def test_english_ui_offline_english_text_keeps_the_plain_banner(tmp_path):
    at = open_offline(tmp_path, "attention", lang="en", text_a=EN_TEXT)
    shown = boxes(at)
    assert len(shown) == 1, shown
    assert shown[0].startswith("**Offline mode.**") and "prefetch" not in shown[0]


@pytest.mark.apptest
def test_sentiment_japanese_ui_offline_japanese_text_shows_one_box(tmp_path):
    at = open_offline(tmp_path, "sentiment", lang="ja", sentiment_text=JA_TEXT)
    shown = [box for box in boxes(at) if "prefetch" in box or "オフライン" in box]
    assert len(shown) == 1, boxes(at)
    wanted = f"python -m bertvis prefetch {DEFAULT_SENTIMENT_FOR['ja']}"
    assert shown[0].count("python -m bertvis prefetch") == 1 and wanted in shown[0]
