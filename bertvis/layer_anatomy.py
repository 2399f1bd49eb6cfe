"""One whole encoder layer, recomputed from its own weights: attention, the two residual adds
and LayerNorms, and the feed-forward block.

For layer ``l`` and its input ``x = Trace.hidden_states[l]`` (``[T, D]``), in float32 on the CPU:

    attention   a  = W_O · concat_h(softmax(q·k/√d) v) + b_O        (attention.output.dense)
    add & norm  h  = LayerNorm_1(x + a)                              (attention.output.LayerNorm)
    up          u  = W_1 h + b_1                                     (intermediate.dense, [T, F])
    activation  g  = act(u)                                          (GELU for BERT)
    down        m  = W_2 g + b_2                                     (output.dense)
    add & norm  y  = LayerNorm_2(h + m)                              (output.LayerNorm)

``y`` is compared with ``Trace.hidden_states[l + 1]``. Supported: the layouts
:func:`bertvis.arithmetic.layer_weights` reads (BERT, RoBERTa, ELECTRA); others raise the
:class:`~bertvis.errors.BertvisError` ``arithmetic_unsupported``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .arithmetic import (check_choice, cpu_float32, layer_input, layer_weights, projections,
                         recomputed_attention)
from .device import agreement_tolerance
from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace

#: The stages of :class:`LayerPass`, in order.
STAGES = ("input", "attention", "residual_1", "layernorm_1", "up", "activation", "down",
          "residual_2", "layernorm_2")
#: Feed-forward neurons listed for the chosen token, and input tokens listed per neuron.
TOP_NEURONS = 10
TOP_TOKENS = 3


@dataclass(frozen=True)
class LayerPass:
    """Every stage of one layer for every token (float32; ``F`` = feed-forward width).

    ``input``, ``attention``, ``residual_1``, ``layernorm_1``, ``down``, ``residual_2``,
    ``layernorm_2``: ``[T, D]``; ``up`` and ``activation``: ``[T, F]``; ``model_output``: the
    Trace's ``hidden_states[l + 1]``; ``max_difference``: max |layernorm_2 − model_output|; ``tolerance``: the largest that
    still matches for the model's precision (:func:`~.device.agreement_tolerance`).
    """

    layer: int  # 0-based
    tokens: list[str]
    activation_name: str
    input: np.ndarray
    attention: np.ndarray
    residual_1: np.ndarray
    layernorm_1: np.ndarray
    up: np.ndarray
    activation: np.ndarray
    down: np.ndarray
    residual_2: np.ndarray
    layernorm_2: np.ndarray
    model_output: np.ndarray
    max_difference: float
    tolerance: float

    @property
    def matches(self) -> bool:
        """Whether the recomputed output agrees with the model's (the page says so or warns)."""
        return self.max_difference <= self.tolerance

    def stage(self, name: str) -> np.ndarray:
        """The ``[T, ·]`` array of stage ``name`` (one of :data:`STAGES`)."""
        return getattr(self, name)

    def changes(self) -> dict[str, np.ndarray]:
        """float32 ``[T]`` per block: how far it moved each token's vector, relative to the
        vector it started from: ``‖h − x‖ / ‖x‖`` (attention + its add & norm) and
        ``‖y − h‖ / ‖h‖`` (feed-forward + its add & norm)."""
        def relative(after: np.ndarray, before: np.ndarray) -> np.ndarray:
            return np.linalg.norm(after - before, axis=1) / np.maximum(
                np.linalg.norm(before, axis=1), 1e-12)

        return {"attention": relative(self.layernorm_1, self.input),
                "feed_forward": relative(self.layernorm_2, self.layernorm_1)}


@dataclass(frozen=True)
class Neuron:
    """A feed-forward neuron (0-based index into ``F``), its activation for the chosen token,
    and the input's tokens that activate it most, as (token index, activation)."""

    index: int
    activation: float
    top_tokens: list[tuple[int, float]]


def _layer_modules(loaded: LoadedModel, layer: int) -> tuple[torch.nn.Module, ...]:
    """The layer's LayerNorms, feed-forward Linears and activation function."""
    block = loaded.encoder.encoder.layer[layer]  # layout checked by layer_weights
    parts = (getattr(getattr(block.attention, "output", None), "LayerNorm", None),
             getattr(getattr(block, "intermediate", None), "dense", None),
             getattr(getattr(block, "intermediate", None), "intermediate_act_fn", None),
             getattr(getattr(block, "output", None), "dense", None),
             getattr(getattr(block, "output", None), "LayerNorm", None))
    if parts[2] is None or not all(isinstance(p, torch.nn.Module) for p in parts[:2] + parts[3:]):
        model_type = loaded.config.model_type
        raise BertvisError("arithmetic_unsupported",
                           f"a {model_type!r} layer has no BERT-style feed-forward block",
                           model_type=model_type)
    return parts


def _layer_norm(x: torch.Tensor, norm: torch.nn.LayerNorm) -> torch.Tensor:
    return torch.nn.functional.layer_norm(x, norm.normalized_shape, cpu_float32(norm.weight),
                                          cpu_float32(norm.bias), norm.eps)


def layer_pass(loaded: LoadedModel, result: Trace, layer: int) -> LayerPass:
    """Recompute layer ``layer`` (0-based) for every token; see the module docstring."""
    check_choice(result, layer, 0, 0)
    weights = layer_weights(loaded, layer)
    norm_1, up_linear, act, down_linear, norm_2 = _layer_modules(loaded, layer)
    x = layer_input(result, layer)
    q, k, v = projections(weights, x, result.n_heads)
    probs = recomputed_attention(q, k)
    context = (probs @ v).transpose(0, 1).reshape(x.shape[0], -1)
    with torch.inference_mode():
        attention_out = context @ weights.out_w.T + weights.out_b
        residual_1 = x + attention_out
        layernorm_1 = _layer_norm(residual_1, norm_1)
        up = layernorm_1 @ cpu_float32(up_linear.weight).T + cpu_float32(up_linear.bias)
        activation = act(up)
        down = activation @ cpu_float32(down_linear.weight).T + cpu_float32(down_linear.bias)
        residual_2 = layernorm_1 + down
        layernorm_2 = _layer_norm(residual_2, norm_2)
    model_output = np.asarray(result.hidden_states[layer + 1], dtype=np.float32)
    out = layernorm_2.numpy()
    return LayerPass(
        layer=layer, tokens=list(result.tokens),
        activation_name=str(getattr(loaded.config, "hidden_act", "gelu")),
        input=x.numpy(), attention=attention_out.numpy(), residual_1=residual_1.numpy(),
        layernorm_1=layernorm_1.numpy(), up=up.numpy(), activation=activation.numpy(),
        down=down.numpy(), residual_2=residual_2.numpy(), layernorm_2=out,
        model_output=model_output, max_difference=float(np.abs(out - model_output).max()),
        tolerance=agreement_tolerance(loaded.dtype),
    )


def top_neurons(layer: LayerPass, token: int, count: int = TOP_NEURONS,
                per_neuron: int = TOP_TOKENS) -> list[Neuron]:
    """The ``count`` feed-forward neurons most active (largest activation) for ``token``, each
    with the ``per_neuron`` tokens of the input that activate it most."""
    activations = layer.activation
    chosen = np.argsort(-activations[token], kind="stable")[:count]
    neurons = []
    for index in chosen:
        column = activations[:, index]
        best = np.argsort(-column, kind="stable")[:per_neuron]
        neurons.append(Neuron(int(index), float(activations[token, index]),
                              [(int(i), float(column[i])) for i in best]))
    return neurons
