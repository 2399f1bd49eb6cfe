"""The server warms itself as it starts (app.py's ``st.App`` lifespan, bertvis/ui/server_start.py):
the default model's Trace of the default sentence is computed before any visitor, and the
health check answers before it is."""

from __future__ import annotations

import re
import time

import pytest

from bertvis.model_request import ModelKey
from bertvis.presets import DEFAULT_ENCODER
from bertvis.ui import server_start, warm
from bertvis.strings import lookup


def test_a_plain_link_asks_for_what_the_server_prepares(monkeypatch):
    monkeypatch.setattr(warm.st, "query_params", {})
    monkeypatch.setattr(warm, "default_language", lambda: "en")
    assert warm.request() == server_start.default_request()
    assert server_start.default_request() == (
        ModelKey(DEFAULT_ENCODER, "pretraining", "auto", "float32"),
        lookup("input.default_a", "en"), None)


def _wait_for_traces(server, count: int, timeout_s: float = 240) -> int:
    deadline = time.monotonic() + timeout_s
    while server.model_runs() < count and time.monotonic() < deadline:
        time.sleep(0.2)
    return server.model_runs()


@pytest.mark.slow
def test_the_server_computes_the_default_trace_before_any_visitor(fake_hub):
    from browser import app_server

    with app_server(env={"HF_HUB_CACHE": str(fake_hub)}) as server:
        traces_when_healthy = server.model_runs()  # the health check answered: no visitor yet
        assert _wait_for_traces(server, 1) == 1
        log = server.log_path.read_text()
    assert traces_when_healthy == 0  # the lifespan did not hold the server until it was done
    assert re.search(rf"trace computed \(\d+ tokens, {DEFAULT_ENCODER}\)", log)
