"""Masked words & next sentence: BERT's two pre-training tasks, on the model's own heads."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import page_globals, session
from bertvis.ui.i18n import t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.views import pretraining as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.pretraining"))
st.markdown(t("pretraining.intro"))
session.explain("pretraining.explain")
model = views.page_model()
# A link with a sentence B (e.g. the lessons tour) opens on the next-sentence tab.
tabs = url_tabs("pt_tab", views.TABS, "pt.tab",
                initial="nsp" if st.query_params.get("text_b") else None)
for key, draw in (("mlm", views.masked_tab), ("nsp", views.next_sentence_tab)):
    if tabs[key].open:
        with tabs[key]:
            draw(model)
