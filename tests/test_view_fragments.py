"""The URL after a fragment's rerun (:func:`bertvis.ui.state.view_only`): ``app.py``'s
``write_url`` runs after full runs only, so the fragment writes the URL itself, and the values
the rest of the page drew in the last full run must stay in it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.apptest


def page() -> None:
    """A page whose text box is outside the view part and whose slider and toggle are inside;
    the session flag ``as_fragment`` makes a run skip what a fragment's rerun skips (``app.py``'s
    start and everything outside the fragment); ``other_page`` makes it a page without them."""
    import streamlit as st

    from bertvis.ui import state

    if not st.session_state.get("as_fragment"):
        state.sync_from_url()
        state.bound(st.text_input, "text_a", "", "Text")
    if not st.session_state.get("other_page"):
        state.bound(st.slider, "layer", 1, "Layer", min_value=1, max_value=6)
        state.bound(st.toggle, "att_hide", False, "Hide")
    state.write_url()


def test_a_fragment_rerun_keeps_the_rest_of_the_page_in_the_url():
    at = AppTest.from_function(page)
    at.query_params.update({"text_a": "the cat sat"})
    at.run()
    assert dict(at.query_params) == {"text_a": "the cat sat"}
    at.session_state["as_fragment"] = True
    at.slider(key="_w_layer").set_value(3).run()
    assert dict(at.query_params) == {"text_a": "the cat sat", "layer": "3"}
    at.toggle(key="_w_att_hide").set_value(True).run()
    at.slider(key="_w_layer").set_value(1).run()  # back to its default: out of the URL
    assert dict(at.query_params) == {"text_a": "the cat sat", "att_hide": "True"}


def test_a_full_run_drops_what_it_no_longer_draws():
    """A full run of another page does not keep the view part's values in the URL, even right
    after a fragment's rerun."""
    at = AppTest.from_function(page)
    at.query_params.update({"text_a": "the cat sat"})
    at.run()
    at.session_state["as_fragment"] = True
    at.slider(key="_w_layer").set_value(4).run()
    assert dict(at.query_params) == {"text_a": "the cat sat", "layer": "4"}
    at.session_state["as_fragment"] = False
    at.session_state["other_page"] = True
    at.run()
    assert dict(at.query_params) == {"text_a": "the cat sat"}
