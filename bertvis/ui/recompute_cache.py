"""Per-input results recomputed from a layer's own weights, computed once per (model, texts):
norm-weighted attention (:mod:`bertvis.norms`) and one whole layer (:mod:`bertvis.layer_anatomy`).

Keyed like :mod:`bertvis.ui.attention_cache` (model cache key, text A, text B), so moving a
slider reuses them, in the process's one memory budget (:func:`bertvis.ui.cache.budgeted`);
the values are read-only numpy arrays, handed out without copying. Only
small arrays are kept: value norms ``[L, H, T]``, per-layer ``[T, T]`` aggregates and the
pooled mosaic; one head's ``[T, T]`` norm matrix is computed when drawn.
"""

from __future__ import annotations

import numpy as np

from bertvis import layer_anatomy, norms

from .cache import budgeted, cached_trace, loaded_model


@budgeted()
def value_norms(model_key: tuple, text_a: str, text_b: str | None) -> np.ndarray:
    """float32 ``[L, H, T]``: :func:`bertvis.norms.value_norms` of the input."""
    return norms.value_norms(loaded_model(*model_key), cached_trace(model_key, text_a, text_b))


def head_matrix(model_key: tuple, text_a: str, text_b: str | None, layer: int,
                head: int) -> np.ndarray:
    """float32 ``[T, T]``: one head's ``α · ‖f(x)‖`` (cheap: no cache of its own)."""
    result = cached_trace(model_key, text_a, text_b)
    return norms.norm_weighted(result.attentions[layer, head],
                               value_norms(model_key, text_a, text_b)[layer, head])


@budgeted()
def rollout(model_key: tuple, text_a: str, text_b: str | None) -> np.ndarray:
    """float32 ``[L, T, T]``: :func:`bertvis.norms.norm_rollout` of the input."""
    return norms.norm_rollout(cached_trace(model_key, text_a, text_b),
                              value_norms(model_key, text_a, text_b))


@budgeted()
def mosaic_cells(model_key: tuple, text_a: str, text_b: str | None, size: int) -> np.ndarray:
    """float32 ``[L, H, c, c]``: every head's norm-weighted matrix pooled to at most ``size``."""
    return norms.pooled_cells(cached_trace(model_key, text_a, text_b),
                              value_norms(model_key, text_a, text_b), size)


@budgeted()
def special_shares(model_key: tuple, text_a: str, text_b: str | None) -> norms.SpecialShares:
    """[CLS] / [SEP] / punctuation shares per layer, by weight and by norm."""
    return norms.special_shares(cached_trace(model_key, text_a, text_b),
                                value_norms(model_key, text_a, text_b))


@budgeted()
def layer_pass(model_key: tuple, text_a: str, text_b: str | None,
               layer: int) -> layer_anatomy.LayerPass:
    """One layer recomputed stage by stage (:func:`bertvis.layer_anatomy.layer_pass`)."""
    return layer_anatomy.layer_pass(loaded_model(*model_key),
                                    cached_trace(model_key, text_a, text_b), layer)
