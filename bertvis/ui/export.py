"""The one-click handout: what this run showed, recorded as it is drawn, offered as HTML.

``app.py`` calls :func:`start` before the page runs; :func:`bertvis.ui.figures.show`,
:func:`bertvis.ui.session.explain` and the input helpers call :func:`record`; after the page,
:func:`download_button` offers the recorded items as one offline HTML file
(:func:`bertvis.handout.build`, built only when the button is clicked).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import streamlit as st

from bertvis import handout

from .i18n import lang, t

_ITEMS = "_handout_items"


def start() -> None:
    """Forget what the previous run showed."""
    st.session_state[_ITEMS] = []


def record(item: handout.Item) -> None:
    """Add ``item`` (a figure, an explanation, facts) to this run's handout."""
    st.session_state.setdefault(_ITEMS, []).append(item)


def items() -> list[handout.Item]:
    """What this run recorded so far."""
    return list(st.session_state.get(_ITEMS, []))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def download_button(page_title: str, file_stem: str, link: str = "") -> None:
    """Offer this run's handout (nothing to offer: a disabled button saying so)."""
    recorded = items()
    language = lang()
    footer = t("handout.footer", date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    numbers = t("figure.numbers")

    def html_bytes() -> bytes:  # runs only when the button is clicked
        return handout.build(page_title, recorded, lang=language, numbers_label=numbers,
                             footer=footer, link=link).encode("utf-8")

    st.download_button(
        t("handout.download"), data=html_bytes, file_name=f"bertvis-{_slug(file_stem)}.html",
        mime="text/html", on_click="ignore", icon=":material/description:",
        help=t("handout.help"), disabled=not recorded, key="handout-download",
        width="stretch",
    )
