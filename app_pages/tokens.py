"""Tokens and embeddings: the input as BERT sees it, its three embeddings, and padding."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import examples, session
from bertvis.ui.i18n import t
from bertvis.ui.reading import EXAMPLES, why_japanese
from bertvis.ui.views import tokens as views

st.title(t("page.tokens"))
st.markdown(t("tokens.intro"))
session.explain("tokens.explain")
examples.buttons(EXAMPLES, "reading")
loaded = session.model()
text_a, text_b, trace_result = session.read_pair(loaded)
views.input_section(loaded, trace_result)
views.truncation_section(trace_result)
why_japanese(text_a)
views.embeddings_section(loaded, trace_result)
views.padding_section(loaded, trace_result, text_a, text_b)
