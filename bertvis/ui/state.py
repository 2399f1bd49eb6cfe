"""State that survives page switches and lives in the URL, so a link reproduces a view.

Each shared value is kept under its own key in ``st.session_state`` (widget state is dropped
when a page stops drawing the widget; these keys are not). :func:`bound` draws a widget for
such a value: the value is seeded from the URL query string, the widget writes back on change,
and :func:`write_url` puts every value drawn in this run into the URL.

The URL wins whenever it changed behind the app's back: a fresh session opened from a link,
``st.switch_page(page, query_params=...)``, the browser's back button, or an edited address.
:func:`sync_from_url` (called once per run, before anything is drawn) compares the incoming
query string with the one :func:`write_url` wrote last and marks every parameter that differs
as *arrived*; :func:`value` takes an arrived parameter over the value kept in this session.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable

import streamlit as st

from bertvis.handout import Facts
from bertvis.settings import is_true

from . import errors, export
from .i18n import t

_DRAWN = "_url_keys_drawn"
_WRITTEN = "_url_written"  # the query string write_url() last put in the URL
_ARRIVED = "_url_arrived"  # parameters that came with this run's URL and differ from _WRITTEN
_LAST_DRAWN = "_url_keys_last_run"  # _DRAWN as write_url() last wrote it (key -> default)
_FULL_RUN = "_url_full_run"  # set by sync_from_url() at a full run's start, cleared by write_url()


def _parse(raw: str, like: Any) -> Any:
    if isinstance(like, bool):
        return is_true(raw)
    if isinstance(like, int):
        return int(raw)
    if isinstance(like, float):
        return float(raw)
    return raw


def sync_from_url() -> None:
    """Note which query parameters arrived with this run (call first thing in every run)."""
    st.session_state[_FULL_RUN] = True
    written = st.session_state.get(_WRITTEN, {})
    st.session_state[_ARRIVED] = {
        key: raw for key, raw in st.query_params.to_dict().items() if written.get(key) != raw
    }


def value(key: str, default: Any) -> Any:
    """The shared value ``key``: from a URL that just arrived, else this session, else the
    URL, else ``default``."""
    arrived = st.session_state.get(_ARRIVED, {})
    if key in arrived or key not in st.session_state:
        raw = arrived.pop(key, None) if key in arrived else st.query_params.get(key)
        try:
            st.session_state[key] = default if raw is None else _parse(raw, default)
        except ValueError:
            st.session_state[key] = default
    return st.session_state[key]


def _copy_back(key: str, widget_key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def bound(widget: Callable[..., Any], key: str, default: Any, *args: Any,
          valid: Callable[[Any], bool] | None = None, **kwargs: Any) -> Any:
    """Draw ``widget(*args, **kwargs)`` for the shared value ``key`` and return its value.

    ``valid`` rejects a value from an old link that the widget can't show (it falls back to
    ``default``). Text longer than the box's ``max_chars`` (from a link) is cut to it, with a
    banner saying so. Text typed into a text box is also recorded for the handout, under the
    widget's label (its first positional argument).
    """
    current = value(key, default)
    if valid is not None and not valid(current):
        current = st.session_state[key] = default
    limit = kwargs.get("max_chars")
    if limit and isinstance(current, str) and len(current) > limit:
        st.warning(t("banner.text_cut", original=len(current), kept=limit),
                   icon=":material/content_cut:")
        current = st.session_state[key] = current[:limit]
    widget_key = f"_w_{key}"
    st.session_state[widget_key] = current
    widget(*args, key=widget_key, on_change=_copy_back, args=(key, widget_key), **kwargs)
    st.session_state.setdefault(_DRAWN, {})[key] = default
    typed = st.session_state[key]
    if widget in (st.text_input, st.text_area) and args and isinstance(typed, str) and typed:
        export.record(Facts(((str(args[0]), typed),)))
    return st.session_state[key]


def remember(key: str, new_value: Any, default: Any) -> None:
    """Set a shared value from code (e.g. a click on a chart) and keep it in the URL."""
    st.session_state[key] = new_value
    st.session_state.setdefault(_DRAWN, {})[key] = default


def write_url() -> None:
    """Put every shared value drawn in this run into the query string (defaults left out).

    After a fragment's rerun (:func:`view_only`), the values drawn by the rest of the page in
    the last full run stay in it."""
    drawn = st.session_state.pop(_DRAWN, {})
    if not st.session_state.pop(_FULL_RUN, False):
        drawn = {**st.session_state.get(_LAST_DRAWN, {}), **drawn}
    st.session_state[_LAST_DRAWN] = drawn
    wanted = {k: str(st.session_state[k]) for k, d in drawn.items() if st.session_state[k] != d}
    st.session_state[_WRITTEN] = wanted
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def view_only(name: str, draw: Callable[[], None]) -> None:
    """Draw ``draw()`` as a fragment: its widgets change only what is drawn from results already
    computed, so moving one reruns ``draw()`` alone (not the page, never the model) and then
    writes the URL (:func:`write_url`). ``draw`` reads the page's inputs from its closure (they
    are those of the last full run: any change outside it reruns the page). ``name`` names the
    part in the handout (:func:`bertvis.ui.export.part`). A page stop (:func:`errors.stop`)
    inside ends this part only: the page has shown why, and the URL is still written."""

    @st.fragment
    def part() -> None:
        with export.part(name), contextlib.suppress(errors.PageStopped):
            draw()
        if not st.session_state.get(_FULL_RUN):
            write_url()

    part()
