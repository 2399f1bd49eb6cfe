"""Showing a figure in a page: the chart (PNG from its toolbar) plus its numbers as CSV; each
figure shown is also recorded for the page's handout (:mod:`bertvis.ui.export`)."""

from __future__ import annotations

from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bertvis.handout import Figure

from . import export
from .i18n import t

#: Plotly toolbar: keep the camera (PNG download) and a readable file name.
def chart_config(filename: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def projector() -> bool:
    """Whether projector mode (large fonts, high contrast) is on."""
    return bool(st.session_state.get("projector", False))


#: Session-state key of :func:`reused`'s figures.
_REUSED = "_reused_figures"


def reused(name: str, key: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """This session's figure ``name``, built by ``build()`` only when ``key`` (everything the
    build depends on) changed since the last run; otherwise the figure of the last run, for the
    caller to update in place (e.g. another head). Building a plotly figure validates every
    property and costs tens of ms; a slider move then costs a few."""
    held = st.session_state.setdefault(_REUSED, {})
    if name not in held or held[name][0] != key:
        held[name] = (key, build())
    return held[name][1]


def show(fig: go.Figure, key: str, data: pd.DataFrame | None = None, filename: str | None = None,
         **plotly_kwargs) -> object:
    """Draw ``fig``; offer ``data`` as a CSV download and an expandable table.

    Extra keyword arguments go to ``st.plotly_chart`` (e.g. ``on_select``); its return value
    (the selection event, when asked for) is returned.
    """
    name = filename or key
    export.record(Figure(fig, name, data))
    event = st.plotly_chart(fig, key=key, config=chart_config(name), width="stretch",
                            **plotly_kwargs)
    if data is not None:
        col_csv, col_table = st.columns([1, 3])
        col_csv.download_button(
            t("figure.download_csv"), data.to_csv().encode("utf-8"), file_name=f"{name}.csv",
            mime="text/csv", key=f"{key}-csv", icon=":material/download:",
        )
        with col_table.expander(t("figure.numbers")):
            st.dataframe(data, width="stretch")
    return event


def projector_css() -> str:
    """A ``<style>`` for projector mode: larger page text and controls, darker text."""
    return """<style>
[data-testid="stMain"] { color: #000; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-testid="stExpander"] summary p {
  font-size: 1.35rem !important; line-height: 1.5; }
[data-testid="stMain"] [data-testid="stSlider"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.1rem !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] * { color: #222 !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
[data-testid="stMain"] h3 { font-size: 1.9rem !important; }
[data-testid="stMain"] textarea, [data-testid="stMain"] input { font-size: 1.3rem !important; }
</style>"""
