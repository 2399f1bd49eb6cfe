"""The attention the app's models compute with: transformers' eager attention, able to write a
Trace's weights straight into the Trace's own array.

Models are loaded with ``attn_implementation=IMPLEMENTATION``, registered here in transformers'
``AttentionInterface``. Outside :func:`filling` it is the eager attention every supported
family uses (their ``eager_attention_forward`` are the same function). Inside it, for a
single float32 input on the CPU, each layer's softmax is written into the next layer of the
array given (``torch.softmax(..., out=)``, the same kernel as eager's), and the model's
``attentions`` output holds views of that array: no second copy of the weights while the
forward runs (151 MB for BERT-base at 512 tokens), and none to stack them afterwards. Anything
else (a float16 model, a GPU, a batch, training) runs eager unchanged; :func:`filling` then
reports the array incomplete and the caller copies the weights from the output as before.

The shared cached model is never changed: what is written, and where, lives in a context
variable of the thread running the forward.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from transformers import AttentionInterface, AttentionMaskInterface
from transformers.masking_utils import eager_mask
from transformers.models.bert.modeling_bert import eager_attention_forward

#: The ``attn_implementation`` name models are loaded with.
IMPLEMENTATION = "bertvis_eager"


@dataclass
class _Filling:
    """The array being filled, float32 ``[L, H, T, T]``, and the next layer to write."""

    weights: torch.Tensor
    next_layer: int = 0

    def takes(self, query: torch.Tensor, module: torch.nn.Module) -> bool:
        """Whether this call's weights can be written into the next layer of the array."""
        n_layers, n_heads, n_tokens, _ = self.weights.shape
        return (self.next_layer < n_layers and not module.training
                and query.device.type == "cpu" and query.dtype == torch.float32
                and tuple(query.shape[:3]) == (1, n_heads, n_tokens))

    @property
    def complete(self) -> bool:
        return self.next_layer == self.weights.shape[0]


_FILLING: contextvars.ContextVar[_Filling | None] = contextvars.ContextVar(
    "bertvis_attention_filling", default=None)


def _attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """transformers' eager attention; inside :func:`filling`, writing the softmax into the
    array's next layer. ``query``, ``key``, ``value``: ``[batch, heads, T, head size]``."""
    target = _FILLING.get()
    if target is None or not target.takes(query, module):
        return eager_attention_forward(module, query, key, value, attention_mask,
                                       scaling=scaling, dropout=dropout, **kwargs)
    if scaling is None:
        scaling = query.size(-1) ** -0.5
    scores = torch.matmul(query, key.transpose(2, 3)) * scaling
    if attention_mask is not None:
        scores = scores + attention_mask
    weights = target.weights[target.next_layer].unsqueeze(0)
    torch.softmax(scores, dim=-1, out=weights)
    target.next_layer += 1
    output = torch.matmul(weights, value).transpose(1, 2).contiguous()
    return output, weights


AttentionInterface.register(IMPLEMENTATION, _attention)
# The padding mask in eager's form (0 or the dtype's minimum, added to the scores): a custom
# implementation otherwise gets sdpa's (booleans, or none at all without padding).
AttentionMaskInterface.register(IMPLEMENTATION, eager_mask)


@contextlib.contextmanager
def filling(array: np.ndarray) -> Iterator[_Filling]:
    """While the block runs a model, its attention weights go into ``array`` (float32
    ``[L, H, T, T]``, writable, C-contiguous) layer by layer where they can; afterwards the
    yielded object's ``complete`` says whether every layer was written."""
    target = _Filling(torch.from_numpy(array))
    token = _FILLING.set(target)
    try:
        yield target
    finally:
        _FILLING.reset(token)
