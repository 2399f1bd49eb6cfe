"""The norm-weighted views of the attention explorer and the "Inside one layer" page in
AppTest, on the real MiniLM offline, in English and Japanese; other layouts get a message."""

from __future__ import annotations

import numpy as np
import pytest
from apptest import figures, open_page
from apptest import plotly_array as array
from apptest import text_of as texts
from test_attention_page import heatmap
from tiny_other import make_tiny_distilbert

from bertvis import layer_anatomy, norms
from bertvis.trace import trace

pytestmark = pytest.mark.apptest

ATTENTION = "app_pages/attention.py"
LAYER = "app_pages/layer.py"
TEXT = "The cat sat on the mat because it was tired."


@pytest.fixture(scope="module")
def default_trace(minilm):
    return trace(minilm, TEXT)


@pytest.fixture(scope="module")
def value_norms(minilm, default_trace):
    return norms.value_norms(minilm, default_trace)


def test_one_head_by_norm(default_trace, value_norms):
    at = open_page(ATTENTION, att_source="norm", layer="3", head="5", text_a=TEXT)
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Layer 3 · head 5 · norm"
    expected = default_trace.attentions[2, 4] * value_norms[2, 4][None, :]
    # the page sends its matrix on a 2^-19 grid (figures.attention.on_wire_grid): within 1e-6
    np.testing.assert_allclose(array(fig["data"][0]["z"]), expected, rtol=1e-5, atol=1e-6)
    assert fig["data"][0]["colorbar"]["title"]["text"] == "‖α·f(x)‖"
    mosaic = next(f for f in figures(at) if len(f["data"]) == 2)
    assert mosaic["layout"]["title"]["text"].startswith("All heads by norm")


def test_rollout_by_norm(default_trace, value_norms):
    at = open_page(ATTENTION, att_source="norm_rollout", layer="6", text_a=TEXT)
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Rollout by norm through layer 6"
    np.testing.assert_allclose(array(fig["data"][0]["z"]),
                               norms.norm_rollout(default_trace, value_norms)[5], atol=1e-5)


def test_weight_vs_norm_tab_in_english_and_japanese(default_trace, value_norms):
    shares = norms.special_shares(default_trace, value_norms)
    at = open_page(ATTENTION, att_tab="norms", text_a=TEXT)
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("Share on"))
    assert len(fig["data"]) == 6
    np.testing.assert_allclose(array(fig["data"][0]["y"]), shares.by_weight[:, 0], atol=1e-4)
    np.testing.assert_allclose(array(fig["data"][1]["y"]), shares.by_norm[:, 0], atol=1e-4)
    assert fig["data"][1]["name"] == "[CLS] · by norm"
    assert f"take **{shares.by_weight[5].sum():.0%}** of the weight" in texts(at, "markdown")
    at = open_page(ATTENTION, {"lang": "ja"}, att_tab="norms", text_a=TEXT)
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("[CLS]・"))
    assert fig["layout"]["yaxis"]["title"]["text"] == "行に占める割合"
    assert fig["data"][5]["name"] == "句読点 · ノルム"
    assert f"ノルムの **{shares.by_norm[5].sum():.0%}** を占めます" in texts(at, "markdown")


def test_an_unsupported_layout_gets_a_message_in_the_norm_views(tmp_path_factory):
    folder = make_tiny_distilbert(tmp_path_factory.mktemp("norms-distilbert"))
    session = {"model": "__custom__", "custom_model": str(folder)}
    at = open_page(ATTENTION, session, att_source="norm", text_a="the cat sat")
    assert texts(at, "error").count("laid out like BERT") == 2  # matrix and mosaic
    at = open_page(ATTENTION, session, att_tab="norms", text_a="the cat sat")
    assert "laid out like BERT" in texts(at, "error")
    at = open_page(ATTENTION, session, att_source="head", text_a="the cat sat")
    assert not at.get("error")  # the weights themselves still show
    at = open_page(LAYER, session, text_a="the cat sat")
    assert "laid out like BERT" in texts(at, "error")
    assert not at.get("plotly_chart")


def test_inside_one_layer(minilm, default_trace):
    at = open_page(LAYER, text_a=TEXT, layer="2", layer_token="2")
    passed = layer_anatomy.layer_pass(minilm, default_trace, 1)
    assert "Layer 2, step by step, for “cat”" in texts(at, "subheader")
    assert f"largest difference **{passed.max_difference:.1e}**" in texts(at, "success")
    assert passed.max_difference <= 1e-5
    stages = at.dataframe[0].value
    assert list(stages["numbers"]) == ["384", "384", "384", "384", "1536", "1536", "384", "384",
                                       "384"]
    charts = figures(at)
    lengths = array(charts[0]["data"][0]["y"])
    np.testing.assert_allclose(lengths[-1], np.linalg.norm(default_trace.hidden_states[2, 2]),
                               rtol=1e-3)
    changes = passed.changes()
    np.testing.assert_allclose(array(charts[1]["data"][1]["y"]), changes["feed_forward"],
                               atol=1e-4)
    top = layer_anatomy.top_neurons(passed, 2)
    assert list(charts[2]["data"][0]["y"]) == [f"neuron {n.index}" for n in top]
    at = open_page(LAYER, {"lang": "ja"}, text_a=TEXT, layer="2", layer_token="2")
    assert "層 2 を 1 段階ずつ:「cat」" in texts(at, "subheader")
    assert "最大の差は" in texts(at, "success")
    assert figures(at)[2]["layout"]["xaxis"]["title"]["text"] == "GELU 後の活性"


def test_the_arithmetic_lesson_leads_to_the_whole_layer():
    at = open_page("app_pages/arithmetic.py", text_a=TEXT)
    links = {link.proto.label: link.proto.page for link in at.get("page_link")}
    label = "The whole layer, step by step → Inside one layer"
    assert label in links and links[label].endswith("inside-a-layer")
