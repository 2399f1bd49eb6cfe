"""The arithmetic behind one attention row, recomputed from the model's own weights.

For a layer ``l``, a head ``h`` and a query token ``i`` of a :class:`~bertvis.trace.Trace`, the
layer's own ``query``/``key``/``value`` Linear layers are applied to the Trace's
``hidden_states[l]`` (the layer's input) in float32 on the CPU:

    q_i = W_Q h_i + b_Q       k_j = W_K h_j + b_K       v_j = W_V h_j + b_V   (head h's slice)
    score_j = q_i · k_j,  scaled_j = score_j / √d_head,  a = softmax(scaled)
    head output = Σ_j a_j v_j

The softmax is compared with the model's own attention row: the layer's own self-attention
module run again on ``hidden_states[l]`` in the model's precision (float32 on the CPU). The
module's row is what ``trace.attentions[l, h, i]`` holds (a run of its own, so the lesson's
reference doesn't lean on the Trace it explains). The recomputed row is compared too,
the concatenation of every head's output with the model's self-attention context (the layer's
own self-attention module run on the same input), and the output projection
(``attention.output.dense``) with the model's projection of its context.

Supported: encoders laid out like BERT (``encoder.layer[l].attention.self.query/key/value`` and
``attention.output.dense``): BERT, RoBERTa, XLM-RoBERTa, CamemBERT, ELECTRA. Others get a
:class:`BertvisError` with code ``arithmetic_unsupported``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from .device import agreement_tolerance
from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace

@dataclass(frozen=True)
class QueryRow:
    """One head's attention row for one query token, step by step (``T`` tokens, float32).

    - ``q``: ``[d_head]`` the query vector of the chosen token.
    - ``keys``, ``values``: ``[T, d_head]`` every token's key and value vector for this head.
    - ``scores``: ``[T]`` q·k_j; ``scaled``: scores / √d_head; ``weights``: their softmax.
    - ``model_row``: ``[T]`` the model's own attention row, from its self-attention module run
      on the layer's input (float32; the Trace's row).
    - ``max_difference``: max |weights − model_row|; ``tolerance``: the largest that still
      matches for the model's precision (:func:`~.device.agreement_tolerance`).
    - ``head_output``: ``[d_head]`` Σ_j weights_j · v_j, this head's output for the token.
    """

    layer: int  # 0-based
    head: int  # 0-based
    query: int  # token index
    tokens: list[str]
    d_head: int
    q: np.ndarray
    keys: np.ndarray
    values: np.ndarray
    scores: np.ndarray
    scaled: np.ndarray
    weights: np.ndarray
    model_row: np.ndarray
    max_difference: float
    tolerance: float
    head_output: np.ndarray

    @property
    def matches(self) -> bool:
        """Whether the recomputed row agrees with the model's (the page says so or warns)."""
        return self.max_difference <= self.tolerance

    @property
    def scale(self) -> float:
        """√d_head, the number every score is divided by."""
        return math.sqrt(self.d_head)


@dataclass(frozen=True)
class HeadMix:
    """How the heads' outputs for one query token become the attention sublayer's output.

    With ``H`` heads of size ``d_head`` and hidden size ``D = H · d_head``:

    - ``context``: ``[D]`` the ``H`` recomputed head outputs concatenated, head 1 first.
    - ``model_context``: ``[D]`` the model's own self-attention output for the token.
    - ``context_difference``: max |context − model_context| over every token and dimension.
    - ``head_output_difference``: max |this head's output − its slice of model_context|.
    - ``contributions``: ``[H, D]`` each head's slice pushed through its columns of the output
      projection W_O; they sum (plus the bias) to ``projected``.
    - ``projected``: ``[D]`` W_O · context + b_O; ``model_projected``: the model's
      ``attention.output.dense`` applied to its own context; ``projection_difference``: max
      |projected − model_projected|.
    """

    n_heads: int
    d_head: int
    context: np.ndarray
    model_context: np.ndarray
    context_difference: float
    head_output_difference: float
    contributions: np.ndarray
    bias: np.ndarray
    projected: np.ndarray
    model_projected: np.ndarray
    projection_difference: float

    @property
    def contribution_norms(self) -> np.ndarray:
        """``[H]`` length (L2 norm) of each head's contribution to the projected output."""
        return np.linalg.norm(self.contributions, axis=1)


@dataclass(frozen=True)
class LayerWeights:
    """A layer's attention weights on the CPU in float32, and its own modules for the checks."""

    query_w: torch.Tensor
    query_b: torch.Tensor
    key_w: torch.Tensor
    key_b: torch.Tensor
    value_w: torch.Tensor
    value_b: torch.Tensor
    out_w: torch.Tensor
    out_b: torch.Tensor
    self_attention: torch.nn.Module
    dense: torch.nn.Module


def cpu_float32(tensor: torch.Tensor) -> torch.Tensor:
    """A detached float32 copy of ``tensor`` on the CPU (the cached model is never touched)."""
    return tensor.detach().to("cpu", torch.float32)


def layer_weights(loaded: LoadedModel, layer: int) -> LayerWeights:
    """Layer ``layer``'s (0-based) attention weights; other layouts than BERT's raise
    ``arithmetic_unsupported``."""
    layers = getattr(getattr(loaded.encoder, "encoder", None), "layer", None)
    attention = getattr(layers[layer], "attention", None) if layers is not None else None
    self_attention = getattr(attention, "self", None)
    dense = getattr(getattr(attention, "output", None), "dense", None)
    parts = [getattr(self_attention, name, None) for name in ("query", "key", "value")]
    if any(not isinstance(p, torch.nn.Linear) for p in [*parts, dense]):
        model_type = loaded.config.model_type
        raise BertvisError(
            "arithmetic_unsupported",
            f"This view reads the attention weights of encoders laid out like BERT "
            f"(BERT, RoBERTa, ELECTRA); a {model_type!r} model keeps them elsewhere.",
            model_type=model_type,
        )
    query, key, value = parts
    return LayerWeights(*(cpu_float32(p) for p in (query.weight, query.bias, key.weight, key.bias,
                                                    value.weight, value.bias, dense.weight,
                                                    dense.bias)),
                        self_attention, dense)


def check_choice(result: Trace, layer: int, head: int, query: int) -> None:
    """Raise a :class:`BertvisError` when a layer, head or token index is out of range."""
    if not 0 <= layer < result.n_layers:
        raise BertvisError("bad_layer", f"layer must be 1..{result.n_layers}",
                           n=result.n_layers)
    if not 0 <= head < result.n_heads:
        raise BertvisError("bad_head", f"head must be 1..{result.n_heads}", n=result.n_heads)
    if not 0 <= query < result.n_tokens:
        raise BertvisError("bad_query", f"query token must be 0..{result.n_tokens - 1}",
                           n=result.n_tokens - 1)


def _heads(x: torch.Tensor, n_heads: int) -> torch.Tensor:
    """``[T, D]`` -> ``[H, T, d_head]``."""
    return x.view(x.shape[0], n_heads, -1).transpose(0, 1)


def layer_input(result: Trace, layer: int) -> torch.Tensor:
    """float32 ``[T, D]``: ``result.hidden_states[layer]``, the input of layer ``layer``
    (0-based), as a new tensor on the CPU."""
    return torch.from_numpy(np.array(result.hidden_states[layer], dtype=np.float32))


def recomputed_attention(q: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
    """``[H, T, T]``: softmax(q·kᵀ / √d_head) of every head, from Q and K ``[H, T, d_head]``."""
    return torch.softmax(q @ k.transpose(1, 2) / math.sqrt(q.shape[-1]), dim=-1)


def projections(weights: LayerWeights, hidden: torch.Tensor, n_heads: int):
    """Q, K, V of every head: each ``[H, T, d_head]``."""
    q = hidden @ weights.query_w.T + weights.query_b
    k = hidden @ weights.key_w.T + weights.key_b
    v = hidden @ weights.value_w.T + weights.value_b
    return _heads(q, n_heads), _heads(k, n_heads), _heads(v, n_heads)


def query_row(loaded: LoadedModel, result: Trace, layer: int, head: int, query: int) -> QueryRow:
    """Recompute ``result.attentions[layer, head, query]`` (0-based) from the weights."""
    check_choice(result, layer, head, query)
    weights = layer_weights(loaded, layer)
    hidden = layer_input(result, layer)
    q_all, k_all, v_all = projections(weights, hidden, result.n_heads)
    q, keys, values = q_all[head, query], k_all[head], v_all[head]
    d_head = q.shape[0]
    scores = keys @ q
    scaled = scores / math.sqrt(d_head)
    softmax = torch.softmax(scaled, dim=-1)
    model_row = model_attention(weights, hidden)[head, query].numpy()
    probs = softmax.numpy()
    return QueryRow(
        layer=layer, head=head, query=query, tokens=list(result.tokens), d_head=d_head,
        q=q.numpy(), keys=keys.numpy(), values=values.numpy(), scores=scores.numpy(),
        scaled=scaled.numpy(), weights=probs, model_row=model_row,
        max_difference=float(np.abs(probs - model_row).max()),
        tolerance=agreement_tolerance(loaded.dtype), head_output=(softmax @ values).numpy(),
    )


def _run_self_attention(weights: LayerWeights, hidden: torch.Tensor):
    """The layer's own self-attention module on ``hidden`` (no padding, so no mask)."""
    module = weights.self_attention
    param = next(module.parameters())
    with torch.inference_mode():
        return module(hidden.unsqueeze(0).to(param.device, param.dtype))


def model_attention(weights: LayerWeights, hidden: torch.Tensor) -> torch.Tensor:
    """float32 ``[H, T, T]``: the attention weights the layer's own module computes."""
    out = _run_self_attention(weights, hidden)
    if not isinstance(out, tuple) or len(out) < 2 or out[1] is None:
        raise BertvisError("no_attentions", "The attention module returned no weights "
                           "(eager attention is required).")
    return cpu_float32(out[1][0])


def _model_context(weights: LayerWeights,
                   hidden: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The layer's own self-attention module on ``hidden`` and its output projection: two
    ``[T, D]`` tensors."""
    out = _run_self_attention(weights, hidden)
    context = out[0] if isinstance(out, tuple) else out
    with torch.inference_mode():
        projected = weights.dense(context)
    return cpu_float32(context[0]), cpu_float32(projected[0])


def head_mix(loaded: LoadedModel, result: Trace, layer: int, head: int, query: int) -> HeadMix:
    """Concatenate every head's output for token ``query`` and project it, checked against the
    model's own modules (see :class:`HeadMix`)."""
    check_choice(result, layer, head, query)
    weights = layer_weights(loaded, layer)
    n_heads = result.n_heads
    hidden = layer_input(result, layer)
    q, k, v = projections(weights, hidden, n_heads)
    d_head = q.shape[-1]
    probs = recomputed_attention(q, k)  # [H, T, T]
    heads_out = probs @ v  # [H, T, d_head]
    context_all = heads_out.transpose(0, 1).reshape(hidden.shape[0], -1)  # [T, D]
    model_context, model_projected = _model_context(weights, hidden)
    context = context_all[query]
    w_o = weights.out_w.view(weights.out_w.shape[0], n_heads, d_head)  # [D_out, H, d_head]
    contributions = torch.einsum("ohd,hd->ho", w_o, heads_out[:, query])
    projected = context @ weights.out_w.T + weights.out_b
    head_slice = model_context[query, head * d_head:(head + 1) * d_head]
    return HeadMix(
        n_heads=n_heads,
        d_head=d_head,
        context=context.numpy(),
        model_context=model_context[query].numpy(),
        context_difference=float((context_all - model_context).abs().max()),
        head_output_difference=float((heads_out[head, query] - head_slice).abs().max()),
        contributions=contributions.numpy(),
        bias=weights.out_b.numpy(),
        projected=projected.numpy(),
        model_projected=model_projected[query].numpy(),
        projection_difference=float((projected - model_projected[query]).abs().max()),
    )


def max_difference_all(loaded: LoadedModel, result: Trace) -> float:
    """Largest |recomputed softmax − model attention| over every layer, head, query and key,
    against the model's own modules (float32, as :func:`query_row`)."""
    worst = 0.0
    for layer in range(result.n_layers):
        weights = layer_weights(loaded, layer)
        hidden = layer_input(result, layer)
        q, k, _ = projections(weights, hidden, result.n_heads)
        probs = recomputed_attention(q, k)
        model = model_attention(weights, hidden)
        worst = max(worst, float((probs - model).abs().max()))
    return worst
