"""[CLS] & sentence similarity: [CLS], mean pooling and the pooler, against honest baselines."""

from __future__ import annotations

import streamlit as st

from bertvis import analysis
from bertvis import similarity as sim
from bertvis.ui import readability as readable
from bertvis.ui import errors, page_globals, session, state
from bertvis.ui.figures import projector
from bertvis.ui.i18n import t
from bertvis.ui.views import similarity as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.similarity"))
st.markdown(t("similarity.intro"))
session.explain("similarity.explain")
loaded = session.model()
model_key = loaded.key
views.example_buttons()
sentences = views.read_sentences()
emb = None if sentences is None else views.embed(loaded, sentences)
if emb is None:
    errors.stop()
views.warn_about_input(emb)
readable.warn(loaded, sentences)
baseline = views.embed(loaded, list(sim.example("unrelated", sim.baseline_language(sentences))
                                    .sentences))


def view() -> None:  # the model through its key: the page lets go of `loaded` after its run
    loaded = analysis.load_model(model_key)
    layer, pooling, centred = views.controls(emb)
    chosen = views.pairs(emb.n_sentences)
    views.notes(loaded, emb, centred)
    big = projector()
    views.matrices_section(loaded.key, emb, layer, centred, big)
    if chosen is not None:
        views.summary(emb, baseline, chosen, layer, centred)
        views.by_layer(emb, baseline, chosen, layer, centred, big)
    views.pca_section(emb, pooling, layer, big)
    views.grid_section(loaded.key, emb, pooling, centred, big)


state.view_only("similarity", view)
