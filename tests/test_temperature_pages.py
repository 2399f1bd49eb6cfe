"""The temperature slider on the prediction pages (AppTest, EN and JA): the same scores,
softmax(z / T), kept in the URL, with its pointer to the ÷√d of the attention arithmetic."""

from __future__ import annotations


import numpy as np
import pytest
from planted_pretraining import expected_probabilities
from planted_tasks import QA_PASSAGE, QA_QUESTION
from tiny import VOCAB
import apptest
from apptest import plotly_array as numbers, text_of, figures
from streamlit.testing.v1 import AppTest

from bertvis import models, sentiment
from bertvis.presets import PACKAGED_SENTIMENT
from bertvis.trace import trace


pytestmark = pytest.mark.apptest

def open_page(page: str, lang: str = "en", **query: str):
    return apptest.open_page(page, session={"lang": lang}, **query)




def link_labels(at: AppTest) -> str:
    return "\n".join(element.proto.label for element in at.get("page_link"))


def at_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log p / T): the same distribution at another temperature."""
    scaled = np.power(probabilities, 1 / temperature)
    return scaled / scaled.sum()


def test_masked_words_at_a_temperature(planted_pretraining):
    at = open_page("app_pages/pretraining.py", pt_model=planted_pretraining, text_a="He is eating a [MASK].",
                   fm_k="3", temperature="2.0")
    assert at.slider(key="_w_temperature").value == 2.0
    hot = at_temperature(expected_probabilities(), 2.0)
    bars = figures(at)[0]
    np.testing.assert_allclose(numbers(bars["data"][0]["x"])[:2],
                               [hot[VOCAB.index("fruit")], hot[VOCAB.index("house")]], atol=1e-5)
    assert "temperature T = 2" in text_of(at, "caption")
    assert "√d" in link_labels(at)
    assert at.query_params["temperature"] == "2.0"
    at.slider(key="_w_temperature").set_value(1.0).run()
    cold = numbers(figures(at)[0]["data"][0]["x"])[0]
    assert cold == pytest.approx(expected_probabilities()[VOCAB.index("fruit")], abs=1e-5)
    assert "temperature" not in at.query_params  # the default stays out of the URL
    assert "temperature T" not in text_of(at, "caption")


def test_masked_words_temperature_in_japanese(planted_pretraining):
    at = open_page("app_pages/pretraining.py", "ja", pt_model=planted_pretraining,
                   text_a="He is eating a [MASK].", temperature="0.5")
    assert at.slider(key="_w_temperature").label == "温度 T"
    assert "温度 T = 0.5 での確率" in text_of(at, "caption")
    assert "√d で割る" in link_labels(at)


def test_next_sentence_at_a_temperature(planted_pretraining):
    at = open_page("app_pages/pretraining.py", pt_model=planted_pretraining, pt_tab="nsp",
                   text_a="he is eating a fruit .", text_b="it was good .", temperature="3.0")
    loaded = models.load(planted_pretraining, device="cpu")
    logits = trace(loaded, "he is eating a fruit .", "it was good .").head_outputs["nsp_logits"]
    exp = np.exp(logits / 3.0)
    table = at.dataframe[-1].value
    assert table["P(IsNext)"].iloc[0] == pytest.approx(exp[0] / exp.sum(), abs=1e-6)
    assert "temperature T = 3" in text_of(at, "caption")
    assert r"e^{z_\text{IsNext}/3}" in text_of(at, "latex")


def test_sentiment_at_a_temperature():
    text = "A wonderful, moving film."
    at = open_page("app_pages/sentiment.py", sentiment_text=text, sentiment_method="gxi",
                   temperature="2.5")
    loaded = models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")
    expected = sentiment.predict(loaded, trace(loaded, text), temperature=2.5)
    spec = figures(at)[0]
    np.testing.assert_allclose(numbers(spec["data"][0]["x"]), expected.probabilities, atol=1e-4)
    assert f"{expected.confidence:.1%}" in text_of(at, "subheader")
    at = open_page("app_pages/sentiment.py", "ja", sentiment_text=text, sentiment_method="gxi",
                   temperature="2.5")
    assert "温度 T = 2.5" in text_of(at, "caption")


def test_question_answering_at_a_temperature(planted_qa):
    cold = open_page("app_pages/tasks.py", qa_model=planted_qa, qa_question=QA_QUESTION,
                     qa_passage=QA_PASSAGE)
    hot = open_page("app_pages/tasks.py", qa_model=planted_qa, qa_question=QA_QUESTION,
                    qa_passage=QA_PASSAGE, temperature="4.0")
    cold_start = numbers(figures(cold)[0]["data"][0]["y"])
    hot_start = numbers(figures(hot)[0]["data"][0]["y"])
    assert hot_start.argmax() == cold_start.argmax() and hot_start.max() < cold_start.max()
    assert "Probability 95.0%" not in text_of(hot, "caption")
    assert "temperature T = 4" in text_of(hot, "caption")
