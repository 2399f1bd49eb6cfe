"""Inside one layer: attention, add & norm, feed-forward, add & norm, recomputed for a token."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import errors, examples, page_globals, session, state
from bertvis.ui.i18n import t
from bertvis.ui.reading import EXAMPLES
from bertvis.ui.views import layer as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.layer"))
st.markdown(t("layer.intro"))
session.explain("layer.explain")
examples.buttons(EXAMPLES, "reading")
loaded = session.model()
found = session.read_pair(loaded)


def view() -> None:
    chosen_layer, chosen_token = views.choose(found.trace)
    with errors.shown(stop=True):
        layer_result = found.layer_pass(chosen_layer)
    views.stages(layer_result, chosen_token)
    views.changes(layer_result, chosen_token)
    views.neurons(layer_result, chosen_token)


state.view_only("layer", view)
