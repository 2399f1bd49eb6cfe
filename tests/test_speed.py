"""Where people wait: the warm start (the first visitor's model and Trace prepared through the
same store the page asks), the run log the load test times the server by, and the settings that
switch them."""

from __future__ import annotations

import threading

import pytest
from streamlit.testing.v1 import AppTest

from bench.server import RUN_LOG
from bertvis.analysis import Analysis
from bertvis.memory_budget import MemoryBudget
from bertvis.model_request import ModelKey
from bertvis.presets import JAPANESE_ENCODER
from bertvis.settings import Settings
from bertvis.ui import cache, warm
from bertvis.strings import lookup

APP = "../app.py"


@pytest.fixture
def own_store():
    previous = cache._store
    cache.use_store(MemoryBudget(2**30))
    yield cache.store()
    cache.use_store(previous)


def test_settings_switch_the_warm_start_and_the_run_log():
    assert Settings.from_mapping({}).warm_start and not Settings.from_mapping({}).log_runs
    found = Settings.from_mapping({"BERTVIS_WARM_START": "0", "BERTVIS_LOG_RUNS": "1"})
    assert not found.warm_start and found.log_runs


def test_the_warm_start_prepares_what_the_page_then_finds_in_the_store(tiny_bert, own_store):
    """The thread's model and Trace are the page's: the page's own calls are cache hits that
    return the very same objects, and the model ran once."""
    model_args = (str(tiny_bert), "pretraining", "cpu", "float32")
    thread = threading.Thread(target=warm._prepare,
                              args=(ModelKey(*model_args), "the cat sat", None))
    thread.start()
    thread.join(120)
    computed = own_store.stats.computed
    assert computed == 2  # the model and one Trace
    loaded = cache.loaded_model(*model_args)
    result = Analysis.of(loaded, "the cat sat").trace
    assert own_store.stats.computed == computed  # both were hits
    assert result.text_a == "the cat sat" and result.tokens[0] == "[CLS]"
    assert loaded is cache.loaded_model(*model_args)


def test_a_text_box_with_a_trailing_newline_finds_the_trace_of_its_stripped_text(
        tiny_bert, own_store):
    """The pages key their caches by the box's text, the sentiment page's explanations by the
    Trace's (stripped) ``text_a``: both are one model run."""
    loaded = cache.loaded_model(str(tiny_bert), "pretraining", "cpu", "float32")
    result = Analysis.of(loaded, " the cat sat\n", "  ").trace
    computed = own_store.stats.computed
    assert Analysis.of(loaded, result.text_a, result.text_b).trace is result
    assert own_store.stats.computed == computed
    assert (result.text_a, result.text_b) == ("the cat sat", None)


def test_a_knockout_of_no_heads_is_the_inputs_own_trace(tiny_bert, own_store):
    """The experiments page opens with nothing knocked out: its "after" is the Trace the page
    already has, not a second run of the same input."""
    loaded = cache.loaded_model(str(tiny_bert), "pretraining", "cpu", "float32")
    found = Analysis.of(loaded, "the cat sat")
    result = found.trace
    computed = own_store.stats.computed
    assert found.knockout_trace("") is result
    assert own_store.stats.computed == computed
    assert found.knockout_trace("1-1") is not result
    assert own_store.stats.computed == computed + 1


def test_a_failed_warm_start_leaves_nothing_for_the_page(own_store):
    warm._prepare(ModelKey("/no/such/model", "pretraining", "cpu", "float32"), "the cat", None)
    assert len(own_store) == 0  # the page meets the failure itself and shows it


def test_apptest_runs_do_not_start_the_warm_thread(tiny_bert, monkeypatch):
    """AppTest installs a mock Runtime: no background thread there (tests stay deterministic)."""
    prepared = []
    monkeypatch.setattr(warm, "_started", False)
    monkeypatch.setattr(warm, "_prepare", lambda *args: prepared.append(args))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["model"] = str(tiny_bert)
    at.run()
    assert not at.exception and warm._started is False and prepared == []


def test_the_request_is_the_links_model_device_and_texts(monkeypatch):
    monkeypatch.setattr(warm.st, "query_params", {"model": " ./my-bert ", "device": "cpu",
                                                  "half": "true", "text_a": "a b",
                                                  "text_b": "c"})
    assert warm.request() == (ModelKey("./my-bert", "pretraining", "cpu", "float16"), "a b", "c")
    monkeypatch.setattr(warm.st, "query_params", {"model": "__custom__", "custom_model": "x/y"})
    assert warm.request()[0].model_id == "x/y"
    monkeypatch.setattr(warm.st, "query_params", {"lang": "ja"})
    key, text_a, text_b = warm.request()
    assert key == ModelKey(JAPANESE_ENCODER, "pretraining", "auto", "float32")
    assert text_a == lookup("input.default_a", "ja") and text_b is None


def test_a_japanese_browsers_first_page_warms_the_japanese_model(monkeypatch):
    """A link without ``lang`` opens in the browser's language: the warm start must prepare the
    model and sentence the Japanese sidebar and text box will then ask for."""
    monkeypatch.setattr(warm.st, "query_params", {})
    monkeypatch.setattr(warm, "default_language", lambda: "ja")
    key, text_a, _ = warm.request()
    assert key.model_id == JAPANESE_ENCODER
    assert text_a == lookup("input.default_a", "ja")


def test_the_run_log_line_is_printed_only_when_asked(tiny_bert, deployment_settings, capfd):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["model"] = str(tiny_bert)
    at.run()
    assert RUN_LOG.search(capfd.readouterr().err) is None
    deployment_settings(BERTVIS_LOG_RUNS="1")
    at.run()
    found = RUN_LOG.search(capfd.readouterr().err)
    assert found is not None and found.group(3) == "home"
    assert 0 <= float(found.group(2)) < 600
