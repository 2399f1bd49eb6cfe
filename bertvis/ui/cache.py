"""The app's side of the one store: its size for this process, and progress bars.

Models, Traces and every result derived from them are kept by the engine
(:mod:`bertvis.analysis`) in one least-recently-used store counted in bytes
(:class:`bertvis.memory_budget.MemoryBudget`), shared by every session. Here the app sizes that
store from the deployment's budget (``BERTVIS_MEMORY_BUDGET_MB``, with Streamlit secrets on
top, :mod:`.profile`) and hands it to the engine; :func:`progress` draws the bar a long sweep
reports to through its ``progress(done, total)`` callback.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Callable

import streamlit as st

from bertvis import analysis, memory_budget
from bertvis.models import LoadedModel, ModelKey

from . import profile
from .i18n import t

_store: memory_budget.MemoryBudget | None = None
_store_lock = threading.Lock()


def store() -> memory_budget.MemoryBudget:
    """The process's one store, created on first use: the budget less what the process already
    holds (Python, Streamlit, torch) and a head-room (:meth:`MemoryBudget.for_process`), with
    the process's measured RSS held under the whole budget (its sampler thread runs from
    here on)."""
    global _store
    with _store_lock:
        if _store is None:
            _store = memory_budget.MemoryBudget.for_process(
                profile.settings().memory_budget_bytes)
            _store.start_sampler()
        return _store


def use_store(new: memory_budget.MemoryBudget | None) -> None:
    """Replace the store (tests and the hostile-class benchmark size their own); the old one's
    sampler stops."""
    global _store
    with _store_lock:
        if _store is not None and _store is not new:
            _store.stop_sampler()
        _store = new


def _app_store() -> memory_budget.MemoryBudget:
    profile.settings()  # secrets merged before the engine reads the settings
    return store()


analysis.provide_store(_app_store)


def loaded_model(model_id: str, kind: str, device: str, dtype: str) -> LoadedModel:
    """:func:`bertvis.analysis.load_model` of the sidebar's choice, loaded once per process."""
    return analysis.load_model(ModelKey(model_id, kind, device, dtype))


@contextlib.contextmanager
def progress(template: str) -> Iterator[Callable[[int, int], None]]:
    """The ``(done, total)`` callback of a long computation: its first call draws a progress
    bar (so a kept result, which never calls it, shows none), removed when the block ends (also
    on an error). ``template``: a strings key with ``{done}`` and ``{total}``."""
    bar = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = st.progress(0.0)
        bar.progress(done / total, text=t(template, done=done, total=total))

    try:
        yield advance
    finally:
        if bar is not None:
            bar.empty()
