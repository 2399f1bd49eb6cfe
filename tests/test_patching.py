"""Patching between a minimal pair (bertvis.patching) on the packaged sentiment model."""

from __future__ import annotations

import numpy as np
import pytest

from bertvis import models, patching
from bertvis.errors import BertvisError
from bertvis.importance import objective
from bertvis.presets import PACKAGED_SENTIMENT
from bertvis.trace import trace

TEXT_A, TEXT_B = "The film was wonderful.", "The film was terrible."


@pytest.fixture(scope="module")
def sentiment_model():
    return models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")


@pytest.fixture(scope="module")
def pair(sentiment_model):
    return trace(sentiment_model, TEXT_A), trace(sentiment_model, TEXT_B)


@pytest.fixture(scope="module")
def patched(sentiment_model, pair):
    return patching.patch(sentiment_model, *pair, "label")


def test_patching_a_head_with_its_own_output_changes_nothing(sentiment_model, pair):
    trace_a, _ = pair
    found = objective(sentiment_model, trace_a, "label")
    same = patching.head_patch_log_p(sentiment_model, found, trace_a, trace_a)
    np.testing.assert_allclose(np.exp(same), found.probability, atol=1e-6)


def test_the_residual_after_the_last_layer_everywhere_gives_b_exactly(sentiment_model, pair,
                                                                      patched):
    trace_a, trace_b = pair
    everywhere = [list(range(trace_a.n_tokens))]
    last = sentiment_model.n_layers - 1
    found = patched.objective
    log_p = patching.residual_patch_log_p(sentiment_model, found, trace_b, trace_a, last,
                                          everywhere)
    assert log_p[0] == patched.log_p_b
    assert patched.share(log_p)[0] == 1.0


def test_maps_have_the_pair_shapes_and_patched_heads_move_the_answer(patched, pair):
    trace_a, _ = pair
    assert patched.objective.answer == "positive"
    assert patched.log_p_b < patched.log_p_a
    assert patched.head_shares.shape == (6, 12)
    assert patched.position_shares.shape == (6, trace_a.n_tokens)
    # the sentiment model changed only its last layer; its heads carry some of the difference
    assert np.abs(patched.head_shares).max() > 0.01
    # after the last layer the answer is the mean over positions: the sum of the one-position
    # patches is the whole difference only approximately, but the changed word carries most
    word = trace_a.tokens.index("wonderful")
    assert patched.position_shares[-1].argmax() == word


def test_inputs_whose_tokens_do_not_line_up_are_refused(sentiment_model, pair):
    longer = trace(sentiment_model, "The film was not wonderful at all.")
    with pytest.raises(BertvisError, match=r"same number of tokens.*\(7 vs 10\)") as found:
        patching.patch(sentiment_model, pair[0], longer, "label")
    assert found.value.code == "pair_not_aligned"


def test_a_pair_with_the_same_answer_probability_is_refused(sentiment_model, pair):
    with pytest.raises(BertvisError, match="same probability") as found:
        patching.patch(sentiment_model, pair[0], pair[0], "label")
    assert found.value.code == "no_difference"


def test_the_residual_after_a_layer_is_that_layers_output(sentiment_model, pair, patched):
    """After the last layer nothing runs again: one position patched is A's last hidden
    states with that row taken from B's, read directly (patching the layer's input instead
    would run the last layer again and mix the row into every position)."""
    trace_a, trace_b = pair
    word = trace_a.tokens.index("wonderful")
    mixed = np.array(trace_a.hidden_states[-1])
    mixed[word] = trace_b.hidden_states[-1][word]
    expected = patching.log_p(sentiment_model, patched.objective,
                              patching._states(sentiment_model, mixed))[0]
    assert patched.positions[-1, word] == pytest.approx(expected, abs=1e-9)
