"""The experiments page in AppTest: knockout before/after from the URL, head importance, the
causal mask, minimal pairs, planted models through folders, bad input, English and Japanese."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest
from planted_experiments import DECISIVE, TEXT
from planted_tasks import QA_PASSAGE, QA_QUESTION
import apptest
from apptest import plotly_array as array, text_of as texts
from streamlit.testing.v1 import AppTest

from bertvis import answers, importance, models
from bertvis.presets import PACKAGED_SENTIMENT
from bertvis.trace import trace
from bertvis.ui.tour import JA_TROPHY, TROPHY

pytestmark = pytest.mark.apptest

PAGE = "app_pages/experiments.py"
MOVIE = "The film was wonderful and the actors were great."


open_page = functools.partial(apptest.open_page, PAGE, timeout=300)



def figures(at: AppTest) -> dict[str, dict]:
    """The page's figures by title."""
    out = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out[spec["layout"].get("title", {}).get("text", "")] = spec
    return out


@pytest.fixture(scope="module")
def sentiment_model():
    return models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")


def test_default_is_the_sentiment_knockout_with_nothing_removed():
    at = open_page()
    assert at.title[0].value == "Experiments: switch heads off"
    assert "No head is knocked out yet" in texts(at, "info")
    metric = at.metric[0]
    assert metric.label.startswith("P(“") and not metric.delta
    assert "Every head: click to knock out (✕ = removed)" in figures(at)
    before, after = (m.value for m in at.metric if m.label == "label")
    assert before == after and before in ("positive", "negative")


def test_heads_in_the_link_are_knocked_out(sentiment_model):
    at = open_page(exp_heads="6-10,6-5", text_a=MOVIE)
    result = trace(sentiment_model, MOVIE)
    found = importance.objective(sentiment_model, result, "label")
    p_after = importance.knocked_probabilities(sentiment_model, result, found,
                                               [[(5, 9), (5, 4)]])[0]
    metric = at.metric[0]
    assert metric.value == f"{p_after:.4f}"
    assert metric.delta == f"{p_after - found.probability:+.4f}"
    assert "After (2 heads out)" in texts(at, "subheader")
    mosaic = figures(at)["Every head: click to knock out (✕ = removed)"]
    crosses = [s for s in mosaic["layout"]["shapes"] if s["type"] == "line"]
    assert len(crosses) == 4  # two lines per removed head
    before, after = (d.value for d in at.dataframe if d.value.columns[0] == "label")
    assert after.iloc[1, 1] == pytest.approx(round(p_after, 4), abs=1e-4)
    assert at.text_input(key="_w_exp_heads").value == "6-10,6-5"


def test_typing_heads_updates_the_link():
    at = open_page(text_a=MOVIE)
    at.text_input(key="_w_exp_heads").set_value("1-1, 2-3").run()
    assert at.query_params["exp_heads"] == "1-1, 2-3"
    assert "After (2 heads out)" in texts(at, "subheader")


def test_another_head_out_recomputes_only_the_after(monkeypatch):
    """The answer before and the objective are kept: a new set of heads computes the answer
    after, once, and nothing else."""
    at = open_page(text_a=MOVIE)
    answered, measured = [], []
    answer, objective = answers.answer, importance.objective
    monkeypatch.setattr(answers, "answer", lambda *args: answered.append(args[1]) or answer(*args))
    monkeypatch.setattr(importance, "objective",
                        lambda *args: measured.append(1) or objective(*args))
    at.text_input(key="_w_exp_heads").set_value("1-2").run()
    assert "After (1 heads out)" in texts(at, "subheader")
    assert measured == [] and len(answered) == 1
    assert answered[0].text_a == MOVIE


@pytest.mark.parametrize("typed, message", [("99-1", "There is no head 99-1"),
                                            ("left", "is not a head")])
def test_bad_heads_are_messages(typed, message):
    at = open_page(exp_heads=typed, text_a=MOVIE)
    assert message in texts(at, "error")
    assert "After (0 heads out)" in texts(at, "subheader")


def test_the_decisive_head_flips_the_label_on_the_page(planted_decisive):
    layer, head = DECISIVE
    at = open_page(exp_heads=f"{layer + 1}-{head + 1}", text_a=TEXT,
                   sentiment_model="__custom__", sentiment_custom=planted_decisive)
    labels = [m.value for m in at.metric if m.label == "label"]
    assert labels == ["positive", "negative"]


def test_importance_tab_shows_the_engine_numbers(planted_decisive):
    at = open_page(exp_tab="importance", text_a=TEXT, sentiment_model="__custom__",
                   sentiment_custom=planted_decisive)
    loaded = models.load(planted_decisive, kind="sequence-classification", device="cpu")
    found = importance.head_importance(loaded, trace(loaded, TEXT), "label")
    page = texts(at, "markdown")
    assert f"ρ = {found.spearman:.2f}" in page
    top = next(d.value for d in at.dataframe if d.value.columns[0] == "head")
    assert top.iloc[0, 0] == "2-3" and top.iloc[0, -1] == 1 and top.iloc[0, -2] == 1
    assert "one at a time" in page and "together" in page
    grid = figures(at)["Change of p with each head removed alone"]
    assert np.allclose(array(grid["data"][0]["z"]).reshape(2, 4), found.effect, atol=1e-6)
    curve = figures(at)["How many heads can go? (least important removed first)"]
    assert array(curve["data"][0]["y"])[0] == pytest.approx(found.objective.probability)


def test_effects_dont_add_up_with_numbers():
    at = open_page(exp_tab="importance", text_a=MOVIE, exp_k="3")
    page = texts(at, "markdown")
    assert "Removing the top 3 heads **one at a time**" in page
    assert "The effects **don't add up**" in page


def test_causal_tab_on_a_planted_masked_lm(planted_pretraining):
    at = open_page({"model": "__custom__", "custom_model": planted_pretraining}, exp_tab="causal",
                   exp_task="pretraining", text_a="the [MASK] sat on the mat .")
    charts = figures(at)
    left = charts["Left to right only, layer 1, head 1"]
    weights = array(left["data"][0]["z"]).reshape(9, 9)
    assert np.triu(weights, 1).max() == 0 and np.allclose(weights.sum(1), 1, atol=1e-3)  # float16 Trace rows
    both = array(charts["Both ways (normal BERT), layer 1, head 1"]["data"][0]["z"])
    assert np.triu(both.reshape(9, 9), 1).max() > 0
    assert {"Guesses reading both ways", "Guesses reading left to right"} <= set(
        texts(at, "subheader").splitlines())
    guesses = [d.value for d in at.dataframe if d.value.columns[0] == "guess"]
    assert [g.iloc[0, 0] for g in guesses] == ["fruit", "fruit"]  # the planted top guess


def test_causal_tab_without_a_mask_explains():
    at = open_page(exp_tab="causal", text_a=MOVIE)
    assert "has no masked-LM head, so there are no guesses" in texts(at, "info")
    assert "Why BERT reads both ways" in texts(at, "markdown")


def test_masked_word_output_needs_a_mask(planted_pretraining):
    custom = {"model": "__custom__", "custom_model": planted_pretraining}
    at = open_page(custom, exp_task="pretraining", text_a="the cat sat on the mat .")
    assert "has no answer to measure for this input" in texts(at, "info")
    at = open_page(custom, exp_task="pretraining",
                   exp_tab="causal", text_a="the cat sat on the mat .")
    assert "Type a `[MASK]` into sentence A to compare the guesses." in texts(at, "info")


def test_pair_tab_lines_up_the_trophy_pair(sentiment_model):
    at = open_page(exp_tab="pair", text_a=TROPHY.format("big"), layer="5", head="4")
    charts = figures(at)
    diff = charts["Second − first"]
    big, small = (trace(sentiment_model, TROPHY.format(w)) for w in ("big", "small"))
    expected = small.attentions[4, 3] - big.attentions[4, 3]
    assert np.allclose(array(diff["data"][0]["z"]).reshape(expected.shape), expected,
                       atol=1e-6)
    assert "big/small" in diff["data"][0]["x"]
    assert "line up token by token" in texts(at, "caption")
    assert len([m for m in at.metric if m.label == "label"]) == 2


def test_pair_tab_without_line_up_says_so():
    at = open_page(exp_tab="pair", text_a="The bank of the river",
                   exp_text2="The bank raised its interest rates again")
    assert "different numbers of words (7 and 9, `[CLS]` and `[SEP]` included)" in texts(at, "info")


def test_question_answering_through_a_folder(planted_qa):
    at = open_page(exp_task="qa", qa_model="__custom__", qa_custom=planted_qa,
                   text_a=QA_QUESTION, text_b=QA_PASSAGE, exp_heads="1-1")
    shown = [m.value for m in at.markdown if m.value.startswith("Answer: ")]
    assert len(shown) == 2
    assert all(v.startswith("Answer: **paris is the capital city of france** (P = ") for v in shown)


def test_bad_input_is_a_message():
    at = open_page(text_a="   ")
    assert "Please type some text first" in texts(at, "info")
    assert not at.get("plotly_chart")
    at = open_page(text_a="<script>alert(1)</script> 🙂 猫 " * 1500)
    assert "tokens were cut" in texts(at, "warning")
    assert "<script>" not in texts(at, "markdown")
    at = open_page(exp_tab="importance", text_a="<b>*great*</b> [link](http://x) movie")
    assert "The answer: **" in texts(at, "markdown") and not at.error


def test_japanese_interface(planted_decisive):
    at = open_page({"lang": "ja"}, exp_heads="2-3", text_a=TEXT,
                   sentiment_model="__custom__", sentiment_custom=planted_decisive)
    assert at.title[0].value == "実験: ヘッドを止めてみる"
    assert "後（1 個のヘッドを除去）" in texts(at, "subheader")
    assert "すべてのヘッド: クリックで止める（✕ = 除去）" in figures(at)
    at = open_page({"lang": "ja"}, exp_tab="importance", text_a=TEXT,
                   sentiment_model="__custom__", sentiment_custom=planted_decisive)
    assert "2 つの順位のスピアマン順位相関" in texts(at, "markdown")
    assert "ヘッドはいくつ取り除けるか（効き目の小さい順に除去）" in figures(at)
    at = open_page({"lang": "ja"}, exp_tab="causal", text_a=TEXT)
    assert "BERT が両方向に読む理由" in texts(at, "markdown")
    at = open_page({"lang": "ja"}, exp_tab="pair", text_a=JA_TROPHY.format("大き"))
    assert "2 つ目 − 1 つ目" in figures(at)


def test_attention_page_hands_its_head_over():
    at = apptest.open_page("app_pages/attention.py", layer="2", head="3", text_a=MOVIE)
    apptest.click(at, "att-knockout")
    assert at.text_input(key="_w_exp_heads").value == "2-3"
    assert at.query_params["exp_task"] == "pretraining" and at.query_params["exp_heads"] == "2-3"
    assert "exp_tab" not in at.query_params  # the knockout tab is the default
    # Offline the sidebar's model is the packaged MiniLM: no masked-LM or NSP head to measure.
    assert "has no answer to measure for this input" in texts(at, "info")
