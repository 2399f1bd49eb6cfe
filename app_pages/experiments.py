"""Experiments: knock heads out, rank them, read left to right only, compare two inputs."""

from __future__ import annotations

import streamlit as st

from bertvis import fill_mask, importance
from bertvis.analysis import Analysis
from bertvis.ui import errors, examples, page_globals, session, state
from bertvis.ui.i18n import t
from bertvis.ui.tabs import url_tabs
from bertvis.ui.views import experiments as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.experiments"))
st.markdown(t("experiments.intro"))
session.explain("experiments.explain")
task = state.bound(st.segmented_control, "exp_task", "sentiment", t("experiments.task"),
                   options=list(views.TASKS), format_func=lambda k: t(f"experiments.task.{k}"),
                   valid=views.TASKS.__contains__) or "sentiment"
loaded = views.model_for(task)
examples.buttons(views.EXAMPLES, "exp")
text_a, text_b = session.texts(pair=True)
if task == "qa":
    st.caption(t("experiments.qa_note"))
if not text_a.strip():
    st.info(t("error.empty_text"), icon=":material/edit:")
    errors.stop()
if loaded.has_mlm:
    text_a = fill_mask.with_model_masks(text_a, loaded)
found = session.analyse(loaded, text_a, text_b)
views.warn_unreadable(task, loaded, [text_a, text_b])
outputs = importance.available_outputs(loaded, found.trace)
output = views.choose_output(outputs) if outputs else None
tabs = url_tabs("exp_tab", views.TABS, "experiments.tab")
no_output = t("experiments.no_output.qa" if task == "qa" else "experiments.no_output.pretraining")
for name, draw in (("knockout", lambda: views.knockout_tab(loaded, found, output)),
                   ("importance", lambda: views.importance_tab(found, output)),
                   ("causal", lambda: views.causal_tab(loaded, found, outputs)),
                   ("pair", lambda: views.pair_tab(loaded, Analysis.of(loaded, text_a)))):
    if tabs[name].open:
        with tabs[name]:
            if output is None and name in ("knockout", "importance"):
                st.info(no_output, icon=":material/help:")
                if name == "importance":
                    continue
            with errors.shown():
                draw()
