"""Results of the experiments page, computed once per (model, texts, choice) and shared.

Keyed like :mod:`bertvis.ui.attention_cache` (model cache key, text A, text B, then the
experiment's own choices). A sweep draws its own progress bar (``st.progress``, fed by the
engine's ``progress(done, total)`` callback) and removes it when done; Streamlit replays those
two messages on a cache hit, so a hit shows nothing and returns at once. Every entry is kept
in the process's one memory budget (:func:`bertvis.ui.cache.budgeted`); a sweep runs there
like any other computation, alone, with room made for one batch of knockouts first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import streamlit as st

from bertvis import comparison, importance, interventions, memory_budget
from bertvis.trace import Trace

from .cache import budgeted, cached_trace, loaded_model, trace_estimate
from .i18n import t


@contextlib.contextmanager
def _progress(template: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar while the block runs, removed afterwards (also on an error); yields the
    ``(done, total)`` callback that moves it (``template``: a strings key with ``{done}`` and
    ``{total}``)."""
    bar = st.progress(0.0)
    try:
        yield lambda done, total: bar.progress(done / total,
                                               text=t(template, done=done, total=total))
    finally:
        bar.empty()


def _sweep_estimate(model_key: tuple, text_a: str, text_b: str | None) -> int:
    """Bytes one batch of :data:`bertvis.importance.BATCH_SIZE` knockouts needs while it runs:
    each input's one-layer working set at a time (no attentions are kept), an upper bound."""
    loaded = loaded_model(*model_key)
    result = cached_trace(model_key, text_a, text_b)
    return importance.BATCH_SIZE * memory_budget.run_bytes(
        1, loaded.n_heads, result.n_tokens, loaded.hidden_size)


@budgeted(estimate=lambda model_key, text_a, text_b, heads: trace_estimate(model_key, text_a,
                                                                         text_b))
def knockout_trace(model_key: tuple, text_a: str, text_b: str | None, heads: str) -> Trace:
    """The input's Trace with ``heads`` (``"9-6,2-3"``, 1-based) knocked out."""
    loaded = loaded_model(*model_key)
    knocked = interventions.parse_heads(heads, loaded.n_layers, loaded.n_heads)
    return interventions.knockout_trace(loaded, text_a, text_b, knocked)


@budgeted(estimate=trace_estimate)
def causal_trace(model_key: tuple, text_a: str, text_b: str | None) -> Trace:
    """The input's Trace under a causal (left-to-right) mask."""
    return interventions.causal_trace(loaded_model(*model_key), text_a, text_b)


@budgeted(estimate=lambda *key: _sweep_estimate(*key[:3]))
def head_importance(model_key: tuple, text_a: str, text_b: str | None,
                    output: str) -> importance.HeadImportance:
    """Every head's exact effect and gradient proxy for ``output``."""
    with _progress("experiments.sweep_progress") as progress:
        return importance.head_importance(loaded_model(*model_key),
                                          cached_trace(model_key, text_a, text_b), output,
                                          progress=progress)


@budgeted(estimate=lambda *key: _sweep_estimate(*key[:3]))
def joint_effect(model_key: tuple, text_a: str, text_b: str | None, output: str,
                 k: int) -> importance.JointEffect:
    """The top-``k`` heads out together vs one at a time."""
    return importance.joint_effect(loaded_model(*model_key),
                                   cached_trace(model_key, text_a, text_b),
                                   head_importance(model_key, text_a, text_b, output), k)


@budgeted(estimate=lambda *key: _sweep_estimate(*key[:3]))
def pruning_curve(model_key: tuple, text_a: str, text_b: str | None,
                  output: str) -> importance.PruningCurve:
    """``p`` of the answer as heads are removed, least important first."""
    found = head_importance(model_key, text_a, text_b, output)
    with _progress("experiments.prune_progress") as progress:
        return importance.pruning_curve(loaded_model(*model_key),
                                        cached_trace(model_key, text_a, text_b), found,
                                        progress=progress)


@budgeted()
def pair_head(model_key: tuple, first: str, second: str, layer: int,
              head: int) -> comparison.PairHead:
    """Head ``(layer, head)`` (0-based) on two inputs, lined up where possible."""
    return comparison.pair_head(loaded_model(*model_key), cached_trace(model_key, first, None),
                                cached_trace(model_key, second, None), layer, head)
