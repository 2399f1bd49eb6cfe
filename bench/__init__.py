"""The benchmark, the load test and their results, beside the app (not part of the package).

``python -m bench <command>`` (see ``bench/__main__.py``): ``run`` (speed, payload and memory
sections, written to ``bench/results.{json,md}``), ``loadtest`` (a class of real browsers and
protocol sessions on one server), ``hostile-class`` (the memory budget under a hostile class on a
real server), ``experiments`` (the head sweep's timing). Run from the checkout root; nothing here is
installed with ``bertvis``, and ``bertvis`` never imports it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

#: The checkout: ``app.py``, ``bertvis/`` and this folder.
ROOT = Path(__file__).resolve().parent.parent


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """``asyncio.run(coroutine)`` in a thread of its own, so a caller that already runs an event
    loop in this thread (a Playwright sync session, as in the test suite) can use it too."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
