"""Attention explorer: every layer and head of one input, aggregates, pairs, bertviz, a quiz."""

from __future__ import annotations

import streamlit as st

from bertvis.ui import errors, examples, page_globals, session, state
from bertvis.ui import readability as readable
from bertvis.ui.i18n import t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.views import attention as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.attention"))
st.markdown(t("attention.intro"))
session.explain("attention.explain")
examples.buttons(views.EXAMPLES, "att")
loaded = session.model()
text_a, text_b = session.texts(pair=True)
if not text_a.strip():
    st.info(t("error.empty_text"), icon=":material/edit:")
    errors.stop()
found = session.analyse(loaded, text_a, text_b)
readable.warn(loaded, [text_a, text_b])
result = found.trace
st.caption(t("attention.summary", tokens=result.n_tokens, layers=result.n_layers,
             heads=result.n_heads, model=result.model_name))


def view() -> None:  # reads the Trace through `found`: the page lets go of `result` after its run
    result = found.trace
    chosen = views.controls(result)
    tabs = url_tabs("att_tab", views.TABS, "attention.tab")
    for name, draw in (("explore", lambda: views.explore_tab(found, chosen)),
                       ("guide", lambda: views.guide_tab(found, chosen)),
                       ("norms", lambda: views.norms_tab(found)),
                       ("pairs", lambda: views.pairs_tab(result)),
                       ("bertviz", lambda: views.bertviz_tab(found, chosen)),
                       ("quiz", lambda: views.quiz_tab(result, chosen))):
        if tabs[name].open:
            with tabs[name]:
                draw()


state.view_only("attention", view)
