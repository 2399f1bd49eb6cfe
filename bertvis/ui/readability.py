"""The one "this model can't read this text" warning, shown by every page that takes text, and
the offline banner it joins: one problem, one box, one action.

The measure is :mod:`bertvis.readability`'s (one threshold for the whole app); this module only
words it and offers a one-click switch to a preset made for the text's scripts. When the model
is an offline stand-in (:func:`offline_banner`) and can't read the text, the banner and the
warning are the same problem: :func:`warn` replaces the banner with one box that says both and
gives the one thing to do (switch, or prefetch the model that reads it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from bertvis import analysis, models, readability
from bertvis.models import LoadedModel
from bertvis.presets import ENCODER_PRESETS, Preset

from . import sidebar, state
from .i18n import lang, plain, t
from bertvis.strings import ALL

_OFFLINE = "_offline_banner"
OFFLINE_ICON = ":material/cloud_off:"


def script_names(scripts: Iterable[str]) -> str:
    """``("Han", "Hiragana/Katakana")`` → "Han (kanji), Hiragana/Katakana" in the UI language."""
    return t("readability.list_sep").join(
        t(f"script.{name}") if f"script.{name}" in ALL else name for name in scripts)


def suggestion(loaded: LoadedModel, found: readability.Readability,
               presets: Sequence[Preset]) -> Preset | None:
    """The preset of ``presets`` made for the text's scripts, other than the one running."""
    current = loaded.display_name if loaded.fallback_reason else loaded.requested_id
    return readability.suggest(presets, found.scripts, current)


def _this_run() -> object:
    """An object that changes with every script run (Streamlit's per-run element cursors)."""
    return get_script_run_ctx().cursors


def offline_banner(loaded: LoadedModel, message: str, japanese_model: str) -> None:
    """Say that ``loaded`` is an offline stand-in (``message``, already in the UI language); in
    the Japanese UI, in the same box, how to get ``japanese_model`` (which reads Japanese) for
    next time. Drawn in a slot that :func:`warn` fills with the one combined message when the
    stand-in can't read this run's text."""
    note = t("banner.fallback_japanese", model=japanese_model) if lang() == "ja" else ""
    slot = st.empty()
    slot.info("\n\n".join(filter(None, (message, note))), icon=OFFLINE_ICON)
    st.session_state[_OFFLINE] = (_this_run(), loaded.key, slot, message)


def _offline_banner(loaded: LoadedModel):
    """(slot, message) of this run's offline banner for ``loaded`` (taken: used once), else
    None."""
    held = st.session_state.pop(_OFFLINE, None)
    if held is None or held[0] is not _this_run() or held[1] != loaded.key:
        return None
    return held[2:]


def warn(loaded: LoadedModel, texts: Iterable[str | None], *,
         presets: Sequence[Preset] = ENCODER_PRESETS, model_key: str = "model",
         default: str | None = None, key: str = "") -> readability.Readability:
    """Check ``texts`` against ``loaded``'s tokenizer; when it can't read them, say so and offer
    the preset of ``presets`` that can, as a button setting the shared value ``model_key``
    (the sidebar's model by default; ``default`` is that value's default, for the URL)."""
    found = analysis.readability_of(loaded.key, texts)
    if found.readable:
        return found
    scripts = script_names(found.uncovered)
    details = [t("readability.unknown", share=f"{found.unknown_share:.0%}",
                 unk=found.unknown_token or "[UNK]")] if found.n_unknown else []
    if found.n_unseen:
        details.append(t("readability.unseen", share=f"{found.unseen_share:.0%}",
                         scripts=scripts))
    paragraphs = [t("readability.cannot_read", model=plain(loaded.display_name),
                    details=t("readability.detail_sep").join(details))]
    better = suggestion(loaded, found, presets)
    switch = better is not None and models.available(better.model_id)
    if better is None:
        paragraphs.append(t("readability.no_preset", scripts=script_names(found.scripts) or "—"))
    elif not switch:
        paragraphs.append(t("readability.prefetch", model=better.label, model_id=better.model_id))
    offline = _offline_banner(loaded) if loaded.fallback_reason else None
    slot = None
    if offline is not None:  # the banner's problem and this one are one: say both there, once
        slot, message = offline
        paragraphs.insert(0, message)
    with (slot.container() if slot is not None else st.container()):
        st.warning("\n\n".join(paragraphs), icon=":material/translate:")
        if switch:
            if default is None:
                default = sidebar.default_model() if model_key == "model" else ""
            st.button(t("readability.switch", model=better.label),
                      key=f"readability-{key}{model_key}", on_click=state.remember,
                      args=(model_key, better.model_id, default),
                      icon=":material/swap_horiz:", type="primary")
    return found
