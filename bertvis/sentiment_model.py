"""The offline sentiment model: the packaged MiniLM encoder plus a head the project trained.

``all-MiniLM-L6-v2`` was trained to be read by *mean pooling* its last hidden states (not by its
``[CLS]`` pooler), so the head sits on the attention-masked mean of the final layer:

    logits[C] = classifier(mean_t(hidden_L[t] for non-padding t))

The shipped weights (``minilm_sentiment.safetensors``, float16, 3.6 MB: the head and the
encoder's last layer, ``bert.encoder.layer.5.*``, fine-tuned with it), the card (data, split,
seed, training, validation and held-out test accuracy) and the held-out test split live in
``assets/sentiment/``; ``scripts/train_sentiment_head.py`` reproduces them from scratch. Every
other weight (embeddings, layers 0-4) comes unchanged from the packaged encoder.
"""

from __future__ import annotations

import json

import torch
from safetensors.torch import load_file
from torch import nn
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput

from . import attention_capture
from .resources import asset

#: Folder holding the trained weights, their card and the held-out test split.
ASSETS = asset("sentiment")
#: The head and the fine-tuned last encoder layer (float16), keyed like the model's state dict.
WEIGHTS_FILE = ASSETS / "minilm_sentiment.safetensors"
CARD_FILE = ASSETS / "card.json"
TEST_SPLIT_FILE = ASSETS / "test_split.tsv"

LABELS = ("negative", "positive")


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``hidden`` ``[B, T, D]`` over the positions where ``attention_mask`` ``[B, T]``
    is 1; returns ``[B, D]``."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


class SentimentHead(nn.Module):
    """Linear classifier over a mean-pooled sentence vector ``[B, D]`` → logits ``[B, C]``."""

    def __init__(self, hidden_size: int, num_labels: int):
        super().__init__()
        self.linear = nn.Linear(hidden_size, num_labels)

    def forward(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.linear(pooled)


class MeanPooledSentimentModel(BertPreTrainedModel):
    """A BERT encoder + :class:`SentimentHead` on the mean of its last hidden states.

    Returns a :class:`SequenceClassifierOutput` like ``BertForSequenceClassification``, so
    :func:`bertvis.trace.trace` reads ``logits``, ``hidden_states`` and ``attentions`` from it.
    """

    def __init__(self, config: BertConfig):
        super().__init__(config)
        self.bert = BertModel(config, add_pooling_layer=False)
        self.classifier = SentimentHead(config.hidden_size, config.num_labels)
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None,
                **encoder_options) -> SequenceClassifierOutput:
        """``encoder_options``: the rest of ``BertModel.forward``'s (``inputs_embeds``,
        ``output_attentions``, ``output_hidden_states``)."""
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                        token_type_ids=token_type_ids, **encoder_options)
        hidden = out.last_hidden_state
        if attention_mask is None:
            attention_mask = torch.ones(hidden.shape[:2], device=hidden.device)
        logits = self.classifier(mean_pool(hidden, attention_mask))
        return SequenceClassifierOutput(
            logits=logits, hidden_states=out.hidden_states, attentions=out.attentions
        )


def card() -> dict:
    """The shipped model's card: data, split, seed, training, accuracy, labels."""
    return json.loads(CARD_FILE.read_text(encoding="utf-8"))


def build(encoder_path: str, dtype: torch.dtype = torch.float32) -> MeanPooledSentimentModel:
    """The encoder at ``encoder_path`` (eager attention, :mod:`bertvis.attention_capture`) with the shipped weights (head and
    fine-tuned last layer, cast from float16 to ``dtype``) loaded over it, eval mode."""
    config = BertConfig.from_pretrained(encoder_path, local_files_only=True)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = {name: i for i, name in enumerate(LABELS)}
    model = MeanPooledSentimentModel.from_pretrained(
        encoder_path,
        config=config,
        local_files_only=True,
        attn_implementation=attention_capture.IMPLEMENTATION,
        dtype=dtype,
    )
    shipped = {k: v.to(dtype) for k, v in load_file(WEIGHTS_FILE).items()}
    result = model.load_state_dict(shipped, strict=False)
    head_keys = {f"classifier.{k}" for k in model.classifier.state_dict()}
    if result.unexpected_keys or head_keys - shipped.keys():
        raise ValueError(f"{WEIGHTS_FILE.name} does not match the model: unexpected "
                         f"{result.unexpected_keys}, missing {sorted(head_keys - shipped.keys())}")
    return model.eval()
