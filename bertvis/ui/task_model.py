"""A model picker inside a page, for a fine-tuned task model (question answering, tagging,
sentiment).

Each task keeps its own choice in the URL under a prefix (``qa_model``, ``ner_model``); the
sidebar's model stays the encoder the other pages share. Device and precision come from the
sidebar. Offline, a Hub id that isn't cached can't be loaded and there is no packaged
replacement for a fine-tuned head, so the picker explains that instead of showing anything.
"""

from __future__ import annotations

import streamlit as st

from bertvis.errors import BertvisError
from bertvis.models import LoadedModel
from bertvis.presets import Preset

from . import cache, errors, model_picker, sidebar
from .i18n import plain, t


def chosen_id(prefix: str, presets: tuple[Preset, ...], default: str) -> str:
    """Draw the preset box (and the id/folder box for "Other…"); return the model id."""
    return model_picker.pick(f"{prefix}model", f"{prefix}custom", presets, default,
                             t("tasks.model"), custom_help_key="tasks.custom_help")


def load(prefix: str, presets: tuple[Preset, ...], default: str, kind: str) -> LoadedModel | None:
    """The task model chosen here, or ``None`` after explaining why it can't be loaded."""
    model_id = chosen_id(prefix, presets, default)
    if not model_id:
        st.info(t("tasks.type_model"), icon=":material/edit:")
        return None
    _, device, dtype = sidebar.model_settings()
    loaded = None
    with errors.shown(unexpected=True):  # every failure becomes a message
        try:
            with st.spinner(t("loading.model", model=plain(model_id))):
                loaded = cache.loaded_model(model_id, kind, device, dtype)
        except BertvisError as exc:
            if exc.code != "offline":
                raise
            st.info(t(f"tasks.offline.{prefix.rstrip('_')}", model=plain(model_id)),
                    icon=":material/cloud_off:")
    if loaded is None:
        return None
    st.caption(t("tasks.model_info", layers=loaded.n_layers, heads=loaded.n_heads,
                 hidden=loaded.hidden_size, params=round(loaded.param_count / 1e6)))
    return loaded
