"""Open another page in a given state: "open this in the attention explorer", "knock this head
out". The values travel in the target page's URL, and a URL that arrives wins over the session
(:func:`bertvis.ui.state.sync_from_url`), so the target opens exactly as a shared link would."""

from __future__ import annotations

from typing import Any

import streamlit as st

ATTENTION_PAGE = "app_pages/attention.py"
EXPERIMENTS_PAGE = "app_pages/experiments.py"


def query(values: dict[str, Any]) -> dict[str, str]:
    """``values`` as URL query values (``None`` dropped, ``True``/``False`` as ``true``/
    ``false`` as :func:`bertvis.ui.state.bound` reads them back)."""
    return {key: str(value).lower() if isinstance(value, bool) else str(value)
            for key, value in values.items() if value is not None}


def button(label: str, page: str, values: dict[str, Any], *, key: str | None = None,
           icon: str = ":material/visibility:") -> None:
    """A button that opens ``page`` (a file under ``app_pages/``) with ``values`` in its URL."""
    if st.button(label, key=key, icon=icon):
        st.switch_page(page, query_params=query(values))
