"""Helpers for page tests in Streamlit's AppTest (no browser): open a page the way a link does,
rerun it, read its plotly figures, and count model runs."""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path

import numpy as np
import torch
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOME = "app_pages/home.py"


def open_page(path: str, session: dict | None = None, *, first: dict | None = None,
              fresh_link: bool = False, timeout: float = 180, check: bool = True,
              context: dict | None = None, **query: str) -> AppTest:
    """Open the page file ``path`` with ``query`` in its URL, as a link does.

    AppTest switches pages only after a first run (which registers them), so the app runs once
    on the home page with ``first`` in the URL; then ``session`` values (sidebar settings the
    first run already fixed) and ``query`` are set and the page opens. ``fresh_link`` drops what
    the first run wrote into the URL, so only ``query`` arrives. ``context`` is the browser's
    side (``{"locale": "ja-JP"}``). With ``check`` the page must have raised no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if context:
        at.context = context
    at.query_params.update(first or {})
    at.run()
    if fresh_link:
        at.query_params.clear()
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.query_params.update(query)
    if path != HOME:
        at.switch_page(path)
    at.run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    """Run the page again (after a widget change) and check it raised no exception."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    """Click the button ``key`` and rerun the page (checking it raised no exception)."""
    at.button(key=key).click()
    return rerun(at)


def switch_language(at: AppTest, language: str) -> AppTest:
    """Switch the open page's UI language, as the sidebar's language control does, and rerun
    it (checking it raised no exception)."""
    at.session_state["lang"] = language
    return rerun(at)


def figures(at: AppTest) -> list[dict]:
    """Every plotly figure the page drew, as its JSON spec (AppTest has no plotly accessor)."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def text_of(at: AppTest, kind: str) -> str:
    """The values of every element of ``kind`` (``"markdown"``, ``"warning"``, …), one a line."""
    return "\n".join(str(element.value) for element in at.get(kind))


def plotly_array(values) -> np.ndarray:
    """A data array from plotly figure JSON: a plain list, or a base64 typed array
    (``{"dtype", "bdata", "shape"?}``) reshaped to its ``shape``."""
    if isinstance(values, dict):
        flat = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        shape = values.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(values)


class ModelRuns:
    """How many forward passes any model made (every supported architecture's forward goes
    through exactly one ``*Embeddings`` module, so those are counted)."""

    def __init__(self) -> None:
        self.count = 0

    def _hook(self, module, args, output) -> None:
        if type(module).__name__.endswith("Embeddings"):
            self.count += 1


@contextlib.contextmanager
def counting_model_runs():
    """Count model forward passes in this process while the block runs."""
    runs = ModelRuns()
    handle = torch.nn.modules.module.register_module_forward_hook(runs._hook)
    try:
        yield runs
    finally:
        handle.remove()
