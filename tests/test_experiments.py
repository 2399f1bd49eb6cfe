"""Head knockout, the causal mask, head importance and minimal pairs (bertvis.interventions,
bertvis.importance, bertvis.comparison) on planted tiny models and the packaged sentiment model."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from planted_experiments import DECISIVE, TEXT
from planted_tasks import NER_TEXT, QA_PASSAGE, QA_QUESTION
from tiny_other import make_tiny_distilbert, make_tiny_roberta

from bertvis import answers, comparison, importance, interventions, models, sentiment
from bertvis.errors import BertvisError
from bertvis.presets import PACKAGED_SENTIMENT
from bertvis.trace import trace

SENTIMENT_TEXT = "The movie was wonderful and the actors were great."


@pytest.fixture(scope="module")
def decisive(planted_decisive):
    return models.load(planted_decisive, kind="sequence-classification", device="cpu")


@pytest.fixture(scope="module")
def packaged_sentiment():
    return models.load(PACKAGED_SENTIMENT, kind="sequence-classification", device="cpu")


@pytest.fixture(scope="module")
def pretraining(planted_pretraining):
    return models.load(planted_pretraining, device="cpu")


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory, pretraining, packaged_sentiment, planted_qa, planted_ner):
    """(model, text A, text B, outputs) for each model kind and layout the app loads."""
    qa_model = models.load(planted_qa, kind="question-answering", device="cpu")
    ner_model = models.load(planted_ner, kind="token-classification", device="cpu")
    roberta = models.load(str(make_tiny_roberta(tmp_path_factory.mktemp("roberta"))),
                          device="cpu")
    distil = models.load(str(make_tiny_distilbert(tmp_path_factory.mktemp("distil"))),
                         device="cpu")
    return {
        "pretraining": (pretraining, "he is eating a [MASK] .", "a house is near me .",
                        ["mask", "nsp"]),
        "sentiment": (packaged_sentiment, SENTIMENT_TEXT, None, ["label"]),
        "qa": (qa_model, QA_QUESTION, QA_PASSAGE, ["span"]),
        "ner": (ner_model, NER_TEXT, None, ["tags"]),
        "roberta": (roberta, "the cat sat on the [MASK] .", None, ["mask"]),
        "distilbert": (distil, "the cat sat on the [MASK] .", None, ["mask"]),
    }


KINDS = ("pretraining", "sentiment", "qa", "ner", "roberta", "distilbert")


def _same_trace(a, b, tolerance: float) -> None:
    assert a.tokens == b.tokens
    assert np.abs(a.attentions.astype(np.float32) - b.attentions).max() <= tolerance
    assert np.abs(a.hidden_states.astype(np.float32) - b.hidden_states).max() <= tolerance
    assert a.head_outputs.keys() == b.head_outputs.keys()
    for name in a.head_outputs:
        assert np.abs(a.head_outputs[name] - b.head_outputs[name]).max() <= tolerance, name


@pytest.mark.parametrize("kind", KINDS)
def test_all_gates_open_reproduce_the_trace(every_kind, kind):
    loaded, text_a, text_b, _ = every_kind[kind]
    plain = trace(loaded, text_a, text_b)
    open_gates = {layer: torch.ones(loaded.n_heads) for layer in range(loaded.n_layers)}
    with interventions.intervene(loaded, open_gates):
        gated = trace(loaded, text_a, text_b)
    _same_trace(plain, gated, 1e-6)
    _same_trace(plain, interventions.knockout_trace(loaded, text_a, text_b, []), 0.0)


@pytest.mark.parametrize("kind", KINDS)
def test_layers_rerun_from_the_trace_reach_its_last_hidden_state(every_kind, kind):
    loaded, text_a, text_b, _ = every_kind[kind]
    plain = trace(loaded, text_a, text_b)
    for start in (0, loaded.n_layers - 1):
        with torch.inference_mode():
            last = interventions.run_layers(
                loaded, torch.from_numpy(plain.hidden_states[start].copy())[None], start)
        assert np.abs(last[0].numpy() - plain.hidden_states[-1]).max() < 1e-5


@pytest.mark.parametrize("kind", KINDS)
def test_every_output_reads_the_same_answer_as_its_task_module(every_kind, kind):
    loaded, text_a, text_b, outputs = every_kind[kind]
    plain = trace(loaded, text_a, text_b)
    assert importance.available_outputs(loaded, plain) == outputs
    for output in outputs:
        found = importance.objective(loaded, plain, output)  # raises on a mismatch
        assert 0.0 < found.probability <= 1.0
        assert answers.answer(loaded, plain, output)


def test_planted_answers_are_the_planted_ones(every_kind):
    loaded, text_a, text_b, _ = every_kind["pretraining"]
    plain = trace(loaded, text_a, text_b)
    assert importance.objective(loaded, plain, "mask").answer == "fruit"
    nsp = importance.objective(loaded, plain, "nsp")
    assert (nsp.answer, round(nsp.probability, 6)) == ("IsNext", 0.9)
    qa_model, question, passage, _ = every_kind["qa"]
    span = importance.objective(qa_model, trace(qa_model, question, passage), "span")
    assert span.answer == "paris is the capital city of france"


def _bert_layer_by_hand(layer, hidden: torch.Tensor, n_heads: int, dropped: int) -> torch.Tensor:
    """One BERT layer on ``hidden`` ``[T, D]`` written out, head ``dropped``'s term left out of
    the concatenation before the output projection."""
    attention = layer.attention
    size = hidden.shape[-1] // n_heads
    split = lambda x: x.view(-1, n_heads, size).transpose(0, 1)  # noqa: E731
    q, k, v = (split(f(hidden)) for f in (attention.self.query, attention.self.key,
                                         attention.self.value))
    weights = torch.softmax(q @ k.transpose(1, 2) / size ** 0.5, dim=-1)
    heads = [weights[h] @ v[h] for h in range(n_heads)]
    heads[dropped] = torch.zeros_like(heads[dropped])
    mixed = attention.output.dense(torch.cat(heads, dim=-1))
    after_attention = attention.output.LayerNorm(mixed + hidden)
    middle = layer.intermediate(after_attention)
    return layer.output.LayerNorm(layer.output.dense(middle) + after_attention)


def test_one_head_out_equals_the_hand_computation(pretraining):
    text = "he is eating a [MASK] ."
    plain = trace(pretraining, text)
    layer_index, head = 1, 2
    knocked = interventions.knockout_trace(pretraining, text, None, [(layer_index, head)])
    layer = pretraining.encoder.encoder.layer[layer_index]
    with torch.no_grad():
        expected = _bert_layer_by_hand(layer, torch.from_numpy(plain.hidden_states[layer_index]
                                                               .copy()), 4, head)
    assert np.abs(knocked.hidden_states[layer_index] - plain.hidden_states[layer_index]).max() == 0
    assert np.abs(knocked.hidden_states[layer_index + 1] - expected.numpy()).max() < 1e-5
    # The head really mattered: without dropping it, the layer's output is different.
    assert np.abs(knocked.hidden_states[layer_index + 1]
                  - plain.hidden_states[layer_index + 1]).max() > 1e-3


def _state(loaded) -> dict:
    return {k: v.clone() for k, v in loaded.model.state_dict().items()}


def _hooks(loaded) -> int:
    return sum(len(m._forward_pre_hooks) + len(m._forward_hooks)
               for m in loaded.model.modules())


def test_the_cached_model_is_unchanged_afterwards(packaged_sentiment):
    before, hooks = _state(packaged_sentiment), _hooks(packaged_sentiment)
    interventions.knockout_trace(packaged_sentiment, SENTIMENT_TEXT, None, [(0, 1), (5, 9)])
    interventions.causal_trace(packaged_sentiment, SENTIMENT_TEXT)
    importance.head_importance(packaged_sentiment, trace(packaged_sentiment, SENTIMENT_TEXT),
                               "label")
    with pytest.raises(RuntimeError):
        with interventions.intervene(packaged_sentiment, {0: torch.zeros(12)}, causal=True):
            raise RuntimeError("a failure inside the block")
    after = packaged_sentiment.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert _hooks(packaged_sentiment) == hooks
    assert all(p.grad is None for p in packaged_sentiment.model.parameters())


def test_another_thread_sees_the_plain_model_during_a_knockout(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    seen = {}
    all_out = {layer: torch.zeros(12) for layer in range(6)}
    with interventions.intervene(packaged_sentiment, all_out):
        worker = threading.Thread(
            target=lambda: seen.update(other=trace(packaged_sentiment, SENTIMENT_TEXT)))
        worker.start()
        worker.join()
        seen["mine"] = trace(packaged_sentiment, SENTIMENT_TEXT)
    _same_trace(plain, seen["other"], 0.0)
    assert np.abs(seen["mine"].head_outputs["logits"] - plain.head_outputs["logits"]).max() > 0.1


def test_batched_sweep_matches_one_full_knockout_per_head(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    calls = []
    found = importance.head_importance(packaged_sentiment, plain, "label", batch_size=5,
                                       progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (72, 72) and len(calls) == 6 * 3  # 12 heads per layer in 3 batches
    for layer, head in [(0, 0), (2, 7), (5, 9), (5, 11)]:
        knocked = interventions.knockout_trace(packaged_sentiment, SENTIMENT_TEXT, None,
                                               [(layer, head)])
        p = sentiment.predict(packaged_sentiment, knocked).probabilities[1]
        assert abs(found.knocked[layer, head] - p) < 1e-5
        assert abs(importance.answer_probability(packaged_sentiment, found.objective, knocked)
                   - p) < 1e-6


def test_gradient_proxy_matches_a_finite_difference(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    found = importance.objective(packaged_sentiment, plain, "label")
    grad = importance.gradient_importance(packaged_sentiment, plain, found)
    layer, head, step = 5, 9, 1e-3
    start = torch.from_numpy(plain.hidden_states[0].copy())[None].double()
    model = packaged_sentiment.model.double()
    try:
        losses = []
        for value in (1.0 + step, 1.0 - step):
            gate = torch.ones(12, dtype=torch.float64)
            gate[head] = value
            with torch.no_grad():
                hidden = interventions.run_layers(packaged_sentiment, start, 0, {layer: gate})
                losses.append(-importance.log_probability(packaged_sentiment, found, hidden)[0])
    finally:
        model.float()
    slope = float(losses[0] - losses[1]) / (2 * step)  # ∂L/∂ξ; the proxy is its size
    assert grad[layer, head] > 1e-4
    assert abs(abs(slope) - grad[layer, head]) < 0.01 * grad[layer, head]


def test_the_planted_decisive_head_ranks_first_and_flips_the_answer(decisive):
    plain = trace(decisive, TEXT)
    found = importance.head_importance(decisive, plain, "label")
    assert found.objective.answer == "positive" and found.objective.probability > 0.9
    assert found.ranking("exact")[0] == DECISIVE
    assert found.ranking("gradient")[0] == DECISIVE
    knocked = interventions.knockout_trace(decisive, TEXT, None, [DECISIVE])
    assert sentiment.predict(decisive, knocked).label == "negative"
    assert found.knocked[DECISIVE] < 0.5
    others = np.delete(found.knocked.ravel(), DECISIVE[0] * 4 + DECISIVE[1])
    assert (others > 0.9).all()


def test_joint_effect_of_one_head_is_its_single_effect(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    found = importance.head_importance(packaged_sentiment, plain, "label")
    one = importance.joint_effect(packaged_sentiment, plain, found, 1)
    assert one.heads == [found.ranking()[0]]
    assert abs(one.joint - one.sum_of_single) < 1e-6
    three = importance.joint_effect(packaged_sentiment, plain, found, 3)
    assert len(three.heads) == 3 and three.single.shape == (3,)
    # Effects don't add up: the three together change p by more than their sum here.
    assert abs(three.joint - three.sum_of_single) > 1e-3


def test_pruning_curve_starts_at_the_answer_and_ends_with_every_head_removed(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    found = importance.head_importance(packaged_sentiment, plain, "label")
    curve = importance.pruning_curve(packaged_sentiment, plain, found, steps=8)
    assert curve.counts[0] == 0 and curve.counts[-1] == 72 and curve.shares[-1] == 1.0
    assert abs(curve.probabilities[0] - found.objective.probability) < 1e-5
    assert curve.order[-1] == found.ranking()[0]  # least important first, most important last
    everything_out = interventions.knockout_trace(
        packaged_sentiment, SENTIMENT_TEXT, None, [(l, h) for l in range(6) for h in range(12)])
    assert abs(curve.probabilities[-1]
               - sentiment.predict(packaged_sentiment, everything_out).probabilities[1]) < 1e-5
    synthetic = importance.PruningCurve([], np.arange(5), np.linspace(0, 1, 5),
                                        np.array([0.9, 0.88, 0.85, 0.5, 0.86]))
    assert importance.heads_to_keep(synthetic, 0.9) == 0.5


@pytest.mark.parametrize("kind", ["pretraining", "distilbert", "sentiment"])
def test_causal_mask_hides_the_future_and_rows_sum_to_one(every_kind, kind):
    loaded, text_a, text_b, _ = every_kind[kind]
    plain = trace(loaded, text_a, text_b)
    causal = interventions.causal_trace(loaded, text_a, text_b)
    weights = causal.attentions.astype(np.float32)
    above = np.triu(np.ones((causal.n_tokens,) * 2, dtype=bool), k=1)
    assert (weights[..., above] == 0).all()
    # the Trace keeps attentions in float16: a row sums to 1 within 1e-3
    assert np.abs(weights.sum(-1) - 1).max() < 1e-3
    assert np.allclose(weights[..., 0, 0], 1.0)  # the first token sees only itself
    assert (plain.attentions[..., above] > 0).any()  # the plain model does look ahead


@pytest.mark.parametrize("kind", ["pretraining", "distilbert"])
def test_under_the_causal_mask_words_after_the_mask_change_nothing(every_kind, kind):
    loaded = every_kind[kind][0]
    texts = ("the cat sat on the [MASK] .", "the cat sat on the [MASK] mat")
    plain = [trace(loaded, text) for text in texts]
    causal = [interventions.causal_trace(loaded, text) for text in texts]
    mask = 6  # [CLS] the cat sat on the [MASK]
    assert plain[0].tokens[mask] == "[MASK]"
    assert np.abs(causal[0].hidden_states[:, mask] - causal[1].hidden_states[:, mask]).max() == 0
    assert np.abs(plain[0].hidden_states[-1, mask] - plain[1].hidden_states[-1, mask]).max() > 1e-3
    guesses = [answers.answer(loaded, c, "mask")["masks"][0]["guesses"] for c in causal]
    assert guesses[0] == guesses[1]


def test_spearman_ranks_with_ties():
    assert importance.spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0])) == 1.0
    assert importance.spearman(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])) == -1.0
    # ranks (1.5, 1.5, 3) and (1, 2, 3): Pearson of the ranks = 0.8660...
    assert importance.spearman(np.array([5.0, 5.0, 7.0]),
                               np.array([1.0, 2.0, 3.0])) == pytest.approx(3 ** 0.5 / 2)
    assert np.isnan(importance.spearman(np.ones(4), np.arange(4.0)))


def test_parse_and_format_heads():
    assert interventions.parse_heads(" 9-6, 2-3,9-6", 12, 12) == [(1, 2), (8, 5)]
    assert interventions.format_heads([(8, 5), (1, 2)]) == "2-3,9-6"
    assert interventions.parse_heads("", 12, 12) == []
    with pytest.raises(BertvisError) as bad:
        interventions.parse_heads("9", 12, 12)
    assert bad.value.code == "bad_head_spec"
    with pytest.raises(BertvisError) as missing:
        interventions.parse_heads("13-1", 12, 12)
    assert missing.value.code == "bad_head_choice" and missing.value.details["layer"] == 13


def test_other_layouts_are_refused():
    albert = SimpleNamespace(encoder=None, config=SimpleNamespace(model_type="albert"),
                             display_name="albert-base-v2")
    with pytest.raises(BertvisError) as refused:
        interventions.layers(albert)
    assert refused.value.code == "experiments_unsupported"
    assert refused.value.details["model_type"] == "albert"


def test_an_output_the_model_lacks_is_refused(packaged_sentiment):
    plain = trace(packaged_sentiment, SENTIMENT_TEXT)
    with pytest.raises(BertvisError) as refused:
        importance.objective(packaged_sentiment, plain, "mask")
    assert refused.value.code == "output_unavailable"


def test_minimal_pair_lines_up_tokens_or_words(packaged_sentiment):
    trophy = "The trophy didn't fit in the suitcase because it was too {}."
    big, small = (trace(packaged_sentiment, trophy.format(w)) for w in ("big", "small"))
    same = comparison.pair_head(big, small, 4, 3)
    assert same.level == "token" and same.line_up
    assert np.allclose(same.difference, small.attentions[4, 3] - big.attentions[4, 3])
    assert "big/small" in same.difference_labels
    river = trace(packaged_sentiment, "The bank of the river")
    rates = trace(packaged_sentiment, "The bank raised its mortgages")  # mortgage ##s
    words = comparison.pair_head(river, rates, 0, 0)
    assert words.level == "word" and words.line_up  # 7 and 8 tokens, 5 words each
    assert words.second_labels[5] == "mortgages"
    assert words.difference_labels[2] == "bank"
    assert np.allclose(words.first.sum(-1), 1, atol=1e-3)  # float16 Trace rows
    longer = trace(packaged_sentiment, "The bank raised its interest rates again")
    apart = comparison.pair_head(river, longer, 0, 0)
    assert apart.level == "word" and not apart.line_up and apart.difference is None
