"""Every process-wide cache of the app, under one memory budget in bytes.

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
"""

from __future__ import annotations

import functools
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

from bertvis import corruption, memory_budget, models, sentiment
from bertvis import trace as tracing
from bertvis.errors import BertvisError
from bertvis.similarity import MAX_TOKENS as SIMILARITY_MAX_TOKENS
from bertvis.similarity import Embeddings, embed

from . import profile

if TYPE_CHECKING:  # captum (under bertvis.attribution) is imported by the pages that explain
    from bertvis import attribution

_store: memory_budget.MemoryBudget | None = None
_store_lock = threading.Lock()


def store() -> memory_budget.MemoryBudget:
    """The process's one store, created on first use: the budget less what the process already
    holds (Python, Streamlit, torch) and a head-room (:meth:`MemoryBudget.for_process`)."""
    global _store
    with _store_lock:
        if _store is None:
            _store = memory_budget.MemoryBudget.for_process(
                profile.settings().memory_budget_bytes)
        return _store


def use_store(new: memory_budget.MemoryBudget | None) -> None:
    """Replace the store (tests and the hostile-class benchmark size their own)."""
    global _store
    with _store_lock:
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


@budgeted()
def _model(model_id: str, kind: str, device: str, dtype: str) -> models.LoadedModel:
    loaded = models.load(model_id, kind=kind, device=device, dtype=dtype, budget=store())
    loaded.extra["cache_key"] = (model_id, kind, device, dtype)
    return loaded


def loaded_model(model_id: str, kind: str, device: str, dtype: str) -> models.LoadedModel:
    """The model, loaded once per process. In the public profile an id that isn't allowed is
    refused before the store or the file system is looked at."""
    profile.settings()  # secrets merged before the engine reads the settings
    models.check_allowed(model_id.strip())
    return _model(model_id, kind, device, dtype)


loaded_model.clear = _model.clear


def _n_tokens(loaded: models.LoadedModel, *texts: str | None) -> int:
    """Tokens the model will read for these texts (special tokens included, cut to its max)."""
    given = [text for text in texts if text]
    if not given:
        return 2
    found = len(loaded.tokenizer(*given[:2], truncation=False)["input_ids"])
    return min(found, loaded.max_length)


def _shape(loaded: models.LoadedModel) -> tuple[int, int, int]:
    return loaded.n_layers, loaded.n_heads, loaded.hidden_size


def trace_estimate(model_key: tuple, text_a: str, text_b: str | None) -> int:
    """One forward pass with its attentions, the kept Trace included."""
    loaded = loaded_model(*model_key)
    layers, heads, hidden = _shape(loaded)
    return memory_budget.run_bytes(layers, heads, _n_tokens(loaded, text_a, text_b), hidden)


@budgeted(estimate=trace_estimate)
def cached_trace(model_key: tuple, text_a: str, text_b: str | None) -> tracing.Trace:
    """``model_key`` is ``LoadedModel.extra["cache_key"]``: the arguments of :func:`loaded_model`.

    With ``BERTVIS_LOG_TRACES=1`` each model run prints one line to stderr (the load test
    counts them to check that a class opening one link runs the model once)."""
    result = tracing.trace(loaded_model(*model_key), text_a, text_b)
    if profile.settings().log_traces:
        print(f"bertvis: trace computed ({result.n_tokens} tokens, {model_key[0]})",
              file=sys.stderr, flush=True)
    return result


def _embeddings_estimate(model_key: tuple, sentences: tuple[str, ...]) -> int:
    """One padded batch of every sentence at the similarity page's longest length."""
    layers, heads, hidden = _shape(loaded_model(*model_key))
    return len(sentences) * memory_budget.run_bytes(layers, heads, SIMILARITY_MAX_TOKENS, hidden)


@budgeted(estimate=_embeddings_estimate)
def cached_embeddings(model_key: tuple, sentences: tuple[str, ...]) -> Embeddings:
    """Pooled vectors of ``sentences`` (one padded batch), shared like :func:`cached_trace`."""
    return embed(loaded_model(*model_key), list(sentences),
                 limit=profile.settings().max_sentences)


def backward_bytes_per_input(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one input of a gradient pass keeps per layer for the backward pass (attention
    scores and probabilities, the feed-forward activations), over every layer."""
    return layers * (3 * heads * tokens**2 * 4 + 20 * tokens * hidden * 4)


def _attribution_batch(model_key: tuple, text: str) -> int:
    """How many integration steps go through the model at once so that they fit in the store
    next to the model (at least 1, at most ``attribution.IG_STEPS``)."""
    from bertvis import attribution

    loaded = loaded_model(*model_key)
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


def _attribution_estimate(model_key: tuple, text: str, method: str) -> int:
    loaded = loaded_model(*model_key)
    layers, heads, hidden = _shape(loaded)
    per_input = backward_bytes_per_input(layers, heads, _n_tokens(loaded, text), hidden)
    return per_input * (_attribution_batch(model_key, text) if method == "ig" else 1)


@budgeted(estimate=_attribution_estimate)
def attribution_of(model_key: tuple, text: str, method: str) -> attribution.Attribution:
    """:func:`bertvis.attribution.attribute` of a sentence, its steps batched to fit."""
    from bertvis import attribution

    loaded = loaded_model(*model_key)
    batch = _attribution_batch(model_key, text) if method == "ig" else None
    return attribution.attribute(loaded, cached_trace(model_key, text, None), method,
                                 batch_size=batch)


def padding_estimate(model_key: tuple, length: int) -> int:
    """One run of ``length`` tokens (the tokens page's padded example)."""
    layers, heads, hidden = _shape(loaded_model(*model_key))
    return memory_budget.run_bytes(layers, heads, length, hidden)


@budgeted(estimate=lambda model_key, text, seed: trace_estimate(model_key, text, None))
def corrupted(model_key: tuple, text: str, seed: int):
    """One draw of the pre-training corruption and the model's guesses on it, kept so moving a
    slider doesn't run the model again."""
    loaded = loaded_model(*model_key)
    result = cached_trace(model_key, text, None)
    draw = corruption.corrupt_trace(loaded, result, seed)
    return draw, corruption.recover(loaded, result, draw)


def classify_batch(loaded: models.LoadedModel, texts: list[str], progress=None):
    """:func:`bertvis.sentiment.predict_batch`, run alone with room made for one padded batch
    of ``sentiment.BATCH_SIZE`` texts at the model's longest length (not kept)."""
    _, heads, hidden = _shape(loaded)
    per_text = memory_budget.run_bytes(1, heads, loaded.max_length, hidden)
    with store().reserved(sentiment.BATCH_SIZE * per_text):
        return sentiment.predict_batch(loaded, texts, progress=progress)


@budgeted()
def tokenizer(model_id: str):
    """:func:`bertvis.models.load_tokenizer` of ``model_id``, without its weights (the tokens
    lesson compares three tokenizers). Counted by its Python object only: a tokenizer's own
    buffers (a few MB) fall within the store's head-room. Failures are not kept, so a model
    prefetched later is found on the next run."""
    return models.load_tokenizer(model_id)


@budgeted(estimate=lambda model_key, text: trace_estimate(model_key, text, None))
def untrained_heads(model_key: tuple, text: str):
    """:func:`bertvis.sentiment.untrained_heads` of a sentence: one more forward pass, kept so a
    rerun doesn't run the model again, and run alone like every model run (its hook reads the
    shared model's classifier input)."""
    return sentiment.untrained_heads(loaded_model(*model_key), cached_trace(model_key, text, None))
