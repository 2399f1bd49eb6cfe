"""trace(): one forward pass, shapes, segments, truncation reported, bad text refused."""

from __future__ import annotations

import mmap

import numpy as np
import pytest
import torch

from bertvis import models
from bertvis.errors import BertvisError
from bertvis.trace import trace


@pytest.fixture(scope="module")
def tiny(tiny_bert):
    return models.load(str(tiny_bert), device="cpu")


def test_single_sentence_shapes_and_specials(tiny):
    result = trace(tiny, "The cat sat on the mat.")
    assert result.tokens == ["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"]
    n = result.n_tokens
    assert result.attentions.shape == (2, 4, n, n)
    assert result.hidden_states.shape == (3, n, 32)
    assert result.special.tolist() == [True] + [False] * (n - 2) + [True]
    assert result.sentence_b_start is None and not result.is_pair
    np.testing.assert_allclose(result.attentions.sum(-1), 1.0, atol=1e-5)
    assert result.attentions.dtype == np.float32


def test_pair_segments_and_nsp_logits_match_the_model(tiny):
    result = trace(tiny, "He is eating a fruit.", "A house is near me.")
    b = result.sentence_b_start
    assert result.tokens[b - 1] == "[SEP]" and result.tokens[-1] == "[SEP]"
    assert result.token_type_ids.tolist() == [0] * b + [1] * (result.n_tokens - b)
    assert (result.segments == result.token_type_ids).all()
    ids = torch.tensor([result.input_ids.tolist()])
    types = torch.tensor([result.token_type_ids.tolist()])
    with torch.no_grad():
        full = tiny.model(input_ids=ids, token_type_ids=types)
    np.testing.assert_allclose(result.head_outputs["nsp_logits"],
                               full.seq_relationship_logits[0].numpy(), atol=1e-5)


def test_hidden_states_match_a_plain_forward(tiny):
    result = trace(tiny, "the dog was happy")
    ids = torch.tensor([result.input_ids.tolist()])
    with torch.no_grad():
        plain = tiny.encoder(input_ids=ids, output_attentions=True)
    np.testing.assert_allclose(result.hidden_states[-1], plain.last_hidden_state[0].numpy(),
                               atol=1e-5)
    # the model's own weights, not a rounded copy
    np.testing.assert_allclose(result.attentions[1], plain.attentions[1][0].numpy(), atol=1e-6,
                               rtol=0)


def test_arrays_are_read_only(tiny):
    result = trace(tiny, "the cat")
    with pytest.raises(ValueError):
        result.attentions[0, 0, 0, 0] = 1.0


def test_truncation_is_reported_with_the_cut_text(tiny):
    text = " ".join(["cat"] * 40 + ["dog"] * 40)
    result = trace(tiny, text)
    cut = result.truncation
    assert result.n_tokens == tiny.max_length == 64
    assert cut.original_length == 82 and cut.kept_length == 64 and cut.dropped_tokens == 18
    assert cut.dropped_a == " ".join(["dog"] * 18) and cut.dropped_b == ""


def test_pair_truncation_cuts_the_longer_sentence(tiny):
    result = trace(tiny, " ".join(["cat"] * 60), "the dog was happy")
    cut = result.truncation
    assert result.n_tokens == 64 and cut.original_length == 60 + 4 + 3
    assert cut.dropped_b == "" and cut.dropped_a == "cat cat cat"
    assert result.tokens[-5:] == ["the", "dog", "was", "happy", "[SEP]"]


def test_short_input_is_not_marked_truncated(tiny):
    assert trace(tiny, "cat").truncation is None


@pytest.mark.parametrize("text", ["", "   \n\t ", None])
def test_empty_text_is_refused(tiny, text):
    with pytest.raises(BertvisError) as err:
        trace(tiny, text)
    assert err.value.code == "empty_text"


def test_unknown_characters_become_unk_not_errors(tiny):
    result = trace(tiny, "猫 🐱 <script>alert(1)</script>")
    assert "[UNK]" in result.tokens


def test_real_minilm_attention_rows_and_pair_segments(minilm):
    result = trace(minilm, "The restless cat was sleeping.", "It woke up at noon.")
    assert result.attentions.shape[:2] == (6, 12)
    np.testing.assert_allclose(result.attentions.astype(np.float32).sum(-1), 1.0, atol=1e-3)
    b = result.sentence_b_start
    assert result.tokens[0] == "[CLS]" and result.tokens[b - 1] == "[SEP]"
    assert result.tokens[b:b + 2] == ["it", "woke"]
    assert result.hidden_states.shape == (7, result.n_tokens, 384)
    assert "nsp_logits" not in result.head_outputs  # no NSP head: nothing made up


def test_real_minilm_512_token_pair_truncates(minilm):
    result = trace(minilm, "word " * 400, "other " * 400)
    assert result.n_tokens == 512
    assert result.truncation.dropped_tokens == (400 + 400 + 3) - 512


@pytest.mark.skipif(not hasattr(mmap, "MAP_POPULATE"), reason="MAP_POPULATE is Linux's")
def test_long_input_attentions_are_mapped_at_once_and_are_the_models(minilm):
    """At 512 tokens the attentions (75 MB for MiniLM) are copied into memory mapped in one go
    (trace._mapped_empty), and are still exactly the model's own weights."""
    text = "word " * 600
    result = trace(minilm, text)
    base = result.attentions
    while isinstance(base, np.ndarray):
        base = base.base
    assert isinstance(base, memoryview) and isinstance(base.obj, mmap.mmap)
    enc = minilm.tokenizer(text, return_tensors="pt", truncation=True, max_length=512)
    with torch.inference_mode():
        plain = minilm.encoder(**minilm.inputs(enc), output_attentions=True).attentions
    np.testing.assert_array_equal(result.attentions, torch.cat(plain).numpy())
    assert not result.attentions.flags.writeable
