"""The one-click handout: what this run showed, recorded as it is drawn, offered as HTML.

``app.py`` calls :func:`start` before the page runs; :func:`bertvis.ui.figures.show`,
:func:`bertvis.ui.session.explain` and the input helpers call :func:`record`; after the page,
:func:`download_button` offers the recorded items as one offline HTML file
(:func:`bertvis.handout.build`, built only when the button is clicked).
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timezone

import streamlit as st

from bertvis import handout

from .i18n import lang, t

_ITEMS = "_handout_items"  # list of items, and of _Part for a fragment's items
_PART = "_handout_part"  # the _Part being drawn now, if any
_FIGURES = "_handout_has_figure"  # whether this full run (or a fragment since) showed a figure


class _Part(list):
    """The items one fragment (:func:`bertvis.ui.state.view_only`) recorded in its last run,
    kept in their place in the handout."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


def start() -> None:
    """Forget what the previous run showed."""
    st.session_state[_ITEMS] = []
    st.session_state[_FIGURES] = False


def record(item: handout.Item) -> None:
    """Add ``item`` (a figure, an explanation, facts) to this run's handout."""
    if isinstance(item, handout.Figure):
        st.session_state[_FIGURES] = True
    target = st.session_state.get(_PART)
    (target if target is not None else st.session_state.setdefault(_ITEMS, [])).append(item)


@contextlib.contextmanager
def part(name: str):
    """Record into the part ``name``: in the run that first draws it, at this point of the
    handout; in a fragment's own reruns, in place of what it recorded before."""
    recorded = st.session_state.setdefault(_ITEMS, [])
    held = next((p for p in recorded if isinstance(p, _Part) and p.name == name), None)
    if held is None:
        held = _Part(name)
        recorded.append(held)
    held.clear()
    st.session_state[_PART] = held
    try:
        yield
    finally:
        st.session_state[_PART] = None


def flattened(recorded: list) -> list[handout.Item]:
    """The items of a run's recorded list (session state ``_handout_items``), each fragment's
    part spread in its place."""
    return [item for entry in recorded
            for item in (entry if isinstance(entry, _Part) else (entry,))]


def has_figure() -> bool:
    """Whether a figure was recorded since the last full run began (a fragment's rerun
    counts the figures it drew before)."""
    return bool(st.session_state.get(_FIGURES))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def download_button(page_title: str, file_stem: str, link: str = "") -> None:
    """Offer this run's handout (nothing to offer: a disabled button saying so)."""
    recorded = st.session_state.get(_ITEMS, [])  # the fragments' parts change in place
    language = lang()
    footer = t("handout.footer", date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    numbers = t("figure.numbers")

    def html_bytes() -> bytes:  # runs only when the button is clicked
        return handout.build(page_title, flattened(recorded), lang=language, numbers_label=numbers,
                             footer=footer, link=link).encode("utf-8")

    st.download_button(
        t("handout.download"), data=html_bytes, file_name=f"bertvis-{_slug(file_stem)}.html",
        mime="text/html", on_click="ignore", icon=":material/description:",
        help=t("handout.help"), disabled=not flattened(recorded), key="handout-download",
        width="stretch",
    )
