"""Let go of the models and Traces a page put in its module namespace, once its run ends.

Streamlit runs a page file in a fresh ``__main__`` namespace. Functions the page defines (a
fragment, a widget's ``format_func`` lambda) live on in the session after the run, and with them
that namespace and everything the page put in it: an idle session kept its model and its Trace
alive, beyond the store's reach (the store can neither count nor evict them; under memory
pressure every other visitor was turned away for them). A page hands its namespace to
:func:`release_after_run` first thing; ``app.py`` calls :func:`release` when the page's run
ends (also when it stopped or failed), which drops the namespace's models and Traces. A
fragment reads them again through its keyed :class:`bertvis.analysis.Analysis` (a store hit,
or a run admitted like any other).
"""

from __future__ import annotations

import threading
from typing import Any

import torch

from bertvis.models import LoadedModel
from bertvis.trace import Trace

#: What a page may not keep at module level after its run.
HELD_BY_THE_STORE = (LoadedModel, Trace, torch.nn.Module)

_this_run = threading.local()  # each session's script runs in its own thread


def release_after_run(namespace: dict[str, Any]) -> None:
    """Have :func:`release` clear ``namespace`` (a page's ``globals()``) when this run ends."""
    _this_run.namespaces = [*getattr(_this_run, "namespaces", []), namespace]


def release() -> None:
    """Drop the models and Traces from the namespaces this run's page handed over."""
    for namespace in getattr(_this_run, "namespaces", []):
        for name in [n for n, value in namespace.items() if isinstance(value, HELD_BY_THE_STORE)]:
            del namespace[name]
    _this_run.namespaces = []
