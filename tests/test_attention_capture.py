"""The attention models run with: eager attention that writes a Trace's weights in place.

A loaded CPU float32 model writes every layer's weights straight into the Trace's array (the
model's ``attentions`` output is views of it), equal to transformers' own eager attention; a
model it can't write for (bfloat16 here, a GPU elsewhere) runs plain eager and the Trace copies
the weights as before; outside a trace nothing changes.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
import torch
from transformers import BertModel

from bertvis import attention_capture, models, trace as trace_module
from bertvis.trace import trace


@pytest.fixture(scope="module")
def tiny(tiny_bert):
    return models.load(str(tiny_bert), device="cpu")


def _eager(tiny_bert, dtype=torch.float32, **inputs):
    """transformers' own eager attention on the same weights (a separate model object)."""
    model = BertModel.from_pretrained(str(tiny_bert), attn_implementation="eager", dtype=dtype)
    with torch.inference_mode():
        return model.eval()(**inputs, output_attentions=True).attentions


def test_loaded_models_use_the_capturing_attention(tiny):
    assert tiny.config._attn_implementation == attention_capture.IMPLEMENTATION


def test_a_trace_is_written_in_place_and_equals_eager_attention(tiny, tiny_bert, monkeypatch):
    copies = []
    monkeypatch.setattr(trace_module, "_copy_layers", lambda *a: copies.append(a))
    result = trace(tiny, "The cat sat on the mat.", "It was warm.")
    assert copies == []  # every layer went straight into the Trace's array
    ids = torch.tensor([result.input_ids.tolist()])
    types = torch.tensor([result.token_type_ids.tolist()])
    expected = _eager(tiny_bert, input_ids=ids, token_type_ids=types)
    for layer, weights in enumerate(expected):
        np.testing.assert_allclose(result.attentions[layer], weights[0].numpy(), rtol=0,
                                   atol=1e-6)


def test_the_model_output_holds_views_of_the_array_being_filled(tiny):
    enc = tiny.tokenizer("the dog was happy", return_tensors="pt")
    n = enc["input_ids"].shape[1]
    array = np.zeros((tiny.n_layers, tiny.n_heads, n, n), dtype=np.float32)
    with torch.inference_mode(), attention_capture.filling(array) as filled:
        out = tiny.encoder(**tiny.inputs(enc), output_attentions=True)
    assert filled.complete
    for layer, weights in enumerate(out.attentions):
        assert np.shares_memory(weights.numpy(), array[layer])
    np.testing.assert_allclose(array.sum(-1), 1.0, atol=1e-5)


def test_a_model_it_cant_write_for_runs_eager_and_the_trace_copies(tiny, tiny_bert):
    # a half-precision model (as on a GPU; the loader keeps float32 on the CPU), a copy
    half = dataclasses.replace(tiny, model=copy.deepcopy(tiny.model).to(torch.bfloat16),
                               dtype=torch.bfloat16)
    result = trace(half, "the dog was happy")
    expected = _eager(tiny_bert, torch.bfloat16, input_ids=torch.tensor([result.input_ids.tolist()]))
    for layer, weights in enumerate(expected):  # the model's bfloat16 weights, widened
        np.testing.assert_array_equal(result.attentions[layer], weights[0].float().numpy())


def test_outside_a_trace_and_for_a_batch_it_is_eager_attention(tiny, tiny_bert):
    enc = tiny.tokenizer(["the dog", "a cat sat on it"], return_tensors="pt", padding=True)
    n = enc["input_ids"].shape[1]
    array = np.zeros((tiny.n_layers, tiny.n_heads, n, n), dtype=np.float32)
    with torch.inference_mode(), attention_capture.filling(array) as filled:
        batch = tiny.encoder(**tiny.inputs(enc), output_attentions=True).attentions
    assert not filled.complete and not array.any()  # a batch isn't written anywhere
    with torch.inference_mode():
        outside = tiny.encoder(**tiny.inputs(enc), output_attentions=True).attentions
    eager = _eager(tiny_bert, **tiny.inputs(enc))
    for ours, plain, theirs in zip(batch, outside, eager):
        assert torch.equal(ours, plain) and torch.equal(ours, theirs)
