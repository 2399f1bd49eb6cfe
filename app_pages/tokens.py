"""Tokens and embeddings: the input as BERT sees it, its three embeddings, and padding."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import examples, page_globals, session
from bertvis.ui.i18n import t
from bertvis.ui.reading import EXAMPLES, why_japanese
from bertvis.ui.views import tokens as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.tokens"))
st.markdown(t("tokens.intro"))
session.explain("tokens.explain")
examples.buttons(EXAMPLES, "reading")
loaded = session.model()
found = session.read_pair(loaded)
views.input_section(loaded, found.trace)
views.truncation_section(found.trace)
why_japanese(found.text_a)
views.embeddings_section(loaded, found.trace)
views.padding_section(loaded, found)
