"""Every process-wide cache of the app, under one memory budget in bytes, in one module.

Models, Traces and everything derived from them live in one least-recently-used store
(:class:`bertvis.memory_budget.MemoryBudget`) sized from the deployment's budget
(``BERTVIS_MEMORY_BUDGET_MB``, :mod:`bertvis.settings`), shared by every session. Each entry
counts its real bytes; the least recently used are evicted first. Values are handed out as they
are, never copied or pickled (a Trace's arrays are read-only, so sharing is safe), and one
computation runs at a time, so a class opening one link runs the model once.

:func:`budgeted` turns a function of hashable arguments into a cached one in that store; it
replaces ``st.cache_resource`` everywhere in the app. Its ``estimate`` names what a miss needs
while it runs (the named sizes: :func:`trace_estimate`, :func:`_embeddings_estimate`,
:func:`_attribution_estimate`; a model's is checked by :func:`bertvis.models.load` itself).

Every cache of a model's results is keyed by the model's :class:`bertvis.models.ModelKey`
(``LoadedModel.key``), then the texts, then the view's own choices, so moving a slider reuses
them. Sections, by what they keep: models and tokenizers; Traces; the attention page's
per-input results; results recomputed from a layer's weights (norms, one whole layer); the
experiments (knockouts and their answers, causal runs, head-importance sweeps); sentence
embeddings; sentiment (attributions, untrained heads, batches); pre-training (masked-word
guesses, the logit lens, corruption draws); the tokens page's padded run.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
import streamlit as st

from bertvis import (
    answers,
    attention,
    bertviz_view,
    comparison,
    corruption,
    embeddings,
    fill_mask,
    importance,
    interventions,
    layer_anatomy,
    memory_budget,
    models,
    norms,
    sentiment,
)
from bertvis import trace as tracing
from bertvis.errors import BertvisError
from bertvis.models import ModelKey
from bertvis.similarity import MAX_TOKENS as SIMILARITY_MAX_TOKENS
from bertvis.similarity import Embeddings, embed
from bertvis.trace import Trace

from . import profile
from .i18n import t

if TYPE_CHECKING:  # captum (under bertvis.attribution) is imported by the pages that explain
    from bertvis import attribution

_store: memory_budget.MemoryBudget | None = None
_store_lock = threading.Lock()


def store() -> memory_budget.MemoryBudget:
    """The process's one store, created on first use: the budget less what the process already
    holds (Python, Streamlit, torch) and a head-room (:meth:`MemoryBudget.for_process`), with
    the process's measured RSS held under the whole budget (its sampler thread runs from
    here on; glibc returns large frees at once, so evictions show in the RSS)."""
    global _store
    with _store_lock:
        if _store is None:
            memory_budget.return_large_frees_at_once()
            _store = memory_budget.MemoryBudget.for_process(
                profile.settings().memory_budget_bytes)
            _store.start_sampler()
        return _store


def use_store(new: memory_budget.MemoryBudget | None) -> None:
    """Replace the store (tests and the hostile-class benchmark size their own); the old one's
    sampler stops."""
    global _store
    with _store_lock:
        if _store is not None and _store is not new:
            _store.stop_sampler()
        _store = new


def budgeted(estimate: Callable[..., int] | None = None) -> Callable:
    """Cache a function in the store, keyed by its name and arguments. ``estimate(*args)`` is
    the bytes a miss needs while it runs; room is made for it first. The wrapper's ``clear()``
    drops this function's entries."""

    def wrap(function: Callable) -> Callable:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def cached(*args: Any) -> Any:
            return store().get(
                (name, args), lambda: function(*args),
                estimate=(lambda: estimate(*args)) if estimate is not None else None,
            )

        cached.clear = lambda: store().clear(lambda key: key[0] == name)
        return cached

    return wrap


# --- models and tokenizers ----------------------------------------------------------------------

@budgeted()
def _model(key: ModelKey) -> models.LoadedModel:
    return models.load(key.model_id, kind=key.kind, device=key.device, dtype=key.dtype,
                       budget=store())


def loaded_model(model_id: str, kind: str, device: str, dtype: str) -> models.LoadedModel:
    """The model, loaded once per process. In the public profile an id that isn't allowed is
    refused before the store or the file system is looked at."""
    return model_for(ModelKey(model_id, kind, device, dtype))


def model_for(key: ModelKey) -> models.LoadedModel:
    """:func:`loaded_model` by a model's key (``LoadedModel.key``)."""
    profile.settings()  # secrets merged before the engine reads the settings
    models.check_allowed(key.model_id.strip())
    return _model(key)


@budgeted()
def tokenizer(model_id: str):
    """:func:`bertvis.models.load_tokenizer` of ``model_id``, without its weights (the tokens
    lesson compares three tokenizers). Counted by its Python object only: a tokenizer's own
    buffers (a few MB) fall within the store's head-room. Failures are not kept, so a model
    prefetched later is found on the next run."""
    return models.load_tokenizer(model_id)


def _n_tokens(loaded: models.LoadedModel, *texts: str | None) -> int:
    """Tokens the model will read for these texts (special tokens included, cut to its max)."""
    given = [text for text in texts if text]
    if not given:
        return 2
    found = len(loaded.tokenizer(*given[:2], truncation=False)["input_ids"])
    return min(found, loaded.max_length)


def _shape(loaded: models.LoadedModel) -> tuple[int, int, int]:
    return loaded.n_layers, loaded.n_heads, loaded.hidden_size


# --- Traces ----------------------------------------------------------------------------------

def trace_estimate(key: ModelKey, text_a: str, text_b: str | None) -> int:
    """One forward pass with its attentions, the kept Trace included."""
    loaded = model_for(key)
    layers, heads, hidden = _shape(loaded)
    return memory_budget.run_bytes(layers, heads, _n_tokens(loaded, text_a, text_b), hidden)


def cached_trace(key: ModelKey, text_a: str, text_b: str | None) -> Trace:
    """The Trace of these texts on the model ``key`` names (``LoadedModel.key``).

    Kept under the texts as the model reads them (:func:`bertvis.trace.trace` strips them), so
    a box's text and the Trace's own ``text_a`` (``"Great film.\\n"`` and ``"Great film."``)
    find the same run. With ``BERTVIS_LOG_TRACES=1`` each model run prints one line to stderr
    (the load test counts them to check that a class opening one link runs the model once)."""
    return _trace(key, text_a.strip(), (text_b or "").strip() or None)


@budgeted(estimate=trace_estimate)
def _trace(key: ModelKey, text_a: str, text_b: str | None) -> Trace:
    result = tracing.trace(model_for(key), text_a, text_b)
    if profile.settings().log_traces:
        print(f"bertvis: trace computed ({result.n_tokens} tokens, {key.model_id})",
              file=sys.stderr, flush=True)
    return result


# --- the attention page's per-input results (read-only arrays, shared) -------------------------

@budgeted()
def rollout(key: ModelKey, text_a: str, text_b: str | None) -> np.ndarray:
    """float ``[L, T, T]``: :func:`bertvis.attention.rollout` of the input."""
    return attention.rollout(cached_trace(key, text_a, text_b).attentions)


@budgeted()
def layer_means(key: ModelKey, text_a: str, text_b: str | None) -> np.ndarray:
    """float ``[L, T, T]``: each layer's mean over heads."""
    return attention.layer_mean(cached_trace(key, text_a, text_b).attentions)


@budgeted()
def head_stats(key: ModelKey, text_a: str, text_b: str | None) -> attention.HeadStats:
    """The head field guide of the input."""
    return attention.head_stats(cached_trace(key, text_a, text_b))


@budgeted()
def mosaic_cells(key: ModelKey, text_a: str, text_b: str | None, size: int) -> np.ndarray:
    """float ``[L, H, c, c]``: every head pooled to at most ``size`` × ``size``."""
    return attention.pool(cached_trace(key, text_a, text_b).attentions, size)


@budgeted()
def bertviz_html(key: ModelKey, text_a: str, text_b: str | None, view: str,
                 layer: int) -> str:
    """bertviz's ``view`` of the input as one HTML page (:func:`bertvis.bertviz_view.html`)."""
    result = cached_trace(key, text_a, text_b)
    return bertviz_view.html(view, result.attentions, result.tokens, result.sentence_b_start,
                             layer=layer)


# --- recomputed from a layer's own weights: norms (bertvis.norms), one whole layer -------------
# Only small arrays are kept: value norms [L, H, T], per-layer [T, T] aggregates and the pooled
# mosaic; one head's [T, T] norm matrix is computed when drawn.

@budgeted()
def value_norms(key: ModelKey, text_a: str, text_b: str | None) -> np.ndarray:
    """float32 ``[L, H, T]``: :func:`bertvis.norms.value_norms` of the input."""
    return norms.value_norms(model_for(key), cached_trace(key, text_a, text_b))


def norm_head_matrix(key: ModelKey, text_a: str, text_b: str | None, layer: int,
                     head: int) -> np.ndarray:
    """float32 ``[T, T]``: one head's ``α · ‖f(x)‖`` (cheap: no cache of its own)."""
    result = cached_trace(key, text_a, text_b)
    return norms.norm_weighted(result.attentions[layer, head],
                               value_norms(key, text_a, text_b)[layer, head])


@budgeted()
def norm_rollout(key: ModelKey, text_a: str, text_b: str | None) -> np.ndarray:
    """float32 ``[L, T, T]``: :func:`bertvis.norms.norm_rollout` of the input."""
    return norms.norm_rollout(cached_trace(key, text_a, text_b), value_norms(key, text_a, text_b))


@budgeted()
def norm_mosaic_cells(key: ModelKey, text_a: str, text_b: str | None, size: int) -> np.ndarray:
    """float32 ``[L, H, c, c]``: every head's norm-weighted matrix pooled to at most ``size``."""
    return norms.pooled_cells(cached_trace(key, text_a, text_b),
                              value_norms(key, text_a, text_b), size)


@budgeted()
def special_shares(key: ModelKey, text_a: str, text_b: str | None) -> norms.SpecialShares:
    """[CLS] / [SEP] / punctuation shares per layer, by weight and by norm."""
    return norms.special_shares(cached_trace(key, text_a, text_b),
                                value_norms(key, text_a, text_b))


@budgeted()
def layer_pass(key: ModelKey, text_a: str, text_b: str | None,
               layer: int) -> layer_anatomy.LayerPass:
    """One layer recomputed stage by stage (:func:`bertvis.layer_anatomy.layer_pass`)."""
    return layer_anatomy.layer_pass(model_for(key), cached_trace(key, text_a, text_b), layer)


# --- experiments: knockouts, the causal mask, head-importance sweeps ----------------------------
# A sweep draws its own progress bar (``st.progress``, fed by the engine's ``progress(done,
# total)`` callback) and removes it when done; a cache hit doesn't run the sweep, so it shows
# no bar and returns at once. A sweep runs alone like any other computation, with room made
# for one batch of knockouts first.

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


def _sweep_estimate(key: ModelKey, text_a: str, text_b: str | None, *choices: Any) -> int:
    """Bytes one batch of :data:`bertvis.importance.BATCH_SIZE` knockouts needs while it runs:
    each input's one-layer working set at a time (no attentions are kept), an upper bound."""
    loaded = model_for(key)
    result = cached_trace(key, text_a, text_b)
    return importance.BATCH_SIZE * memory_budget.run_bytes(
        1, loaded.n_heads, result.n_tokens, loaded.hidden_size)


def knockout_trace(key: ModelKey, text_a: str, text_b: str | None, heads: str) -> Trace:
    """The input's Trace with ``heads`` (``"9-6,2-3"``, 1-based) knocked out; with none, the
    input's own Trace (:func:`cached_trace`: no second run of the same input)."""
    loaded = model_for(key)
    if not interventions.parse_heads(heads, loaded.n_layers, loaded.n_heads):
        return cached_trace(key, text_a, text_b)
    return _knockout_trace(key, text_a, text_b, heads)


@budgeted(estimate=lambda key, text_a, text_b, heads: trace_estimate(key, text_a, text_b))
def _knockout_trace(key: ModelKey, text_a: str, text_b: str | None, heads: str) -> Trace:
    loaded = model_for(key)
    knocked = interventions.parse_heads(heads, loaded.n_layers, loaded.n_heads)
    return interventions.knockout_trace(loaded, text_a, text_b, knocked)


@budgeted()
def objective(key: ModelKey, text_a: str, text_b: str | None,
              output: str) -> importance.Objective:
    """:func:`bertvis.importance.objective`: the input's answer for ``output`` that the
    experiments measure (for a masked word, the head projects onto the whole vocabulary)."""
    return importance.objective(model_for(key), cached_trace(key, text_a, text_b), output)


@budgeted()
def knockout_answer(key: ModelKey, text_a: str, text_b: str | None, heads: str,
                    output: str) -> dict:
    """:func:`bertvis.answers.answer` of the input with ``heads`` knocked out (``""``: the
    input as it is), kept so a click on another head recomputes only the new "after"."""
    return answers.answer(model_for(key), knockout_trace(key, text_a, text_b, heads), output)


@budgeted(estimate=trace_estimate)
def causal_trace(key: ModelKey, text_a: str, text_b: str | None) -> Trace:
    """The input's Trace under a causal (left-to-right) mask."""
    return interventions.causal_trace(model_for(key), text_a, text_b)


@budgeted(estimate=_sweep_estimate)
def head_importance(key: ModelKey, text_a: str, text_b: str | None,
                    output: str) -> importance.HeadImportance:
    """Every head's exact effect and gradient proxy for ``output``."""
    with _progress("experiments.sweep_progress") as progress:
        return importance.head_importance(model_for(key), cached_trace(key, text_a, text_b),
                                          output, progress=progress)


@budgeted(estimate=_sweep_estimate)
def joint_effect(key: ModelKey, text_a: str, text_b: str | None, output: str,
                 k: int) -> importance.JointEffect:
    """The top-``k`` heads out together vs one at a time."""
    return importance.joint_effect(model_for(key), cached_trace(key, text_a, text_b),
                                   head_importance(key, text_a, text_b, output), k)


@budgeted(estimate=_sweep_estimate)
def pruning_curve(key: ModelKey, text_a: str, text_b: str | None,
                  output: str) -> importance.PruningCurve:
    """``p`` of the answer as heads are removed, least important first."""
    found = head_importance(key, text_a, text_b, output)
    with _progress("experiments.prune_progress") as progress:
        return importance.pruning_curve(model_for(key), cached_trace(key, text_a, text_b), found,
                                        progress=progress)


@budgeted()
def pair_head(key: ModelKey, first: str, second: str, layer: int,
              head: int) -> comparison.PairHead:
    """Head ``(layer, head)`` (0-based) on two inputs, lined up where possible."""
    return comparison.pair_head(cached_trace(key, first, None), cached_trace(key, second, None),
                                layer, head)


# --- sentence embeddings (the similarity page) --------------------------------------------------

def _embeddings_estimate(key: ModelKey, sentences: tuple[str, ...]) -> int:
    """One padded batch of every sentence at the similarity page's longest length."""
    layers, heads, hidden = _shape(model_for(key))
    return len(sentences) * memory_budget.run_bytes(layers, heads, SIMILARITY_MAX_TOKENS, hidden)


@budgeted(estimate=_embeddings_estimate)
def cached_embeddings(key: ModelKey, sentences: tuple[str, ...]) -> Embeddings:
    """Pooled vectors of ``sentences`` (one padded batch), shared like :func:`cached_trace`."""
    return embed(model_for(key), list(sentences), limit=profile.settings().max_sentences)


# --- sentiment: attributions, untrained heads, batches ------------------------------------------

#: Bytes of one float32 number.
FLOAT32_BYTES = 4
#: ``[T, T]`` arrays per head a gradient pass keeps per layer (scores, probabilities, dropout).
BACKWARD_ATTENTION_ARRAYS = 3
#: ``[T, D]`` float32 arrays per layer a gradient pass keeps (projections, feed-forward, norms).
BACKWARD_HIDDEN_ARRAYS = 20


def backward_bytes_per_input(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one input of a gradient pass keeps per layer for the backward pass (attention
    scores and probabilities, the feed-forward activations), over every layer."""
    return layers * FLOAT32_BYTES * (BACKWARD_ATTENTION_ARRAYS * heads * tokens**2
                                     + BACKWARD_HIDDEN_ARRAYS * tokens * hidden)


def _attribution_batch(key: ModelKey, text: str) -> int:
    """How many integration steps go through the model at once so that they fit in the store
    next to the model (at least 1, at most ``attribution.IG_STEPS``)."""
    from bertvis import attribution

    loaded = model_for(key)
    layers, heads, hidden = _shape(loaded)
    per_input = backward_bytes_per_input(layers, heads, _n_tokens(loaded, text), hidden)
    room = store().capacity - memory_budget.size_of(loaded.model)
    if per_input > room:
        raise BertvisError(
            "too_long_for_memory",
            "This text is too long to explain within this deployment's memory budget.",
            tokens=_n_tokens(loaded, text),
        )
    return max(1, min(attribution.IG_STEPS, room // per_input))


def _attribution_estimate(key: ModelKey, text: str, method: str) -> int:
    loaded = model_for(key)
    layers, heads, hidden = _shape(loaded)
    per_input = backward_bytes_per_input(layers, heads, _n_tokens(loaded, text), hidden)
    return per_input * (_attribution_batch(key, text) if method == "ig" else 1)


@budgeted(estimate=_attribution_estimate)
def attribution_of(key: ModelKey, text: str, method: str) -> attribution.Attribution:
    """:func:`bertvis.attribution.attribute` of a sentence, its steps batched to fit."""
    from bertvis import attribution

    batch = _attribution_batch(key, text) if method == "ig" else None
    return attribution.attribute(model_for(key), cached_trace(key, text, None), method,
                                 batch_size=batch)


@budgeted(estimate=lambda key, text: trace_estimate(key, text, None))
def untrained_heads(key: ModelKey, text: str):
    """:func:`bertvis.sentiment.untrained_heads` of a sentence: one more forward pass, kept so a
    rerun doesn't run the model again, and run alone like every model run (its hook reads the
    shared model's classifier input)."""
    return sentiment.untrained_heads(model_for(key), cached_trace(key, text, None))


def classify_batch(loaded: models.LoadedModel, texts: list[str], progress=None):
    """:func:`bertvis.sentiment.predict_batch`, run alone with room made for one padded batch
    of ``sentiment.BATCH_SIZE`` texts at the model's longest length (not kept)."""
    _, heads, hidden = _shape(loaded)
    per_text = memory_budget.run_bytes(1, heads, loaded.max_length, hidden)
    with store().reserved(sentiment.BATCH_SIZE * per_text):
        return sentiment.predict_batch(loaded, texts, progress=progress)


# --- pre-training: masked-word guesses, the logit lens, corruption draws -----------------------
# The masked-LM head projects onto the whole vocabulary (30,522 × 768 for BERT-base) and every
# guess sorts it: kept, so moving the page's sliders doesn't run them again.

@budgeted()
def mask_predictions(key: ModelKey, text: str, k: int,
                     temperature: float) -> list[fill_mask.MaskPrediction]:
    """:func:`bertvis.fill_mask.predict` on the Trace of ``text``."""
    return fill_mask.predict(model_for(key), cached_trace(key, text, None), k, temperature)


@budgeted()
def logit_lens(key: ModelKey, text: str, position: int, k: int,
               temperature: float) -> list[fill_mask.LayerGuesses]:
    """:func:`bertvis.fill_mask.logit_lens` at ``position`` of the Trace of ``text``."""
    return fill_mask.logit_lens(model_for(key), cached_trace(key, text, None), position, k,
                                temperature)


@budgeted(estimate=lambda key, text, seed: trace_estimate(key, text, None))
def corrupted(key: ModelKey, text: str, seed: int):
    """One draw of the pre-training corruption and the model's guesses on it, kept so moving a
    slider doesn't run the model again."""
    loaded = model_for(key)
    result = cached_trace(key, text, None)
    draw = corruption.corrupt_trace(loaded, result, seed)
    return draw, corruption.recover(loaded, result, draw)


# --- the tokens page: the padded run -----------------------------------------------------------

def padding_estimate(key: ModelKey, length: int) -> int:
    """One run of ``length`` tokens (the tokens page's padded example)."""
    layers, heads, hidden = _shape(model_for(key))
    return memory_budget.run_bytes(layers, heads, length, hidden)


@budgeted(estimate=lambda key, text_a, text_b, length: padding_estimate(key, length))
def padding_example(key: ModelKey, text_a: str, text_b: str | None,
                    length: int) -> embeddings.PaddingExample:
    """The padded run of these texts (:func:`bertvis.embeddings.padding_example`)."""
    return embeddings.padding_example(model_for(key), cached_trace(key, text_a, text_b), length)
