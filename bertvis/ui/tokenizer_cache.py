"""Tokenizers alone (no weights), loaded once per process: the tokens lesson compares how three
models cut the same sentence without loading three models."""

from __future__ import annotations

import streamlit as st

from bertvis import models

#: Tokenizers kept at once (a few MB each; the comparison shows three).
MAX_TOKENIZERS = 6


@st.cache_resource(max_entries=MAX_TOKENIZERS, show_spinner=False)
def tokenizer(model_id: str):
    """:func:`bertvis.models.load_tokenizer` of ``model_id`` (failures are not kept: a model
    prefetched later is found on the next run)."""
    return models.load_tokenizer(model_id)
