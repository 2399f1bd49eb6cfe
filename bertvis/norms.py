"""Norm-weighted attention (Kobayashi et al. 2020, "Attention is Not Only a Weight").

A layer's attention sublayer writes, for token ``i`` (before its residual and LayerNorm),

    y_i = Σ_h Σ_j α^h_ij · f_h(x_j) + b_O,      f_h(x) = (x W_V^h + b_V^h) W_O^h

where ``x_j`` is token ``j``'s input to the layer (``Trace.hidden_states[l]``), ``W_V^h`` /
``b_V^h`` head ``h``'s slice of the value projection and ``W_O^h`` its rows of the output
projection (``attention.output.dense``). The weight ``α`` says how much of ``f_h(x_j)`` is
taken; ``‖α^h_ij · f_h(x_j)‖ = α^h_ij · ‖f_h(x_j)‖`` says how much actually arrives. Tokens that
get large weights ([CLS], [SEP], punctuation) tend to have small ``‖f_h(x)‖``.

Everything is recomputed from the layer's own weights (:func:`bertvis.arithmetic.layer_weights`)
in float32 on the CPU. Shapes: ``L`` layers, ``H`` heads, ``T`` tokens, hidden size ``D``.
Layouts other than BERT's raise the :class:`~bertvis.errors.BertvisError`
``arithmetic_unsupported``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from . import attention
from .arithmetic import LayerWeights, layer_input, layer_weights, model_attention, projections
from .models import LoadedModel
from .trace import Trace

#: Token groups of :class:`SpecialShares`, in column order.
GROUPS = ("cls", "sep", "punctuation")


def transformed_vectors(loaded: LoadedModel, result: Trace, layer: int) -> torch.Tensor:
    """float32 ``[H, T, D]``: ``f_h(x_j)`` for every head ``h`` and token ``j`` of ``layer``
    (0-based): the value vector pushed through the head's rows of the output projection."""
    return _transformed(layer_weights(loaded, layer), layer_input(result, layer), result.n_heads)


def _transformed(weights: LayerWeights, hidden: torch.Tensor, n_heads: int) -> torch.Tensor:
    """:func:`transformed_vectors` from a layer's weights and its input ``[T, D]``."""
    _, _, values = projections(weights, hidden, n_heads)  # [H, T, d_head]
    d_head = values.shape[-1]
    w_o = weights.out_w.view(weights.out_w.shape[0], n_heads, d_head)  # [D_out, H, d_head]
    return torch.einsum("htd,ohd->hto", values, w_o)


def value_norms(loaded: LoadedModel, result: Trace) -> np.ndarray:
    """float32 ``[L, H, T]``: ``‖f_h(x_j)‖`` for every layer, head and token."""
    return np.stack([transformed_vectors(loaded, result, layer).norm(dim=-1).numpy()
                     for layer in range(result.n_layers)])


def attention_float32(result: Trace, layer: int) -> np.ndarray:
    """float32 ``[H, T, T]``: the Trace's attention weights of ``layer``, whatever their dtype."""
    return np.asarray(result.attentions[layer], dtype=np.float32)


def norm_weighted(weights: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """float32 ``[..., T, T]``: ``α_ij · ‖f(x_j)‖`` from weights ``[..., T, T]`` and value
    norms ``[..., T]`` (same leading axes, e.g. one layer's heads)."""
    return np.asarray(weights, dtype=np.float32) * np.asarray(norms, dtype=np.float32)[..., None, :]


def decomposed_output(loaded: LoadedModel, result: Trace, layer: int) -> np.ndarray:
    """float32 ``[T, D]``: ``Σ_h Σ_j α^h_ij f_h(x_j) + b_O``, which should equal the output of
    the layer's ``attention.output.dense`` (before dropout, residual and LayerNorm)."""
    weights = layer_weights(loaded, layer)
    hidden = layer_input(result, layer)
    vectors = _transformed(weights, hidden, result.n_heads)
    # the weights recomputed by the layer's own module, so the check doesn't lean on the Trace
    alphas = model_attention(weights, hidden)
    summed = torch.einsum("hij,hjo->io", alphas, vectors)
    return (summed + weights.out_b).numpy()


def norm_layer_mean(result: Trace, norms: np.ndarray) -> np.ndarray:
    """float32 ``[L, T, T]``: per layer, every head's norm-weighted matrix with rows rescaled
    to sum to 1, averaged over the heads."""
    return np.stack([attention.row_normalised(norm_weighted(attention_float32(result, layer),
                                                            norms[layer])).mean(axis=0)
                     for layer in range(result.n_layers)])


def norm_rollout(result: Trace, norms: np.ndarray) -> np.ndarray:
    """float32 ``[L, T, T]``: attention rollout (:func:`bertvis.attention.rollout`) run on the
    row-normalised norm-weighted matrices instead of the weights."""
    return attention.rollout(norm_layer_mean(result, norms)[:, None])


def pooled_cells(result: Trace, norms: np.ndarray, size: int) -> np.ndarray:
    """float32 ``[L, H, c, c]``: every head's norm-weighted matrix pooled to at most ``size``
    (:func:`bertvis.attention.pool`), one layer at a time."""
    return np.stack([attention.pool(norm_weighted(attention_float32(result, layer),
                                                  norms[layer]), size)
                     for layer in range(result.n_layers)])


@dataclass(frozen=True)
class SpecialShares:
    """Per layer, the share going to [CLS], [SEP] and punctuation, by weight and by norm.

    ``by_weight`` and ``by_norm`` are float32 ``[L, 3]`` (columns in :data:`GROUPS` order):
    each query row's share on the group (norm rows rescaled to sum to 1 first), averaged over
    the rows and the heads — the definitions of :func:`bertvis.attention.head_stats`.
    """

    by_weight: np.ndarray
    by_norm: np.ndarray

    def table(self) -> list[dict]:
        """One record per layer (numbered from 1), shares rounded to 4 places."""
        return [{"layer": layer + 1,
                 **{f"{group}_weight": round(float(self.by_weight[layer, g]), 4)
                    for g, group in enumerate(GROUPS)},
                 **{f"{group}_norm": round(float(self.by_norm[layer, g]), 4)
                    for g, group in enumerate(GROUPS)}}
                for layer in range(len(self.by_weight))]


def _group_shares(matrices: np.ndarray, result: Trace) -> np.ndarray:
    """float32 ``[3]``: one layer's ``[H, T, T]`` rows' mean share on each of :data:`GROUPS`."""
    stats = attention.head_stats(result, attentions=matrices[None])
    return np.array([getattr(stats, group)[0].mean() for group in GROUPS], dtype=np.float32)


def special_shares(result: Trace, norms: np.ndarray) -> SpecialShares:
    """:class:`SpecialShares` of the input, from its weights and value norms ``[L, H, T]``."""
    by_weight, by_norm = [], []
    for layer in range(result.n_layers):
        weights = attention_float32(result, layer)
        by_weight.append(_group_shares(weights, result))
        norm_rows = attention.row_normalised(norm_weighted(weights, norms[layer]))
        by_norm.append(_group_shares(norm_rows, result))
    return SpecialShares(np.stack(by_weight), np.stack(by_norm))
