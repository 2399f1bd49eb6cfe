"""The temperature slider shared by every page that shows probabilities (kept in the URL as
``temperature``), with its one-line pointer to the ÷√d of the attention arithmetic."""

from __future__ import annotations

import streamlit as st

from bertvis.probabilities import MAX_TEMPERATURE, MIN_TEMPERATURE

from . import state
from .i18n import t

ARITHMETIC_PAGE = "app_pages/arithmetic.py"


def control() -> float:
    """Draw the slider (default 1 = the model's own probabilities) and return T."""
    value = state.bound(
        st.slider, "temperature", 1.0, t("temperature.label"), min_value=MIN_TEMPERATURE,
        max_value=MAX_TEMPERATURE, step=0.1, format="%.1f", help=t("temperature.help"),
        valid=lambda v: isinstance(v, (int, float)) and MIN_TEMPERATURE <= v <= MAX_TEMPERATURE)
    return float(value)


def note(temperature: float) -> None:
    """The one-line link to the ÷√d step, and, when the probabilities shown are not the
    model's own (T ≠ 1), a caption saying so."""
    st.page_link(ARITHMETIC_PAGE, label=t("temperature.link"), icon=":material/calculate:")
    if temperature != 1.0:
        st.caption(t("temperature.note", temperature=f"{temperature:g}"))
