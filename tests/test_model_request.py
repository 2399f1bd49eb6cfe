"""The one parser from a link's query string to the model it asks for (the warm start's and the
sidebar's), and the one place an id is cleaned."""

from __future__ import annotations

import sys

import pytest

from bertvis.model_request import CUSTOM, ModelKey, from_query, language
from bertvis.presets import DEFAULT_ENCODER, JAPANESE_ENCODER
from bertvis.settings import TRUE_VALUES, is_true


def test_a_japanese_browser_without_lang_gets_the_japanese_model():
    assert from_query({}, browser_language="ja") == ModelKey(JAPANESE_ENCODER)
    assert from_query({}, browser_language="en") == ModelKey(DEFAULT_ENCODER)


def test_the_links_lang_wins_over_the_browsers():
    assert from_query({"lang": "en"}, browser_language="ja").model_id == DEFAULT_ENCODER
    assert from_query({"lang": "ja"}, browser_language="en").model_id == JAPANESE_ENCODER
    assert language({"lang": "ja"}, "en") == "ja" and language({}, "ja") == "ja"


def test_a_language_the_app_does_not_speak_gets_the_english_model():
    assert from_query({"lang": "fr"}, browser_language="ja").model_id == DEFAULT_ENCODER


def test_a_named_model_wins_over_the_language_default():
    key = from_query({"model": "bert-base-cased", "lang": "ja"}, browser_language="ja")
    assert key == ModelKey("bert-base-cased", "pretraining", "auto", "float32")


def test_other_reads_the_typed_id_cleaned():
    key = from_query({"model": CUSTOM, "custom_model": "  ./my-bert\n"})
    assert key.model_id == "./my-bert"
    assert from_query({"model": CUSTOM}).model_id == ""  # nothing typed yet


@pytest.mark.parametrize("spelling", sorted(TRUE_VALUES | {s.upper() for s in TRUE_VALUES}
                                            | {" on ", "True"}))
def test_every_yes_spelling_of_half_asks_for_float16(spelling):
    assert from_query({"half": spelling}).dtype == "float16"


@pytest.mark.parametrize("spelling", ["0", "false", "no", "off", "", "maybe"])
def test_anything_else_is_float32(spelling):
    assert from_query({"half": spelling}).dtype == "float32"
    assert from_query({}).dtype == "float32"


def test_the_sidebars_typed_values_read_the_same():
    """The sidebar passes its session values (a bool for ``half``, ``None`` where unset)."""
    assert from_query({"half": True, "device": None, "model": None}) == \
        ModelKey(DEFAULT_ENCODER, "pretraining", "auto", "float16")


def test_the_url_state_parses_a_yes_as_the_parser_does():
    """``bertvis.ui.state`` turns a link's ``half=…`` into the sidebar's toggle; it must agree
    with the parser the warm start reads the same link with."""
    from bertvis.ui import state

    for spelling in sorted(TRUE_VALUES) + ["ON", "0", "off", "nope"]:
        assert state._parse(spelling, False) is is_true(spelling), spelling
        assert (from_query({"half": spelling}).dtype == "float16") is is_true(spelling)


def test_an_unknown_device_falls_back_to_auto_as_the_sidebar_does():
    assert from_query({"device": "tpu"}).device == "auto"
    assert from_query({"device": "cpu"}).device == "cpu"


def test_a_key_is_the_same_however_the_id_was_padded():
    assert ModelKey(" bert-base-uncased\n") == ModelKey("bert-base-uncased")
    assert {ModelKey("x/y "): 1}[ModelKey("x/y")] == 1


def test_the_parser_does_not_import_torch_or_streamlit():
    """The warm start reads the link before the app imports torch."""
    import subprocess

    code = ("import sys, bertvis.model_request; "
            "print(sorted({'torch', 'streamlit', 'transformers'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
