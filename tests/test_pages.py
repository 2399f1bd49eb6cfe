"""AppTest: every page renders without an exception, offline, on the packaged model."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from bertvis.ui.lessons import LESSONS

APP = "../app.py"  # AppTest resolves paths against this file


def open_page(path: str, **query: str) -> AppTest:
    """Open ``path`` with ``query`` in its URL. AppTest switches pages only after a first run
    (which registers them); the query arrives with the switch, as a link's would, and the app
    takes it over the session's values (``state.sync_from_url``)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.query_params.update(query)
    if path != LESSONS[0].path:
        at.switch_page(path)
    at.run()
    return at


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.url or "home" for lesson in LESSONS])
def test_every_page_renders_without_exception(lesson):
    at = open_page(lesson.path)
    assert not at.exception, [e.value for e in at.exception]


def test_home_links_every_lesson_and_switches_language():
    at = open_page(LESSONS[0].path)
    assert "bertvis" in at.title[0].value
    at.session_state["lang"] = "ja"
    at.run()
    assert "BERT の中を見る" in at.title[0].value


def test_language_comes_from_the_url():
    at = open_page(LESSONS[0].path, lang="ja")
    assert "BERT の中を見る" in at.title[0].value
