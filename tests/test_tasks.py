"""Question answering, tagging and the [CLS] + features demo: engine and command line.

The planted tiny models (``planted_tasks``) give known answers: QA starts at "paris" and ends at
"france"; the tagger labels "run" B-PER, "##ner" I-LOC, "paris"/"london" B-LOC, "france" I-LOC.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from planted_tasks import NER_TEXT, QA_ANSWER, QA_PASSAGE, QA_QUESTION
from test_cli import run_cli

from bertvis import features, models, qa, tagging
from bertvis.errors import BertvisError
from bertvis.trace import trace
from bertvis.words import marker_word_ids


@pytest.fixture(scope="module")
def qa_model(planted_qa):
    return models.load(planted_qa, kind="question-answering", device="cpu")


@pytest.fixture(scope="module")
def ner_model(planted_ner):
    return models.load(planted_ner, kind="token-classification", device="cpu")


# --- span decoding on hand-written logits --------------------------------------------------

def test_top_spans_ranks_valid_spans_by_start_plus_end():
    start = np.array([0.0, 5.0, 1.0, 0.0])
    end = np.array([4.0, 0.0, 1.0, 3.0])
    assert qa.top_spans(start, end, max_answer_tokens=4) == [
        (1, 3, 8.0), (1, 2, 6.0), (1, 1, 5.0), (0, 0, 4.0), (2, 3, 4.0)]


def test_top_spans_respects_the_length_limit():
    start = np.array([0.0, 5.0, 1.0, 0.0])
    end = np.array([4.0, 0.0, 1.0, 3.0])
    spans = qa.top_spans(start, end, max_answer_tokens=2, top_k=10)
    assert spans[0] == (1, 2, 6.0)
    assert all(j - i + 1 <= 2 for i, j, _ in spans)
    assert len(spans) == 4 + 3  # single tokens plus adjacent pairs
    with pytest.raises(BertvisError):
        qa.top_spans(start, end, max_answer_tokens=0)


def test_top_spans_never_ends_before_it_starts():
    # The best start is the last token and the best end the first: that span is invalid.
    spans = qa.top_spans(np.array([0.0, 0.0, 9.0]), np.array([9.0, 0.0, 0.0]), 3, top_k=6)
    assert all(i <= j for i, j, _ in spans)
    assert spans[:2] == [(0, 0, 9.0), (2, 2, 9.0)]


# --- question answering on the planted model ------------------------------------------------

def test_planted_qa_finds_the_span(qa_model):
    result = trace(qa_model, QA_QUESTION, QA_PASSAGE)
    found = qa.answer(qa_model, result)
    assert found.best.text == QA_ANSWER
    assert result.tokens[found.best.start] == "paris" and result.tokens[found.best.end] == "france"
    assert found.best.start >= result.sentence_b_start  # the question's "paris" is not a candidate
    assert (found.best.char_start, found.best.char_end) == (0, len(QA_ANSWER))
    assert found.passage_tokens == ["paris", "is", "the", "capital", "city", "of", "france", "."]
    np.testing.assert_allclose([found.start_probs.sum(), found.end_probs.sum()], 1.0)
    i = int(np.flatnonzero(found.passage_index == found.best.start)[0])
    j = int(np.flatnonzero(found.passage_index == found.best.end)[0])
    assert found.best.probability == pytest.approx(found.start_probs[i] * found.end_probs[j])
    assert found.best.probability > 0.9
    assert found.best.score == pytest.approx(
        found.start_logits[found.best.start] + found.end_logits[found.best.end])
    assert len(found.alternatives) == 5 and found.alternatives[0] == found.best


def test_scores_are_dot_products_with_the_start_and_end_vectors(qa_model):
    result = trace(qa_model, QA_QUESTION, QA_PASSAGE)
    head = qa.answer(qa_model, result).head
    np.testing.assert_array_equal(head.start_vector, np.eye(32)[0])  # planted: reads dim 0
    np.testing.assert_array_equal(head.end_vector, np.eye(32)[1])
    np.testing.assert_allclose(head.start_scores, result.head_outputs["start_logits"], atol=1e-5)
    np.testing.assert_allclose(head.end_scores, result.head_outputs["end_logits"], atol=1e-5)
    assert head.max_difference < 1e-5


def test_planted_qa_with_a_short_limit_keeps_the_start(qa_model):
    found = qa.answer(qa_model, trace(qa_model, QA_QUESTION, QA_PASSAGE), max_answer_tokens=3)
    assert found.tokens[found.best.start] == "paris"
    assert all(s.end - s.start + 1 <= 3 for s in found.alternatives)
    assert found.best.text.startswith("paris") and "france" not in found.best.text


def test_span_text_without_offsets_joins_the_tokens(qa_model):
    result = trace(qa_model, QA_QUESTION, QA_PASSAGE)
    found = qa.answer(qa_model, dataclasses.replace(result, offsets=[None] * result.n_tokens))
    assert found.best.text == QA_ANSWER and found.best.char_start is None


def test_qa_needs_a_passage(qa_model):
    with pytest.raises(BertvisError) as info:
        qa.answer(qa_model, trace(qa_model, QA_QUESTION))
    assert info.value.code == "qa_no_passage"


# --- tagging ------------------------------------------------------------------------------

def test_group_entities_follows_bio():
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "B-MISC", "I-PER"]
    assert tagging.group_entities(labels) == [
        ("PER", 0, 1), ("LOC", 3, 4), ("LOC", 5, 5), ("MISC", 6, 6), ("PER", 7, 7)]


def test_wordpiece_words_join_hash_pieces():
    tokens = ["[CLS]", "un", "##believ", "##able", "run", "##ner", "[SEP]"]
    special = [True, False, False, False, False, False, True]
    assert marker_word_ids(tokens, special) == [None, 0, 0, 0, 1, 1, None]


def test_planted_tagger_labels_pieces_words_and_entities(ner_model):
    tags = tagging.tag(ner_model, trace(ner_model, NER_TEXT))
    assert tags.pieces == ["the", "run", "##ner", "sat", "in", "paris", "france", "and", "london"]
    assert tags.predicted == ["O", "B-PER", "I-LOC", "O", "O", "B-LOC", "I-LOC", "O", "B-LOC"]
    np.testing.assert_allclose(tags.probabilities.sum(axis=1), 1.0)
    assert [(w.text, w.label) for w in tags.words] == [
        ("the", "O"), ("runner", "B-PER"), ("sat", "O"), ("in", "O"), ("paris", "B-LOC"),
        ("france", "I-LOC"), ("and", "O"), ("london", "B-LOC")]
    assert [(e.kind, e.text) for e in tags.entities] == [
        ("PER", "runner"), ("LOC", "paris france"), ("LOC", "london")]
    assert NER_TEXT[tags.entities[1].char_start:tags.entities[1].char_end] == "paris france"
    assert tags.entity_kinds == ["PER", "LOC"]


def test_tagger_needs_a_token_classification_model(qa_model):
    with pytest.raises(BertvisError) as info:
        tagging.tag(qa_model, trace(qa_model, "the cat"))
    assert info.value.code == "tag_not_tagger"


# --- [CLS] + features -------------------------------------------------------------------------

def test_features_are_parsed_and_checked():
    np.testing.assert_array_equal(features.parse_features("4, 12.5 1"), [4.0, 12.5, 1.0])
    for bad in ("four", "", "1, nan"):
        with pytest.raises(BertvisError):
            features.parse_features(bad)


def test_shapes_demo_concatenates_cls_and_features(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    result = trace(loaded, "the cat sat")
    demo = features.shapes_demo(result, np.array([4.0, 12.5, 1.0]), n_classes=3)
    assert demo.joined.shape == (35,) and demo.weight_shape == (3, 35)
    assert demo.logits.shape == (3,)
    np.testing.assert_array_equal(demo.joined[:32], result.hidden_states[-1][0])
    np.testing.assert_array_equal(demo.joined[32:], [4.0, 12.5, 1.0])
    code = features.student_code("bert-base-uncased", 768, 3, 2)
    assert "# 768 + 3 = 771" in code and "torch.cat([cls, features], dim=-1)" in code
    compile(code, "student.py", "exec")


# --- command line -------------------------------------------------------------------------

def test_qa_command_prints_the_planted_answer(planted_qa):
    code, out, _ = run_cli("qa", "--question", QA_QUESTION, "--passage", QA_PASSAGE,
                           "--model", planted_qa, "--top-k", "3")
    assert code == 0
    data = json.loads(out)
    assert data["answer"]["text"] == QA_ANSWER
    assert data["answer"]["probability"] > 0.9
    assert len(data["alternatives"]) == 3
    assert data["passage_tokens"][0] == "paris"
    assert sum(data["start_probabilities"]) == pytest.approx(1.0, abs=1e-3)
    assert data["dot_product_max_difference"] < 1e-5


def test_tag_command_prints_the_planted_entities(planted_ner):
    code, out, _ = run_cli("tag", NER_TEXT, "--model", planted_ner)
    assert code == 0
    data = json.loads(out)
    assert [(e["type"], e["text"]) for e in data["entities"]] == [
        ("PER", "runner"), ("LOC", "paris france"), ("LOC", "london")]
    assert [t["label"] for t in data["tokens"]][1:3] == ["B-PER", "I-LOC"]
    assert data["words"][1] == {"word": "runner", "label": "B-PER",
                                "probability": data["words"][1]["probability"],
                                "positions": [2, 3]}


def test_task_commands_offline_are_clean_errors():
    code, out, err = run_cli("tag", "Angela Merkel visited Paris")
    assert code == 2 and out == "" and "dslim/bert-base-NER" in err
    code, out, err = run_cli("qa", "--question", "who?", "--passage", "me")
    assert code == 2 and out == "" and "not reachable" in err


def test_tagging_without_offsets_joins_the_pieces(ner_model):
    result = trace(ner_model, NER_TEXT)
    tags = tagging.tag(ner_model, dataclasses.replace(result, offsets=[None] * result.n_tokens))
    assert [(w.text, w.label) for w in tags.words][1] == ("runner", "B-PER")
    assert [(e.kind, e.text, e.char_start) for e in tags.entities] == [
        ("PER", "runner", None), ("LOC", "paris france", None), ("LOC", "london", None)]
