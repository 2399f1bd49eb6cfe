"""The mechanisms every page shares, each written once in bertvis/ui: tabs kept in the URL,
the model picker over presets, example buttons, opening another page, errors as messages."""

from __future__ import annotations

import pytest
from apptest import open_page, text_of
from streamlit.testing.v1 import AppTest

from bertvis.presets import DEFAULT_QA, SENTIMENT_PRESETS, preset_for
from bertvis.ui import examples, handoff

pytestmark = pytest.mark.apptest


# --- errors.shown --------------------------------------------------------------------------

def _error_script(stop: bool, unexpected: bool, error: str) -> None:
    import streamlit as st

    from bertvis.errors import BertvisError
    from bertvis.ui import errors
    from bertvis.ui.errors import PageStopped

    try:
        with errors.shown(stop=stop, unexpected=unexpected):
            st.write("before")
            if error == "bertvis":
                raise BertvisError("device_unavailable", "no such device", device="tpu<b>")
            raise ValueError("a bug")
        st.write("after the block")
    except PageStopped:
        st.write("page stopped")


def run_error_script(*, stop=False, unexpected=False, error="bertvis") -> AppTest:
    at = AppTest.from_function(_error_script, kwargs=dict(stop=stop, unexpected=unexpected,
                                                          error=error))
    return at.run()


def test_an_engine_error_shows_its_message_and_ends_only_the_block():
    at = run_error_script()
    assert [e.value for e in at.error] == ["The device “tpu\\<b\\>” is not available here."]
    assert text_of(at, "markdown").splitlines() == ["before", "after the block"]
    assert not at.exception


def test_with_stop_the_page_ends_after_the_message():
    at = run_error_script(stop=True)
    assert [e.value for e in at.error] == ["The device “tpu\\<b\\>” is not available here."]
    assert text_of(at, "markdown").splitlines() == ["before", "page stopped"]


def test_a_bug_is_not_hidden_unless_asked(friendly_errors):
    at = run_error_script(error="bug")
    assert len(at.exception) == 1 and not at.error  # the traceback, as for any bug
    at = run_error_script(error="bug", unexpected=True)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something went wrong while computing this view. Try a shorter text or another model."]
    assert text_of(at, "markdown").splitlines() == ["before", "after the block"]


def test_under_the_tests_setting_a_bug_fails_the_page_even_where_the_page_hides_bugs():
    at = run_error_script(error="bug", unexpected=True)
    assert len(at.exception) == 1 and not at.error  # the traceback (redacted by the config)
    assert text_of(at, "markdown").splitlines() == ["before"]
    at = run_error_script(unexpected=True)  # an engine error is still its message
    assert [e.value for e in at.error] == ["The device “tpu\\<b\\>” is not available here."]


# --- tabs.url_tabs -------------------------------------------------------------------------

def test_a_tab_named_in_the_link_opens_and_an_unknown_one_stays_out_of_the_url():
    at = open_page("app_pages/tasks.py", tasks_tab="ner")
    assert at.query_params["tasks_tab"] == "ner"
    assert at.text_area(key="_w_ner_text")  # only the open tab's content runs
    assert not [w for w in at.text_input if w.key == "_w_qa_question"]
    at = open_page("app_pages/tasks.py", tasks_tab="<script>")
    assert "tasks_tab" not in at.query_params  # the first tab, the default, is left out
    assert at.text_input(key="_w_qa_question")


def test_the_masked_words_page_opens_on_next_sentence_for_a_link_with_sentence_b():
    at = open_page("app_pages/pretraining.py", text_b="It was tired.")
    assert at.query_params["pt_tab"] == "nsp"
    at = open_page("app_pages/pretraining.py")
    assert "pt_tab" not in at.query_params


# --- handoff ------------------------------------------------------------------------------

def test_handoff_builds_the_target_query():
    assert handoff.query({"text_a": "a b", "text_b": "", "layer": 2, "flag": True,
                          "model": None}) == {"text_a": "a b", "text_b": "", "layer": "2",
                                              "flag": "true"}


def _handoff_script() -> None:
    from bertvis.ui import handoff

    handoff.button("Open", handoff.ATTENTION_PAGE, {"text_a": "Hi.", "layer": 3, "model": None},
                   key="go")


def test_the_handoff_button_switches_to_the_page_with_the_values_in_its_url(monkeypatch):
    import streamlit

    switched = []
    monkeypatch.setattr(streamlit, "switch_page",
                        lambda page, query_params=None: switched.append((page, query_params)))
    at = AppTest.from_function(_handoff_script).run()
    assert switched == []  # nothing happens until the click
    at.button(key="go").click().run()
    assert switched == [("app_pages/attention.py", {"text_a": "Hi.", "layer": "3"})]


def test_the_arithmetic_page_opens_the_same_head_in_the_explorer():
    at = open_page("app_pages/arithmetic.py", text_a="The cat sat on the mat.", layer="3",
                   head="4")
    next(b for b in at.button if "attention explorer" in b.label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Attention explorer"
    assert (at.query_params["layer"], at.query_params["head"]) == ("3", "4")
    assert at.query_params["text_a"] == "The cat sat on the mat."
    assert (at.slider(key="_w_layer").value, at.slider(key="_w_head").value) == (3, 4)


# --- examples ------------------------------------------------------------------------------

def test_examples_by_language_fall_back_to_english():
    english, japanese = examples.Example("a"), examples.Example("b")
    by_language = {"en": (english,), "ja": (japanese,)}
    assert examples.in_language(by_language, "ja") == (japanese,)
    assert examples.in_language(by_language, "fr") == (english,)
    assert examples.in_language((japanese,), "en") == (japanese,)
    assert examples.Example("x", {"text_a": "A", "text_b": "B"}).hint() == "A ‖ B"
    assert examples.Example("", {"sentiment_text": "Nice."}, label="Nice.").hint() is None


def test_the_attention_page_examples_follow_the_language_and_fill_both_sentences():
    at = open_page("app_pages/attention.py", lang="ja")
    labels = [b.label for b in at.button if b.key and b.key.startswith("att-example-")]
    assert labels == ["例: 日本語", "例: 文のペア", "例: 断片に分かれる単語", "例: 英語"]
    at = open_page("app_pages/attention.py")
    at.button(key="att-example-1").click().run()
    assert at.text_area(key="_w_text_a").value == "The man went to the store."
    assert at.text_input(key="_w_text_b").value == "He bought a gallon of milk."
    assert at.query_params["text_b"] == "He bought a gallon of milk."


# --- model_picker -------------------------------------------------------------------------

def test_one_preset_lookup_for_every_picker():
    assert preset_for(DEFAULT_QA).model_id == DEFAULT_QA
    assert preset_for(SENTIMENT_PRESETS[1].model_id) is SENTIMENT_PRESETS[1]
    assert preset_for("no/such-model") is None


def test_a_link_with_an_id_opens_the_picker_on_other_with_the_id_typed():
    at = open_page("app_pages/tasks.py", qa_model="some/unknown-squad")
    assert at.selectbox(key="_w_qa_model").value == "__custom__"
    assert at.text_input(key="_w_qa_custom").value == "some/unknown-squad"
    assert at.query_params["qa_custom"] == "some/unknown-squad"


# --- page logic moved into the engine -------------------------------------------------------

@pytest.mark.parametrize("text_a, pool", [("He is eating a fruit.", "en"),
                                          ("彼は果物を食べている。", "ja")])
def test_a_random_sentence_b_is_in_the_language_of_a_and_never_b_itself(text_a, pool):
    import random

    from bertvis import nsp

    rng = random.Random(0)
    own_b = nsp.RANDOM_B[pool][0]
    drawn = {nsp.random_sentence_b(text_a, own_b, rng) for _ in range(200)}
    assert drawn == set(nsp.RANDOM_B[pool]) - {own_b}


def test_the_compared_tokens_default_to_the_longest_repeated_word():
    import numpy as np

    from bertvis.embeddings import repeated_pair

    tokens = ["[CLS]", "the", "bank", "by", "the", "bank", "[SEP]"]
    special = np.array([True, False, False, False, False, False, True])
    assert repeated_pair(tokens, special) == (2, 5)  # "bank" before "the"
    assert repeated_pair(["[CLS]", "a", "b", "[SEP]"], np.array([1, 0, 0, 1], bool)) == (1, 2)


def test_percent_keeps_one_decimal_below_ten_percent():
    from bertvis.probabilities import percent

    assert [percent(p) for p in (0.95, 0.1, 0.042, 0.003)] == ["95%", "10%", "4.2%", "0.3%"]


def test_guess_rows_number_masks_and_ranks_from_one():
    import numpy as np

    from bertvis.fill_mask import Guess, MaskPrediction, guess_rows

    first = MaskPrediction(3, [Guess("fruit", 7, 0.5, 2.0), Guess("house", 8, 0.25, 1.0)],
                           np.zeros(10, np.float32))
    second = MaskPrediction(5, [Guess("red", 9, 0.1234567, -0.123456)], np.zeros(10, np.float32))
    assert guess_rows([first, second]) == [
        {"mask": 1, "position": 3, "rank": 1, "token": "fruit", "token_id": 7,
         "probability": 0.5, "logit": 2.0},
        {"mask": 1, "position": 3, "rank": 2, "token": "house", "token_id": 8,
         "probability": 0.25, "logit": 1.0},
        {"mask": 2, "position": 5, "rank": 1, "token": "red", "token_id": 9,
         "probability": 0.123457, "logit": -0.1235}]


def test_the_cut_banner_names_only_the_sentences_something_was_cut_from():
    """A short sentence A with a long sentence B: only B loses tokens, so the banner quotes B
    and says nothing of A (it used to print 'Cut from sentence A: “”')."""
    at = open_page("app_pages/attention.py", text_a="Who sat?",
                   text_b=" ".join(["the cat sat on the mat"] * 120))
    banner = text_of(at, "warning")
    assert "tokens were cut" in banner and "Cut from sentence B: “" in banner
    assert "sentence A" not in banner
