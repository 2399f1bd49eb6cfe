"""One log line per script run, for timing the server from outside (``BERTVIS_LOG_RUNS=1``).

``app.py`` calls :func:`begin` first and :func:`end` last; with the setting on, :func:`end`
prints ``bertvis: run finished`` with the wall-clock time (Unix seconds, so a load test on the
same machine can compare it with its own clock), the run's duration and the page, to stderr.
Light on purpose: imported before anything heavy.
"""

from __future__ import annotations

import sys
import time

import streamlit as st

from . import profile

#: Start of the log line (``bench.server.RUN_LOG`` reads it).
RUN_LOG = "bertvis: run finished"
_STARTED = "_run_started"


def begin() -> None:
    """Note when this script run began."""
    st.session_state[_STARTED] = time.perf_counter()


def end(page: str) -> None:
    """Print the run's end line when ``BERTVIS_LOG_RUNS`` is on."""
    if not profile.settings().log_runs:
        return
    began = st.session_state.get(_STARTED)
    seconds = time.perf_counter() - began if began is not None else float("nan")
    print(f"{RUN_LOG} at={time.time():.3f} seconds={seconds:.3f} page={page}",
          file=sys.stderr, flush=True)
