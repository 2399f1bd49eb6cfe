"""The sidebar every page shares: language, projector mode, model (preset or any id/folder),
device; after the page, the share control and the handout button (:func:`render_after`)."""

from __future__ import annotations

import streamlit as st

from bertvis.device import DEVICE_CHOICES
from bertvis.models import preset_needed_bytes
from bertvis.presets import DEFAULT_ENCODER, ENCODER_PRESETS, Preset

from . import cache, export, profile, share, state
from .i18n import default_language, t
from .strings import LANGUAGES

CUSTOM = "__custom__"
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def preset_label(preset: Preset) -> str:
    """"BERT-base uncased · 110M · 12×12", marked when it can't fit in the memory budget."""
    label = f"{preset.label} · {preset.size}"
    if preset_needed_bytes(preset) > cache.store().capacity:
        label += f" · ⚠ {t('sidebar.too_big')}"
    return label


def custom_help() -> str:
    """The id box's help: anything (private), or the list the public profile accepts."""
    settings = profile.settings()
    if not settings.public:
        return t("sidebar.custom_help")
    listed = [p.model_id for p in ENCODER_PRESETS] + list(settings.allowed_models)
    return t("sidebar.custom_help_public", allowed=", ".join(listed))


def _model_label(choice: str) -> str:
    if choice == CUSTOM:
        return t("sidebar.custom")
    for preset in ENCODER_PRESETS:
        if preset.model_id == choice:
            return preset_label(preset)
    return choice


def render() -> None:
    """Draw the shared sidebar; its values are read with :func:`model_settings`."""
    with st.sidebar:
        # Seeded from the browser's language; "en" is what a link may leave out, so a link made
        # in a Japanese browser says lang=ja and opens in Japanese everywhere.
        state.value("lang", default_language())
        state.bound(
            st.segmented_control, "lang", "en", t("sidebar.language"),
            options=list(LANGUAGES), format_func=LANGUAGE_NAMES.get, valid=LANGUAGES.__contains__,
        )
        state.bound(st.toggle, "projector", False, t("sidebar.projector"),
                    help=t("sidebar.projector_help"))
        allowlist = list(profile.settings().allowed_models)
        choices = [p.model_id for p in ENCODER_PRESETS] + allowlist + [CUSTOM]
        model = state.value("model", DEFAULT_ENCODER)
        if model not in choices:  # a link with a custom id
            state.remember("custom_model", model, "")
            state.remember("model", CUSTOM, DEFAULT_ENCODER)
        state.bound(
            st.selectbox, "model", DEFAULT_ENCODER, t("sidebar.model"),
            options=choices, format_func=_model_label,
        )
        if st.session_state["model"] == CUSTOM:
            state.bound(
                st.text_input, "custom_model", "", t("sidebar.custom_id"),
                help=custom_help(), placeholder="bert-base-cased",
            )
        state.bound(
            st.selectbox, "device", "auto", t("sidebar.device"),
            options=list(DEVICE_CHOICES), valid=DEVICE_CHOICES.__contains__,
        )
        state.bound(st.toggle, "half", False, t("sidebar.half"))


def render_after(page_title: str, file_stem: str) -> None:
    """The bottom of the sidebar, drawn after the page (its URL is final by then)."""
    with st.sidebar:
        st.divider()
        link = share.render()
        export.download_button(page_title, file_stem, link)


def model_settings() -> tuple[str, str, str]:
    """(model id, device, dtype) chosen in the sidebar."""
    model = st.session_state.get("model", DEFAULT_ENCODER)
    if model == CUSTOM:
        model = st.session_state.get("custom_model", "").strip()
    dtype = "float16" if st.session_state.get("half") else "float32"
    return model, st.session_state.get("device", "auto"), dtype
