"""The "across many sentences" page in AppTest: the field guide over a set from a link, the
search, the fine-tuning diff of the offline pair, patching, bad input, English and Japanese."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import apptest
from apptest import figures, plotly_array, text_of

pytestmark = pytest.mark.apptest

PAGE = "app_pages/corpus.py"
OWN = "The cat sat on the mat.\nWhere are my keys?\nBirds sing in the morning."
open_page = functools.partial(apptest.open_page, PAGE, timeout=300)


def by_title(at) -> dict[str, dict]:
    return {f["layout"].get("title", {}).get("text", ""): f for f in figures(at)}


def test_nothing_runs_until_asked():
    at = open_page()
    assert at.title[0].value == "Across many sentences"
    assert "Press the run button" in text_of(at, "info")
    assert not figures(at)


def test_own_sentences_from_a_link_give_the_engine_field_guide(minilm):
    from bertvis import corpus

    at = open_page(corpus_set="own", corpus_text=OWN, corpus_run="true",
                   model="packaged:all-MiniLM-L6-v2", corpus_query="previous_top >= 0.9")
    found = corpus.corpus_stats(minilm, OWN.splitlines())
    scatter = by_title(at)["Every head over 3 sentences (mean)"]
    xs = np.concatenate([plotly_array(trace["x"]) for trace in scatter["data"]])
    heads = np.concatenate([plotly_array(trace["customdata"]) for trace in scatter["data"]])
    expected = found.mean("previous_top")[heads[:, 0], heads[:, 1]]
    np.testing.assert_allclose(xs, expected, atol=1e-6)
    rows = corpus.search(found, "previous_top >= 0.9")
    listed = ", ".join(f"{r.layer}-{r.head}" for r in rows.itertuples())
    assert f"Heads found ({len(rows)}): {listed}" in text_of(at, "markdown")
    assert "3 sentences." in text_of(at, "caption")


def test_a_bad_search_and_empty_lines_are_messages():
    at = open_page(corpus_set="own", corpus_text=OWN, corpus_run="true",
                   model="packaged:all-MiniLM-L6-v2", corpus_query="colour > 2")
    assert "colour \\> 2 is not a search" in text_of(at, "error")
    at = open_page(corpus_set="own", corpus_text="\n  \n", corpus_run="true")
    assert "Type at least one sentence, one per line." in text_of(at, "error")


def test_finetune_tab_shows_the_offline_pair_and_the_lesson():
    at = open_page(corpus_tab="finetune", corpus_set="own", corpus_text=OWN, ft_run="true")
    figs = by_title(at)
    divergence = plotly_array(figs["Attention divergence per head (JS, bits)"]["data"][0]["z"])
    assert divergence.shape == (6, 12)
    assert np.all(divergence[:5] == 0) and divergence[5].max() > 0
    cka = plotly_array(figs["Similarity of hidden states per layer (linear CKA)"]["data"][0]["y"])
    np.testing.assert_allclose(cka[:5], 1.0, atol=1e-9)
    assert "only layer 6 differs" in text_of(at, "markdown")


def test_patch_tab_and_a_pair_that_does_not_line_up():
    at = open_page(corpus_tab="patch")
    assert "Model: packaged\\:minilm-sentiment" in text_of(at, "caption")
    assert "Answer of A: **positive**" in text_of(at, "markdown")
    figs = by_title(at)
    positions = figs["Share brought back by the hidden state after a layer at one position"]
    assert list(positions["data"][0]["x"])[4] == "wonderful"
    at = open_page(corpus_tab="patch", patch_b="It was bad.")
    assert "A and B must have the same number of tokens to patch one into the other (A has " \
           "7, B has 6)" in text_of(at, "error")


def test_japanese_set_on_an_english_vocabulary_is_warned_about():
    at = open_page(corpus_set="ja", model="packaged:all-MiniLM-L6-v2")
    assert "**packaged\\:all-MiniLM-L6-v2 can't read this text.**" in text_of(at, "warning")


def test_japanese_strings():
    at = open_page(corpus_tab="finetune", first={"lang": "ja"}, corpus_set="ja")
    assert at.title[0].value == "たくさんの文で見る"
    assert "実行ボタンを押してください" in text_of(at, "info")
