"""The sidebar every page shares: language, projector mode, model (preset or any id/folder),
device; after the page, the share control and the handout button (:func:`render_after`)."""

from __future__ import annotations

import streamlit as st

from bertvis import model_request
from bertvis.device import DEVICE_CHOICES
from bertvis.presets import DEFAULT_ENCODER_FOR, ENCODER_PRESETS

from . import export, model_picker, profile, share, state
from .i18n import default_language, lang, t
from bertvis.strings import LANGUAGES, lookup

LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def language_default(key: str, defaults: dict[str, str]) -> str:
    """The default of the shared value ``key`` in the UI language (``defaults`` by
    language, English as the fallback). A value still at the previous language's default moves
    to the new one when the language changes: the model follows the language, a model someone
    chose stays. A link's ``key`` wins over both (it arrives after this, in ``state.value``);
    links leave the default out, and say ``lang=ja`` when made in Japanese, so a Japanese link
    with the Japanese default reopens on it."""
    default = defaults.get(lang(), defaults["en"])
    memo = f"_default_{key}"
    previous = st.session_state.get(memo)
    if previous is not None and previous != default and st.session_state.get(key) == previous:
        st.session_state[key] = default
    st.session_state[memo] = default
    return default


def default_model() -> str:
    """The sidebar model before anyone picks one: the Japanese BERT in the Japanese UI."""
    return language_default("model", DEFAULT_ENCODER_FOR)


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
        language_default("text_a", {code: lookup("input.default_a", code) for code in LANGUAGES})
        model_picker.pick("model", "custom_model", ENCODER_PRESETS, default_model(),
                          t("sidebar.model"), extra=profile.settings().allowed_models,
                          placeholder="bert-base-cased")
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
    """(model id, device, dtype) chosen in the sidebar, read by the parser the warm start reads
    the link with (:func:`bertvis.model_request.from_query`)."""
    chosen = {name: st.session_state.get(name) for name in ("model", "custom_model", "device",
                                                            "half")}
    key = model_request.from_query({**chosen, "lang": lang()})
    return key.model_id, key.device, key.dtype
