"""Sentiment: classify one sentence from a fine-tuned head, explain the answer, or a whole list."""

from __future__ import annotations

import streamlit as st

from bertvis import sentiment
from bertvis.presets import DEFAULT_SENTIMENT_FOR, SENTIMENT_PRESETS
from bertvis.ui import errors, page_globals, session, sidebar, state, task_model
from bertvis.ui import readability as readable
from bertvis.ui.i18n import plain, t
from bertvis.ui.views import sentiment as views

page_globals.release_after_run(globals())  # its models and Traces go when the run ends

st.title(t("page.sentiment"))
st.markdown(t("sentiment.intro"))
session.explain("sentiment.explain")
default_sentiment = sidebar.language_default("sentiment_model", DEFAULT_SENTIMENT_FOR)
model = task_model.load("sentiment_", SENTIMENT_PRESETS, default_sentiment,
                        "sequence-classification")
if model is not None:
    if model.fallback_reason:
        readable.offline_banner(model, t("sentiment.fallback", model=plain(model.requested_id)),
                                DEFAULT_SENTIMENT_FOR["ja"])
    views.model_card(model)
    with errors.shown(stop=True):
        sentiment.check_classifier(model)
    mode = state.bound(st.segmented_control, "sentiment_mode", views.MODES[0], t("sentiment.mode"),
                       options=list(views.MODES), format_func=lambda m: t(f"sentiment.mode.{m}"),
                       valid=views.MODES.__contains__)
    if mode == "batch":
        views.batch(model)
    else:
        views.one_sentence(model, default_sentiment)
