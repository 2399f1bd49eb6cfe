"""Showing a figure in a page: the chart (PNG and SVG from its toolbar) plus its numbers as
CSV; each figure shown is also recorded for the page's handout (:mod:`bertvis.ui.export`)."""

from __future__ import annotations

import json
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from bertvis.handout import Figure

from . import export
from .i18n import t

#: Plotly toolbar: keep the camera (PNG download) and a readable file name; the SVG button
#: next to it (:func:`svg_button_script`) reuses these options with ``format: "svg"``.
def chart_config(filename: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


#: Adds a "Download plot as SVG" button after the camera of every plotly toolbar on the page.
#: Plotly's camera reads ``gd._context.toImageButtonOptions.format`` when clicked, so the
#: button sets it to "svg", clicks the camera (plotly.js's own vector export, no kaleido and
#: no server), and puts "png" back. Toolbars are redrawn by plotly, hence the observer.
#: The script holds no "<" before a letter or "/": Streamlit's DOMPurify (SAFE_FOR_XML) drops
#: a script whose text looks like markup.
_SVG_SCRIPT = """<script data-bertvis="svg-download">
(function () {
  window.bertvisSvgTitle = %(title)s;
  document.querySelectorAll("[data-bertvis-svg]").forEach(function (b) {
    b.setAttribute("data-title", window.bertvisSvgTitle);
  });
  if (window.bertvisSvgInstalled) { return; }
  window.bertvisSvgInstalled = true;
  var NS = "http://www.w3.org/2000/svg";
  function icon() {  /* built with DOM calls: Streamlit's sanitiser drops scripts with tags */
    var svg = document.createElementNS(NS, "svg");
    var attributes = {viewBox: "0 0 28 16", "class": "icon", height: "1em", width: "1.75em"};
    Object.keys(attributes).forEach(function (k) { svg.setAttribute(k, attributes[k]); });
    var text = document.createElementNS(NS, "text");
    var style = {x: "14", y: "12.5", "text-anchor": "middle", "font-size": "11",
                 "font-weight": "700", "font-family": "sans-serif", fill: "currentColor"};
    Object.keys(style).forEach(function (k) { text.setAttribute(k, style[k]); });
    text.textContent = "SVG";
    svg.appendChild(text);
    return svg;
  }
  function download(gd, camera) {
    var options = gd._context.toImageButtonOptions || {};
    var before = options.format;
    options.format = "svg";
    gd._context.toImageButtonOptions = options;
    try { camera.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
    finally { options.format = before || "png"; }
  }
  function equip(modebar) {
    if (modebar.querySelector("[data-bertvis-svg]")) { return; }
    var camera = modebar.querySelector(
      '.modebar-btn[data-title^="Download plot"]:not([data-bertvis-svg])');
    var gd = modebar.closest(".js-plotly-plot");
    if (!camera || !gd) { return; }
    var button = document.createElement(camera.tagName);
    if (camera.tagName === "BUTTON") { button.type = "button"; }
    button.className = "modebar-btn";
    button.setAttribute("rel", "tooltip");
    button.setAttribute("data-bertvis-svg", "1");
    button.setAttribute("data-title", window.bertvisSvgTitle);
    button.setAttribute("aria-label", window.bertvisSvgTitle);
    button.style.color = "rgba(68, 68, 68, 0.55)";
    button.appendChild(icon());
    button.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      download(gd, camera);
    });
    camera.parentNode.insertBefore(button, camera.nextSibling);
  }
  var pending = false;
  function scan() {
    pending = false;
    document.querySelectorAll(".js-plotly-plot .modebar").forEach(equip);
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(scan); }
  }).observe(document.body, {childList: true, subtree: true});
  scan();
})();
</script>"""


def svg_button_script() -> str:
    """The ``<script>`` that gives every chart's toolbar its SVG button (see ``_SVG_SCRIPT``);
    :func:`show` draws it in the sidebar before a run's first chart (pages without charts
    get no script)."""
    return _SVG_SCRIPT % {"title": json.dumps(t("figure.download_svg"))}


def projector() -> bool:
    """Whether projector mode (large fonts, high contrast) is on."""
    return bool(st.session_state.get("projector", False))


#: Session-state key of :func:`reused`'s figures.
_REUSED = "_reused_figures"


def reused(name: str, key: tuple, build: Callable[[], go.Figure], shows: object = None,
           refresh: Callable[[go.Figure], object] | None = None) -> go.Figure:
    """This session's figure ``name``, built by ``build()`` only when ``key`` (everything the
    build depends on) changed since the last run; otherwise the figure of the last run, for the
    caller to update in place (e.g. another head). Building a plotly figure validates every
    property and costs tens of ms; a slider move then costs a few.

    ``shows`` names what the figure's data come from (e.g. the input); when it changed but
    ``key`` did not (a new sentence of the same shape), ``refresh(fig)`` updates the kept
    figure in place instead of a new build."""
    held = st.session_state.setdefault(_REUSED, {})
    if name not in held or held[name][0] != key:
        held[name] = (key, build(), shows)
    elif refresh is not None and held[name][2] != shows:
        refresh(held[name][1])
        held[name] = (key, held[name][1], shows)
    return held[name][1]


def show(fig: go.Figure, key: str, data: pd.DataFrame | None = None, filename: str | None = None,
         **plotly_kwargs) -> object:
    """Draw ``fig``; offer ``data`` as a CSV download and an expandable table.

    Extra keyword arguments go to ``st.plotly_chart`` (e.g. ``on_select``); its return value
    (the selection event, when asked for) is returned.
    """
    name = filename or key
    if not export.has_figure():  # this run's first chart (the sidebar stays on a fragment's rerun)
        st.sidebar.html(svg_button_script(), unsafe_allow_javascript=True)
    export.record(Figure(fig, name, data))
    event = st.plotly_chart(fig, key=key, config=chart_config(name), width="stretch",
                            **plotly_kwargs)
    if data is not None:
        with st.container(horizontal=True, vertical_alignment="top"):  # the button's whole label
            st.download_button(
                t("figure.download_csv"), data.to_csv().encode("utf-8"),
                file_name=f"{name}.csv", mime="text/csv", key=f"{key}-csv",
                icon=":material/download:", width="content",
            )
            with st.expander(t("figure.numbers")):
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
