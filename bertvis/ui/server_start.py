"""Warm the server when it starts, before any visitor: ``app.py``'s ``st.App`` lifespan.

``streamlit run app.py`` serves app.py's module-level ``app`` (an ``st.App``) and runs its
:func:`lifespan` once, as the server starts. The lifespan hands the first visitor's work to a
daemon thread and returns at once, so the health check answers while the thread: loads the
deployment's default model (the sidebar's default for the app's default language,
``bertvis.presets.DEFAULT_ENCODER_FOR``) and computes the default sentence's Trace, through the
same store and lock the pages use (:func:`bertvis.ui.warm._prepare`), then imports the other
pages' modules. A visitor who arrives meanwhile waits only for what is
left; a download that fails or hangs stays in the thread, and the page meets it as today.

Where the lifespan does not run (AppTest, an older Streamlit), nothing changes: the first
visitor's script run still starts :func:`bertvis.ui.warm.start`. ``BERTVIS_WARM_START=0``
switches both off.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import pkgutil
import threading

from bertvis.model_request import ModelKey

from . import profile, warm

#: What a visitor's script run imports first (app.py's modules, the pages' views).
_MODULES = ("bertvis.ui.sidebar", "bertvis.ui.figures", "bertvis.ui.lessons",
            "bertvis.ui.cache")
#: The app's default language (the sidebar's when the link has no ``lang``).
_LANGUAGE = "en"


def default_request() -> tuple[ModelKey, str, None]:
    """What :func:`bertvis.ui.warm.request` asks for on a link with no query in the app's
    default language: the default encoder on the ``auto`` device in float32, and the default
    sentence alone."""
    return warm.request_for({}, _LANGUAGE)


def _import_pages() -> None:
    from bertvis.ui import views

    for name in _MODULES:
        importlib.import_module(name)
    for module in pkgutil.iter_modules(views.__path__):
        importlib.import_module(f"{views.__name__}.{module.name}")


def _warm() -> None:
    # The model and the default Trace first: a visitor who opens the link as the server starts
    # waits for them, not for the other pages' modules (importing those first made that cold
    # visit 0.6 s slower than without the lifespan: 8.8 s against 8.1 s, medians of 5).
    warm._prepare(*default_request())
    try:
        _import_pages()
    except Exception:  # noqa: BLE001 - the first visitor's run imports them and shows why not
        return
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC);
    # with torch, transformers and plotly imported that walks ~460,000 objects (~220 ms of
    # every rerun on 2 cores). What the imports made lives as long as the process: leave it
    # out of every later collection (freed by reference counting as before, if ever).
    gc.freeze()


def start() -> threading.Thread | None:
    """Start :func:`_warm` in a daemon thread and return it (None when warm start is off)."""
    if not profile.settings().warm_start:
        return None
    thread = threading.Thread(target=_warm, name="bertvis-server-start", daemon=True)
    thread.start()
    return thread


@contextlib.asynccontextmanager
async def lifespan(app):
    """``st.App``'s lifespan: start warming and let the server answer at once."""
    start()
    yield None
