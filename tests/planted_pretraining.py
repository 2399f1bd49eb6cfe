"""A tiny BERT whose pre-training heads give known answers.

The masked-LM head's transform ends in a LayerNorm; with its weight and bias zeroed, the head
turns every hidden vector into a zero vector, so its scores are exactly the decoder bias, at
every layer. The NSP head's weight is zeroed, so its two scores are exactly its bias.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from tiny import VOCAB, make_tiny_bert

#: Decoder bias: "fruit" first, "house" second, every other entry 0.
MLM_BIAS = {"fruit": 4.0, "house": 3.0}
#: NSP bias (IsNext, NotNext): P(IsNext) = 9 / (9 + 1) = 0.9.
NSP_BIAS = (math.log(9.0), 0.0)
P_IS_NEXT = 0.9


def expected_probabilities() -> np.ndarray:
    """float64 ``[V]``: the planted head's softmax, computed here from the bias alone."""
    logits = np.zeros(len(VOCAB))
    for token, value in MLM_BIAS.items():
        logits[VOCAB.index(token)] = value
    exp = np.exp(logits)
    return exp / exp.sum()


def _plant(model, tokenizer) -> None:
    predictions = model.cls.predictions
    predictions.transform.LayerNorm.weight.zero_()
    predictions.transform.LayerNorm.bias.zero_()
    predictions.bias.zero_()
    for token, value in MLM_BIAS.items():
        predictions.bias[tokenizer.convert_tokens_to_ids(token)] = value
    model.cls.seq_relationship.weight.zero_()
    model.cls.seq_relationship.bias.copy_(model.cls.seq_relationship.bias.new_tensor(NSP_BIAS))


def make_planted_pretraining(folder: Path) -> Path:
    return make_tiny_bert(folder, kind="pretraining", plant=_plant)
