"""The byte budget: LRU eviction by real bytes, one computation per missing entry, models refused
before loading, the sidebar's marks, and a BERT-base trace at 512 tokens within 100 MB with the
arithmetic lesson's float32 agreement kept."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest
from transformers import AutoTokenizer, BertConfig, BertForPreTraining

from bertvis import arithmetic, memory_budget, model_memory, models
from bertvis.errors import BertvisError
from bertvis.memory_budget import MemoryBudget, size_of
from bertvis.presets import ENCODER_PRESETS, PACKAGED_MINILM, preset_for
from bertvis.trace import trace
from bertvis.ui import cache
from bertvis.ui.strings import lookup

APP = "../app.py"
MB = 1_000_000


def block(n_bytes: int) -> np.ndarray:
    return np.zeros(n_bytes, dtype=np.uint8)


# --- the store ----------------------------------------------------------------------------------

def test_least_recently_used_entries_go_first_by_bytes():
    store = MemoryBudget(1000)
    a = store.get("a", lambda: block(400))
    store.get("b", lambda: block(400))
    assert store.get("a", lambda: block(1)) is a  # a hit: a is now the most recent
    store.get("c", lambda: block(400))  # 1200 > 1000: b, the least recently used, goes
    assert store.keys() == ["a", "c"] and store.used == 800
    assert store.stats.evictions == 1 and store.stats.evicted_bytes == 400
    store.get("d", lambda: block(900))  # only d fits
    assert store.keys() == ["d"] and store.used == 900


def test_a_value_larger_than_the_whole_budget_is_returned_but_not_kept():
    store = MemoryBudget(100)
    kept = store.get("small", lambda: block(50))
    big = store.get("big", lambda: block(500))
    assert big.nbytes == 500 and "big" not in store
    assert store.get("small", lambda: block(1)) is kept


def test_two_sessions_asking_for_the_same_missing_entry_compute_it_once():
    store = MemoryBudget(10_000)
    calls = []
    started = threading.Event()

    def slow():
        calls.append(1)
        started.set()
        threading.Event().wait(0.2)
        return block(10)

    results = []
    threads = [threading.Thread(target=lambda: results.append(store.get("k", slow)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 4
    assert all(r is results[0] for r in results)
    assert store.stats.computed == 1


def test_an_exception_is_not_cached():
    store = MemoryBudget(1000)

    def fails():
        raise ValueError("no")

    with pytest.raises(ValueError):
        store.get("k", fails)
    assert "k" not in store
    assert store.get("k", lambda: block(5)).nbytes == 5


def test_room_is_made_before_a_computation_but_not_by_evicting_what_it_uses():
    store = MemoryBudget(1000)
    store.get("old", lambda: block(300))
    store.get("model", lambda: block(300))
    seen = []

    def derived():
        model = store.get("model", lambda: block(1))  # a nested hit pins "model"
        store.make_room(600)  # needs 200 more: "old" goes, never the pinned "model"
        seen.append(store.keys())
        return block(100) if model is not None else None

    store.get("derived", derived, estimate=lambda: 400)
    assert seen == [["model"]]
    assert store.keys() == ["model", "derived"]


def test_a_batch_run_gets_room_without_being_kept():
    store = MemoryBudget(1000)
    store.get("a", lambda: block(600))
    with store.reserved(500):
        assert store.keys() == []
    assert store.used == 0


@dataclass
class Holder:
    weights: np.ndarray
    again: np.ndarray
    name: str


def test_sizes_are_real_bytes():
    array = np.ones((10, 10), dtype=np.float32)
    assert size_of(array) == 400
    assert size_of(Holder(array, array, "x")) < 400 + 200  # the shared array counted once
    module = torch.nn.Linear(10, 10)  # 100 weights + 10 biases, float32
    module.register_buffer("steps", torch.zeros(5, dtype=torch.int64))
    assert size_of(module) == 110 * 4 + 5 * 8
    assert size_of("日本語" * 1000) >= 3000


# --- models refused before loading, and the sidebar's marks ------------------------------------

def test_a_model_that_cannot_fit_is_refused_before_its_weights_are_read(tiny_bert, monkeypatch):
    def never(*_args, **_kwargs):
        raise AssertionError("the weights were read")

    monkeypatch.setattr(BertForPreTraining, "from_pretrained", never)
    store = MemoryBudget(100)  # bytes: nothing fits
    with pytest.raises(BertvisError) as err:
        models.load(str(tiny_bert), device="cpu", budget=store)
    assert err.value.code == "too_large_budget"
    assert err.value.details["budget_mb"] == "0" and err.value.details["fitting"] == "—"
    assert "needs about" in err.value.message


def test_the_refusal_says_what_fits():
    minilm = preset_for(PACKAGED_MINILM)
    store = MemoryBudget(models.preset_needed_bytes(minilm) + 1)  # MiniLM fits, BERT-base not
    big = BertConfig()  # BERT-base's shape
    with pytest.raises(BertvisError) as err:
        model_memory.check_budget(models.needed_bytes(big, 110_000_000, torch.float32), "big",
                                  store)
    fitting = err.value.details["fitting"]
    assert "MiniLM-L6 (packaged, offline)" in fitting and "BERT-base uncased" not in fitting
    message = lookup("error.too_large_budget", "en", **err.value.details)
    assert f"leaves {err.value.details['budget_mb']} MB" in message and fitting in message


def test_a_model_that_fits_is_loaded_and_counted(tiny_bert):
    store = MemoryBudget(200 * 2**20)
    loaded = store.get("tiny", lambda: models.load(str(tiny_bert), device="cpu", budget=store))
    weights = sum(p.numel() * 4 for p in loaded.model.parameters())
    assert weights <= store.used < weights + 2**20


@pytest.mark.apptest
def test_presets_that_cannot_fit_are_marked_in_the_sidebar():
    capacity = models.preset_needed_bytes(preset_for(PACKAGED_MINILM)) + 1
    previous = cache._store
    cache.use_store(MemoryBudget(capacity))
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["lang"] = "en"
        at.run()
        options = at.sidebar.selectbox(key="_w_model").options
    finally:
        cache.use_store(previous)
    marked = {p.key for p, label in zip(ENCODER_PRESETS, options) if "too big" in label}
    assert marked == {"bert-base", "bert-large", "mbert", "ja-bert"}


# --- one BERT-base trace at 512 tokens ------------------------------------------------------------

@pytest.fixture(scope="module")
def bert_base_shaped(minilm):
    """A randomly initialised model of BERT-base's shape (12 × 12, hidden 768) with the packaged
    uncased WordPiece tokenizer (BERT-base's vocabulary size)."""
    config = BertConfig(vocab_size=minilm.tokenizer.vocab_size)
    config._attn_implementation = "eager"
    torch.manual_seed(0)
    model = BertForPreTraining(config).eval()
    tokenizer = AutoTokenizer.from_pretrained(minilm.source)
    return models.LoadedModel(
        requested_id="bert-base-shaped", source="memory", kind="pretraining", model=model,
        tokenizer=tokenizer, device="cpu", dtype=torch.float32,
        param_count=sum(p.numel() for p in model.parameters()),
        key=models.ModelKey("bert-base-shaped"), has_mlm=True, has_nsp=True)


def test_a_bert_base_trace_at_512_tokens_is_its_estimate_and_the_arithmetic_still_agrees(
        bert_base_shaped):
    result = trace(bert_base_shaped, "the cat sat on the mat. " * 100, "a dog barked. " * 100)
    assert result.n_tokens == 512 and result.attentions.dtype == np.float32
    size = size_of(result)
    assert size <= 175 * MB, f"{size / MB:.1f} MB"  # 151 MB of attentions, 19 MB hidden states
    assert abs(size - memory_budget.trace_bytes(12, 12, 512, 768)) < 0.02 * size
    row = arithmetic.query_row(bert_base_shaped, result, 11, 11, 300)
    assert row.max_difference < 1e-6  # float32 recomputation against the layer's own module
    np.testing.assert_allclose(result.attentions[11, 11, 300], row.model_row, atol=1e-6, rtol=0)
    np.testing.assert_allclose(result.attentions.sum(-1, dtype=np.float32), 1.0, atol=1e-3)
