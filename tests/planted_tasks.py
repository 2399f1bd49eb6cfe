"""Tiny QA and tagging BERTs whose heads give known answers.

Both zero every attention and feed-forward output, so each token's final vector is just the
layer-normalised sum of its embeddings, and give only a few chosen words a non-zero word
embedding: a one-hot of size 10 along one hidden dimension. Every other token (special tokens
included) ends with an all-zero vector, so its logits are exactly the head's bias. A head row
that reads one dimension then fires only on the words planted there.
"""

from __future__ import annotations

from pathlib import Path

from tiny import bare_bert, make_tiny_bert

#: QA: "paris" carries dimension 0 (start), "france" dimension 1 (end).
QA_QUESTION = "is paris the capital of france ?"
QA_PASSAGE = "paris is the capital city of france ."
QA_ANSWER = "paris is the capital city of france"

#: Tagging labels and planted words.
NER_LABELS = {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC"}
NER_TEXT = "the runner sat in paris france and london"
NER_PLANT = {"run": (2, "B-PER"), "##ner": (3, "I-LOC"), "paris": (4, "B-LOC"),
             "france": (5, "I-LOC"), "london": (4, "B-LOC")}


def _plant_word(model, tokenizer, word: str, dim: int) -> None:
    token_id = tokenizer.convert_tokens_to_ids(word)
    model.base_model.embeddings.word_embeddings.weight[token_id, dim] = 10.0


def _plant_qa(model, tokenizer) -> None:
    bare_bert(model)
    _plant_word(model, tokenizer, "paris", 0)
    _plant_word(model, tokenizer, "france", 1)
    model.qa_outputs.weight.zero_()
    model.qa_outputs.bias.zero_()
    model.qa_outputs.weight[0, 0] = 1.0  # start vector reads dimension 0
    model.qa_outputs.weight[1, 1] = 1.0  # end vector reads dimension 1


def _plant_ner(model, tokenizer) -> None:
    bare_bert(model)
    label_ids = {name: i for i, name in NER_LABELS.items()}
    model.classifier.weight.zero_()
    model.classifier.bias.zero_()
    model.classifier.bias[label_ids["O"]] = 1.0  # unplanted tokens (zero vectors) are "O"
    for piece, (dim, label) in NER_PLANT.items():
        _plant_word(model, tokenizer, piece, dim)
        model.classifier.weight[label_ids[label], dim] = 2.0


def make_planted_qa(folder: Path) -> Path:
    return make_tiny_bert(folder, kind="question-answering", plant=_plant_qa)


def make_planted_ner(folder: Path) -> Path:
    return make_tiny_bert(folder, kind="token-classification", plant=_plant_ner,
                          id2label=NER_LABELS, label2id={v: k for k, v in NER_LABELS.items()})
