"""The [CLS] & similarity page in AppTest: numbers from the real MiniLM, example sets in both
languages, layer/pooling/centring without re-running the model, bad input, a model without a
pooler."""

from __future__ import annotations


import numpy as np
import pytest
from apptest import open_page, rerun, text_of
from apptest import plotly_array as values
from streamlit.testing.v1 import AppTest
from tiny import make_tiny_bert
from transformers import BertConfig, BertModel

from bertvis import analysis
from bertvis import similarity as sim

pytestmark = pytest.mark.apptest

PAGE = "app_pages/similarity.py"
MIXED = sim.example("mixed", "en")


def figure(at: AppTest, index: int) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[index].proto.spec)



@pytest.fixture
def counted(monkeypatch):
    """Count model runs for sentence vectors (the cache is cleared first)."""
    calls: list[int] = []
    real = analysis.embed

    def counting(loaded, sentences, *args, **kwargs):
        calls.append(len(sentences))
        return real(loaded, sentences, *args, **kwargs)

    analysis.store().clear(lambda key: key[0] == "embeddings")
    monkeypatch.setattr(analysis, "embed", counting)
    return calls


def test_default_page_shows_three_matrices_and_honest_numbers(counted):
    at = open_page(PAGE)
    assert "[CLS] & sentence similarity" in text_of(at, "title")
    assert counted == [8, 10]  # the typed set and the unrelated baseline, one batch each
    heatmaps = [t for t in figure(at, 0)["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 3 and {t["coloraxis"] for t in heatmaps} == {"coloraxis"}
    cls, mean, pooler = (values(t["z"]) for t in heatmaps)
    assert cls.shape == (8, 8)
    np.testing.assert_allclose(np.diag(mean), 1.0, atol=1e-3)
    assert mean[0, 1] > 0.7 > 0.2 > mean[0, 6]  # paraphrase vs unrelated, mean pooling
    summary = at.dataframe[1].value
    assert list(summary.iloc[:, 0]) == ["[CLS] vector", "mean pooling", "pooler (last layer)"]
    pair_a, pair_b, baseline = summary.iloc[1, 1], summary.iloc[1, 2], summary.iloc[1, 4]
    assert pair_a > baseline > pair_b - 0.3 and baseline < 0.3
    assert summary.iloc[0, 4] > baseline + 0.2  # raw [CLS] baseline is high: anisotropy
    assert "trained for sentence similarity" in text_of(at, "caption")
    assert len(at.get("plotly_chart")) == 4  # matrices, layers, PCA map, all-layers grid


def test_example_sets_load_with_one_click_in_both_languages():
    at = open_page(PAGE)
    at.button(key=f"sim-example-{sim.EXAMPLE_SETS.index('negations')}").click()
    rerun(at)
    negations = sim.example("negations", "en")
    assert at.text_area(key="_w_sim_text").value == "\n".join(negations.sentences)
    assert [at.number_input(key=f"_w_{k}").value for k in ("sim_a1", "sim_a2", "sim_b1",
                                                           "sim_b2")] == [1, 2, 9, 10]
    assert values(figure(at, 0)["data"][0]["z"]).shape == (10, 10)
    at.radio(key="_w_sim_ex_lang").set_value("ja")
    rerun(at)
    at.button(key=f"sim-example-{sim.EXAMPLE_SETS.index('paraphrases')}").click()
    rerun(at)
    assert at.text_area(key="_w_sim_text").value.startswith("東京行きの電車が")
    assert "offline MiniLM reads English only" in text_of(at, "caption")


def test_layer_pooling_and_centring_do_not_rerun_the_model(counted):
    at = open_page(PAGE)
    runs = len(counted)
    at.slider(key="_w_sim_layer").set_value(0)
    rerun(at)
    cls = values(figure(at, 0)["data"][0]["z"])
    np.testing.assert_allclose(cls, 1.0, atol=1e-3)  # layer 0: every [CLS] vector is the same
    assert "With the [CLS] vector, every pair of sentences scores at least 1.0000" in \
        text_of(at, "info")
    assert "layer 0" in text_of(at, "subheader")
    at.radio(key="_w_sim_pooling").set_value("mean")
    rerun(at)
    assert "mean pooling, layer 0" in text_of(at, "subheader")
    at.toggle(key="_w_sim_centred").set_value(True)
    rerun(at)
    coloraxis = figure(at, 0)["layout"]["coloraxis"]
    assert coloraxis["cmin"] == -1 and coloraxis["cmid"] == 0
    assert "centred" in text_of(at, "subheader")
    assert "close to −1/(N−1) (for these 8 sentences: -0.143)" in text_of(at, "caption")
    assert "every pair of sentences scores" not in text_of(at, "info")
    assert len(counted) == runs
    assert at.query_params["sim_layer"] == "0" and at.query_params["sim_centred"] == "True"


def test_the_layer_slider_keeps_the_all_layers_grid(monkeypatch):
    """The grid of every layer doesn't depend on the chosen layer: a slider move draws the
    figure of the last run instead of building a new one."""
    from bertvis.figures import similarity as figures

    at = open_page(PAGE)
    grid = figure(at, 3)
    builds = []
    build = figures.layer_grid
    monkeypatch.setattr(figures, "layer_grid", lambda *args: builds.append(1) or build(*args))
    at.slider(key="_w_sim_layer").set_value(2)
    rerun(at)
    assert "layer 2" in text_of(at, "subheader")
    assert builds == []
    assert figure(at, 3) == grid


def test_empty_single_and_too_many_sentences_get_messages():
    at = open_page(PAGE)
    at.text_area(key="_w_sim_text").set_value("  \n \n")
    rerun(at)
    assert "Type at least two sentences" in text_of(at, "info")
    assert not at.get("plotly_chart")
    at.text_area(key="_w_sim_text").set_value("Just one sentence.")
    rerun(at)
    assert "One sentence has nothing to be compared with" in text_of(at, "info")
    many = "\n".join(f"Sentence number {i} is here." for i in range(70))
    at.text_area(key="_w_sim_text").set_value(many)
    rerun(at)
    assert "70 sentences were typed; only the first 64 are used" in text_of(at, "warning")
    assert values(figure(at, 0)["data"][0]["z"]).shape == (64, 64)


def test_odd_text_and_a_bad_pair_are_handled():
    at = open_page(PAGE)
    at.text_area(key="_w_sim_text").set_value(
        "<script>alert(1)</script>\n🙂🙂 emoji only\n猫がソファで寝ている。\n" + "word " * 400)
    rerun(at)
    assert "are longer than 128 tokens" in text_of(at, "warning")
    at.number_input(key="_w_sim_a2").set_value(1)
    rerun(at)
    assert "Pick two different sentences" in text_of(at, "info")
    assert len(at.get("plotly_chart")) == 3  # no pair chart, the rest still drawn


def test_model_without_pooler_shows_two_panels(tmp_path):
    folder = make_tiny_bert(tmp_path / "no-pooler", kind="encoder")
    BertModel(BertConfig.from_pretrained(folder), add_pooling_layer=False).save_pretrained(folder)
    at = open_page(PAGE, first={"model": str(folder)})
    assert "has no trained pooler" in text_of(at, "caption")
    heatmaps = [t for t in figure(at, 0)["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 2
    assert [o for o in at.radio(key="_w_sim_pooling").options] == ["[CLS] vector",
                                                                   "mean pooling"]
