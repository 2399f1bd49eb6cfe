"""The deployment's settings in the app: the environment, with Streamlit secrets on top.

A Community Cloud deployment has no shell to set environment variables in; its secrets box
(``.streamlit/secrets.toml`` locally) takes the same keys, e.g. ``BERTVIS_PUBLIC = true``.
They are merged once per process and installed as :func:`bertvis.settings.current`, so the
engine and the pages read one frozen object.
"""

from __future__ import annotations

import threading

import streamlit as st

from bertvis import settings as deployment

_merged = False
_lock = threading.Lock()


def _secrets() -> dict[str, object]:
    """The ``BERTVIS_*`` keys of Streamlit secrets ({} when there is no secrets file)."""
    try:
        return {key: st.secrets[key] for key in st.secrets if key.startswith("BERTVIS_")}
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: the environment alone
        return {}


def settings() -> deployment.Settings:
    """The process's settings (environment, then secrets), read the first time only."""
    global _merged
    with _lock:
        if not _merged:
            _merged = True
            found = _secrets()
            if found:
                deployment.install(deployment.Settings.from_environment(found))
    return deployment.current()
