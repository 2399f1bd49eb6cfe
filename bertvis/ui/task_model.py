"""A model picker inside a page, for a fine-tuned task model (question answering, tagging).

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

from . import cache, errors, profile, sidebar, state
from .i18n import plain, t

CUSTOM = sidebar.CUSTOM


def _label(presets: tuple[Preset, ...]):
    names = {p.model_id: sidebar.preset_label(p) for p in presets}
    return lambda choice: t("sidebar.custom") if choice == CUSTOM else names.get(choice, choice)


def chosen_id(prefix: str, presets: tuple[Preset, ...], default: str) -> str:
    """Draw the preset box (and the id/folder box for "Other…"); return the model id."""
    choices = [p.model_id for p in presets] + [CUSTOM]
    model_key, custom_key = f"{prefix}model", f"{prefix}custom"
    if state.value(model_key, default) not in choices:  # a link with a custom id or folder
        state.remember(custom_key, st.session_state[model_key], "")
        state.remember(model_key, CUSTOM, default)
    choice = state.bound(st.selectbox, model_key, default, t("tasks.model"), options=choices,
                         format_func=_label(presets))
    if choice != CUSTOM:
        return choice
    return state.bound(st.text_input, custom_key, "", t("sidebar.custom_id"),
                       help=sidebar.custom_help() if profile.settings().public
                       else t("tasks.custom_help"),
                       placeholder="/path/to/saved/model").strip()


def load(prefix: str, presets: tuple[Preset, ...], default: str, kind: str) -> LoadedModel | None:
    """The task model chosen here, or ``None`` after explaining why it can't be loaded."""
    model_id = chosen_id(prefix, presets, default)
    if not model_id:
        st.info(t("tasks.type_model"), icon=":material/edit:")
        return None
    _, device, dtype = sidebar.model_settings()
    try:
        with st.spinner(t("loading.model", model=plain(model_id))):
            loaded = cache.loaded_model(model_id, kind, device, dtype)
    except BertvisError as exc:
        if exc.code == "offline":
            st.info(t(f"tasks.offline.{prefix.rstrip('_')}", model=plain(model_id)),
                    icon=":material/cloud_off:")
        else:
            errors.show(exc)
        return None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        errors.show(exc)
        return None
    st.caption(t("tasks.model_info", layers=loaded.n_layers, heads=loaded.n_heads,
                 hidden=loaded.hidden_size, params=round(loaded.param_count / 1e6)))
    return loaded
