"""Norm-weighted attention (Kobayashi et al. 2020) and one whole layer recomputed from its own
weights, checked against what the model itself computes, on several layouts."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from tiny_other import make_tiny_albert, make_tiny_distilbert, make_tiny_electra, make_tiny_roberta

from bertvis import attention, layer_anatomy, models, norms
from bertvis.errors import BertvisError
from bertvis.trace import trace

SENTENCE = "the cat sat on the mat because it was tired ."
PAIR = ("the dog ate the fruit .", "it was very happy !")
REAL = ("The cat sat on the mat.", "It was tired because it played all day.")


@pytest.fixture(scope="module")
def layouts(tmp_path_factory, tiny_bert, minilm):
    """Every supported layout, loaded through the app's own loader."""
    folder = tmp_path_factory.mktemp("layouts")
    return {
        "minilm": minilm,
        "tiny_bert": models.load(str(tiny_bert), device="cpu"),
        "tiny_roberta": models.load(str(make_tiny_roberta(folder / "roberta")), device="cpu"),
        "tiny_electra": models.load(str(make_tiny_electra(folder / "electra")), device="cpu"),
    }


def dense_outputs(loaded, result) -> list[np.ndarray]:
    """Run the model again on the Trace's input and capture every layer's
    ``attention.output.dense`` output (before dropout, residual and LayerNorm)."""
    captured: list[np.ndarray] = []
    hooks = [layer.attention.output.dense.register_forward_hook(
        lambda module, args, out: captured.append(out[0].detach().float().numpy()))
        for layer in loaded.encoder.encoder.layer]
    try:
        with torch.inference_mode():
            loaded.encoder(input_ids=torch.tensor(np.array([result.input_ids])),
                           token_type_ids=torch.tensor(np.array([result.token_type_ids])))
    finally:
        for hook in hooks:
            hook.remove()
    return captured


@pytest.mark.parametrize("name", ["minilm", "tiny_bert", "tiny_roberta", "tiny_electra"])
def test_weighted_vectors_sum_to_the_attention_output(name, layouts):
    loaded = layouts[name]
    result = trace(loaded, *(REAL if name == "minilm" else PAIR))
    captured = dense_outputs(loaded, result)
    assert len(captured) == result.n_layers
    for layer, model_out in enumerate(captured):
        ours = norms.decomposed_output(loaded, result, layer)
        assert ours.shape == model_out.shape == (result.n_tokens, loaded.hidden_size)
        assert np.abs(ours - model_out).max() <= 1e-5, (name, layer)


def test_the_check_fails_when_a_head_is_left_out(layouts):
    """The sum over heads is what matches: dropping one head's vectors breaks it."""
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    model_out = dense_outputs(loaded, result)[0]
    vectors = norms.transformed_vectors(loaded, result, 0)
    weights = torch.from_numpy(np.array(result.attentions[0], dtype=np.float32))
    partial = torch.einsum("hij,hjo->io", weights[1:], vectors[1:]).numpy()
    assert np.abs(partial - model_out).max() > 1e-3


def test_norm_weighted_is_weight_times_vector_length(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    value_norms = norms.value_norms(loaded, result)
    assert value_norms.shape == (result.n_layers, result.n_heads, result.n_tokens)
    vectors = norms.transformed_vectors(loaded, result, 1)
    layer = norms.norm_weighted(result.attentions[1], value_norms[1])
    head, query, key = 2, 3, 5
    expected = np.linalg.norm(result.attentions[1, head, query, key] * vectors[head, key].numpy())
    assert layer[head, query, key] == pytest.approx(expected, rel=1e-5)


def test_norm_views_take_float16_weights(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    value_norms = norms.value_norms(loaded, result)
    half = np.asarray(result.attentions, dtype=np.float16)
    out = norms.norm_weighted(half[0], value_norms[0])
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, norms.norm_weighted(result.attentions[0], value_norms[0]),
                               atol=1e-2)


def test_norm_rollout_is_rollout_of_row_normalised_norms(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    value_norms = norms.value_norms(loaded, result)
    rolled = norms.norm_rollout(result, value_norms)
    manual = np.stack([attention.row_normalised(norms.norm_weighted(result.attentions[layer],
                                                                    value_norms[layer]))
                       for layer in range(result.n_layers)])
    np.testing.assert_allclose(rolled, attention.rollout(manual), atol=1e-6)
    np.testing.assert_allclose(rolled.sum(-1), 1.0, atol=1e-5)
    # with equal value norms everywhere it is the ordinary rollout, up to the row rescaling:
    # the Trace's float16 rows sum to 1 only to ~1e-3, and norm_rollout rescales them
    flat = np.ones_like(value_norms)
    np.testing.assert_allclose(norms.norm_rollout(result, flat),
                               attention.rollout(result.attentions), atol=1e-4)


def test_pooled_cells_match_pooling_the_full_array(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    value_norms = norms.value_norms(loaded, result)
    full = norms.norm_weighted(result.attentions, value_norms)
    np.testing.assert_allclose(norms.pooled_cells(result, value_norms, 4),
                               attention.pool(full, 4), atol=1e-6)


def test_minilm_special_tokens_lose_most_of_their_share_by_norm(minilm):
    """Kobayashi et al.'s finding on the real MiniLM: [CLS] takes over half the weight in the
    middle layers but a far smaller share of the norm."""
    result = trace(minilm, "The cat sat on the mat.")
    shares = norms.special_shares(result, norms.value_norms(minilm, result))
    assert shares.by_weight.shape == shares.by_norm.shape == (6, 3)
    cls_weight, cls_norm = shares.by_weight[:, 0], shares.by_norm[:, 0]
    assert cls_weight[1:5].min() > 0.5
    assert (cls_norm < cls_weight).all() and cls_norm[1:5].max() < 0.3
    stats = attention.head_stats(result)
    np.testing.assert_allclose(shares.by_weight[:, 0], stats.cls.mean(axis=1), atol=1e-6)
    records = shares.table()
    assert records[0]["layer"] == 1 and set(records[0]) == {
        "layer", "cls_weight", "sep_weight", "punctuation_weight", "cls_norm", "sep_norm",
        "punctuation_norm"}


@pytest.mark.parametrize("maker, model_type", [(make_tiny_distilbert, "distilbert"),
                                               (make_tiny_albert, "albert")])
def test_other_layouts_get_a_message(maker, model_type, tmp_path):
    loaded = models.load(str(maker(tmp_path / model_type)), device="cpu")
    result = trace(loaded, SENTENCE)
    for compute in (lambda: norms.value_norms(loaded, result),
                    lambda: layer_anatomy.layer_pass(loaded, result, 0)):
        with pytest.raises(BertvisError) as info:
            compute()
        assert info.value.code == "arithmetic_unsupported"
        assert info.value.details["model_type"] == model_type


# --- one whole layer ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["minilm", "tiny_bert", "tiny_roberta", "tiny_electra"])
def test_whole_layer_recomputed_equals_the_next_hidden_state(name, layouts):
    loaded = layouts[name]
    result = trace(loaded, *(REAL if name == "minilm" else PAIR))
    captured = dense_outputs(loaded, result)
    for layer in range(result.n_layers):
        recomputed = layer_anatomy.layer_pass(loaded, result, layer)
        assert recomputed.max_difference <= 1e-5, (name, layer)
        np.testing.assert_allclose(recomputed.attention, captured[layer], atol=1e-5)
        np.testing.assert_allclose(recomputed.residual_1,
                                   recomputed.input + recomputed.attention, atol=1e-6)
        assert recomputed.up.shape == (result.n_tokens, loaded.config.intermediate_size)


def test_a_wrong_stage_would_show_as_a_difference(layouts):
    """Without the second residual the output is far from the model's: the check can fail."""
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    recomputed = layer_anatomy.layer_pass(loaded, result, 0)
    norm = loaded.encoder.encoder.layer[0].output.LayerNorm
    without_residual = torch.nn.functional.layer_norm(
        torch.from_numpy(recomputed.down), norm.normalized_shape, norm.weight.detach(),
        norm.bias.detach(), norm.eps).numpy()
    assert np.abs(without_residual - recomputed.model_output).max() > 0.1


def test_changes_and_top_neurons(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    recomputed = layer_anatomy.layer_pass(loaded, result, 1)
    changes = recomputed.changes()
    assert set(changes) == {"attention", "feed_forward"}
    x, h = recomputed.input[2], recomputed.layernorm_1[2]
    assert changes["attention"][2] == pytest.approx(np.linalg.norm(h - x) / np.linalg.norm(x),
                                                    rel=1e-5)
    neurons = layer_anatomy.top_neurons(recomputed, 2, count=5, per_neuron=3)
    assert len(neurons) == 5
    acts = recomputed.activation[2]
    assert [n.index for n in neurons] == list(np.argsort(-acts)[:5])
    first = neurons[0]
    assert first.activation == pytest.approx(acts.max())
    assert first.top_tokens[0][1] == pytest.approx(recomputed.activation[:, first.index].max())
    assert len(first.top_tokens) == 3


def test_bad_layer_is_a_clean_error(layouts):
    loaded = layouts["tiny_bert"]
    result = trace(loaded, SENTENCE)
    with pytest.raises(BertvisError) as info:
        layer_anatomy.layer_pass(loaded, result, 2)
    assert info.value.code == "bad_layer"


# --- command line ------------------------------------------------------------------------------

def test_norms_command(tiny_bert, tmp_path):
    from test_cli import run_cli

    code, out, _ = run_cli("norms", "the cat sat .", "--pair", "it was tired .", "--model",
                           str(tiny_bert), "--device", "cpu")
    assert code == 0
    data = json.loads(out)
    assert data["tokens"][0] == "[CLS]" and len(data["layers"]) == 2
    assert data["layers"][1]["layer"] == 2 and 0 <= data["layers"][1]["cls_norm"] <= 1
    assert max(data["max_difference_decomposition"]) <= 1e-5
    assert max(data["max_difference_layer"]) <= 1e-5
    folder = make_tiny_distilbert(tmp_path / "distilbert")
    code, _, err = run_cli("norms", "the cat", "--model", str(folder), "--device", "cpu")
    assert code != 0 and "laid out like BERT" in err
