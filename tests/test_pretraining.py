"""Masked words, the logit lens, pre-training corruption and next-sentence prediction: engine
and command line, on tiny BERTs with planted heads and against transformers' own outputs."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch
from planted_pretraining import MLM_BIAS, P_IS_NEXT, expected_probabilities
from tiny import VOCAB, make_tiny_bert
from transformers import BertForPreTraining

from bertvis import corruption, fill_mask, models, nsp
from bertvis.cli import main
from bertvis.errors import BertvisError
from bertvis.figures.pretraining import token_chips
from bertvis.trace import trace


@pytest.fixture(scope="module")
def planted(planted_pretraining):
    return models.load(planted_pretraining, device="cpu")


@pytest.fixture(scope="module")
def random_bert(tiny_bert):
    """The tiny BERT with random (but real, saved) heads, and transformers' own copy of it."""
    return models.load(str(tiny_bert), device="cpu"), BertForPreTraining.from_pretrained(
        str(tiny_bert)).eval()


def softmax(x: torch.Tensor) -> np.ndarray:
    return torch.softmax(x.double(), dim=-1).numpy()


# ---------------------------------------------------------------- masked words

def test_planted_head_guesses_fruit_with_the_softmax_of_its_bias(planted):
    result = trace(planted, fill_mask.with_model_masks("he is eating a [MASK] .", planted))
    [prediction] = fill_mask.predict(planted, result, k=3)
    expected = expected_probabilities()
    assert result.tokens[prediction.position] == "[MASK]"
    assert [g.token for g in prediction.guesses[:2]] == ["fruit", "house"]
    assert prediction.best.probability == pytest.approx(expected[VOCAB.index("fruit")], abs=1e-6)
    assert prediction.guesses[1].logit == pytest.approx(MLM_BIAS["house"], abs=1e-5)
    np.testing.assert_allclose(prediction.probabilities, expected, atol=1e-6)
    assert prediction.probabilities.sum() == pytest.approx(1.0, abs=1e-5)


def test_several_masks_match_transformers_softmax(random_bert):
    loaded, reference = random_bert
    text = "[MASK] cat sat on the [MASK] because it was [MASK] ."
    result = trace(loaded, text)
    predictions = fill_mask.predict(loaded, result, k=4)
    assert [p.position for p in predictions] == [1, 6, 10]
    enc = loaded.tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        logits = reference(**enc).prediction_logits[0]
    for prediction in predictions:
        probs = softmax(logits[prediction.position])
        top = np.argsort(-probs)[:4]
        assert [g.token_id for g in prediction.guesses] == top.tolist()
        np.testing.assert_allclose([g.probability for g in prediction.guesses], probs[top],
                                   atol=1e-5)


def test_logit_lens_reads_every_layer_and_ends_at_the_answer(random_bert):
    loaded, reference = random_bert
    result = trace(loaded, "i bought a [MASK] .")
    [prediction] = fill_mask.predict(loaded, result, k=3)
    lens = fill_mask.logit_lens(loaded, result, prediction.position, k=3)
    assert [layer.layer for layer in lens] == list(range(loaded.n_layers + 1))
    assert [g.token_id for g in lens[-1].guesses] == [g.token_id for g in prediction.guesses]
    np.testing.assert_allclose(lens[-1].probabilities, prediction.probabilities, atol=1e-6)
    enc = loaded.tokenizer("i bought a [MASK] .", return_tensors="pt")
    with torch.no_grad():
        hidden = reference.bert(**enc, output_hidden_states=True).hidden_states
        for layer in lens:
            expected = softmax(reference.cls.predictions(hidden[layer.layer][0, 4]))
            np.testing.assert_allclose(layer.probabilities, expected, atol=1e-5)
    assert not np.allclose(lens[0].probabilities, lens[-1].probabilities)


def test_typed_mask_becomes_the_model_mask_and_clicks_make_masks(planted):
    assert fill_mask.with_model_masks("a [mask] and [MASK]", planted) == "a [MASK] and [MASK]"
    text = "I bought a house playing."
    assert [tok for tok, _ in fill_mask.pieces(planted, text)] == [
        "i", "bought", "a", "house", "play", "##ing", "."]
    masked = fill_mask.mask_pieces(planted, text, [3, 5])
    assert masked == "I bought a [MASK] play [MASK] ."
    result = trace(planted, masked)
    assert [result.tokens[p] for p in fill_mask.mask_positions(result, planted) - 1] == [
        "a", "play"]
    assert fill_mask.mask_pieces(planted, text, []) == text
    assert fill_mask.mask_pieces(planted, text, [99]) == text


class _NoOffsets:
    """A tokenizer without character offsets, like the MeCab-based Japanese ones."""

    def __init__(self, tokenizer):
        self._tokenizer = tokenizer

    def __call__(self, *args, **kwargs):
        if kwargs.get("return_offsets_mapping"):
            raise NotImplementedError("no offsets in Python tokenizers")
        return self._tokenizer(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)


def test_clicks_without_offsets_join_the_tokens_back(planted):
    slow = dataclasses.replace(planted, tokenizer=_NoOffsets(planted.tokenizer))
    assert [span for _, span in fill_mask.pieces(slow, "He ate a fruit.")] == [None] * 5
    assert fill_mask.mask_pieces(slow, "He ate a fruit.", [3]) == "he ate a [MASK]."


def test_no_mask_gives_no_predictions_and_twenty_masks_give_twenty(planted):
    assert fill_mask.predict(planted, trace(planted, "he is eating a fruit ."), k=5) == []
    result = trace(planted, " ".join(["[MASK]"] * 20))
    predictions = fill_mask.predict(planted, result, k=2)
    assert len(predictions) == 20
    assert {p.best.token for p in predictions} == {"fruit"}


def test_model_without_heads_refuses_to_guess(minilm):
    assert not minilm.has_mlm and not minilm.has_nsp
    result = trace(minilm, "i bought a [MASK] .")
    with pytest.raises(BertvisError) as error:
        fill_mask.predict(minilm, result)
    assert error.value.code == "no_mlm_head"
    with pytest.raises(BertvisError) as error:
        nsp.next_sentence(minilm, trace(minilm, "a cat.", "a dog."))
    assert error.value.code == "no_nsp_head"


# ---------------------------------------------------------------- corruption

def test_pick_count_is_fifteen_percent_at_least_one():
    assert [corruption.n_to_pick(n) for n in (0, 1, 4, 10, 20, 100)] == [0, 1, 1, 2, 3, 15]


def test_corruption_is_reproducible_by_seed(planted):
    result = trace(planted, "the cat sat on the mat because it was tired and the dog was "
                            "happy but not very good .")
    first = corruption.corrupt_trace(planted, result, seed=42)
    again = corruption.corrupt_trace(planted, result, seed=42)
    assert first.positions.tolist() == again.positions.tolist()
    assert first.actions == again.actions
    assert np.array_equal(first.corrupted_ids, again.corrupted_ids)
    assert len(first.positions) == corruption.n_to_pick(result.n_tokens - 2) == 3
    others = [corruption.corrupt_trace(planted, result, seed=s) for s in range(5)]
    assert any(o.positions.tolist() != first.positions.tolist() for o in others)


def test_corruption_follows_the_recipe_over_many_draws():
    n_tokens, special = 42, {0, 41, 20}  # [CLS], [SEP] and a mask are never picked
    ids = np.arange(100, 100 + n_tokens)
    allowed = np.array([i not in special for i in range(n_tokens)])
    random_ids = np.arange(5, 60)
    picks, actions, position_counts = 0, {a: 0 for a in corruption.ACTIONS}, np.zeros(n_tokens)
    draws = 3000
    for seed in range(draws):
        draw = corruption.corrupt(ids, allowed, mask_id=4, random_ids=random_ids, seed=seed)
        assert len(draw.positions) == 6  # round(0.15 * 39)
        picks += len(draw.positions)
        position_counts[draw.positions] += 1
        for position, action in zip(draw.positions, draw.actions):
            actions[action] += 1
            new = draw.corrupted_ids[position]
            if action == "mask":
                assert new == 4
            elif action == "random":
                assert new in random_ids
            else:
                assert new == ids[position]
        untouched = np.setdiff1d(np.arange(n_tokens), draw.positions)
        assert np.array_equal(draw.corrupted_ids[untouched], ids[untouched])
    # 18,000 picks: four standard deviations of a binomial share are below these tolerances.
    assert actions["mask"] / picks == pytest.approx(0.8, abs=0.013)
    assert actions["random"] / picks == pytest.approx(0.1, abs=0.01)
    assert actions["keep"] / picks == pytest.approx(0.1, abs=0.01)
    assert position_counts[list(special)].sum() == 0
    shares = position_counts[allowed] / draws
    assert shares.mean() == pytest.approx(6 / 39, abs=1e-9)
    assert shares.min() > 0.12 and shares.max() < 0.19  # every token about equally likely


def test_recovery_reads_the_planted_guess_at_every_pick(planted):
    result = trace(planted, "fruit fruit fruit fruit fruit fruit fruit house")
    draw = corruption.corrupt_trace(planted, result, seed=1)
    found = corruption.recover(planted, result, draw)
    p_fruit = expected_probabilities()[VOCAB.index("fruit")]
    assert [r.position for r in found] == draw.positions.tolist()
    for r in found:
        assert r.predicted == "fruit"
        assert r.p_predicted == pytest.approx(p_fruit, abs=1e-6)
        assert r.recovered == (r.original == "fruit")
        assert r.shown == planted.tokenizer.convert_ids_to_tokens(
            int(draw.corrupted_ids[r.position]))


def test_only_masks_and_special_tokens_leave_nothing_to_corrupt(planted):
    result = trace(planted, "[MASK] [SEP] [CLS]")
    assert not corruption.candidates(planted, result).any()
    with pytest.raises(BertvisError) as error:
        corruption.corrupt_trace(planted, result, seed=0)
    assert error.value.code == "nothing_to_corrupt"


# ---------------------------------------------------------------- next sentence

def test_planted_nsp_head_gives_ninety_percent(planted):
    found = nsp.next_sentence(planted, trace(planted, "he is eating a fruit .",
                                             "a house is near me ."))
    assert found.p_is_next == pytest.approx(P_IS_NEXT, abs=1e-6)
    assert found.logits.tolist() == pytest.approx([np.log(9.0), 0.0], abs=1e-5)


def test_nsp_matches_transformers_and_needs_a_pair(random_bert):
    loaded, reference = random_bert
    found = nsp.next_sentence(loaded, trace(loaded, "the cat sat .", "it was tired ."))
    enc = loaded.tokenizer("the cat sat .", "it was tired .", return_tensors="pt")
    with torch.no_grad():
        expected = softmax(reference(**enc).seq_relationship_logits[0])
    np.testing.assert_allclose(found.probabilities, expected, atol=1e-6)
    with pytest.raises(BertvisError) as error:
        nsp.next_sentence(loaded, trace(loaded, "the cat sat ."))
    assert error.value.code == "need_pair"


def test_masked_lm_only_checkpoint_has_no_nsp(tmp_path):
    folder = make_tiny_bert(tmp_path / "encoder", kind="encoder")
    loaded = models.load(str(folder), device="cpu")
    assert not loaded.has_mlm and not loaded.has_nsp


# ---------------------------------------------------------------- command line

def run_cli(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_cli_fill_mask_reports_the_planted_guesses(capsys, planted_pretraining):
    code, out, _ = run_cli(capsys, "fill-mask", "he is eating a [MASK] and a [mask] .",
                           "--model", planted_pretraining, "--top-k", "2", "--device", "cpu")
    assert code == 0
    expected = expected_probabilities()
    assert [m["mask"] for m in out["masks"]] == [1, 2]
    for mask in out["masks"]:
        assert out["tokens"][mask["position"]] == "[MASK]"
        assert [g["token"] for g in mask["top_k"]] == ["fruit", "house"]
        assert mask["top_k"][0]["probability"] == pytest.approx(
            expected[VOCAB.index("fruit")], abs=1e-6)
        assert "per_layer" not in mask


def test_cli_fill_mask_per_layer(capsys, tiny_bert):
    code, out, _ = run_cli(capsys, "fill-mask", "i bought a [MASK] .", "--model", str(tiny_bert),
                           "--per-layer", "--top-k", "3", "--device", "cpu")
    assert code == 0
    [mask] = out["masks"]
    assert [layer["layer"] for layer in mask["per_layer"]] == [0, 1, 2]
    last = mask["per_layer"][-1]["guesses"]
    assert [g["token"] for g in last] == [g["token"] for g in mask["top_k"]]
    assert [g["probability"] for g in last] == pytest.approx(
        [g["probability"] for g in mask["top_k"]], abs=1e-5)
    assert len(mask["per_layer"][0]["guesses"]) == 3


def test_cli_nsp_reports_probability_and_logits(capsys, planted_pretraining):
    code, out, _ = run_cli(capsys, "nsp", "he is eating a fruit .", "a house is near me .",
                           "--model", planted_pretraining, "--device", "cpu")
    assert code == 0
    assert out["p_is_next"] == pytest.approx(P_IS_NEXT, abs=1e-6)
    assert out["p_not_next"] == pytest.approx(1 - P_IS_NEXT, abs=1e-6)
    assert out["logits"]["IsNext"] == pytest.approx(np.log(9.0), abs=1e-5)
    assert out["logits"]["NotNext"] == pytest.approx(0.0, abs=1e-6)


def test_cli_refuses_without_a_mask_or_a_head(capsys, planted_pretraining, tiny_encoder):
    code, _, err = run_cli(capsys, "fill-mask", "no mask here .", "--model", planted_pretraining)
    assert code == 2 and "No [MASK]" in err
    code, _, err = run_cli(capsys, "fill-mask", "a [MASK] .", "--model", str(tiny_encoder))
    assert code == 2 and "has no masked-LM head" in err
    code, _, err = run_cli(capsys, "nsp", "a cat .", "a dog .", "--model", str(tiny_encoder))
    assert code == 2 and "has no next-sentence head" in err
    code, _, err = run_cli(capsys, "fill-mask", "a [MASK] .", "--model", planted_pretraining,
                           "--top-k", "0")
    assert code == 2 and "--top-k" in err


def test_token_chips_escape_what_was_typed():
    body = token_chips(["<script>", "ok"], {0: ("#E69F00", "<b>guess</b>")})
    assert "<script>" not in body and "<b>" not in body
    assert "&lt;script&gt;" in body and "&lt;b&gt;guess&lt;/b&gt;" in body


@pytest.mark.parametrize("family", ["roberta", "distilbert"])
def test_other_families_use_their_own_masked_lm_head(family, tmp_path):
    from tiny_other import make_tiny_distilbert, make_tiny_roberta
    from transformers import AutoModelForMaskedLM

    make = make_tiny_roberta if family == "roberta" else make_tiny_distilbert
    folder = str(make(tmp_path / family))
    loaded = models.load(folder, device="cpu")
    assert loaded.has_mlm and not loaded.has_nsp
    text = "the cat sat on the [MASK] ."
    result = trace(loaded, text)
    [prediction] = fill_mask.predict(loaded, result, k=3)
    reference = AutoModelForMaskedLM.from_pretrained(folder).eval()
    enc = loaded.tokenizer(text, return_tensors="pt")
    enc.pop("token_type_ids", None)
    with torch.no_grad():
        expected = softmax(reference(**enc).logits[0, prediction.position])
    np.testing.assert_allclose(prediction.probabilities, expected, atol=1e-5)
    lens = fill_mask.logit_lens(loaded, result, prediction.position)
    assert len(lens) == loaded.n_layers + 1
