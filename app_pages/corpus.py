"""Across many sentences: the head field guide over a set, what fine-tuning changed, and
patching between a minimal pair."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import errors, page_globals, session
from bertvis.ui.i18n import t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.views import corpus as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.corpus"))
st.markdown(t("corpus.intro"))
session.explain("corpus.explain")
loaded = session.model()
tabs = url_tabs("corpus_tab", views.TABS, "corpus.tab")
for name, draw in (("guide", lambda: views.guide_tab(loaded)),
                   ("finetune", lambda: views.finetune_tab(loaded)),
                   ("patch", views.patch_tab)):
    if tabs[name].open:
        with tabs[name]:
            with errors.shown(unexpected=True):
                draw()
