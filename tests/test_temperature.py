"""One softmax with a temperature, used by every prediction: masked words, next sentence,
sentence classification, question answering and tagging."""

from __future__ import annotations

import numpy as np
import pytest
from planted_tasks import NER_TEXT, QA_PASSAGE, QA_QUESTION, make_planted_ner, make_planted_qa
from tiny import make_tiny_bert

from bertvis import fill_mask, models, nsp, qa, sentiment, tagging
from bertvis.errors import BertvisError
from bertvis.probabilities import softmax
from bertvis.trace import trace


def by_hand(logits, temperature):
    exp = np.exp(np.asarray(logits, dtype=np.float64) / temperature)
    return exp / exp.sum(axis=-1, keepdims=True)


def test_softmax_with_temperature_known_values():
    logits = np.array([2.0, 1.0, 0.0])
    np.testing.assert_allclose(softmax(logits), by_hand(logits, 1.0), rtol=1e-12)
    np.testing.assert_allclose(softmax(logits, 2.0), by_hand(logits, 2.0), rtol=1e-12)
    # T = 2 halves the log-odds: p0/p1 = e^(1/2)
    hot = softmax(logits, 2.0)
    assert hot[0] / hot[1] == pytest.approx(np.exp(0.5))
    # very hot is nearly uniform, very cold nearly one-hot; the order never changes
    np.testing.assert_allclose(softmax(logits, 1000.0), 1 / 3, atol=1e-3)
    assert softmax(logits, 0.01)[0] == pytest.approx(1.0)
    rows = np.array([[1.0, 3.0], [0.5, -0.5]])
    np.testing.assert_allclose(softmax(rows, 0.5), by_hand(rows, 0.5), rtol=1e-12)
    assert softmax(np.array([1000.0, 0.0]), 0.1)[0] == 1.0  # no overflow


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan")])
def test_a_temperature_must_be_positive(bad):
    with pytest.raises(BertvisError) as info:
        softmax(np.zeros(3), bad)
    assert info.value.code == "bad_temperature"


@pytest.fixture(scope="module")
def tiny_pretraining(tiny_bert):
    return models.load(str(tiny_bert), device="cpu")


def test_masked_words_and_next_sentence_use_the_temperature(tiny_pretraining):
    loaded = tiny_pretraining
    result = trace(loaded, "the cat [MASK] on the mat .", "it was tired .")
    [cold] = fill_mask.predict(loaded, result, k=3)
    [hot] = fill_mask.predict(loaded, result, k=3, temperature=2.5)
    logits = fill_mask.head_logits(loaded, result.hidden_states[-1, [cold.position]])[0]
    np.testing.assert_allclose(hot.probabilities, by_hand(logits, 2.5), atol=1e-6)
    assert [g.token for g in hot.guesses] == [g.token for g in cold.guesses]
    assert hot.best.probability < cold.best.probability
    lens = fill_mask.logit_lens(loaded, result, cold.position, k=3, temperature=2.5)
    np.testing.assert_allclose(lens[-1].probabilities, hot.probabilities, atol=1e-6)
    found = nsp.next_sentence(loaded, result, temperature=3.0)
    np.testing.assert_allclose(found.probabilities, by_hand(result.head_outputs["nsp_logits"], 3.0),
                               atol=1e-6)


def test_classification_uses_the_temperature(tmp_path):
    folder = make_tiny_bert(tmp_path / "cls", kind="sequence-classification", num_labels=3)
    loaded = models.load(str(folder), kind="sequence-classification", device="cpu")
    result = trace(loaded, "a good movie")
    logits = result.head_outputs["logits"]
    found = sentiment.predict(loaded, result, temperature=0.5)
    np.testing.assert_allclose(found.probabilities, by_hand(logits, 0.5), rtol=1e-9)
    assert found.label == sentiment.predict(loaded, result).label


def test_question_answering_and_tagging_use_the_temperature(tmp_path):
    qa_model = models.load(str(make_planted_qa(tmp_path / "qa")), kind="question-answering",
                           device="cpu")
    result = trace(qa_model, QA_QUESTION, QA_PASSAGE)
    cold, hot = qa.answer(qa_model, result), qa.answer(qa_model, result, temperature=4.0)
    passage = qa.passage_indices(result)
    np.testing.assert_allclose(hot.start_probs,
                               by_hand(result.head_outputs["start_logits"][passage], 4.0))
    assert (hot.best.start, hot.best.end) == (cold.best.start, cold.best.end)
    assert hot.best.probability < cold.best.probability
    ner = models.load(str(make_planted_ner(tmp_path / "ner")), kind="token-classification",
                      device="cpu")
    result = trace(ner, NER_TEXT)
    cold, hot = tagging.tag(ner, result), tagging.tag(ner, result, temperature=3.0)
    pieces = ~result.special
    np.testing.assert_allclose(hot.probabilities,
                               by_hand(result.head_outputs["logits"][pieces], 3.0))
    assert hot.predicted == cold.predicted


def test_the_command_line_takes_a_temperature(tiny_bert):
    import json

    from test_cli import run_cli

    outputs = {}
    for temperature in ("1", "4"):
        code, out, _ = run_cli("nsp", "the cat sat .", "it was tired .", "--model", str(tiny_bert),
                               "--device", "cpu", "--temperature", temperature)
        assert code == 0
        outputs[temperature] = json.loads(out)
    logits = np.array(list(outputs["4"]["logits"].values()))
    assert outputs["4"]["p_is_next"] == pytest.approx(by_hand(logits, 4.0)[0], abs=1e-5)
    assert outputs["1"]["p_is_next"] == pytest.approx(by_hand(logits, 1.0)[0], abs=1e-5)
    code, _, err = run_cli("nsp", "a", "b", "--model", str(tiny_bert), "--device", "cpu",
                           "--temperature", "0")
    assert code != 0 and "temperature must be above 0" in err
