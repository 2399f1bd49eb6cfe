"""The question answering & tagging page in AppTest: offline message, planted models via a
folder (custom model id), escaping, and the features demo on the packaged MiniLM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptest import open_page, plotly_array, switch_language, text_of
from planted_tasks import NER_TEXT, QA_ANSWER, QA_PASSAGE, QA_QUESTION
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.apptest

PAGE = "app_pages/tasks.py"
ROOT = Path(__file__).resolve().parent.parent


def html_of(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_offline_qa_explains_and_shows_nothing_made_up():
    at = open_page(PAGE)
    assert "No question-answering model offline" in text_of(at, "info")
    assert "csarron/bert-base-uncased-squad-v1" in text_of(at, "info")
    assert not at.get("plotly_chart") and not at.dataframe and not at.get("html")
    assert at.text_input(key="_w_qa_question").value  # the inputs stay, ready for a folder


def test_offline_ner_explains_in_japanese_too():
    at = open_page(PAGE, tasks_tab="ner")
    switch_language(at, "ja")
    assert "オフラインではタグ付けモデルがありません" in text_of(at, "info")
    assert "dslim/bert-base-NER" in text_of(at, "info")
    assert not at.get("plotly_chart") and not at.dataframe


def test_planted_qa_folder_gives_the_planted_answer(planted_qa):
    at = open_page(PAGE, qa_model=planted_qa, qa_question=QA_QUESTION, qa_passage=QA_PASSAGE)
    assert f">{QA_ANSWER}<span" in html_of(at)  # the marked span is the answer
    assert "95%" in html_of(at)
    assert "Probability 95.0%" in text_of(at, "caption")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    start_bars, end_bars = plotly_array(spec["data"][0]["y"]), plotly_array(spec["data"][1]["y"])
    assert len(start_bars) == 8 and start_bars.argmax() == 0 and start_bars[0] > 0.9  # "paris"
    assert end_bars.argmax() == 6 and end_bars[6] > 0.9  # "france"
    top = at.dataframe[0].value
    assert top.iloc[0, 0] == QA_ANSWER and len(top) == 5
    assert at.query_params["qa_model"] == "__custom__"
    assert at.query_params["qa_custom"] == planted_qa
    has_explorer = (ROOT / "app_pages" / "attention.py").exists()
    assert bool(at.button) == has_explorer


def test_planted_qa_length_limit_from_the_url(planted_qa):
    at = open_page(PAGE, qa_model=planted_qa, qa_question=QA_QUESTION, qa_passage=QA_PASSAGE,
                    qa_max_len="2")
    assert at.slider(key="_w_qa_max_len").value == 2
    assert all(int(b) - int(a) + 1 <= 2 for a, b in
               (span.split("–") for span in at.dataframe[0].value.iloc[:, 1]))
    assert ">paris is<span" in html_of(at)  # the end can't reach "france" any more
    assert ">0.4%</span>" in html_of(at)  # small probabilities keep a decimal


def test_typed_html_is_escaped(planted_qa):
    passage = "<script>alert(1)</script> " + QA_PASSAGE
    at = open_page(PAGE, qa_model=planted_qa, qa_question=QA_QUESTION, qa_passage=passage)
    body = html_of(at)
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert f">{QA_ANSWER}<span" in body


def test_empty_question_asks_for_both(planted_qa):
    at = open_page(PAGE, qa_model=planted_qa, qa_question=" ", qa_passage=QA_PASSAGE)
    assert "Type a question and a passage" in text_of(at, "info")
    assert not at.get("plotly_chart")


def test_planted_tagger_folder_shows_entities_and_levels(planted_ner):
    at = open_page(PAGE, tasks_tab="ner", ner_model=planted_ner, ner_text=NER_TEXT)
    body = html_of(at)
    for entity, kind in (("runner", "PER"), ("paris france", "LOC"), ("london", "LOC")):
        assert f">{entity}<span" in body and f">{kind}</span></mark>" in body
    assert "Entities found: 3" in text_of(at, "subheader")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["the", "run", "##ner", "sat", "in", "paris", "france",
                                      "and", "london"]
    assert list(table.iloc[:, 1])[1:3] == ["B-PER", "I-LOC"]  # pieces keep their own labels
    assert "<span>runner</span>" in body and "<span>##ner</span>" in body  # word vs piece chips
    assert len(at.get("plotly_chart")) == 1


def test_features_tab_shows_real_shapes_of_the_encoder():
    at = open_page(PAGE, tasks_tab="features", feat_values="4, 12.5, 1")
    assert "384 + 3 → classifier input of 387" in text_of(at, "subheader")
    assert "Shapes demo, not a prediction" in text_of(at, "warning")
    assert "sentence-transformers/all-MiniLM-L6-v2" in at.code[0].value
    assert "# 384 + 3 = 387" in at.code[0].value


def test_features_tab_rejects_words():
    at = open_page(PAGE, tasks_tab="features", feat_values="four, five")
    assert "is not a list of numbers" in text_of(at, "error")
    assert not at.main.code  # (the sidebar has the share link)


def test_folder_without_a_qa_head_is_refused(tiny_bert, planted_ner):
    for query in (dict(qa_model=str(tiny_bert)), dict(qa_model=planted_ner)):
        at = open_page(PAGE, **query)
        assert "has no trained question-answering head" in text_of(at, "error")
        assert not at.get("plotly_chart") and not at.get("html")
