"""The one analysis object (bertvis/analysis.py): made once from a model and cleaned texts,
kept in the one store, and the same float32 numbers on the page, the command line and in
``bertvis.analyze``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from apptest import figures, open_page
from apptest import plotly_array as array
from test_cli import run_cli

import bertvis
from bertvis import analysis, readability
from bertvis.analysis import Analysis
from bertvis.memory_budget import MemoryBudget
from bertvis.models import ModelKey
from tiny import model_attention

TEXT = "The cat sat on the mat because it was tired."


@pytest.fixture
def own_store():
    """A store of this test's own (the app's is put back afterwards)."""
    from bertvis.ui import cache

    saved = cache._store
    fresh = MemoryBudget(2 * 1024**3)
    cache.use_store(fresh)
    yield fresh
    cache.use_store(saved)


@pytest.mark.apptest
def test_page_command_line_and_analyze_give_the_models_own_weights(minilm, own_store):
    """Layer 4, head 7 of the default input (offline: the packaged MiniLM) from the attention
    page's figure data, ``python -m bertvis attention`` and ``bertvis.analyze``, each computed
    afresh, all within 1e-6 of the model's own float32 weights."""
    expected = model_attention(minilm, TEXT)[3, 6]
    at = open_page("app_pages/attention.py", text_a=TEXT, layer="4", head="7")
    page = next(array(f["data"][0]["z"]) for f in figures(at)
                if f["layout"].get("title", {}).get("text") == "Layer 4 · head 7")
    own_store.clear()
    code, out, _ = run_cli("attention", TEXT, "--layer", "4", "--head", "7")
    assert code == 0
    cli = np.array(json.loads(out)["attention"])
    own_store.clear()
    notebook = bertvis.analyze(TEXT).attentions[3, 6]
    assert notebook.dtype == page.dtype == np.float32
    for numbers in (page, cli, notebook):
        np.testing.assert_allclose(numbers, expected, rtol=0, atol=1e-6)


def test_one_analysis_per_text_as_the_model_reads_it(tiny_bert, own_store):
    key = ModelKey(str(tiny_bert), "pretraining", "cpu", "float32")
    typed = Analysis.of(key, " the cat sat\n", "  ")
    assert typed == Analysis(key, "the cat sat", None)
    assert hash(typed) == hash(Analysis.of(analysis.load_model(key), "the cat sat"))
    result = typed.trace
    computed = own_store.stats.computed
    assert Analysis.of(key, "the cat sat").trace is result
    assert typed.rollout() is Analysis.of(key, "the cat sat").rollout()
    assert own_store.stats.computed == computed + 1  # the rollout, once


def test_float32_attentions_are_the_models_kept_and_read_only(tiny_bert, own_store):
    key = ModelKey(str(tiny_bert), "pretraining", "cpu", "float32")
    found = Analysis.of(key, "the cat sat", "a dog")
    weights = found.attentions
    assert weights.dtype == np.float32 and not weights.flags.writeable
    np.testing.assert_allclose(weights, model_attention(found.model, "the cat sat", "a dog"),
                               rtol=0, atol=1e-6)
    computed = own_store.stats.computed
    assert found.attentions is weights is found.trace.attentions  # the kept Trace's, no rerun
    assert own_store.stats.computed == computed


def test_the_readability_check_tokenises_once(tiny_bert, own_store, monkeypatch):
    key = ModelKey(str(tiny_bert), "pretraining", "cpu", "float32")
    calls = []
    real = readability.assess
    monkeypatch.setattr(readability, "assess",
                        lambda tokenizer, texts: calls.append(texts) or real(tokenizer, texts))
    first = analysis.readability_of(key, ["the cat sat\n", None])
    assert analysis.readability_of(key, ["the cat sat", ""]) is first
    assert calls == [("the cat sat", None)] and first.readable


def test_a_sweep_reports_progress_only_when_it_runs(tiny_bert, own_store):
    key = ModelKey(str(tiny_bert), "pretraining", "cpu", "float32")
    found = Analysis.of(key, "the cat [MASK] on the mat")
    steps: list[tuple[int, int]] = []
    first = found.head_importance("mask", progress=lambda done, total: steps.append((done, total)))
    assert steps and steps[-1] == (8, 8)  # 2 layers × 4 heads
    steps.clear()
    assert found.head_importance("mask", progress=lambda *step: steps.append(step)) is first
    assert steps == []


def test_without_the_app_the_engine_keeps_its_own_store(monkeypatch):
    monkeypatch.setattr(analysis, "_provider", None)
    monkeypatch.setattr(analysis, "_own_store", None)
    made = analysis.store()
    assert isinstance(made, MemoryBudget) and analysis.store() is made


def test_notebook_figures_are_the_apps_with_float32_numbers(tiny_bert, own_store):
    found = Analysis.of(ModelKey(str(tiny_bert), "pretraining", "cpu", "float32"), "the cat sat")
    head = found.figure_head(1, 2)
    assert head.layout.title.text == "Layer 2 · head 3"
    np.testing.assert_array_equal(np.asarray(head.data[0].z), found.attentions[1, 2])
    assert found.figure_head(1, 2, lang="ja").layout.title.text == "層 2 · ヘッド 3"
    assert found.figure_rollout().layout.title.text == "Rollout through layer 2"
    view = found.bertviz("head")._repr_html_()
    assert view.startswith('<iframe srcdoc="&lt;') and "&quot;" in view
