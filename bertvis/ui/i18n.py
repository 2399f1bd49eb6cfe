"""The current UI language and the ``t()`` every page uses for text."""

from __future__ import annotations

import streamlit as st

from .strings import LANGUAGES, lookup


def default_language() -> str:
    """Japanese when the browser asks for it, else English."""
    locale = getattr(st.context, "locale", None) or ""
    return "ja" if str(locale).lower().startswith("ja") else "en"


def lang() -> str:
    value = st.session_state.get("lang")
    return value if value in LANGUAGES else default_language()


def t(key: str, **params: object) -> str:
    """The string ``key`` in the current language."""
    return lookup(key, lang(), **params)
