"""Widgets the "Tokens and embeddings" and "Attention arithmetic" pages share: example
inputs loaded with one click, a token picker kept in the URL, and the cached padding run."""

from __future__ import annotations

import streamlit as st

from bertvis import embeddings

from . import cache, state
from .i18n import t

#: (label key, sentence A, sentence B or "") loaded by the example buttons.
EXAMPLES = (
    ("reading.example.bank", "The bank raised its rates, so we sat on the river bank.", ""),
    ("reading.example.pair", "The cat sat on the mat.", "It was tired because it played all day."),
    ("reading.example.pieces", "Tokenization of unbelievably long words is fascinating.", ""),
    ("reading.example.japanese", "猫がマットの上に座った。", "疲れていたからです。"),
)


def _load_example(text_a: str, text_b: str) -> None:
    state.remember("text_a", text_a, t("input.default_a"))
    state.remember("text_b", text_b, "")


def example_buttons() -> None:
    """One button per example; a click puts its texts into the shared inputs."""
    st.caption(t("reading.examples"))
    columns = st.columns(len(EXAMPLES))
    for column, (key, text_a, text_b) in zip(columns, EXAMPLES):
        column.button(t(key), key=f"example-{key}", on_click=_load_example,
                      args=(text_a, text_b), width="stretch")


def token_picker(column, key: str, label: str, tokens: list[str], default: int) -> int:
    """A select box over the token positions (``"3 · cat"``), kept in the URL as ``key``."""
    n = len(tokens)
    default = min(max(default, 0), n - 1)
    with column:
        return state.bound(
            st.selectbox, key, default, label, options=list(range(n)),
            format_func=lambda i: t("reading.token_option", i=i, token=tokens[i]),
            valid=lambda v: isinstance(v, int) and 0 <= v < n,
        )


@cache.budgeted(estimate=lambda model_key, text_a, text_b, length: cache.padding_estimate(
    model_key, length))
def padding_example(model_key: tuple, text_a: str, text_b: str | None,
                    length: int) -> embeddings.PaddingExample:
    """The padded run for these texts (``model_key`` as in :func:`cache.cached_trace`)."""
    loaded = cache.loaded_model(*model_key)
    result = cache.cached_trace(model_key, text_a, text_b)
    return embeddings.padding_example(loaded, result, length)
