"""Attention arithmetic: one attention row recomputed from the model's own weights."""

from __future__ import annotations

import streamlit as st

from bertvis import arithmetic
from bertvis.ui import errors, examples, page_globals, session, state
from bertvis.ui.i18n import t
from bertvis.ui.reading import EXAMPLES
from bertvis.ui.views import arithmetic as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.arithmetic"))
st.markdown(t("arithmetic.intro"))
session.explain("arithmetic.explain")
examples.buttons(EXAMPLES, "reading")
loaded = session.model()
found = session.read_pair(loaded)
trace_result = found.trace


def view() -> None:  # reads the model and Trace through `found` (the page lets go of them)
    loaded, trace_result = found.model, found.trace
    layer, head, query = views.choose(trace_result)
    with errors.shown(stop=True):
        query_row = arithmetic.query_row(loaded, trace_result, layer, head, query)
        head_mix = arithmetic.head_mix(loaded, trace_result, layer, head, query)
    views.step_query(query_row, loaded.hidden_size)
    views.step_softmax(query_row)
    views.step_values(query_row, head_mix)
    views.step_heads(query_row, head_mix)
    views.explorer_link(found.text_a, found.text_b)  # the layer and head chosen here


state.view_only("arithmetic", view)
