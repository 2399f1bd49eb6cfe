"""The "Tokens and embeddings" and "Attention arithmetic" pages in AppTest, on the packaged
MiniLM (offline) and on tiny models given as folders."""

from __future__ import annotations


import numpy as np
import pytest
import apptest
from apptest import figures, plotly_array, text_of
from streamlit.testing.v1 import AppTest
from tiny_other import make_tiny_distilbert

pytestmark = pytest.mark.apptest

TOKENS = "app_pages/tokens.py"
ARITHMETIC = "app_pages/arithmetic.py"
BANK = "The bank raised its rates, so we sat on the river bank."


def open_page(path: str, lang: str | None = None, model: str | None = None, **query: str):
    """Open ``path`` with ``query`` in the URL, in ``lang`` and on a ``model`` folder (sidebar
    settings, which the first run already read, so they go into the session)."""
    session = {"lang": lang} if lang else {}
    if model:
        session.update(model="__custom__", custom_model=model)
    return apptest.open_page(path, session=session, **query)



def html_of(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


# --- tokens and embeddings ------------------------------------------------------------------


def test_tokens_page_shows_ids_segments_and_the_embedding_check():
    at = open_page(TOKENS, text_a=BANK, text_b="It was closed.")
    chips = html_of(at)
    assert "<span>[CLS]</span>" in chips and ">101</span>" in chips  # token and its id
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[:3] == ["[CLS]", "the", "bank"]
    assert sorted(set(table["segment"])) == [0, 1] and set(table["attention mask"]) == {1}
    assert "equals the first layer's input" in text_of(at, "success")
    norms = figures(at)[0]
    assert [trace["name"] for trace in norms["data"]] == [
        "token embedding", "segment embedding", "position embedding", "sum", "after LayerNorm"]
    assert len(plotly_array(norms["data"][0]["y"])) == len(table)


def test_the_same_word_twice_is_compared_by_default():
    at = open_page(TOKENS, text_a=BANK)
    assert at.selectbox(key="_w_emb_a").value == 2 and at.selectbox(key="_w_emb_b").value == 13
    assert "Cosine similarity of “bank” and “bank”" in text_of(at, "markdown")
    cosines = plotly_array(figures(at)[1]["data"][0]["x"])
    assert cosines[0] == pytest.approx(1.0, abs=1e-3)  # same token embedding
    assert cosines[2] < 0.99  # different positions
    at.selectbox(key="_w_emb_b").select(3).run()
    assert at.query_params["emb_b"] == "3"
    assert plotly_array(figures(at)[1]["data"][0]["x"])[0] < 0.99


def test_padding_example_from_the_url():
    at = open_page(TOKENS, text_a="The cat sat.", pads="3")
    padded = at.dataframe[-1].value
    assert list(padded.iloc[0]) == ["[CLS]", "the", "cat", "sat", ".", "[SEP]"] + ["[PAD]"] * 3
    assert list(padded.iloc[2]) == ["1"] * 6 + ["0"] * 3
    metrics = {m.label: m.value for m in at.metric}
    assert float(metrics["Largest weight on a [PAD] key"]) < 1e-6
    assert float(metrics["Change of real tokens' vectors"]) < 1e-4
    assert float(metrics["…without the mask"]) > 0.01


def test_truncation_shows_exactly_what_was_cut():
    words = " ".join(f"w{i}" for i in range(300))  # each "wN" is two pieces: > 512 tokens
    at = open_page(TOKENS, text_a=words)
    assert "What truncation cut off" in text_of(at, "subheader")
    assert "the last **" in text_of(at, "markdown")
    cut_text = at.text[0].value
    assert cut_text.endswith("w299") and not cut_text.startswith("w0 ")
    assert "line-through" in html_of(at) and "<span" in html_of(at)
    assert "Padding" not in text_of(at, "subheader") or "no room" in text_of(at, "info")


@pytest.mark.parametrize(
    "text", ["", "😀 🎉", "猫がマットの上に座った。", "<script>alert(1)</script>", "word " * 2000],
    ids=["empty", "emoji", "cjk", "script", "10000-chars"])
def test_tokens_page_bad_or_odd_input(text):
    at = open_page(TOKENS, text_a=text if text else " ")
    if not text:
        assert "Please type some text first." in text_of(at, "error")
        return
    body = html_of(at)
    assert "<script>" not in body
    if text.startswith("<script>"):
        assert "&lt;" in body
    assert at.dataframe  # tokens were shown, even if they are [UNK]


def test_tokens_page_in_japanese():
    at = open_page(TOKENS, lang="ja")
    assert at.title[0].value == "トークンと埋め込み"
    assert "1 · BERT から見た入力" in text_of(at, "subheader")


def test_example_button_loads_a_pair():
    at = open_page(TOKENS)
    at.button(key="reading-example-1").click().run()
    assert at.text_input(key="_w_text_b").value == "It was tired because it played all day."
    assert 1 in set(at.dataframe[0].value["segment"])


# --- attention arithmetic -------------------------------------------------------------------


def test_arithmetic_page_matches_the_model_row():
    at = open_page(ARITHMETIC, text_a="The cat sat on the mat.")
    assert "max difference" in text_of(at, "success")
    table = at.dataframe[1].value
    np.testing.assert_allclose(table["softmax (ours)"], table["model's attention"], atol=1e-5)
    assert table["softmax (ours)"].sum() == pytest.approx(1.0, abs=1e-4)
    assert "÷ √32 = 5.657" in text_of(at, "subheader")
    heads = figures(at)[2]
    assert len(plotly_array(heads["data"][0]["y"])) == 12


def test_choosing_layer_head_and_query_updates_the_url_and_the_row():
    at = open_page(ARITHMETIC, text_a="The cat sat on the mat.", text_b="It slept.")
    first = at.dataframe[1].value["softmax (ours)"].to_numpy()
    at.slider(key="_w_layer").set_value(6)
    at.slider(key="_w_head").set_value(12)
    at.selectbox(key="_w_qk_query").select(8)
    at.run()
    assert not at.exception
    assert at.query_params["layer"] == "6" and at.query_params["qk_query"] == "8"
    assert "layer 6, head 12, query “[SEP]”" in text_of(at, "success")
    second = at.dataframe[1].value
    assert list(second.iloc[:, 0]).count("[SEP]") == 2  # a pair
    assert not np.allclose(first, second["softmax (ours)"].to_numpy())
    np.testing.assert_allclose(second["softmax (ours)"], second["model's attention"], atol=1e-5)


def test_arithmetic_from_a_link_in_japanese():
    at = open_page(ARITHMETIC, lang="ja", layer="2", head="3", qk_query="1")
    assert at.title[0].value == "アテンションの計算"
    assert "層 2、ヘッド 3" in text_of(at, "success")


def test_out_of_range_link_falls_back():
    at = open_page(ARITHMETIC, layer="40", head="0", qk_query="999")
    assert at.slider(key="_w_layer").value == 1 and at.slider(key="_w_head").value == 1
    assert at.selectbox(key="_w_qk_query").value == 1


def test_tiny_folder_and_an_unsupported_layout(tiny_bert, tmp_path_factory):
    at = open_page(ARITHMETIC, model=str(tiny_bert), text_a="the cat sat")
    assert "÷ √8 = 2.828" in text_of(at, "subheader")
    assert len(plotly_array(figures(at)[2]["data"][0]["y"])) == 4
    folder = make_tiny_distilbert(tmp_path_factory.mktemp("page-distilbert"))
    at = open_page(ARITHMETIC, model=str(folder), text_a="the cat sat")
    assert "laid out like BERT" in text_of(at, "error")
    assert not at.get("plotly_chart")
    at = open_page(TOKENS, model=str(folder), text_a="the cat sat")  # embeddings still work
    assert "none in this model" in text_of(at, "markdown")


def test_empty_text_on_the_arithmetic_page():
    at = open_page(ARITHMETIC, text_a=" ")
    assert "Please type some text first." in text_of(at, "error")
    assert not at.get("plotly_chart")


def test_the_same_head_opens_in_the_attention_explorer():
    at = open_page(ARITHMETIC, text_a="The cat sat.", layer="4", head="7")
    at.button[-1].click().run()  # "See this head in the attention explorer"
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="_w_layer").value == 4 and at.slider(key="_w_head").value == 7
    assert at.text_area(key="_w_text_a").value == "The cat sat."
    assert not any("Step 1" in s.value for s in at.subheader)  # left the arithmetic page
