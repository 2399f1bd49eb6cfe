"""The benchmark, the load test and their results, beside the app (not part of the package).

``python -m bench <command>`` (see ``bench/__main__.py``): ``run`` (speed, payload and memory
sections, written to ``bench/results.{json,md}``), ``loadtest`` (a class of real browsers and
protocol sessions on one server), ``hostile-class`` (the memory budget under students switching
models), ``experiments`` (the head sweep's timing). Run from the checkout root; nothing here is
installed with ``bertvis``, and ``bertvis`` never imports it.
"""

from __future__ import annotations

from pathlib import Path

#: The checkout: ``app.py``, ``bertvis/`` and this folder.
ROOT = Path(__file__).resolve().parent.parent
