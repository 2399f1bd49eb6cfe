"""Per-input results of the attention page, computed once per (model, texts) and shared.

Keyed like :func:`bertvis.ui.cache.cached_trace` (model cache key, text A, text B), so moving a
slider reuses them; the values are read-only numpy arrays, handed out without copying, kept in
the process's one memory budget (:func:`bertvis.ui.cache.budgeted`).
"""

from __future__ import annotations

import numpy as np

from bertvis import attention, bertviz_view

from .cache import budgeted, cached_trace


@budgeted()
def rollout(model_key: tuple, text_a: str, text_b: str | None) -> np.ndarray:
    """float ``[L, T, T]``: :func:`bertvis.attention.rollout` of the input."""
    return attention.rollout(cached_trace(model_key, text_a, text_b).attentions)


@budgeted()
def layer_means(model_key: tuple, text_a: str, text_b: str | None) -> np.ndarray:
    """float ``[L, T, T]``: each layer's mean over heads."""
    return attention.layer_mean(cached_trace(model_key, text_a, text_b).attentions)


@budgeted()
def head_stats(model_key: tuple, text_a: str, text_b: str | None) -> attention.HeadStats:
    """The head field guide of the input."""
    result = cached_trace(model_key, text_a, text_b)
    return attention.head_stats(result.attentions, result.tokens, result.special,
                                result.segments, result.is_pair)


@budgeted()
def mosaic_cells(model_key: tuple, text_a: str, text_b: str | None, size: int) -> np.ndarray:
    """float ``[L, H, c, c]``: every head pooled to at most ``size`` × ``size``."""
    return attention.pool(cached_trace(model_key, text_a, text_b).attentions, size)


@budgeted()
def bertviz_html(model_key: tuple, text_a: str, text_b: str | None, view: str,
                 layer: int) -> str:
    """bertviz's ``view`` of the input as one HTML page (:func:`bertvis.bertviz_view.html`)."""
    result = cached_trace(model_key, text_a, text_b)
    return bertviz_view.html(view, result.attentions, result.tokens, result.sentence_b_start,
                             layer=layer)
