"""The byte budget: LRU eviction by real bytes, one computation per missing entry, models refused
before loading, the sidebar's marks, and a BERT-base trace at 512 tokens within 100 MB with the
arithmetic lesson's float32 agreement kept."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

import numpy as np
import psutil
import pytest
import torch
from streamlit.testing.v1 import AppTest
from transformers import AutoTokenizer, BertConfig, BertForPreTraining

from bertvis import analysis, arithmetic, memory_budget, model_memory, models
from bertvis.errors import BertvisError
from bertvis.memory_budget import MemoryBudget, size_of
from bertvis.presets import ENCODER_PRESETS, PACKAGED_MINILM, preset_for
from bertvis.trace import trace
from bertvis.ui import cache
from bertvis.strings import lookup

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


def test_a_value_larger_than_the_whole_budget_is_refused_not_handed_out_uncounted():
    store = MemoryBudget(100)
    kept = store.get("small", lambda: block(50))
    with pytest.raises(BertvisError) as refused:
        store.get("big", lambda: block(500))
    assert refused.value.code == "result_too_big" and "big" not in store
    assert store.stats.refusals == 1
    assert store.get("small", lambda: block(1)) is kept


def test_entries_a_computation_uses_cannot_push_the_store_past_its_capacity():
    store = MemoryBudget(1000)
    store.get("model", lambda: block(700))

    def derived():
        store.get("model", lambda: block(1))  # pinned while this computation runs
        return block(400)  # 700 + 400 > 1000 and "model" may not go

    with pytest.raises(BertvisError) as refused:
        store.get("derived", derived)
    assert refused.value.code == "memory_full"
    assert store.keys() == ["model"] and store.used == 700 <= store.capacity


class FakeProcess:
    """A process whose RSS is ``base`` plus the bytes of the arrays the store still holds."""

    def __init__(self, store_of: list, base: int):
        self.store_of, self.base = store_of, base

    def __call__(self) -> int:
        return self.base + self.store_of[0].used


def test_a_computation_is_admitted_on_the_process_rss_not_the_store_sum():
    held: list = []
    store = MemoryBudget(10_000, process_limit=2_000, measure=FakeProcess(held, 1_000),
                         wait_s=0.2)
    held.append(store)
    store.get("a", lambda: block(300))
    store.get("b", lambda: block(300))  # store 600 of 10,000; the process 1,600 of 2,000
    store.get("c", lambda: block(100), estimate=lambda: 600)  # 1,600 + 600 > 2,000: "a" goes
    assert store.keys() == ["b", "c"]
    assert store.stats.pressure_evictions == 1 and store.stats.peak_rss_bytes == 1_600


def test_a_request_the_process_has_no_room_for_is_refused_with_a_message_after_waiting():
    store = MemoryBudget(10_000, process_limit=2_000, measure=lambda: 1_900, wait_s=0.3)
    started = time.monotonic()
    with pytest.raises(BertvisError) as refused:
        store.get("k", lambda: block(10), estimate=lambda: 500 * 2**20)
    assert time.monotonic() - started >= 0.3  # it waited for others' transient memory first
    assert refused.value.code == "memory_full" and "k" not in store
    assert store.stats.waits == 1 and store.stats.refusals == 1
    assert lookup("error.memory_full", "en").format(**refused.value.details).startswith(
        "This server is using all the memory it may use")
    assert "メモリ" in lookup("error.memory_full", "ja").format(**refused.value.details)
    store.process_limit = None  # memory came back: the class keeps working
    assert store.get("k", lambda: block(10)).nbytes == 10


def test_a_computation_waits_for_an_entry_a_session_still_draws_and_never_copies_it(
        monkeypatch):
    import weakref

    monkeypatch.setattr(memory_budget, "TRANSIENT_WAIT_S", 0.2)  # nothing in use: 0.2 s at most
    refs: list = []
    alive = lambda: bool(refs) and refs[0]() is not None  # noqa: E731
    store = MemoryBudget(10_000, process_limit=2_000, wait_s=5,
                         measure=lambda: 1_300 + (400 if alive() else 0))
    drawing = [store.get("a", lambda: block(400))]  # a session's run draws "a"
    refs.append(weakref.ref(drawing[0]))
    threading.Timer(0.8, drawing.clear).start()  # ... and its run ends 0.8 s later
    started = time.monotonic()
    # 1,700 + 300 > 1,900: evicting "a" now would free nothing, and the session's next call
    # would compute a second copy beside it; so the computation waits until the run ends
    store.get("b", lambda: block(10), estimate=lambda: 300)
    waited = time.monotonic() - started
    assert not alive() and 0.7 < waited < 4  # past the wait for transient memory alone
    assert store.keys() == ["b"] and store.stats.waits == 1 and store.stats.refusals == 0


def test_the_sampler_evicts_while_the_process_is_over_its_limit():
    held: list = []
    process = FakeProcess(held, 1_500)
    store = MemoryBudget(10_000, process_limit=2_000, measure=process)
    held.append(store)
    store.get("a", lambda: block(200))
    store.get("b", lambda: block(200))  # the process: 1,900 of 2,000
    store.start_sampler(interval=0.01)
    try:
        process.base = 1_700  # a session's figure grew the process outside any computation
        deadline = time.monotonic() + 5
        while "a" in store and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        assert store.keys() == ["b"]  # the least recently used went, and that was enough
        assert store.stats.peak_rss_bytes == 2_100
    finally:
        store.stop_sampler()


def test_the_real_process_rss_stays_under_the_limit_while_big_results_are_kept():
    """Real arrays, real RSS: 40 results of 40 MB each against a limit 200 MB above where the
    process starts; the store's capacity alone (4 GB) would keep them all. This process alone
    is measured: the test session's app server, a child that other tests drive, grows on its
    own."""
    own_rss = lambda: psutil.Process().memory_info().rss  # noqa: E731
    start = own_rss()
    limit = start + 200 * 2**20
    store = MemoryBudget(4 * 2**30, process_limit=limit, wait_s=1, measure=own_rss)
    peak = 0
    for i in range(40):
        store.get(i, lambda: np.ones(40 * 2**20, dtype=np.uint8), estimate=lambda: 40 * 2**20)
        peak = max(peak, own_rss())
    assert peak <= limit, (peak - start) / 2**20
    assert store.stats.pressure_evictions >= 30 and len(store) <= 5


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


def test_a_refusal_no_section_catches_shows_its_message_not_a_traceback(planted_pretraining,
                                                                       monkeypatch):
    from apptest import open_page, switch_language, text_of

    def refused(*_args):
        raise memory_budget._memory_full(189 * 2**20, 2000 * 2**20)

    monkeypatch.setattr(analysis.Analysis, "mask_predictions", refused)  # called unguarded
    at = open_page("app_pages/pretraining.py", pt_model=planted_pretraining,
                   text_a="He is eating a [MASK].")
    assert not at.exception
    assert text_of(at, "error").startswith(
        "This server is using all the memory it may use (its budget: 2\\,000 MB)")
    switch_language(at, "ja")
    assert not at.exception
    assert "使ってよいメモリ（予算 2\\,000 MB）" in text_of(at, "error")


def test_under_memory_pressure_page_runs_go_one_after_another():
    rss = [1_000]
    store = MemoryBudget(10_000, process_limit=2_000, measure=lambda: rss[0])
    overlapped = []

    def page(seconds: float) -> None:
        with store.run_slot(max_wait_s=5):
            overlapped.append(store._active_runs)
            time.sleep(seconds)

    def two_runs() -> list[int]:
        overlapped.clear()
        runs = [threading.Thread(target=page, args=(0.3,)) for _ in range(2)]
        for run in runs:
            run.start()
            time.sleep(0.05)
        for run in runs:
            run.join()
        return sorted(overlapped)

    rss[0] = 200  # 200 + 2 runs' reserves of 20% each = 1,000: under 60% of the limit
    assert two_runs() == [1, 2]  # the second run starts beside the first
    rss[0] = 1_000  # under 60% alone, but not with the two runs' reserves
    assert two_runs() == [1, 1]  # the second waits for the first
    rss[0] = 1_500  # over 60% of the limit
    assert two_runs() == [1, 1]


def test_runs_waiting_for_memory_start_in_the_order_they_came_and_are_told():
    store = MemoryBudget(10_000, process_limit=2_000, measure=lambda: 1_500)
    started, told = [], []

    def page(name: str) -> None:
        with store.run_slot(max_wait_s=10, on_wait=lambda: told.append(name)):
            started.append(name)
            time.sleep(0.15)

    runs = [threading.Thread(target=page, args=(name,)) for name in "abcd"]
    for run in runs:
        run.start()
        time.sleep(0.03)  # a comes first, then b, c, d, each while the run before it goes
    for run in runs:
        run.join()
    assert started == list("abcd")
    assert told == list("bcd")  # a started at once; the others saw the waiting message


def test_a_page_lets_go_of_its_model_after_its_run_though_its_functions_live_on():
    import gc
    import weakref

    from bertvis.ui import page_globals

    model = torch.nn.Linear(64, 64)
    gone = weakref.ref(model)
    namespace = {"model": model, "label": "kept"}
    exec("def later():  # a fragment, a format_func: the session keeps it after the run\n"
         "    return label\n", namespace)
    page_globals.release_after_run(namespace)  # as a page does first thing
    del model
    page_globals.release()  # as app.py does when the page's run ends
    gc.collect()
    assert namespace["later"]() == "kept"  # what the functions read stays
    assert "model" not in namespace
    assert gone() is None  # nothing holds the model any more


def _long_and_short(store: MemoryBudget, long_steps_let_go: bool) -> list[str]:
    """A 20-step computation in one thread, a short one asked for from another once the long
    one has started; the order in which their steps ran."""
    events: list[str] = []
    started = threading.Event()

    def long() -> int:
        started.set()
        for _ in range(20):
            time.sleep(0.005)
            events.append("long")
            if long_steps_let_go:
                store.between_steps()
        return 1

    def short() -> int:
        events.append("short")
        return 2

    worker = threading.Thread(target=lambda: store.get("long", long, estimate=lambda: 1))
    worker.start()
    started.wait()
    assert store.get("short", short, estimate=lambda: 1) == 2
    worker.join()
    return events


def test_a_long_computation_lets_a_waiting_one_go_between_its_steps():
    events = _long_and_short(MemoryBudget(10_000), long_steps_let_go=True)
    assert events.count("long") == 20 and 0 < events.index("short") < 5


def test_without_step_boundaries_the_waiting_computation_waits_for_the_whole_run():
    events = _long_and_short(MemoryBudget(10_000), long_steps_let_go=False)
    assert events.index("short") == 20  # the negative control of the test above


def test_a_nested_computation_keeps_the_lock_between_steps():
    store = MemoryBudget(10_000)
    events: list[str] = []
    waiter = threading.Thread(target=lambda: store.get("other", lambda: events.append("other")))

    def inner() -> int:
        waiter.start()
        while store._waiting_computations == 0:  # the other session waits for the lock
            time.sleep(0.001)
        store.between_steps()  # nested in "outer": must not let go of its lock
        events.append("inner stepped")
        return 1

    store.get("outer", lambda: store.get("inner", inner) + 1)
    waiter.join()
    assert events == ["inner stepped", "other"]
