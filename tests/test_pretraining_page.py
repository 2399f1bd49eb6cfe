"""The masked words & next sentence page in AppTest: the no-head message on the offline
MiniLM, planted heads through a local folder, clicks, corruption by seed, and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from planted_pretraining import P_IS_NEXT, expected_probabilities
from apptest import figures, open_page, switch_language, text_of
from apptest import plotly_array as numbers
from streamlit.testing.v1 import AppTest
from tiny import VOCAB

from bertvis import corruption, fill_mask

pytestmark = pytest.mark.apptest

RANDOM_B = {"en": ("A house is near me.", "The train was late this morning.",
                   "She plays the piano every evening.", "The restless cat was awake all night.",
                   "Paris is the capital of France.")}

PAGE = "app_pages/pretraining.py"
ROOT = Path(__file__).resolve().parent.parent
P_FRUIT = float(expected_probabilities()[VOCAB.index("fruit")])  # 39.4%
P_HOUSE = float(expected_probabilities()[VOCAB.index("house")])  # 14.5%




def html_of(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def test_offline_minilm_explains_and_shows_nothing_made_up():
    at = open_page(PAGE)
    assert "has no masked-word head" in text_of(at, "warning")
    assert "Other model" in text_of(at, "markdown")  # how to choose one that has it
    assert "Offline" in text_of(at, "caption")
    assert not at.get("plotly_chart") and not at.dataframe and not at.get("html")
    assert at.text_area(key="_w_text_a").value  # the shared sentence A stays editable
    assert at.selectbox(key="_w_pt_model").value == ""  # a model picker is right there


def test_offline_next_sentence_explains_in_japanese_too():
    at = open_page(PAGE, pt_tab="nsp")
    switch_language(at, "ja")
    assert "次文予測のヘッドがありません" in text_of(at, "warning")
    assert not at.get("plotly_chart") and not at.metric


def test_planted_head_fills_the_mask(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="He is eating a [MASK].", fm_k="3")
    assert at.query_params["pt_model"] == "__custom__" and at.query_params["pt_custom"] == planted_pretraining
    assert ">1: fruit 39%</span>" in html_of(at)
    table = at.dataframe[0].value
    assert list(table.iloc[0]) == ["fruit · 39%", "house · 14%", "[PAD] · 0.7%"]
    bars, lens, attention = figures(at)
    assert numbers(bars["data"][0]["x"]).tolist() == pytest.approx([P_FRUIT, P_HOUSE,
                                                                    P_FRUIT / np.exp(4)],
                                                                   abs=1e-6)
    z = numbers(lens["data"][0]["z"])
    assert z.shape == (3, 3)  # embeddings + 2 layers, 3 guesses
    assert z[:, 0] == pytest.approx(round(P_FRUIT, 4), abs=1e-4)  # the planted head ignores h
    weights = numbers(attention["data"][0]["y"])
    assert len(weights) == 8 and weights.sum() == pytest.approx(1.0, abs=1e-3)
    assert "each mask predicts exactly one vocabulary entry" in text_of(at, "caption").lower()
    has_explorer = (ROOT / "app_pages" / "attention.py").exists()
    assert any("attention explorer" in b.label for b in at.button) == has_explorer


def test_moving_the_attention_slider_does_not_run_the_head_again(planted_pretraining,
                                                                   monkeypatch):
    """The guesses and the logit lens are kept: a rerun for another layer draws them from the
    cache, without projecting onto the vocabulary again."""
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="He is eating a [MASK].", fm_k="3")
    bars, lens, _ = figures(at)
    head_runs = []
    project = fill_mask.head_logits
    monkeypatch.setattr(fill_mask, "head_logits",
                        lambda *args: head_runs.append(1) or project(*args))
    at.slider(key="_w_fm_layer").set_value(1).run()
    assert at.query_params["fm_layer"] == "1"
    assert head_runs == []
    assert figures(at)[:2] == [bars, lens]


def test_clicked_tokens_and_typed_masks_are_all_guessed(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="he is eating a [mask] near me.")
    assert len(at.dataframe[0].value) == 1
    at.button_group(key="_w_fm_pick").select(0).select(2).run()
    assert not at.exception
    assert at.query_params["fm_pick"] == "0,2"
    table = at.dataframe[0].value
    assert len(table) == 3 and set(table["#1"]) == {"fruit · 39%"}
    assert list(table.index) == ["Mask 1 (token 1)", "Mask 2 (token 3)", "Mask 3 (token 5)"]
    at.selectbox(key="_w_fm_focus").set_value(3).run()
    assert at.query_params["fm_focus"] == "3"
    assert "Mask 3: top 5 guesses" in figures(at)[0]["layout"]["title"]["text"]


def test_corruption_by_seed_is_repeatable_and_counted(planted_pretraining):
    query = dict(pt_model=planted_pretraining, text_a="the cat sat on the mat because it was tired and the "
                 "dog was happy but not very good .", fm_corrupt="true", fm_seed="42")
    first, again = open_page(PAGE, **query), open_page(PAGE, **query)
    table = first.dataframe[-1].value
    assert table.equals(again.dataframe[-1].value)
    assert len(table) == corruption.n_to_pick(20) == 3
    assert set(table["Top guess"]) == {"fruit"}
    assert "Seed **42** picked **3** of 20 ordinary tokens" in text_of(first, "markdown")
    next(b for b in first.button if "Corrupt" in b.label).click().run()
    assert first.query_params["fm_seed"] != "42"


def test_no_mask_only_special_tokens_and_odd_text_are_friendly(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="he is eating a fruit.")
    assert "There is no mask in this sentence yet" in text_of(at, "info")
    assert not at.get("plotly_chart")
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="[CLS] [SEP] [MASK]", fm_corrupt="true")
    assert "no ordinary tokens to pick" in text_of(at, "info")
    # The tiny vocabulary reads neither emoji nor Japanese: a hint says so.
    for text, unreadable in (("🙂🎉 [MASK] 🍎", True), ("私は[MASK]を買った。", True),
                             (" ".join(["[MASK]"] * 20), False)):
        at = open_page(PAGE, pt_model=planted_pretraining, text_a=text)
        assert at.dataframe[0].value.iloc[0, 0] == "fruit · 39%"
        assert ("can't read this text" in text_of(at, "warning")) == unreadable
    assert len(at.dataframe[0].value) == 20
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="<script>alert(1)</script> [MASK]")
    assert "<script>" not in html_of(at)  # the tiny vocabulary reads it as [UNK]s
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="   ")
    assert "Type a sentence first" in text_of(at, "info")


def test_bad_model_folder_is_a_message():
    at = open_page(PAGE, pt_model="/no/such/folder")
    assert "There is no folder at" in text_of(at, "error")
    assert not at.get("plotly_chart")


def test_planted_next_sentence_and_random_contrast(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="He is eating a fruit.",
                   text_b="It is a sweet red apple.")  # a sentence B opens the NSP tab
    assert at.metric[0].value == "90%"
    facts = [item.pairs for item in at.session_state["_handout_items"] if hasattr(item, "pairs")]
    assert ("P(B follows A)", "90%") in facts[-1]  # the handout keeps the answer
    assert "IsNext" in text_of(at, "caption")
    [chart] = figures(at)
    assert numbers(chart["data"][0]["x"]).tolist() == pytest.approx([P_IS_NEXT], abs=1e-6)
    next(b for b in at.button if "random sentence B" in b.label).click().run()
    table = at.dataframe[-1].value
    assert list(table["Which B"]) == ["Your B", "Random B"]
    assert table["Sentence B"][0] == "It is a sweet red apple."
    assert table["Sentence B"][1] in RANDOM_B["en"] and table["Sentence B"][1] != table[
        "Sentence B"][0]
    assert at.query_params["nsp_contrast"] == table["Sentence B"][1]
    assert table["P(IsNext)"].tolist() == pytest.approx([P_IS_NEXT, P_IS_NEXT], abs=1e-6)
    at = open_page(PAGE, pt_model=planted_pretraining, pt_tab="nsp", text_a="He is eating a fruit.")
    assert "Type both sentences" in text_of(at, "info")


def test_no_head_button_opens_the_folder_box():
    at = open_page(PAGE)
    next(b for b in at.button if "model folder" in b.label).click().run()
    assert at.selectbox(key="_w_pt_model").value == "__custom__"
    assert "Type a Hugging Face model id or the path" in text_of(at, "info")


def test_ten_thousand_characters_are_cut_with_a_note(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a=("the cat sat on the [MASK] . " * 400)[:10_000])
    assert "so" in text_of(at, "warning") and "tokens were cut" in text_of(at, "warning")
    table = at.dataframe[0].value
    assert 1 <= len(table) <= 64 and set(table["#1"]) == {"fruit · 39%"}
    assert "Only the first 80 tokens can be clicked" in text_of(at, "caption")


def test_out_of_range_values_in_an_old_link_fall_back(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="a [MASK] .", fm_seed="-3", fm_k="500",
                   fm_layer="99", fm_head="99", fm_focus="7", fm_pick="x,99", pt_tab="nope",
                   fm_corrupt="true")
    assert at.number_input(key="_w_fm_seed").value == 0
    assert at.slider(key="_w_fm_k").value == 5 and at.slider(key="_w_fm_layer").value == 2
    assert at.selectbox(key="_w_fm_head").value == 0
    assert len(at.dataframe[0].value) == 1


@pytest.mark.skipif(not (ROOT / "app_pages" / "attention.py").exists(),
                    reason="the attention explorer is not in this checkout")
def test_explorer_link_hands_over_sentence_layer_head_and_model(planted_pretraining):
    at = open_page(PAGE, pt_model=planted_pretraining, text_a="He is eating a [MASK].",
                   fm_layer="2", fm_head="3")
    next(b for b in at.button if "attention explorer" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    state = at.session_state
    assert (state["layer"], state["head"], state["att_source"]) == (2, 3, "head")
    assert state["text_a"] == "He is eating a [MASK]." and state["model"] == "__custom__"
    assert state["custom_model"] == planted_pretraining
    assert at.query_params["layer"] == "2" and at.query_params["head"] == "3"
    assert at.title[0].value == "Attention explorer"
