"""The one model picker: a box over presets, plus an id/folder box for "Other…".

Drawn by the sidebar (the encoder the pages share: ``model`` / ``custom_model``), by the
masked-words page (a model with pre-training heads for that page only: ``pt_model`` /
``pt_custom``, with a "use the sidebar's model" choice) and by the task pages (``qa_model`` /
``qa_custom`` …, :mod:`bertvis.ui.task_model`). Both values live in the URL; a link naming an
id that is no choice opens on "Other…" with the id in the box.
"""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from bertvis.model_request import CUSTOM, clean_id
from bertvis.models import preset_needed_bytes
from bertvis.presets import ENCODER_PRESETS, Preset, preset_for

from . import cache, profile, state
from .i18n import t

USE_SIDEBAR = ""  # "use the sidebar's model" (a page's own picker only)


def preset_label(preset: Preset) -> str:
    """"BERT-base uncased · 110M · 12×12", marked when it can't fit in the memory budget."""
    label = f"{preset.label} · {preset.size}"
    if preset_needed_bytes(preset) > cache.store().capacity:
        label += f" · ⚠ {t('sidebar.too_big')}"
    return label


def custom_help(private_key: str = "sidebar.custom_help") -> str:
    """The id box's help: ``private_key``'s text (private profile), or the list the public
    profile accepts."""
    settings = profile.settings()
    if not settings.public:
        return t(private_key)
    listed = [p.model_id for p in ENCODER_PRESETS] + list(settings.allowed_models)
    return t("sidebar.custom_help_public", allowed=", ".join(listed))


def choice_label(choice: str) -> str:
    """How a choice reads in the box: a preset's label, "Other…", "the sidebar's model", or
    the id itself (an allowlisted id)."""
    if choice == CUSTOM:
        return t("sidebar.custom")
    if choice == USE_SIDEBAR:
        return t("pt.model.sidebar")
    preset = preset_for(choice)
    return choice if preset is None else preset_label(preset)


def pick(key: str, custom_key: str, presets: tuple[Preset, ...], default: str, label: str, *,
         extra: tuple[str, ...] = (), use_sidebar: bool = False, help: str | None = None,
         custom_help_key: str = "sidebar.custom_help", placeholder: str = "/path/to/saved/model",
         beside: bool = False) -> str | None:
    """Draw the picker for the shared values ``key`` (the choice) and ``custom_key`` (the typed
    id) and return the model id: a preset's or ``extra``'s id, the typed one (stripped, "" when
    nothing is typed yet), or ``None`` for "use the sidebar's model" (``use_sidebar``).
    ``beside``: the id box to the right of the preset box instead of under it."""
    choices = ([USE_SIDEBAR] if use_sidebar else []) + [p.model_id for p in presets] \
        + list(extra) + [CUSTOM]
    if state.value(key, default) not in choices:  # a link with an id or folder
        state.remember(custom_key, st.session_state[key], "")
        state.remember(key, CUSTOM, default)
    left, right = st.columns(2) if beside else (nullcontext(), nullcontext())
    with left:
        choice = state.bound(st.selectbox, key, default, label, options=choices,
                             format_func=choice_label, help=help)
    if choice == USE_SIDEBAR:
        return None
    if choice != CUSTOM:
        return choice
    with right:
        return clean_id(state.bound(st.text_input, custom_key, "", t("sidebar.custom_id"),
                                    help=custom_help(custom_help_key), placeholder=placeholder))
