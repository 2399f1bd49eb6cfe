"""The model types: :class:`LoadedModel` (a model ready to run, what it can do, and the inputs
its ``forward`` takes) and :class:`~bertvis.model_request.ModelKey` (what it was loaded as)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch
from transformers import PretrainedConfig, PreTrainedModel

from .model_request import ModelKey
from .presets import PACKAGED_MINILM, PACKAGED_SENTIMENT

__all__ = ["KINDS", "SUPPORTED_TYPES", "LoadedModel", "ModelKey"]

#: Encoder families whose attention the app can show (same outputs as BERT).
SUPPORTED_TYPES = ("bert", "roberta", "xlm-roberta", "camembert", "electra", "distilbert", "albert")

KINDS = ("pretraining", "sequence-classification", "question-answering", "token-classification")


@functools.cache
def _forward_parameters(module_class: type) -> frozenset[str]:
    """Names the ``forward`` of ``module_class`` accepts (read once per class)."""
    return frozenset(inspect.signature(module_class.forward).parameters)


def _tensor(values) -> torch.Tensor:
    """``values`` as an int64 tensor (a tensor as it is; a read-only numpy array copied)."""
    if isinstance(values, torch.Tensor):
        return values
    return torch.tensor(np.asarray(values), dtype=torch.int64)


@dataclass
class LoadedModel:
    """A model ready to run, and what the app may do with it (``key``: what it was loaded as)."""

    requested_id: str
    source: str
    kind: str
    model: PreTrainedModel
    tokenizer: object
    device: str
    dtype: torch.dtype
    param_count: int
    key: ModelKey
    has_mlm: bool = False
    has_nsp: bool = False
    has_pooler: bool = False  # a pooler (tanh layer on [CLS]) whose weights the checkpoint has
    fallback_reason: str | None = None
    origin: str = "hub"  # "hub", "cache", "local" or "packaged"

    @property
    def config(self) -> PretrainedConfig:
        return self.model.config

    @property
    def encoder(self) -> PreTrainedModel:
        """The bare encoder (``model.bert`` for BERT), without any head."""
        return self.model.base_model

    @property
    def n_layers(self) -> int:
        return self.config.num_hidden_layers

    @property
    def n_heads(self) -> int:
        return self.config.num_attention_heads

    @property
    def hidden_size(self) -> int:
        return self.config.hidden_size

    @property
    def max_length(self) -> int:
        """Longest input in tokens, special tokens included."""
        limits = [getattr(self.config, "max_position_embeddings", 512)]
        if self.config.model_type in ("roberta", "xlm-roberta", "camembert"):
            limits = [limits[0] - 2]  # positions are offset by the padding index
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tok_max, int) and 0 < tok_max < 100_000:
            limits.append(tok_max)
        return min(limits)

    @property
    def label_names(self) -> list[str]:
        """Class or tag names in id order (task models); empty for the encoder."""
        id2label = getattr(self.config, "id2label", None) or {}
        return [str(id2label[i]) for i in sorted(id2label)] if self.kind != "pretraining" else []

    @property
    def takes_segments(self) -> bool:
        """Whether the model reads token type ids: its encoder's ``forward`` accepts them
        (DistilBERT's doesn't) and it has more than one segment embedding (RoBERTa has one,
        so it is left to the model's own zeros)."""
        return ("token_type_ids" in _forward_parameters(type(self.encoder))
                and getattr(self.config, "type_vocab_size", 0) > 1)

    def inputs(self, source, input_ids=None) -> dict[str, torch.Tensor]:
        """The keyword arguments of the model's ``forward`` for ``source``, on its device.

        ``source`` is a tokenizer's output (``input_ids``, ``attention_mask`` and maybe
        ``token_type_ids``, tensors ``[B, T]`` or lists) or a :class:`bertvis.trace.Trace`
        (one unpadded input: a batch of one, every position attended). ``input_ids`` replaces
        the source's ids (``[T]`` or ``[B, T]``, e.g. a corrupted copy of a Trace's). Token
        type ids are passed only where :attr:`takes_segments`."""
        if isinstance(source, Mapping):
            ids = _tensor(source["input_ids"] if input_ids is None else input_ids)
            mask = source.get("attention_mask")
            types = source.get("token_type_ids")
        else:  # a Trace: one input, no padding
            ids = _tensor(source.input_ids if input_ids is None else input_ids)
            mask = None
            types = source.token_type_ids
        ids = ids.reshape(1, -1) if ids.dim() == 1 else ids
        mask = torch.ones_like(ids) if mask is None else _tensor(mask).reshape(ids.shape)
        found = {"input_ids": ids.to(self.device), "attention_mask": mask.to(self.device)}
        if types is not None and self.takes_segments:
            found["token_type_ids"] = _tensor(types).reshape(ids.shape).to(self.device)
        return found

    @property
    def display_name(self) -> str:
        if self.fallback_reason is None:
            return self.requested_id
        return PACKAGED_SENTIMENT if self.kind == "sequence-classification" else PACKAGED_MINILM
