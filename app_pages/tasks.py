"""Question answering & tagging: the BERT paper's span and token tasks, and adding features."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import session
from bertvis.ui.i18n import t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.views import tasks as views

st.title(t("page.tasks"))
st.markdown(t("tasks.intro"))
session.explain("tasks.explain")
# Only the open tab runs, so a model that can't load stops nothing else.
tabs = url_tabs("tasks_tab", views.TABS, "tasks.tab")
for key, draw in (("qa", views.qa_tab), ("ner", views.ner_tab), ("features", views.features_tab)):
    if tabs[key].open:
        with tabs[key]:
            draw()
