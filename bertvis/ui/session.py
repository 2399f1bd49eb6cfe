"""What a page needs before it can draw: the model, the input text(s) and their Analysis.

Each helper shows a friendly message and stops the page (:func:`~.errors.stop`) when it can't
go on.
"""

from __future__ import annotations

import streamlit as st

from bertvis.analysis import Analysis
from bertvis.device import describe_device
from bertvis.handout import Facts, Text
from bertvis.models import LoadedModel
from bertvis.presets import JAPANESE_ENCODER

from . import cache, errors, export, profile, readability, sidebar, state
from .i18n import plain, t


def model(kind: str = "pretraining", model_id: str | None = None) -> LoadedModel:
    """The model chosen in the sidebar (or ``model_id``), loaded once per process."""
    chosen, device, dtype = sidebar.model_settings()
    model_id = model_id or chosen
    with errors.shown(stop=True, unexpected=True), \
            st.spinner(t("loading.model", model=plain(model_id))):
        loaded = cache.loaded_model(model_id, kind, device, dtype)
    if loaded.fallback_reason:
        readability.offline_banner(loaded, t("banner.fallback", model=plain(model_id)),
                                   JAPANESE_ENCODER)
    with st.sidebar:
        st.caption(t("sidebar.running_on", device=describe_device(loaded.device)))
        st.caption(t("sidebar.model_info", layers=loaded.n_layers, heads=loaded.n_heads,
                     hidden=loaded.hidden_size, params=round(loaded.param_count / 1e6)))
    export.record(Facts(((t("sidebar.model"), model_id),)))
    return loaded


#: Characters a one-line box for something short takes (a question, a list of heads).
SHORT_TEXT_CHARS = 2_000


def text_limit() -> int:
    """Characters a text box takes (``BERTVIS_MAX_TEXT_CHARS``)."""
    return profile.settings().max_text_chars


def texts(pair: bool = True, max_tokens: int = 512) -> tuple[str, str | None]:
    """Text inputs for sentence A (and B), shared across pages and kept in the URL."""
    text_a = state.bound(
        st.text_area, "text_a", t("input.default_a"), t("input.text_a"),
        help=t("input.text_a_help", max=max_tokens), height=80, max_chars=text_limit(),
    )
    text_b = None
    if pair:
        text_b = state.bound(
            st.text_input, "text_b", "", t("input.text_b"), max_chars=text_limit()
        ) or None
    return text_a, text_b


def analyse(loaded: LoadedModel, text_a: str, text_b: str | None = None) -> Analysis:
    """The Analysis of these texts (its Trace computed or found), with truncation shown and
    errors as messages."""
    found = Analysis.of(loaded, text_a, text_b)
    with errors.shown(stop=True, unexpected=True), st.spinner(t("loading.trace")):
        result = found.trace
    cut = result.truncation
    if cut is not None:
        parts = " ".join(t(f"banner.truncated_{side}", dropped=plain(_short(dropped)))
                         for side, dropped in (("a", cut.dropped_a), ("b", cut.dropped_b))
                         if dropped)  # only the sentences something was cut from
        st.warning(t("banner.truncated", original=cut.original_length, kept=cut.kept_length,
                     dropped=cut.dropped_tokens, cut_parts=parts), icon=":material/content_cut:")
    return found


def read_pair(loaded: LoadedModel) -> Analysis:
    """The opening of the pages that read one input: sentence A and B (up to the model's
    length), their Analysis, and the "can't read this text" check."""
    text_a, text_b = texts(pair=True, max_tokens=loaded.max_length)
    found = analyse(loaded, text_a, text_b)
    readability.warn(loaded, [text_a, text_b])
    return found


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def explain(key: str) -> None:
    """The page's "what am I looking at" box (also recorded for the handout)."""
    text = t(key)
    export.record(Text(text))
    with st.expander(t("explain.title"), expanded=False, icon=":material/school:"):
        st.markdown(text)
