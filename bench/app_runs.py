"""The app's server side, timed and weighed on the wire: a real ``streamlit run app.py`` and
sessions that speak Streamlit's websocket protocol (:mod:`bench.protocol`).

Each page run is the real server's (its compiled-script cache, its caches, its message cache
for what the client already holds); what the page sends the browser is counted in bytes
received, and a rerun's time is from the request to ``script_finished`` on loopback.

The page measured is the attention explorer when ``bertvis.ui.lessons.LESSONS`` has one, else
the question answering page (a BERT-base-sized QA model; moving its answer-length slider is the
rerun that must not run the model again).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import inputs, protocol, run_async, timing
from .server import Server, app_server


@dataclass(frozen=True)
class Scenario:
    """How to drive one page: its file, the URL query for a text, the key of the text box that
    takes a new text and of the slider whose change must be a cache hit."""

    page: str
    model_kind: str
    query: Callable[[str, str, str | None], dict]
    text_key: str
    view_key: str

    def url(self) -> str:
        """The page's URL path (its lesson's)."""
        from bertvis.ui.lessons import LESSONS

        return next(lesson.url for lesson in LESSONS if lesson.path == self.page)


def _attention_query(model_dir: str, text_a: str, text_b: str | None) -> dict:
    query = {"model": model_dir, "text_a": text_a}
    if text_b:
        query["text_b"] = text_b
    return query


def _qa_query(model_dir: str, text_a: str, text_b: str | None) -> dict:
    return {"qa_model": model_dir, "qa_question": "where did the cat sit",
            "qa_passage": text_a + (" " + text_b if text_b else "")}


ATTENTION = Scenario("app_pages/attention.py", "pretraining", _attention_query, "_w_text_a",
                     "_w_layer")
QA = Scenario("app_pages/tasks.py", "question-answering", _qa_query, "_w_qa_passage",
              "_w_qa_max_len")


def scenario() -> Scenario:
    """The attention page when it is in LESSONS, else the question answering page."""
    from bertvis.ui.lessons import LESSONS

    return ATTENTION if any(l.path == ATTENTION.page for l in LESSONS) else QA


def _check(run: protocol.Run, case: Scenario) -> protocol.Run:
    if not run.ok:
        raise RuntimeError(f"{case.page} showed {run.exceptions} exception box(es), "
                           f"script_finished status {run.status}")
    return run


def _moved(widget: protocol.Widget) -> float:
    """A different valid value for the slider ``widget`` (the next step, or its minimum)."""
    proto = widget.proto
    value = proto.value[0] + proto.step
    return value if value <= proto.max else proto.min


async def _view_change(session: protocol.Session, case: Scenario) -> protocol.Run:
    return _check(await session.run({case.view_key: _moved(session.widgets[case.view_key])}),
                  case)


#: The attention page's view-only controls: they change what is drawn, never what is computed.
VIEW_CONTROLS = ("_w_layer", "_w_head", "_w_att_clip", "_w_att_hide", "_w_att_renorm",
                 "_w_att_words")


def _moves(widget: protocol.Widget, count: int) -> list[object]:
    """``count`` values to move ``widget`` to in turn, as a student does: a slider steps on to
    values not shown before (back to its minimum at the end), a checkbox flips."""
    if widget.kind == "checkbox":
        return [(i % 2 == 0) != widget.proto.default for i in range(count)]
    proto, value, found = widget.proto, widget.proto.value[0], []
    for _ in range(count):
        value = value + proto.step if value + proto.step <= proto.max else proto.min
        found.append(value)
    return found


async def _wire_at(server: Server, case: Scenario, model_dir: str, n: int, repeats: int) -> dict:
    query = case.query(model_dir, *inputs.text_of_tokens(n))
    controls = {}
    async with protocol.session(server.url, case.url(), query) as session:
        first = _check(await session.run(), case)
        for key in VIEW_CONTROLS:
            widget = session.widgets[key]
            runs = [_check(await session.run({key: value}), case)
                    for value in _moves(widget, repeats)]
            controls[key.removeprefix("_w_")] = {
                "kind": widget.kind, "first_move_bytes": runs[0].bytes,
                "bytes": timing.spread([run.bytes for run in runs]),
                "wire_bytes": timing.spread([run.wire_bytes for run in runs]),
                "messages": timing.spread([run.messages for run in runs]),
                "seconds": timing.spread([run.seconds for run in runs])}
    return {"tokens": n, "first_view_bytes": first.bytes, "first_view_wire_bytes": first.wire_bytes,
            "controls": controls}


def wire(model_dir: str, tokens: int, repeats: int, log_dir: Path) -> dict:
    """Bytes a session receives when one view-only control of the attention page moves
    (serialized ForwardMsgs, and on the wire: compressed websocket frames), ``repeats`` moves each (:func:`_moves`: a checkbox's second
    flip shows what the browser already holds), with the messages it already holds reported as
    the browser does; and each rerun's seconds from the request to ``script_finished``."""
    case = ATTENTION

    async def measure(server: Server) -> dict:
        return await _wire_at(server, case, model_dir, tokens, repeats)

    with app_server(log_dir) as server:
        return {"page": case.page, **run_async(measure(server))}


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


async def _interaction_at(server: Server, case: Scenario, model_dir: str, n: int,
                          repeats: int) -> dict:
    query = case.query(model_dir, *inputs.text_of_tokens(n))
    bare = bare_forward(model_dir, n)
    bare(0)  # warm-up, as the page's first run was
    hits, misses, bares = [], [], []
    async with protocol.session(server.url, case.url(), query) as session:
        _check(await session.run(), case)
        for i in range(repeats):
            hits.append((await _view_change(session, case)).seconds)
            new_text = inputs.text_of_tokens(n, offset=i + 1)[0]
            misses.append(_check(await session.run({case.text_key: new_text}), case).seconds)
            bares.append(bare(i + 1))
    ratios = [miss / one for miss, one in zip(misses, bares)]
    miss_summary, bare_summary = timing.summary(misses), timing.summary(bares)
    return {"tokens": n, "hit": timing.summary(hits), "miss": miss_summary,
            "bare": bare_summary,
            "miss_over_bare": round(miss_summary["median_ms"] / bare_summary["median_ms"], 3),
            "miss_over_bare_pairs": timing.spread(ratios)}


def interaction(model_dir: str, token_counts: tuple[int, ...], repeats: int,
                log_dir: Path) -> dict:
    """Seconds of a rerun after a view change (cache hit) and after a new text (miss), from the
    request to ``script_finished`` on one session of a real server, and the miss ÷ a bare
    forward with attentions in this process on a text of the same length, timed in turn (hit,
    miss, bare, hit, miss, bare, …) so that load from elsewhere falls on all alike."""
    case = scenario()

    async def measure(server: Server) -> list[dict]:
        return [await _interaction_at(server, case, model_dir, n, repeats) for n in token_counts]

    with app_server(log_dir) as server:
        rows = run_async(measure(server))
    return {"page": case.page, "rows": rows}


async def _payload_at(server: Server, case: Scenario, model_dir: str, n: int,
                      pair: bool) -> dict:
    text_a, text_b = inputs.text_of_tokens(n, pair=pair, offset=7)
    async with protocol.session(server.url, case.url(),
                                case.query(model_dir, text_a, text_b)) as session:
        first = _check(await session.run(), case)
        change = await _view_change(session, case)
    return {"tokens": n, "pair": pair, "first_view_bytes": first.bytes,
            "view_change_bytes": change.bytes,
            "bertviz": bertviz_bytes(model_dir, text_a, text_b)}


def payload(model_dir: str, token_counts: tuple[int, ...], log_dir: Path) -> dict:
    """Bytes a new session receives on the wire for a first view, and for a view change (with
    the large messages it already holds reported, as the browser does), single sentence and
    pair, beside bertviz's HTML for the same input."""
    case = scenario()

    async def measure(server: Server) -> list[dict]:
        return [await _payload_at(server, case, model_dir, n, pair)
                for n in token_counts for pair in (False, True)]

    with app_server(log_dir) as server:
        rows = run_async(measure(server))
    return {"page": case.page, "rows": rows}


def bertviz_bytes(model_dir: str, text_a: str, text_b: str | None) -> dict:
    """Size of bertviz's own HTML (head_view and model_view) for the same input."""
    import torch
    from bertviz import head_view, model_view

    from bertvis.trace import trace

    result = trace(_model(model_dir), text_a, text_b)
    attention = tuple(torch.from_numpy(layer.astype("float32"))[None]  # as a model returns it
                      for layer in result.attentions)
    args = dict(attention=attention, tokens=result.tokens,
                sentence_b_start=result.sentence_b_start, html_action="return")
    return {"head_view_bytes": len(head_view(**args).data.encode()),
            "model_view_bytes": len(model_view(**args).data.encode())}


@functools.cache
def _model(model_dir: str):
    from bertvis import models

    return models.load(model_dir, device="cpu")
