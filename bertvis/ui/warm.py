"""Cold start: the first visitor's model and Trace are prepared in a background thread.

A cold server spends its first script run importing torch and transformers, reading the model,
and running a first forward pass (slower than later ones: kernels and thread pools start). With
``BERTVIS_WARM_START`` on (the default), :func:`start`, called first thing in ``app.py``, hands
that work to a daemon thread once per process, while the script thread imports the pages'
modules and draws the sidebar. The thread asks the same cache store the pages ask
(:func:`bertvis.ui.cache.loaded_model`, :attr:`bertvis.analysis.Analysis.trace`), under its one
computation lock, so the page gets the very objects the thread made and nothing runs twice.

What it prepares is what the visitor's link asks for, read by the parser the sidebar uses
(:func:`bertvis.model_request.from_query`): the ``model`` in the URL (else the default encoder of
the link's language, else of the browser's), on the URL's ``device`` and ``half`` settings, and
the Trace of the URL's ``text_a``/``text_b`` (else the default sentence in that language), which
the attention page draws first.
It runs only under ``streamlit run`` (a real Runtime; AppTest installs a mock one), and a
failure is left for the page to show: the thread only logs nothing and ends.

The browser has its own cold start: Streamlit fetches plotly's JavaScript (a 4.7 MB chunk) only
when the first chart arrives, and parses it then. :func:`preload_plotly` sends a blank 10-pixel
chart first thing in each session's first run, so that the browser does this while the server
still works; :func:`end_preload` removes it at the end of the run. Off by default
(``BERTVIS_PRELOAD_PLOTLY``): browser tests that count charts would see it during a first run.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import streamlit as st
from streamlit.runtime import Runtime

from bertvis import model_request
from bertvis.model_request import ModelKey

from . import profile
from .i18n import default_language
from bertvis.strings import lookup

_started = False
_lock = threading.Lock()


def _under_server() -> bool:
    """True under ``streamlit run`` (AppTest's Runtime is a mock)."""
    return type(Runtime._instance) is Runtime


def request_for(query: Mapping[str, str], browser_language: str) -> tuple[ModelKey, str, str | None]:
    """The model and the texts a link's ``query`` asks for, with the defaults the sidebar and the
    text boxes use (``browser_language`` where the link names no ``lang``). Pure."""
    text_a = query.get("text_a") or lookup(
        "input.default_a", model_request.language(query, browser_language))
    return model_request.from_query(query, browser_language), text_a, query.get("text_b") or None


def request() -> tuple[ModelKey, str, str | None]:
    """:func:`request_for` the visitor's URL and browser language."""
    return request_for(st.query_params, default_language())


def _prepare(key: ModelKey, text_a: str, text_b: str | None) -> None:
    from bertvis import readability
    from bertvis.analysis import Analysis, load_model

    from . import cache  # noqa: F401 - hands the app's store to the engine first

    try:
        loaded = load_model(key)
        readability.covered_scripts(loaded.tokenizer)
        Analysis.of(loaded, text_a, text_b).trace  # noqa: B018 - computed for the page
    except Exception:  # noqa: BLE001 - the page meets the same failure and shows it
        pass


def start() -> threading.Thread | None:
    """Start preparing the visitor's model and Trace, once per process (see the module
    docstring); returns the thread, or None when it was started before, is switched off
    (``BERTVIS_WARM_START=0``) or this is not a real server."""
    global _started
    with _lock:
        if _started or not _under_server() or not profile.settings().warm_start:
            return None
        _started = True
    thread = threading.Thread(target=_prepare, args=request(), name="bertvis-warm-start",
                              daemon=True)
    thread.start()
    return thread


_PRELOADED = "_plotly_preloaded"
#: The blank chart: one empty trace, 10 pixels high (plotly's least), no axes, no toolbar.
_BLANK = {"data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}],
          "layout": {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                     "xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def preload_plotly():
    """On a session's first run under the server (with ``BERTVIS_PRELOAD_PLOTLY`` on), a blank
    chart at the top of the sidebar; returns its slot for :func:`end_preload`, else None."""
    if (st.session_state.get(_PRELOADED) or not _under_server()
            or not profile.settings().preload_plotly):
        return None
    st.session_state[_PRELOADED] = True
    slot = st.sidebar.empty()
    slot.plotly_chart(_BLANK, config={"displayModeBar": False, "staticPlot": True},
                      key="_bertvis_plotly_preload")
    return slot


def end_preload(slot) -> None:
    """Remove the blank chart of :func:`preload_plotly` (the browser keeps what it loaded)."""
    if slot is not None:
        slot.empty()
