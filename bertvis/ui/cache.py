"""Process-wide caches: one copy of each model, and recent traces, shared by every session.

``st.cache_resource`` hands out the same object on every hit without pickling it (a Trace at
512 tokens holds ~150 MB of attention); Trace arrays are read-only, so sharing is safe.
"""

from __future__ import annotations

import os
import sys

import streamlit as st

from bertvis import models
from bertvis.similarity import Embeddings, embed
from bertvis.trace import Trace, trace

#: Models kept in memory at once (the default online set is an encoder + one classifier).
MAX_MODELS = 3
#: Traces kept in memory at once, across all sessions (``BERTVIS_MAX_TRACES``). One BERT-base
#: trace at 512 tokens holds ~165 MB (128 tokens: ~25 MB): 8 keeps the worst case near 1.3 GB.
MAX_TRACES = int(os.environ.get("BERTVIS_MAX_TRACES", "8") or 8)


@st.cache_resource(max_entries=MAX_MODELS, show_spinner=False)
def loaded_model(model_id: str, kind: str, device: str, dtype: str) -> models.LoadedModel:
    loaded = models.load(model_id, kind=kind, device=device, dtype=dtype)
    loaded.extra["cache_key"] = (model_id, kind, device, dtype)
    return loaded


@st.cache_resource(max_entries=MAX_TRACES, show_spinner=False)
def cached_trace(model_key: tuple, text_a: str, text_b: str | None) -> Trace:
    """``model_key`` is ``LoadedModel.extra["cache_key"]``: the arguments of :func:`loaded_model`.

    With ``BERTVIS_LOG_TRACES=1`` each model run prints one line to stderr (the load test
    counts them to check that a class opening one link runs the model once)."""
    result = trace(loaded_model(*model_key), text_a, text_b)
    if os.environ.get("BERTVIS_LOG_TRACES"):
        print(f"bertvis: trace computed ({result.n_tokens} tokens, {model_key[0]})",
              file=sys.stderr, flush=True)
    return result


@st.cache_resource(max_entries=MAX_TRACES, show_spinner=False)
def cached_embeddings(model_key: tuple, sentences: tuple[str, ...]) -> Embeddings:
    """Pooled vectors of ``sentences`` (one padded batch), shared like :func:`cached_trace`."""
    return embed(loaded_model(*model_key), list(sentences))
