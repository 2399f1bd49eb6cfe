"""Experiments on a loaded model: switch attention heads off, mask the future.

Nothing here edits a weight of the (shared, cached) model. An intervention is a set of forward
pre-hooks registered for one ``with`` block and removed at its end; each hook acts only when the
:mod:`contextvars` context that registered it is the one running the model, so another thread
(another browser session) using the same model at the same time sees the plain model.

- **Head knockout**: each layer's attention output is ``concat(head_1 … head_H) @ W_O + b_O``
  (``W_O`` is ``attention.output.dense`` in BERT, RoBERTa, XLM-R and ELECTRA, ``attention.out_lin``
  in DistilBERT). Removing head ``h`` multiplies its ``d_head`` slice of the input of ``W_O`` by
  a gate ``ξ_h = 0``; the gates are also what Michel et al. (2019) differentiate for their
  importance proxy (:mod:`bertvis.importance`).
- **Head patching** (Vig et al. 2020; Meng et al. 2022): a head's ``d_head`` slice of the input
  of ``W_O`` is replaced by the same slice from another run (captured with ``capture=True``).
- **Causal mask**: each token may attend only to itself and the tokens before it, as in a
  left-to-right (GPT-style) model; the mask is added to the attention scores before the softmax.

Heads and layers are 0-based here; ``(layer, head)`` pairs name a head.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

import torch
from torch import nn

from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace, trace

Head = tuple[int, int]


@dataclass(frozen=True)
class HeadPatch:
    """Heads' outputs to put into one layer: where ``chosen`` (bool ``[B, H]``) is True, head
    ``h`` of batch row ``b`` outputs ``values[..., h·d:(h+1)·d]`` (``values``: ``[B or 1, T,
    H·d]``, e.g. captured from another input's run) instead of its own."""

    chosen: torch.Tensor
    values: torch.Tensor


@dataclass(frozen=True)
class _Active:
    """What the hooks of one ``intervene`` block do, while its context runs the model."""

    owner: object  # unique per block: hooks of other blocks (other threads) stay inert
    gates: dict[int, torch.Tensor]  # layer -> gate [H] or [B, H] on the heads' outputs
    causal: bool
    patches: dict[int, HeadPatch]  # layer -> heads' outputs taken from another run
    captured: dict[int, torch.Tensor] | None  # filled: layer -> heads' outputs [B, T, H·d]


_ACTIVE: contextvars.ContextVar[_Active | None] = contextvars.ContextVar(
    "bertvis_intervention", default=None)


@dataclass(frozen=True)
class AttentionParts:
    """One layer's modules an intervention hooks: the self-attention (its ``attention_mask``
    argument) and the output projection ``W_O`` (its input is the heads' concatenation)."""

    self_attention: nn.Module
    output_projection: nn.Linear
    layer: nn.Module


def layers(loaded: LoadedModel) -> list[AttentionParts]:
    """The hook points of every layer, or a :class:`BertvisError` for a layout not known here
    (ALBERT shares one layer's weights across all depths, so a head there is every layer's)."""
    base = loaded.encoder
    kind = loaded.config.model_type
    if kind in ("bert", "roberta", "xlm-roberta", "camembert", "electra"):
        found = [AttentionParts(layer.attention.self, layer.attention.output.dense, layer)
                 for layer in base.encoder.layer]
    elif kind == "distilbert":
        found = [AttentionParts(layer.attention, layer.attention.out_lin, layer)
                 for layer in base.transformer.layer]
    else:
        raise BertvisError(
            "experiments_unsupported",
            f"Head experiments need a BERT, RoBERTa, XLM-R, ELECTRA or DistilBERT layout; "
            f"{loaded.display_name} is a {kind!r} model.",
            model=loaded.display_name, model_type=kind)
    for parts in found:
        if parts.output_projection.in_features % loaded.n_heads:
            raise BertvisError("experiments_unsupported", "The output projection does not split "
                               "into the model's heads.", model=loaded.display_name,
                               model_type=kind)
    return found


def gates_for(loaded: LoadedModel, knocked: Iterable[Head]) -> dict[int, torch.Tensor]:
    """Gates ``[H]`` (1 = keep, 0 = knocked out) for the layers that lose a head."""
    gates: dict[int, torch.Tensor] = {}
    for layer, head in knocked:
        if not (0 <= layer < loaded.n_layers and 0 <= head < loaded.n_heads):
            raise BertvisError("bad_head_choice", f"There is no head {layer + 1}-{head + 1} in "
                               f"this model ({loaded.n_layers} layers × {loaded.n_heads} heads).",
                               layer=layer + 1, head=head + 1, layers=loaded.n_layers,
                               heads=loaded.n_heads)
        gates.setdefault(layer, torch.ones(loaded.n_heads, device=loaded.device,
                                           dtype=loaded.dtype))[head] = 0.0
    return gates


def _head_hook(owner: object, layer: int, n_heads: int):
    """Pre-hook on ``W_O``: records, gates and patches the heads' outputs (its input)."""
    def hook(_module: nn.Module, args: tuple) -> tuple | None:
        active = _ACTIVE.get()
        if active is None or active.owner is not owner:
            return None
        heads_out = args[0]  # [B, T, H·d]: the heads' outputs, concatenated
        if active.captured is not None:
            active.captured[layer] = heads_out.detach().clone()
        if layer not in active.gates and layer not in active.patches:
            return None
        shaped = heads_out.view(*heads_out.shape[:-1], n_heads, -1)
        if layer in active.gates:
            shaped = shaped * active.gates[layer].view(-1, 1, n_heads, 1).to(heads_out.dtype)
        if layer in active.patches:
            patch = active.patches[layer]
            values = patch.values.to(heads_out.dtype).view(-1, heads_out.shape[1], n_heads,
                                                           shaped.shape[-1])
            shaped = torch.where(patch.chosen.view(-1, 1, n_heads, 1), values, shaped)
        return (shaped.reshape(heads_out.shape),) + tuple(args[1:])
    return hook


def causal_mask(n_tokens: int, dtype: torch.dtype, device: str | torch.device) -> torch.Tensor:
    """Additive mask ``[1, 1, T, T]``: 0 on and below the diagonal, the dtype's minimum above
    it (so the softmax gives those keys exactly 0)."""
    allowed = torch.ones(n_tokens, n_tokens, dtype=torch.bool, device=device).tril()
    mask = torch.zeros(n_tokens, n_tokens, dtype=dtype, device=device)
    return mask.masked_fill(~allowed, torch.finfo(dtype).min)[None, None]


def _causal_hook(owner: object):
    def hook(_module: nn.Module, args: tuple, kwargs: dict) -> tuple | None:
        active = _ACTIVE.get()
        if active is None or active.owner is not owner or not active.causal:
            return None
        hidden = args[0] if args else kwargs["hidden_states"]
        future = causal_mask(hidden.shape[1], hidden.dtype, hidden.device)
        if len(args) > 1:
            current, args = args[1], args[:1] + args[2:]
        else:
            current = kwargs.get("attention_mask")
        if current is not None:
            if current.dtype == torch.bool:  # True = may attend
                current = torch.zeros_like(current, dtype=hidden.dtype).masked_fill(
                    ~current, torch.finfo(hidden.dtype).min)
            future = torch.minimum(current.to(hidden.dtype), future)
        return args, {**kwargs, "attention_mask": future}
    return hook


@contextmanager
def intervene(loaded: LoadedModel, gates: dict[int, torch.Tensor] | None = None,
              causal: bool = False, patches: dict[int, HeadPatch] | None = None,
              capture: dict[int, torch.Tensor] | None = None) -> Iterator[None]:
    """Run ``loaded`` inside the block with heads gated (``gates``: layer -> ``[H]`` or, for a
    batch, ``[B, H]``), heads patched (``patches``), and/or under a causal mask; with a
    ``capture`` dict, every layer's heads' outputs ``[B, T, H·d]`` are stored in it (before
    gates and patches act). Hooks exist only during the block and act only in this context
    (this thread), never on the model another thread is running."""
    gates, patches = dict(gates or {}), dict(patches or {})
    parts = layers(loaded)
    owner = object()
    handles = []
    token = _ACTIVE.set(_Active(owner, gates, causal, patches, capture))
    try:
        for index, part in enumerate(parts):
            if index in gates or index in patches or capture is not None:
                handles.append(part.output_projection.register_forward_pre_hook(
                    _head_hook(owner, index, loaded.n_heads)))
            if causal:
                handles.append(part.self_attention.register_forward_pre_hook(
                    _causal_hook(owner), with_kwargs=True))
        yield
    finally:
        for handle in handles:
            handle.remove()
        _ACTIVE.reset(token)


def knockout_trace(loaded: LoadedModel, text_a: str, text_b: str | None,
                   knocked: Iterable[Head]) -> Trace:
    """The Trace of the input with the ``knocked`` heads removed (an empty set: the plain
    Trace). Its head outputs are the model's answers without those heads."""
    knocked = sorted(set(knocked))
    if not knocked:
        return trace(loaded, text_a, text_b)
    with intervene(loaded, gates_for(loaded, knocked)):
        return trace(loaded, text_a, text_b)


def causal_trace(loaded: LoadedModel, text_a: str, text_b: str | None = None) -> Trace:
    """The Trace of the same model reading left to right only (a causal mask in every layer)."""
    with intervene(loaded, causal=True):
        return trace(loaded, text_a, text_b)


def run_layers(loaded: LoadedModel, hidden: torch.Tensor, start: int,
               gates: dict[int, torch.Tensor] | None = None,
               patches: dict[int, HeadPatch] | None = None,
               capture: dict[int, torch.Tensor] | None = None) -> torch.Tensor:
    """Layers ``start …`` of the encoder on ``hidden`` ``[B, T, D]`` (the input of layer
    ``start``, i.e. ``Trace.hidden_states[start]``), with heads gated and patched (see
    :func:`intervene`); returns the last layer's output ``[B, T, D]``. Inputs have no padding,
    so no attention mask is needed."""
    parts = layers(loaded)
    with intervene(loaded, gates, patches=patches, capture=capture):
        for part in parts[start:]:
            out = part.layer(hidden, None)
            hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def parse_heads(spec: str, n_layers: int, n_heads: int) -> list[Head]:
    """``"9-6, 2-3"`` (layer-head, 1-based, as in papers and links) -> ``[(8, 5), (1, 2)]``."""
    found: list[Head] = []
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        layer_text, sep, head_text = part.partition("-")
        if not sep or not layer_text.isdigit() or not head_text.isdigit():
            raise BertvisError("bad_head_spec", f"{part!r} is not a head; write layer-head, "
                               "e.g. 9-6.", spec=part)
        layer, head = int(layer_text), int(head_text)
        if not (1 <= layer <= n_layers and 1 <= head <= n_heads):
            raise BertvisError("bad_head_choice", f"There is no head {layer}-{head} in this "
                               f"model ({n_layers} layers × {n_heads} heads).", layer=layer,
                               head=head, layers=n_layers, heads=n_heads)
        if (layer - 1, head - 1) not in found:
            found.append((layer - 1, head - 1))
    return sorted(found)


def head_name(head: Head) -> str:
    """``(8, 5)`` -> ``"9-6"`` (layer-head, 1-based)."""
    return f"{head[0] + 1}-{head[1] + 1}"


def format_heads(heads: Iterable[Head]) -> str:
    """The inverse of :func:`parse_heads`: ``[(8, 5), (1, 2)]`` -> ``"2-3,9-6"`` (sorted)."""
    return ",".join(head_name(h) for h in sorted(heads))
