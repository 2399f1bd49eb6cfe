"""Patching between a minimal pair: which head, which layer and position carry the difference.

Two inputs A and B whose tokens line up (the same number of tokens, e.g. "The film was good."
/ "The film was bad."). The *answer* is A's (:func:`bertvis.importance.objective`), measured
as its log-probability ``log p``. One part of B's run is copied into A's run (Vig et al. 2020,
causal mediation; Meng et al. 2022, causal tracing):

- **a head**: head ``h`` of layer ``l`` outputs what it output in B's run (its ``d_head`` slice
  of the input of ``W_O``, through :class:`bertvis.interventions.HeadPatch`);
- **the residual stream** after layer ``l`` at position ``t``: A's hidden state there is
  replaced by B's (``Trace.hidden_states[l + 1]``), and layers ``l + 1 …`` run again.

The share of the answer's difference that returns is
``(log p_patched − log p_A) / (log p_B − log p_A)``: 0 when the patch changes nothing, 1 when it
gives B's answer. Everything runs through per-call hooks; the shared model is never changed.
Shapes: ``L`` layers, ``H`` heads, ``T`` tokens; layers and heads are 0-based here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .errors import BertvisError
from .importance import BATCH_SIZE, Objective, Progress, log_probability, objective
from .interventions import HeadPatch, run_layers
from .models import LoadedModel
from .trace import Trace

#: Smallest |log p_B − log p_A| a share is computed for (below it the pair gives one answer).
MIN_DIFFERENCE = 1e-6


def _states(loaded: LoadedModel, values: np.ndarray) -> torch.Tensor:
    """float tensor ``[B, T, D]`` on the model's device from numpy ``[T, D]`` or ``[B, T, D]``."""
    tensor = torch.from_numpy(np.array(values, dtype=np.float32))
    return (tensor[None] if tensor.dim() == 2 else tensor).to(loaded.device, loaded.dtype)


def log_p(loaded: LoadedModel, found: Objective, last_hidden: torch.Tensor) -> np.ndarray:
    """float64 ``[B]``: ``log p`` of ``found``'s answer from last hidden states ``[B, T, D]``."""
    with torch.inference_mode():
        return log_probability(loaded, found, last_hidden).double().cpu().numpy()


def check_aligned(trace_a: Trace, trace_b: Trace) -> None:
    if trace_a.n_tokens != trace_b.n_tokens:
        raise BertvisError("pair_not_aligned", f"The two inputs must have the same number of "
                           f"tokens to patch one into the other ({trace_a.n_tokens} vs "
                           f"{trace_b.n_tokens}).", tokens_a=trace_a.n_tokens,
                           tokens_b=trace_b.n_tokens)


def head_outputs(loaded: LoadedModel, result: Trace) -> dict[int, torch.Tensor]:
    """Every layer's heads' outputs in ``result``'s run: layer -> ``[1, T, H·d]``."""
    captured: dict[int, torch.Tensor] = {}
    with torch.inference_mode():
        run_layers(loaded, _states(loaded, result.hidden_states[0]), 0, capture=captured)
    return captured


def head_patch_log_p(loaded: LoadedModel, found: Objective, source: Trace,
                     target: Trace, progress: Progress | None = None) -> np.ndarray:
    """float64 ``[L, H]``: ``log p`` in ``target``'s run with that one head's output taken
    from ``source``'s run. One batch of ``H`` rows per layer, from that layer's input."""
    check_aligned(target, source)
    donor = head_outputs(loaded, source)
    n_layers, n_heads = loaded.n_layers, loaded.n_heads
    out = np.empty((n_layers, n_heads))
    chosen = torch.eye(n_heads, dtype=torch.bool, device=loaded.device)
    for layer in range(n_layers):
        hidden = _states(loaded, target.hidden_states[layer]).expand(n_heads, -1, -1)
        with torch.inference_mode():
            last = run_layers(loaded, hidden, layer,
                              patches={layer: HeadPatch(chosen, donor[layer])})
        out[layer] = log_p(loaded, found, last)
        if progress is not None:
            progress(layer + 1, n_layers)
    return out


def residual_patch_log_p(loaded: LoadedModel, found: Objective, source: Trace, target: Trace,
                         layer: int, position_sets: Sequence[Sequence[int]],
                         batch_size: int = BATCH_SIZE) -> np.ndarray:
    """float64 ``[N]``: ``log p`` in ``target``'s run with its residual stream after ``layer``
    replaced by ``source``'s at each set of positions (the last layer's: the answer is read
    from it directly)."""
    check_aligned(target, source)
    after = layer + 1
    own = np.asarray(target.hidden_states[after], dtype=np.float32)
    donor = np.asarray(source.hidden_states[after], dtype=np.float32)
    out = np.empty(len(position_sets))
    for first in range(0, len(position_sets), batch_size):
        chunk = position_sets[first:first + batch_size]
        batch = np.repeat(own[None], len(chunk), axis=0)
        for row, positions in enumerate(chunk):
            batch[row, list(positions)] = donor[list(positions)]
        with torch.inference_mode():
            last = run_layers(loaded, _states(loaded, batch), after)
        out[first:first + len(chunk)] = log_p(loaded, found, last)
    return out


@dataclass(frozen=True)
class Patching:
    """A pair's patching maps. ``log_p_a`` / ``log_p_b``: A's answer in A's and in B's run;
    ``heads`` float ``[L, H]`` and ``positions`` float ``[L, T]``: ``log p`` of A's answer with
    that head / the residual after that layer at that position taken from B's run."""

    objective: Objective
    tokens_a: list[str]
    tokens_b: list[str]
    log_p_a: float
    log_p_b: float
    heads: np.ndarray
    positions: np.ndarray

    def share(self, log_p: np.ndarray) -> np.ndarray:
        """The share of the answer's difference a patch brings back (0: none, 1: all)."""
        return (log_p - self.log_p_a) / (self.log_p_b - self.log_p_a)

    @property
    def head_shares(self) -> np.ndarray:
        return self.share(self.heads)

    @property
    def position_shares(self) -> np.ndarray:
        return self.share(self.positions)


def patch(loaded: LoadedModel, trace_a: Trace, trace_b: Trace, output: str,
          progress: Progress | None = None) -> Patching:
    """Both patching maps for the pair (``output``: one of
    :func:`bertvis.importance.available_outputs` for A). ``progress(done, total)`` counts
    layers, heads first, then positions."""
    check_aligned(trace_a, trace_b)
    found = objective(loaded, trace_a, output)
    last = trace_a.n_layers
    own, other = (float(log_p(loaded, found, _states(loaded, t.hidden_states[last]))[0])
                  for t in (trace_a, trace_b))
    if abs(other - own) < MIN_DIFFERENCE:
        raise BertvisError("no_difference", f"A and B give the answer {found.answer!r} the same "
                           "probability, so there is no difference to bring back.",
                           answer=found.answer)
    total = 2 * loaded.n_layers
    report = (lambda done, _: progress(done, total)) if progress is not None else None
    heads = head_patch_log_p(loaded, found, trace_b, trace_a, report)
    positions = np.empty((loaded.n_layers, trace_a.n_tokens))
    for layer in range(loaded.n_layers):
        positions[layer] = residual_patch_log_p(loaded, found, trace_b, trace_a, layer,
                                                [[t] for t in range(trace_a.n_tokens)])
        if progress is not None:
            progress(loaded.n_layers + layer + 1, total)
    return Patching(found, trace_a.tokens, trace_b.tokens, own, other, heads, positions)
