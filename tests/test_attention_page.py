"""The attention explorer in AppTest: real MiniLM offline (and a tiny BERT folder), URL state,
the matrix sent to the browser, filters, tabs, bad input."""

from __future__ import annotations


import numpy as np
import pytest
from apptest import figures, open_page, text_of as texts
from apptest import plotly_array as array

from bertvis import attention
from bertvis.trace import trace
from tiny import model_attention

pytestmark = pytest.mark.apptest

PAGE = "app_pages/attention.py"
DEFAULT_TEXT = "The cat sat on the mat because it was tired."


def heatmap(at) -> dict:
    """The single-matrix heatmap (the figure titled with the layer)."""
    for fig in figures(at):
        title = fig["layout"].get("title", {}).get("text", "")
        if title.startswith(("Layer", "Rollout", "層")):
            return fig
    raise AssertionError("no matrix heatmap on the page")



@pytest.fixture(scope="module")
def default_trace(minilm):
    return trace(minilm, DEFAULT_TEXT)


@pytest.fixture(scope="module")
def model_weights(minilm):
    """float32 ``[L, H, T, T]``: the model's own attention on the default text (one head's
    matrix on the page is these)."""
    return model_attention(minilm, DEFAULT_TEXT)


def test_default_page_sends_one_head_and_a_mosaic(default_trace, model_weights):
    at = open_page(PAGE)
    assert "Offline mode" in texts(at, "info")
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Layer 1 · head 1"
    z = array(fig["data"][0]["z"])
    np.testing.assert_allclose(z, model_weights[0, 0], atol=1e-6)
    assert [label.replace("\u200b", "") for label in fig["data"][0]["y"]] == default_trace.tokens
    mosaic = next(f for f in figures(at) if len(f["data"]) == 2)
    image = array(mosaic["data"][0]["z"])
    assert image.dtype == np.uint8
    n_tokens = default_trace.n_tokens
    assert image.shape == (6 * (n_tokens + 1), 12 * (n_tokens + 1))  # 6 × 12 heads, one image
    assert len(array(mosaic["data"][1]["x"])) == 72  # one click target per head


def test_layer_and_head_come_from_the_url_and_go_back_to_it(default_trace, model_weights):
    at = open_page(PAGE, layer="4", head="7")
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Layer 4 · head 7"
    np.testing.assert_allclose(array(fig["data"][0]["z"]), model_weights[3, 6],
                               atol=1e-6)
    at.slider(key="_w_head").set_value(2).run()
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Layer 4 · head 2"
    np.testing.assert_allclose(array(fig["data"][0]["z"]), model_weights[3, 1],
                               atol=1e-6)
    frames = next(f for f in figures(at) if len(f["data"]) == 2)["layout"]["shapes"]
    assert {frame.get("opacity") for frame in frames} == {0}  # the same figure for every head
    index = 3 * default_trace.n_heads + 1  # the frame of layer 4, head 2, shown by CSS
    step = default_trace.n_tokens + 1  # one head's pixels and the gap
    assert (frames[index]["x0"], frames[index]["y0"]) == (1 * step - 1, 3 * step - 1)
    styles = [h.proto.body for h in at.get("html") if "shapelayer" in h.proto.body]
    assert styles == [f'<style>.st-key-att-mosaic .shapelayer path[data-index="{index}"]'
                      "{opacity: 1 !important;}</style>"]
    assert at.query_params["layer"] == "4" and at.query_params["head"] == "2"


def test_out_of_range_layer_in_a_link_falls_back():
    at = open_page(PAGE, layer="40", head="0")
    assert heatmap(at)["layout"]["title"]["text"] == "Layer 1 · head 1"


def test_rollout_and_mean(default_trace):
    at = open_page(PAGE, layer="6", att_source="rollout")
    fig = heatmap(at)
    assert fig["layout"]["title"]["text"] == "Rollout through layer 6"
    expected = attention.rollout(default_trace.attentions)[5]
    np.testing.assert_allclose(array(fig["data"][0]["z"]), expected, atol=1e-5)
    at = open_page(PAGE, layer="2", att_source="mean")
    np.testing.assert_allclose(array(heatmap(at)["data"][0]["z"]),
                               default_trace.attentions[1].mean(0, dtype=np.float32), atol=1e-6)


def test_hide_special_with_and_without_renormalising():
    at = open_page(PAGE, att_hide="true")
    fig = heatmap(at)
    assert "[CLS]" not in fig["data"][0]["x"] and "[SEP]" not in fig["data"][0]["x"]
    assert "[CLS]" in fig["data"][0]["y"]
    assert array(fig["data"][0]["z"]).sum(axis=1).max() < 0.999
    assert "not renormalised" in texts(at, "caption")
    at = open_page(PAGE, att_hide="true", att_renorm="true")
    np.testing.assert_allclose(array(heatmap(at)["data"][0]["z"]).sum(axis=1), 1.0, atol=1e-5)
    assert "renormalised: every row adds up to 1" in texts(at, "caption")


def test_pair_filter_keeps_one_block(minilm):
    result = trace(minilm, "The man went to the store.", "He bought milk.")
    b = result.sentence_b_start
    at = open_page(PAGE, text_a="The man went to the store.", text_b="He bought milk.",
                   att_block="AB")
    fig = heatmap(at)
    strip = [label.replace("\u200b", "") for label in fig["data"][0]["x"]]
    assert strip == result.tokens[b:]
    assert [y.replace("\u200b", "") for y in fig["data"][0]["y"]] == result.tokens[:b]
    weights = model_attention(minilm, "The man went to the store.", "He bought milk.")
    np.testing.assert_allclose(array(fig["data"][0]["z"]), weights[0, 0, :b, b:], atol=1e-6)


def tiny_model(folder) -> dict:
    return {"model": "__custom__", "custom_model": str(folder)}


def test_word_level_merges_pieces(tiny_bert):
    at = open_page(PAGE, tiny_model(tiny_bert), text_a="unbelievable runner", att_words="true")
    fig = heatmap(at)
    labels = [y.replace("\u200b", "") for y in fig["data"][0]["y"]]
    assert labels == ["[CLS]", "unbelievable", "runner", "[SEP]"]
    # words merged: each row still sums to 1
    np.testing.assert_allclose(array(fig["data"][0]["z"]).sum(axis=1), 1.0, atol=1e-5)
    assert "un + ##believ + ##able" in texts(at, "caption")


def test_tiny_folder_model_sizes_the_sliders(tiny_bert):
    at = open_page(PAGE, tiny_model(tiny_bert), text_a="the cat sat")
    assert at.slider(key="_w_layer").max == 2 and at.slider(key="_w_head").max == 4
    mosaic = next(f for f in figures(at) if len(f["data"]) == 2)
    assert len(array(mosaic["data"][1]["x"])) == 8


def test_field_guide_tab(default_trace):
    at = open_page(PAGE, att_tab="guide")
    fig = next(f for f in figures(at) if f["layout"]["title"]["text"].startswith("Head field"))
    points = sum(len(array(trace_["x"])) for trace_ in fig["data"])
    assert points == 72
    stats = attention.head_stats(default_trace)
    names = {trace_["name"] for trace_ in fig["data"]}
    assert len(names) == len(set(stats.pattern.ravel()))
    assert "Layer 1 · head 1:" in texts(at, "markdown")


def test_pairs_tab(minilm):
    at = open_page(PAGE, att_tab="pairs")
    assert "Type a sentence B" in texts(at, "info")
    at = open_page(PAGE, att_tab="pairs", text_a="The man went to the store.",
                   text_b="He bought milk.")
    fig = next(f for f in figures(at) if len(f["data"]) == 4)
    result = trace(minilm, "The man went to the store.", "He bought milk.")
    masses = attention.block_masses(result)
    np.testing.assert_allclose(array(fig["data"][1]["y"]), masses["AB"], atol=1e-4)


def test_bertviz_tab_is_self_contained_and_refuses_long_inputs():
    at = open_page(PAGE, att_tab="bertviz")
    html = at.get("iframe")[0].proto.srcdoc
    assert "cdnjs.cloudflare.com/ajax/libs" not in html and "<script src" not in html
    assert "HACK" not in html and html.count('"left_text"') == 1
    assert "jQuery v2.2.4" in html and "d3js.org v5.7.0" in html
    at = open_page(PAGE, att_tab="bertviz", att_bv="model", text_a="word " * 60)
    assert not at.get("iframe")
    assert "this bertviz view stays usable up to 48" in texts(at, "info")


def test_bertviz_tab_escapes_typed_html_in_its_data():
    """The tokens go into the iframe's ``<script>`` as JSON: a typed ``<`` must arrive as
    ``\\u003c`` (a raw one could close the script element and open the typed one)."""
    at = open_page(PAGE, att_tab="bertviz", text_a="</script><script>alert(1)</script> the cat")
    html = at.get("iframe")[0].proto.srcdoc
    data = html[html.index('"left_text"'):]
    assert '"\\u003c","/","script"' in data  # the typed tag is in the data, escaped
    assert '"<"' not in data and "<script>alert" not in html and "</script><script>" not in data


def test_quiz_grades_a_guess_and_keeps_score(default_trace):
    at = open_page(PAGE, att_tab="quiz", layer="1", head="1")
    group = next(g for g in at.get("button_group") if g.key.startswith("_quiz_guess"))
    question = texts(at, "markdown")
    assert "Layer 1, head 1" in question
    from bertvis import quiz
    query = quiz.pick_query(default_trace.special, 0)
    answer = int(np.argmax(default_trace.attentions[0, 0, query]))
    group.set_value(answer).run()
    assert "Right!" in texts(at, "success")
    assert at.metric[0].value == "1 / 1"


def test_bad_input_is_a_message():
    at = open_page(PAGE, text_a="   ")
    assert "Please type some text first" in texts(at, "info")
    assert not at.get("plotly_chart")
    at = open_page(PAGE, text_a="<script>alert(1)</script> 🙂 猫 " * 1500)
    assert "tokens were cut" in texts(at, "warning")
    assert heatmap(at)["layout"]["title"]["text"] == "Layer 1 · head 1"


def test_unknown_model_is_a_message():
    at = open_page(PAGE, {"model": "__custom__", "custom_model": "/no/such/bert-folder"})
    assert "There is no folder" in texts(at, "error") and not at.get("plotly_chart")


def test_japanese_interface():
    at = open_page(PAGE, {"lang": "ja"})
    assert heatmap(at)["layout"]["title"]["text"] == "層 1 · ヘッド 1"
    assert "アテンションを探る" in texts(at, "title")
