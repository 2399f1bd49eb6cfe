"""AppTest: every page renders without an exception, offline, on the packaged model."""

from __future__ import annotations

import pytest
import apptest

from bertvis.ui.lessons import LESSONS



pytestmark = pytest.mark.apptest

@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.url or "home" for lesson in LESSONS])
def test_every_page_renders_without_exception(lesson):
    at = open_page(lesson.path)
    assert not at.exception, [e.value for e in at.exception]


def open_page(path: str, **query: str):
    """The page as a link opens it; the tests read what it shows, exceptions included."""
    return apptest.open_page(path, check=False, **query)


def test_home_links_every_lesson_and_switches_language():
    at = open_page(LESSONS[0].path)
    assert "bertvis" in at.title[0].value
    apptest.switch_language(at, "ja")
    assert "BERT の中を見る" in at.title[0].value


def test_language_comes_from_the_url():
    at = open_page(LESSONS[0].path, lang="ja")
    assert "BERT の中を見る" in at.title[0].value
