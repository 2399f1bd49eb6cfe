"""Combining BERT with other features: the ``[CLS]`` vector joined to numeric features.

A common student project feeds a classifier both the text and a few numbers about it (a star
rating, a price, an account's age). The usual recipe concatenates BERT's final ``[CLS]`` vector
(size ``D``) with the ``k`` numbers and trains one linear layer on the ``D + k`` values.
:func:`shapes_demo` runs that recipe once on a real Trace with an *untrained*, seeded linear
layer, only to show the shapes; its outputs are not a prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .errors import BertvisError
from .trace import Trace

STUDENT_CODE = '''\
import torch
from torch import nn
from transformers import AutoModel, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("{model}")
bert = AutoModel.from_pretrained("{model}")


class BertWithFeatures(nn.Module):
    def __init__(self, bert, n_features={k}, n_classes={classes}):
        super().__init__()
        self.bert = bert
        hidden = bert.config.hidden_size                          # {d}
        self.classifier = nn.Linear(hidden + n_features, n_classes)  # {d} + {k} = {total}

    def forward(self, input_ids, attention_mask, features):
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask)
        cls = out.last_hidden_state[:, 0]             # [batch, {d}]
        x = torch.cat([cls, features], dim=-1)        # [batch, {total}]
        return self.classifier(x)                     # [batch, {classes}]


# Standardise each feature (mean 0, std 1 on the training set) before training:
# BERT's [CLS] values are small, and a raw price of 1,200 would drown them.
'''


@dataclass(frozen=True)
class FeatureShapes:
    """Shapes (and the real values) of one pass through the concatenate-then-classify recipe."""

    cls: np.ndarray  # [D], the final-layer [CLS] vector of the Trace
    features: np.ndarray  # [k]
    joined: np.ndarray  # [D + k]
    weight_shape: tuple[int, int]  # (classes, D + k)
    logits: np.ndarray  # [classes], from an untrained seeded layer: shapes only

    @property
    def hidden_size(self) -> int:
        return self.cls.shape[0]


def parse_features(text: str) -> np.ndarray:
    """``"4, 12.5, 1"`` -> ``[4.0, 12.5, 1.0]`` (commas or spaces between numbers)."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        values = np.array([float(p) for p in parts], dtype=np.float32)
    except ValueError as exc:
        raise BertvisError("features_not_numbers", f"Not a list of numbers: {text!r}",
                           text=text[:60]) from exc
    if values.size == 0 or not np.isfinite(values).all():
        raise BertvisError("features_not_numbers", f"Not a list of numbers: {text!r}",
                           text=text[:60])
    return values


def shapes_demo(result: Trace, features: np.ndarray, n_classes: int = 2,
                seed: int = 0) -> FeatureShapes:
    """Concatenate ``result``'s final ``[CLS]`` vector with ``features`` and apply a random
    ``Linear(D + k, n_classes)`` (seeded, untrained) to show every shape along the way."""
    cls = torch.from_numpy(np.array(result.hidden_states[-1][0]))
    extra = torch.from_numpy(np.asarray(features, dtype=np.float32))
    joined = torch.cat([cls, extra], dim=-1)
    generator = torch.Generator().manual_seed(seed)
    layer = torch.nn.Linear(joined.shape[0], n_classes)
    with torch.no_grad():
        layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * 0.02)
        layer.bias.zero_()
        logits = layer(joined)
    return FeatureShapes(cls.numpy(), extra.numpy(), joined.numpy(),
                         tuple(layer.weight.shape), logits.numpy())


def student_code(model_id: str, hidden_size: int, n_features: int, n_classes: int) -> str:
    """The code a student would write for this model and these sizes."""
    return STUDENT_CODE.format(model=model_id, d=hidden_size, k=n_features, classes=n_classes,
                               total=hidden_size + n_features)
