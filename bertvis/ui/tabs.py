"""Tabs whose open tab lives in the URL, so a link opens the same tab (and only it runs)."""

from __future__ import annotations

import streamlit as st

from . import state
from .i18n import t


def _changed(key: str, labels: dict[str, str], default: str) -> None:
    chosen = st.session_state[f"_w_{key}"]
    state.remember(key, next(k for k, v in labels.items() if v == chosen), default)


def url_tabs(key: str, names: tuple[str, ...], label_prefix: str,
             initial: str | None = None) -> dict:
    """Draw tabs ``names`` (labels: strings ``<label_prefix>.<name>``) and return them by name.

    The open tab is kept in the URL under ``key`` (the first tab is the default and is left
    out of the URL; a value that names no tab opens it too); ``initial`` is the tab a session
    opens on when neither it nor the URL chose one (default: the first). Check
    ``tabs[name].open`` and draw only the open one."""
    default = names[0]
    current = state.value(key, initial or default)
    if current not in names:
        current = default
    labels = {name: t(f"{label_prefix}.{name}") for name in names}
    st.session_state[f"_w_{key}"] = labels[current]
    tabs = st.tabs(list(labels.values()), key=f"_w_{key}", on_change=_changed,
                   args=(key, labels, default))
    state.remember(key, current, default)
    return dict(zip(names, tabs))
