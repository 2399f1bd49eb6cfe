"""The sentiment page in AppTest, offline: the packaged head, explanations, escaping, the
untrained-head demo, the can't-read warning, and batch mode with its table and CSV."""

from __future__ import annotations

import json

import pytest
from apptest import open_page, switch_language, text_of
from streamlit.testing.v1 import AppTest

from bertvis.presets import DEFAULT_SENTIMENT_FOR

pytestmark = pytest.mark.apptest

PAGE = "app_pages/sentiment.py"
JAPANESE = "この映画はあまり楽しめませんでした。素晴らしかったです!"



def html_of(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


@pytest.fixture(scope="module")
def default_view() -> AppTest:
    return open_page(PAGE, sentiment_method="gxi")


def test_offline_default_explains_the_fallback_and_answers(default_view):
    at = default_view
    assert "packaged offline model" in text_of(at, "info")
    assert "held-out accuracy" in text_of(at, "caption")
    assert "Answer: positive" in text_of(at, "subheader")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"][0]["y"] == ["negative", "positive"]


def test_explanation_figures_and_correlation(default_view):
    at = default_view
    body = html_of(at)
    assert ">wonderful</span>" in body and body.count(">[CLS]</span>") == 3  # attr, att, rollout
    assert len(at.get("plotly_chart")) == 3  # probabilities, token rows, seeds
    assert "Is attention an explanation?" in text_of(at, "subheader")
    assert "Jain & Wallace (2019)" in text_of(at, "markdown")
    assert len(at.metric) == 2


def test_untrained_heads_next_to_fine_tuned(default_view):
    table = default_view.dataframe[-1].value  # the seeds figure's numbers
    assert list(table.index)[0] == "fine-tuned" and len(table) == 6
    assert table["label"].iloc[1:].nunique() == 2
    assert "different answer(s)" in text_of(default_view, "caption")


def test_integrated_gradients_completeness_is_shown():
    at = open_page(PAGE, sentiment_text="This movie was terrible.")
    assert "Answer: negative" in text_of(at, "subheader")
    assert "Completeness check" in text_of(at, "caption")


def test_typed_html_is_escaped_and_japanese_warns():
    at = open_page(PAGE, sentiment_text="<script>alert(1)</script> terrible", sentiment_method="gxi")
    body = html_of(at)
    assert "<script>" not in body and "&lt;" in body
    at.button(key="sentiment-example-3").click().run()
    assert not at.exception
    assert at.text_area(key="_w_sentiment_text").value == JAPANESE
    assert "can't read this text" in text_of(at, "warning")


def test_empty_text_is_a_friendly_message():
    at = open_page(PAGE, sentiment_text=" ")
    assert "Type a sentence" in text_of(at, "info")
    assert not at.get("plotly_chart")


def test_batch_mode_classifies_lines_with_progress_and_csv():
    at = open_page(PAGE, sentiment_mode="batch")
    at.text_area(key="sentiment_batch_lines").set_value(
        "This movie was wonderful.\n\nThis movie was terrible.\n<b>fine</b>").run()
    assert "Classify 3 texts" in at.button[0].label
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["label"])[:2] == ["positive", "negative"] and len(table) == 3
    assert "p(positive)" in table.columns
    assert at.get("download_button")
    assert "3 texts" in text_of(at, "markdown")


def test_japanese_interface():
    at = open_page(PAGE, sentiment_method="gxi")
    switch_language(at, "ja")
    assert "感情分析" in text_of(at, "title")
    assert "答え: " in text_of(at, "subheader")
    # the model and the example follow the language: a classifier trained on Japanese (offline
    # here, so the packaged MiniLM stands in and says, in Japanese and in one box, that it
    # can't read it and how to save the one that does)
    assert at.session_state["sentiment_model"] == DEFAULT_SENTIMENT_FOR["ja"]
    assert at.text_area(key="_w_sentiment_text").value == JAPANESE
    assert "Hugging Face Hub に接続できないため" in text_of(at, "warning")
    assert "このテキストを読めません" in text_of(at, "warning")
