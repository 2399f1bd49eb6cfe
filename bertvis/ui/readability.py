"""The one "this model can't read this text" warning, shown by every page that takes text.

The measure is :mod:`bertvis.readability`'s (one threshold for the whole app); this module only
words it and offers a one-click switch to a preset made for the text's scripts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from bertvis import analysis, models, readability
from bertvis.models import LoadedModel
from bertvis.presets import ENCODER_PRESETS, Preset

from . import sidebar, state
from .i18n import plain, t
from .strings import ALL


def script_names(scripts: Iterable[str]) -> str:
    """``("Han", "Hiragana/Katakana")`` → "Han (kanji), Hiragana/Katakana" in the UI language."""
    return t("readability.list_sep").join(
        t(f"script.{name}") if f"script.{name}" in ALL else name for name in scripts)


def suggestion(loaded: LoadedModel, found: readability.Readability,
               presets: Sequence[Preset]) -> Preset | None:
    """The preset of ``presets`` made for the text's scripts, other than the one running."""
    current = loaded.display_name if loaded.fallback_reason else loaded.requested_id
    return readability.suggest(presets, found.scripts, current)


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
    st.warning(t("readability.cannot_read", model=plain(loaded.display_name),
                 details=t("readability.detail_sep").join(details)),
               icon=":material/translate:")
    better = suggestion(loaded, found, presets)
    if better is None:
        st.caption(t("readability.no_preset", scripts=script_names(found.scripts) or "—"))
    elif not models.available(better.model_id):
        st.caption(t("readability.prefetch", model=better.label, model_id=better.model_id))
    else:
        if default is None:
            default = sidebar.default_model() if model_key == "model" else ""
        st.button(t("readability.switch", model=better.label), key=f"readability-{key}{model_key}",
                  on_click=state.remember, args=(model_key, better.model_id, default),
                  icon=":material/swap_horiz:", type="primary")
    return found
