"""How BERT reads a sentence: the attention arithmetic, the input embeddings and padding,
recomputed from the model's own weights and checked against what the model reported."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from test_cli import run_cli
from tiny import VOCAB, make_tiny_bert
from tiny_other import make_tiny_distilbert, make_tiny_roberta

from bertvis import arithmetic, embeddings, models
from bertvis.errors import BertvisError
from bertvis.trace import trace

SINGLE = "the cat sat on the mat because it was tired ."
PAIR = ("the dog ate the fruit .", "it was very happy !")
REAL_SINGLE = "The bank raised its rates, so we sat on the river bank."
REAL_PAIR = ("The cat sat on the mat.", "It was tired because it played all day.")


@pytest.fixture(scope="module")
def tiny(tiny_bert):
    return models.load(str(tiny_bert), device="cpu")


@pytest.fixture(scope="module")
def tiny_bare(tiny_encoder):
    return models.load(str(tiny_encoder), device="cpu")


@pytest.fixture(scope="module")
def tiny_roberta(tmp_path_factory):
    return models.load(str(make_tiny_roberta(tmp_path_factory.mktemp("tiny-roberta"))),
                       device="cpu")


@pytest.fixture(scope="module")
def tiny_distilbert(tmp_path_factory):
    folder = make_tiny_distilbert(tmp_path_factory.mktemp("tiny-distilbert"))
    return models.load(str(folder), device="cpu")


def every_row_matches(loaded, result, tolerance: float = 1e-5) -> float:
    """Recompute rows one at a time (every layer and head; first, middle and last query);
    return the worst difference."""
    worst = 0.0
    for layer in range(result.n_layers):
        for head in range(result.n_heads):
            for query in (0, result.n_tokens // 2, result.n_tokens - 1):
                row = arithmetic.query_row(loaded, result, layer, head, query)
                np.testing.assert_allclose(row.weights, row.model_row, atol=tolerance, rtol=0)
                # the Trace's float16 row is the model's row rounded (half a step: 2^-12)
                np.testing.assert_allclose(result.attentions[layer, head, query], row.model_row,
                                           atol=2**-12, rtol=0)
                worst = max(worst, row.max_difference)
    return worst


# --- attention arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize("texts", [(SINGLE, None), PAIR], ids=["single", "pair"])
@pytest.mark.parametrize("name", ["tiny", "tiny_bare", "tiny_roberta"])
def test_recomputed_softmax_equals_the_models_attention_on_tiny_models(name, texts, request):
    loaded = request.getfixturevalue(name)
    result = trace(loaded, *texts)
    worst = every_row_matches(loaded, result)
    assert worst < 1e-5
    assert arithmetic.max_difference_all(loaded, result) == pytest.approx(worst, abs=1e-7)


@pytest.mark.parametrize("texts", [(REAL_SINGLE, None), REAL_PAIR], ids=["single", "pair"])
def test_recomputed_softmax_equals_the_models_attention_on_minilm(minilm, texts):
    result = trace(minilm, *texts)
    assert result.n_layers == 6 and result.n_heads == 12
    assert arithmetic.max_difference_all(minilm, result) < 1e-5
    row = arithmetic.query_row(minilm, result, 5, 11, 3)
    assert row.d_head == 32 and row.scale == pytest.approx(math.sqrt(32))
    assert row.max_difference < 1e-5
    np.testing.assert_allclose(row.scaled, row.scores / math.sqrt(32), rtol=1e-6)
    assert row.weights.sum() == pytest.approx(1.0, abs=1e-5)


def test_each_step_follows_from_the_last(tiny):
    result = trace(tiny, SINGLE)
    row = arithmetic.query_row(tiny, result, 1, 2, 3)
    np.testing.assert_allclose(row.scores, row.keys @ row.q, rtol=1e-5, atol=1e-6)
    softmax = np.exp(row.scaled - row.scaled.max())
    np.testing.assert_allclose(row.weights, softmax / softmax.sum(), atol=1e-6)
    np.testing.assert_allclose(row.head_output, row.weights @ row.values, atol=1e-6)
    assert row.tokens[row.query] == "sat" and row.q.shape == (8,)


def test_planted_zero_queries_give_uniform_attention(tmp_path):
    """With W_Q = 0 and b_Q = 0 every score is 0, so softmax is exactly 1/T."""
    def plant(model, _tokenizer):
        query = model.bert.encoder.layer[0].attention.self.query
        query.weight.zero_()
        query.bias.zero_()

    loaded = models.load(str(make_tiny_bert(tmp_path / "flat", plant=plant)), device="cpu")
    result = trace(loaded, SINGLE)
    row = arithmetic.query_row(loaded, result, 0, 1, 2)
    np.testing.assert_array_equal(row.scores, 0.0)
    np.testing.assert_allclose(row.weights, 1 / result.n_tokens, atol=1e-7)
    np.testing.assert_allclose(row.model_row, 1 / result.n_tokens, atol=1e-7)
    np.testing.assert_allclose(result.attentions[0, 1, 2], 1 / result.n_tokens, atol=2**-12)


@pytest.mark.parametrize("texts", [(SINGLE, None), PAIR], ids=["single", "pair"])
def test_heads_concatenate_into_the_models_context_and_projection(tiny, texts):
    result = trace(tiny, *texts)
    mix = arithmetic.head_mix(tiny, result, 1, 2, 3)
    assert mix.context.shape == (32,) and mix.contributions.shape == (4, 32)
    assert mix.context_difference < 1e-5
    assert mix.head_output_difference < 1e-5
    assert mix.projection_difference < 1e-5
    row = arithmetic.query_row(tiny, result, 1, 2, 3)
    np.testing.assert_allclose(mix.context[16:24], row.head_output, atol=1e-6)  # head 3's slice
    np.testing.assert_allclose(mix.contributions.sum(0) + mix.bias, mix.projected, atol=1e-5)
    assert mix.contribution_norms.shape == (4,)


def test_minilm_heads_concatenate_into_its_context(minilm):
    result = trace(minilm, *REAL_PAIR)
    mix = arithmetic.head_mix(minilm, result, 2, 5, 4)
    assert mix.context.shape == (384,)
    assert mix.context_difference < 1e-5 and mix.projection_difference < 1e-4


def test_out_of_range_choices_are_clean_errors(tiny):
    result = trace(tiny, SINGLE)
    for layer, head, query, code in ((2, 0, 0, "bad_layer"), (0, 4, 0, "bad_head"),
                                     (0, 0, result.n_tokens, "bad_query")):
        with pytest.raises(BertvisError) as info:
            arithmetic.query_row(tiny, result, layer, head, query)
        assert info.value.code == code


def test_an_unsupported_attention_layout_is_refused_clearly(tiny_distilbert):
    result = trace(tiny_distilbert, SINGLE)
    with pytest.raises(BertvisError) as info:
        arithmetic.query_row(tiny_distilbert, result, 0, 0, 0)
    assert info.value.code == "arithmetic_unsupported"
    assert info.value.details["model_type"] == "distilbert"


# --- tokens and embeddings ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["tiny", "tiny_bare", "tiny_roberta", "tiny_distilbert"])
def test_embedding_sum_and_layernorm_equal_the_first_hidden_state(name, request):
    loaded = request.getfixturevalue(name)
    result = trace(loaded, *PAIR)
    parts = embeddings.input_embeddings(loaded, result)
    assert parts.max_difference is not None and parts.max_difference < 1e-5
    np.testing.assert_allclose(parts.total, parts.token + parts.segment + parts.position,
                               atol=1e-6)
    norms = parts.norms()
    assert list(norms) == ["token", "segment", "position", "sum", "layernorm"]
    assert parts.has_segments == (name != "tiny_distilbert")
    expected_start = 1 if name == "tiny_roberta" else 0  # RoBERTa counts after its pad index
    assert parts.position_ids[0] == expected_start


def test_same_word_differs_only_by_position_and_segment(tiny):
    result = trace(tiny, "the cat sat on the mat")
    parts = embeddings.input_embeddings(tiny, result)
    first, second = result.tokens.index("the"), 5
    assert result.tokens[second] == "the"
    assert embeddings.cosine(parts.token[first], parts.token[second]) == pytest.approx(1.0)
    np.testing.assert_array_equal(parts.segment[first], parts.segment[second])
    assert not np.allclose(parts.position[first], parts.position[second])
    assert embeddings.cosine(parts.total[first], parts.total[second]) < 0.999


def test_minilm_embeddings_equal_its_first_hidden_state(minilm):
    result = trace(minilm, *REAL_PAIR)
    parts = embeddings.input_embeddings(minilm, result)
    assert parts.token.shape == (result.n_tokens, 384)
    assert parts.max_difference < 1e-5


def test_token_rows_mark_specials_segments_and_split_words(tiny):
    result = trace(tiny, "the runner is unbelievable", "he sat")
    rows = embeddings.token_rows(result)
    assert [r.token for r in rows] == ["[CLS]", "the", "run", "##ner", "is", "un", "##believ",
                                       "##able", "[SEP]", "he", "sat", "[SEP]"]
    assert [r.special for r in rows] == [True] + [False] * 7 + [True, False, False, True]
    assert [r.segment for r in rows] == [0] * 9 + [1] * 3
    assert [r.split for r in rows] == [False, False, True, True, False, True, True, True,
                                       False, False, False, False]
    assert rows[2].word == rows[3].word == 1 and rows[9].word == 0
    assert rows[1].token_id == VOCAB.index("the") and all(r.mask == 1 for r in rows)


def test_cut_pieces_are_exactly_what_truncation_dropped(tiny):
    words = ["cat", "dog", "sat", "mat"] * 20  # 80 words, the tiny model reads 64 tokens
    result = trace(tiny, " ".join(words))
    assert result.truncation is not None and result.n_tokens == 64
    cut_a, cut_b = embeddings.cut_pieces(result)
    assert cut_a == words[62:] and cut_b == []
    assert len(cut_a) == result.truncation.dropped_tokens
    assert embeddings.cut_pieces(trace(tiny, SINGLE)) == ([], [])


@pytest.mark.parametrize("name", ["tiny", "tiny_roberta"])
def test_padding_leaves_real_tokens_alone_and_pads_get_no_weight(name, request):
    loaded = request.getfixturevalue(name)
    result = trace(loaded, *PAIR)
    example = embeddings.padding_example(loaded, result, result.n_tokens + 5)
    assert example.tokens[result.n_tokens:] == ["[PAD]"] * 5
    assert example.input_ids[result.n_tokens:].tolist() == [0] * 5
    assert example.attention_mask.tolist() == [1] * result.n_tokens + [0] * 5
    assert example.output_difference < 1e-5
    assert example.pad_weight < 1e-6 and example.pad_share < 1e-6
    assert example.unmasked_difference > 1e-3  # without the mask the pads change the outputs


def test_minilm_padding(minilm):
    result = trace(minilm, REAL_SINGLE)
    example = embeddings.padding_example(minilm, result, 32)
    assert example.length == 32 and example.tokens[-1] == "[PAD]"
    assert example.output_difference < 1e-4 and example.pad_weight < 1e-6
    assert example.unmasked_difference > 1e-2


def test_padding_length_is_checked(tiny):
    result = trace(tiny, SINGLE)
    for length in (result.n_tokens, 65):
        with pytest.raises(BertvisError) as info:
            embeddings.padding_example(tiny, result, length)
        assert info.value.code == "bad_padding_length"


# --- command line ---------------------------------------------------------------------------


def test_qk_prints_every_step_of_one_row(tiny_bert, tiny):
    code, out, _ = run_cli("qk", "the dog", "--pair", "a cat", "--model", str(tiny_bert),
                           "--layer", "2", "--head", "3", "--query", "2", "--device", "cpu")
    assert code == 0
    data = json.loads(out)
    assert data["tokens"] == ["[CLS]", "the", "dog", "[SEP]", "a", "cat", "[SEP]"]
    assert data["query_token"] == "dog" and data["d_head"] == 8
    scores, scaled = np.array(data["scores"]), np.array(data["scaled_scores"])
    np.testing.assert_allclose(scaled, scores / math.sqrt(8), atol=2e-6)
    np.testing.assert_allclose(data["softmax"], data["model_attention"], atol=1e-5)
    assert data["max_difference"] < 1e-5
    expected = trace(tiny, "the dog", "a cat").attentions[1, 2, 2]  # float16: 2^-12 steps
    np.testing.assert_allclose(data["model_attention"], expected, atol=2**-12 + 1e-6)


def test_qk_query_out_of_range(tiny_bert):
    code, out, err = run_cli("qk", "the dog", "--model", str(tiny_bert), "--query", "9")
    assert code == 2 and out == ""
    assert "--query must be 0..3" in err
