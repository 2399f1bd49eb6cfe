"""The app's server side, timed and weighed through Streamlit's AppTest harness.

A page run in AppTest executes the real script (``app.py`` → navigation → page) in this process
with the real caches; every ForwardMsg the server would send the browser is counted in
serialized bytes. Streamlit is imported on use: the rest of the engine never imports it.

The page measured is the attention explorer when ``bertvis.ui.lessons.LESSONS`` has one, else
the question answering page (a BERT-base-sized QA model; moving its answer-length slider is the
rerun that must not run the model again).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import inputs

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@dataclass(frozen=True)
class Scenario:
    """How to drive one page: its file, the URL query for a text, which text box takes a new
    text, and how to find the control whose change must be a cache hit."""

    page: str
    model_kind: str
    query: Callable[[str, str, str | None], dict]
    text_key: str
    pair_key: str | None
    is_view_control: Callable[[str], bool]


def _attention_query(model_dir: str, text_a: str, text_b: str | None) -> dict:
    query = {"model": model_dir, "text_a": text_a}
    if text_b:
        query["text_b"] = text_b
    return query


def _qa_query(model_dir: str, text_a: str, text_b: str | None) -> dict:
    return {"qa_model": model_dir, "qa_question": "where did the cat sit",
            "qa_passage": text_a + (" " + text_b if text_b else "")}


ATTENTION = Scenario("app_pages/attention.py", "pretraining", _attention_query, "_w_text_a",
                     "_w_text_b", lambda key: "layer" in key or "head" in key)
QA = Scenario("app_pages/tasks.py", "question-answering", _qa_query, "_w_qa_passage", None,
              lambda key: key == "_w_qa_max_len")


def scenario() -> Scenario:
    """The attention page when it is in LESSONS, else the question answering page."""
    from bertvis.ui.lessons import LESSONS

    return ATTENTION if any(l.path == ATTENTION.page for l in LESSONS) else QA


@contextlib.contextmanager
def counted_bytes():
    """Count the serialized bytes of every ForwardMsg enqueued for the browser meanwhile;
    yields a dict whose ``"bytes"`` and ``"messages"`` grow."""
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    counter = {"bytes": 0, "messages": 0}
    original = ForwardMsgQueue.enqueue

    def enqueue(self, msg):
        counter["bytes"] += msg.ByteSize()
        counter["messages"] += 1
        return original(self, msg)

    ForwardMsgQueue.enqueue = enqueue
    try:
        yield counter
    finally:
        ForwardMsgQueue.enqueue = original


@contextlib.contextmanager
def server_script_cache():
    """Compile each script once, as the server does.

    The real server keeps one ``ScriptCache`` in its Runtime, so a rerun executes cached
    bytecode; AppTest makes a fresh cache for every run and so recompiles ``app.py`` and the
    page each time (~20-40 ms here), a cost no user of the server pays. Meanwhile every AppTest
    run shares one cache.
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    shared = ScriptCache()
    original = app_test.ScriptCache
    app_test.ScriptCache = lambda: shared
    try:
        yield shared
    finally:
        app_test.ScriptCache = original


def open_page(case: Scenario, model_dir: str, text_a: str, text_b: str | None):
    """An AppTest on ``case.page`` with this model and text (first run included)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    for key, value in case.query(model_dir, text_a, text_b).items():
        at.query_params[key] = value
    at.switch_page(case.page)
    at.run()
    _check(at)
    return at


def _check(at) -> None:
    if at.exception:
        raise RuntimeError(f"the page raised: {[e.value for e in at.exception]}")


def view_control(at, case: Scenario):
    """The first slider/select/number box whose key ``case.is_view_control`` accepts."""
    for kind in ("slider", "select_slider", "selectbox", "number_input"):
        for widget in getattr(at, kind):
            if widget.key and case.is_view_control(widget.key):
                return widget
    raise RuntimeError(f"no layer/head control found on {case.page}")


def _move(widget) -> None:
    """Set ``widget`` to a different valid value."""
    if hasattr(widget, "options") and widget.options:
        options = list(widget.options)
        current = widget.value if widget.value in options else options[0]
        widget.set_value(options[(options.index(current) + 1) % len(options)])
        return
    low = getattr(widget, "min", None)
    high = getattr(widget, "max", None)
    value = widget.value
    widget.set_value(value + 1 if high is None or value + 1 <= high else low)


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    _check(at)
    return elapsed


def interaction(model_dir: str, token_counts: tuple[int, ...], repeats: int) -> dict:
    """Server seconds of a rerun after a view change (cache hit) and after a new text (miss),
    and the miss ÷ a bare forward with attentions on a text of the same length, timed in turn
    (hit, miss, bare, hit, miss, bare, …) so that load from elsewhere falls on all alike."""
    case = scenario()
    rows = []
    for n in token_counts:
        with server_script_cache():
            rows.append(_interaction_at(case, model_dir, n, repeats))
    return {"page": case.page, "rows": rows}


def bare_forward(model_dir: str, n: int) -> Callable[[int], float]:
    """A timer of the bare forward the ratio divides by: ``model(**inputs,
    output_attentions=True)`` in inference mode on already-tokenised input of ``n`` tokens
    (the ``overhead`` section's), a new text each call; returns its seconds."""
    import torch

    loaded = _model(model_dir)

    def run(offset: int) -> float:
        enc = loaded.tokenizer(inputs.text_of_tokens(n, offset=offset)[0], return_tensors="pt")
        start = time.perf_counter()
        with torch.inference_mode():
            loaded.encoder(**enc, output_attentions=True)
        return time.perf_counter() - start

    return run


def _interaction_at(case: Scenario, model_dir: str, n: int, repeats: int) -> dict:
    from . import timing

    at = open_page(case, model_dir, *inputs.text_of_tokens(n))
    bare = bare_forward(model_dir, n)
    bare(0)  # warm-up, as the page's first run was
    hits, misses, bares = [], [], []
    for i in range(repeats):
        _move(view_control(at, case))
        hits.append(_timed_run(at))
        at.text_area(key=case.text_key).input(inputs.text_of_tokens(n, offset=i + 1)[0])
        misses.append(_timed_run(at))
        bares.append(bare(i + 1))
    ratios = [miss / one for miss, one in zip(misses, bares)]
    return {"tokens": n, "hit": timing.summary(hits), "miss": timing.summary(misses),
            "bare": timing.summary(bares),
            "miss_over_bare": round(timing.summary(misses)["median_ms"]
                                    / timing.summary(bares)["median_ms"], 3),
            "miss_over_bare_pairs": timing.spread(ratios)}


def payload(model_dir: str, token_counts: tuple[int, ...]) -> dict:
    """Bytes the page sends for a first view and for a view change, single sentence and pair."""
    case = scenario()
    rows = []
    for n in token_counts:
        for pair in (False, True):
            text_a, text_b = inputs.text_of_tokens(n, pair=pair, offset=7)
            with counted_bytes() as first:
                at = open_page(case, model_dir, text_a, text_b)
            with counted_bytes() as change:
                _move(view_control(at, case))
                at.run()
            _check(at)
            rows.append({"tokens": n, "pair": pair, "first_view_bytes": first["bytes"],
                         "view_change_bytes": change["bytes"],
                         "bertviz": bertviz_bytes(model_dir, text_a, text_b)})
    return {"page": case.page, "rows": rows}


def bertviz_bytes(model_dir: str, text_a: str, text_b: str | None) -> dict:
    """Size of bertviz's own HTML (head_view and model_view) for the same input."""
    from bertviz import head_view, model_view

    from bertvis.trace import trace

    import torch

    result = trace(_model(model_dir), text_a, text_b)
    attention = tuple(torch.from_numpy(layer.astype("float32"))[None]  # as a model returns it
                      for layer in result.attentions)
    args = dict(attention=attention, tokens=result.tokens,
                sentence_b_start=result.sentence_b_start, html_action="return")
    return {"head_view_bytes": len(head_view(**args).data.encode()),
            "model_view_bytes": len(model_view(**args).data.encode())}


_MODELS: dict = {}


def _model(model_dir: str):
    from bertvis import models

    if model_dir not in _MODELS:
        _MODELS[model_dir] = models.load(model_dir, device="cpu")
    return _MODELS[model_dir]
