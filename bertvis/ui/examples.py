"""Example inputs loadable with one click: a row of buttons that fill the page's shared values.

A page lists its examples as :class:`Example` (a strings key for the button, and the values of
its ``state.bound`` widgets); a click sets the values before the page redraws, so the widgets,
the URL and the share link follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from .i18n import t


@dataclass(frozen=True)
class Example:
    label_key: str  # strings key of the button's label
    values: dict[str, Any] = field(default_factory=dict)  # shared-state key -> value


def _load(values: dict[str, Any]) -> None:
    for key, value in values.items():
        st.session_state[key] = value


def buttons(examples: tuple[Example, ...], key: str) -> None:
    """Draw one button per example under a small "Examples" caption."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(t("examples.label"), width="content")
        for number, example in enumerate(examples):
            st.button(t(example.label_key), key=f"{key}-example-{number}", on_click=_load,
                      args=(example.values,), type="tertiary", icon=":material/lightbulb:")
