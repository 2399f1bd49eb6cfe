"""One memory budget in bytes for everything the process keeps: models, traces, derived results.

:class:`MemoryBudget` is a least-recently-used store that counts each entry by its real size
(:func:`size_of`: numpy ``nbytes``, a model's parameter and buffer bytes, string lengths …) and
evicts the least recently used entries until the total fits its ``capacity``. The app keeps one
per process (``bertvis.ui.cache``); its capacity is the deployment's budget for the whole
process (``Settings.memory_budget_bytes``) less what the process already used before caching
anything (Python, Streamlit, torch, transformers: ~400 MB) and a fixed :data:`HEADROOM_BYTES`.

Rules the app relies on:

- a value is handed out as is, never copied (a Trace's arrays are read-only);
- computing a missing entry happens under one re-entrant lock, so two sessions asking for the
  same missing entry compute it once (the second finds it cached), and two model runs never
  overlap (their transient memory would add up);
- before a computation, :meth:`MemoryBudget.make_room` evicts until its estimated transient
  memory fits; entries used by the computation in progress are never evicted under it;
- a model that can't fit even in an empty store is refused before its weights are read
  (:func:`bertvis.models.load` with ``budget=``), with the estimate from :func:`run_bytes`;
- everything handed out is counted: a result that can't be kept within the capacity is
  refused (``result_too_big``, ``memory_full``), never handed out uncounted.

The store's own sum is not the process: evicted values a session still draws, Streamlit's
sessions, figures being serialised and the allocator's free pages are not in it. With a
``process_limit`` (:meth:`MemoryBudget.for_process` sets the deployment's budget) the store
also measures the process's resident memory (:func:`process_tree_memory`: the process and its
children) before admitting a computation, after it, and ten times a second in a sampler thread
(:meth:`MemoryBudget.start_sampler`), and evicts, waits or refuses (``memory_full``) on what it
measures. docs/memory.md says what this guarantees and what it doesn't.

No Streamlit here: the command line and the tests use the same class.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import sys
import threading
import time
import weakref
from collections import OrderedDict
from typing import Any, Callable, Hashable, Iterator

import numpy as np
import psutil
import torch

from .errors import BertvisError
from . import settings as deployment
from .settings import MIB

#: Memory kept free under the budget for what the store does not count: Streamlit sessions,
#: figures being serialised, tokenizers' own buffers.
HEADROOM_BYTES = 350 * MIB
#: How long a computation waits for the process to fall back under its limit (other sessions'
#: figures being built and sent) before it is refused.
ADMISSION_WAIT_S = 60.0
#: How long it waits when nothing it evicted is still alive: only transient memory can go.
TRANSIENT_WAIT_S = 3.0
#: Below this share of ``process_limit``, sessions' runs go at the same time (run_slot)...
RELAXED_SHARE = 0.6
#: ... counting this share of it for each run going (a model and one long run): runs that
#: start together have not yet grown the process, so its RSS alone would let them all in.
RUN_RESERVE_SHARE = 0.2
#: Longest a session's run waits for the runs before it under memory pressure.
RUN_SLOT_WAIT_S = 300.0
#: Share of ``process_limit`` kept free when admitting a computation, for what its estimate
#: misses (figures built from its result, the allocator's rounding).
ADMISSION_MARGIN = 0.05
#: Longest a long computation, between two of its steps, waits for a waiting one to take the
#: computation lock (:meth:`MemoryBudget.between_steps`).
HANDOVER_S = 0.05
#: Above this share of ``process_limit`` (RSS plus what is being admitted), glibc returns its
#: free heap pages before the store judges the process (:meth:`MemoryBudget._over`); below it
#: they stay for the next forward pass to reuse.
TRIM_SHARE = 0.85
#: Seconds between two measurements of the process while waiting, and of the sampler thread.
SAMPLE_INTERVAL_S = 0.1
#: Bytes per attention weight in a Trace (float32: ``bertvis.trace.ATTENTION_DTYPE``, not
#: imported: the trace module imports the models, which import this one).
TRACE_ATTENTION_BYTES = 4


def size_of(value: Any) -> int:
    """Bytes ``value`` holds: arrays and tensors by their data, a torch module by its parameters
    and buffers, dataclasses, tuples, lists and dicts by their parts; shared parts counted once."""
    seen: set[int] = set()

    def walk(item: Any) -> int:
        if item is None or isinstance(item, (bool, int, float)):
            return 0
        if id(item) in seen:
            return 0
        seen.add(id(item))
        if isinstance(item, np.ndarray):
            return int(item.nbytes)
        if isinstance(item, torch.Tensor):
            return item.numel() * item.element_size()
        if isinstance(item, torch.nn.Module):
            tensors = [*item.parameters(), *item.buffers()]
            return sum(t.numel() * t.element_size() for t in tensors)
        if isinstance(item, str):
            return sys.getsizeof(item)
        if isinstance(item, (bytes, bytearray)):
            return len(item)
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return sys.getsizeof(item) + sum(
                walk(getattr(item, f.name)) for f in dataclasses.fields(item))
        if isinstance(item, dict):
            return sys.getsizeof(item) + sum(walk(k) + walk(v) for k, v in item.items())
        if isinstance(item, (list, tuple, set, frozenset)):
            return sys.getsizeof(item) + sum(walk(part) for part in item)
        memory_usage = getattr(item, "memory_usage", None)  # pandas
        if callable(memory_usage):
            try:
                usage = memory_usage(deep=True)
                return int(usage.sum() if hasattr(usage, "sum") else usage)
            except TypeError:
                pass
        return sys.getsizeof(item)

    return walk(value)


def _make_resident(value: Any) -> None:
    """Read one byte of every memory page of a torch module's parameters and buffers. Weights
    loaded from a memory-mapped checkpoint (safetensors) are otherwise read lazily by the first
    forward pass, which then grows the process by the whole model after that pass was admitted;
    the store counts a model's weights as held, so they are made resident while its load is."""
    if not isinstance(value, torch.nn.Module):
        value = getattr(value, "model", None)  # a loaded model's holder
        if not isinstance(value, torch.nn.Module):
            return
    with torch.no_grad():
        for tensor in [*value.parameters(), *value.buffers()]:
            if tensor.device.type == "cpu" and tensor.is_contiguous() and tensor.numel():
                tensor.detach().reshape(-1)[:: max(1, 4096 // tensor.element_size())].sum()


def weight_bytes(param_count: int, dtype: torch.dtype = torch.float32) -> int:
    """Bytes of ``param_count`` weights in ``dtype``."""
    return param_count * torch.finfo(dtype).bits // 8


def trace_bytes(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one kept Trace holds: float32 attentions ``[L, H, T, T]`` and float32 hidden states
    ``[L + 1, T, D]`` (the rest is a few kB)."""
    return layers * heads * tokens**2 * TRACE_ATTENTION_BYTES + (layers + 1) * tokens * hidden * 4


def run_bytes(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one forward pass with attentions needs on top of the weights, kept Trace included:
    the model's float32 attentions of every layer, the Trace's copy, one layer's scores and
    softmax, and the hidden states twice (torch, then numpy)."""
    float32_attentions = layers * heads * tokens**2 * 4
    one_layer = 2 * heads * tokens**2 * 4
    torch_hidden_states = (layers + 1) * tokens * hidden * 4
    feed_forward = 4 * tokens * 4 * hidden * 4
    return (trace_bytes(layers, heads, tokens, hidden) + float32_attentions + one_layer
            + torch_hidden_states + feed_forward)


def process_rss() -> int:
    """Resident memory of this process, in bytes."""
    return psutil.Process().memory_info().rss


@dataclasses.dataclass(frozen=True)
class ProcessMemory:
    """Resident memory of a process and its children, in bytes: ``rss`` in all, of which
    ``file_backed`` are pages of files (shared libraries, memory-mapped weights; the kernel's
    ``RssFile`` + ``RssShmem``) and ``anonymous`` the rest (Python objects, arrays, tensors).
    Both count toward a container's memory limit."""

    rss: int
    anonymous: int
    file_backed: int


def process_tree_memory(pid: int | None = None) -> ProcessMemory:
    """:class:`ProcessMemory` of process ``pid`` (this one by default) and all its children,
    from ``/proc/<pid>/statm`` through psutil (cheap enough to call ten times a second)."""
    root = psutil.Process(pid)
    rss = file_backed = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_info()
        except psutil.Error:  # a child that just ended
            continue
        rss += info.rss
        file_backed += getattr(info, "shared", 0)  # Linux: RssFile + RssShmem
    return ProcessMemory(rss=rss, anonymous=rss - file_backed, file_backed=file_backed)


def _process_tree_rss() -> int:
    return process_tree_memory().rss


def _give_back_to_os() -> None:
    """Ask glibc to return freed heap pages. Arrays under its mmap threshold (which glibc
    raises up to 32 MiB after the first large free) stay in the heap when freed: a forward
    pass's intermediates and returned attentions, reused by the next one without faulting in
    fresh pages (on this project's VMs, returning them at once made a 512-token forward 33%
    slower: 604 against 454 ms). So they go back only when the process needs the room
    (:meth:`MemoryBudget._over`) and after evictions."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


@dataclasses.dataclass
class BudgetStats:
    """What the store did: hits, computations, evictions (count and bytes; ``pressure_evictions``
    of them because the process, not the store, was over), its fullest moment, the highest
    process RSS it measured, and requests refused or made to wait for memory."""

    hits: int = 0
    computed: int = 0
    evictions: int = 0
    evicted_bytes: int = 0
    peak_used_bytes: int = 0
    pressure_evictions: int = 0
    peak_rss_bytes: int = 0
    waits: int = 0
    refusals: int = 0


class MemoryBudget:
    """A thread-safe least-recently-used store holding at most ``capacity`` bytes of entries,
    and, with a ``process_limit``, a guard on the resident memory of the whole process.

    With ``process_limit`` (bytes of RSS, the process and its children, measured by
    ``measure()``), every computation is admitted only when the process's measured RSS plus the
    computation's estimate fits under it: least recently used entries are evicted first, then
    the computation waits up to ``wait_s`` for other sessions' transient memory to go, then it
    is refused (:class:`BertvisError` ``memory_full``). After each computation, and every
    ``interval`` seconds in :meth:`start_sampler`'s thread, entries are evicted while the
    process is over its limit.

    ``on_evict(key, nbytes)`` is called for each eviction, after the store's lock is released.
    """

    def __init__(self, capacity: int, on_evict: Callable[[Hashable, int], None] | None = None,
                 process_limit: int | None = None,
                 measure: Callable[[], int] = _process_tree_rss,
                 wait_s: float = ADMISSION_WAIT_S):
        self.capacity = int(capacity)
        self.process_limit = None if process_limit is None else int(process_limit)
        self._measure_rss = measure
        self.wait_s = wait_s
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()  # guards _entries, _used, stats
        self._gate = threading.RLock()  # one computation at a time (re-entrant: nested loads)
        self._local = threading.local()  # depth of nested computations in this thread
        # entries each thread's running computation uses (a long one lets others run between
        # its steps: :meth:`between_steps`), by thread id
        self._pins: dict[int, set[Hashable]] = {}
        self._waiting_computations = 0  # threads waiting for the computation lock
        self._on_evict = on_evict
        self._sampler_stop: threading.Event | None = None
        self._evicted_refs: list[weakref.ref] = []  # evicted values, to see when they're gone
        self._runs_changed = threading.Condition()  # guards _active_runs (run_slot)
        self._active_runs = 0
        self._queued_runs: list[object] = []  # runs waiting to start, first come first
        self.stats = BudgetStats()

    @classmethod
    def for_process(cls, budget_bytes: int, **kwargs: Any) -> MemoryBudget:
        """A store for a process whose total RSS must stay within ``budget_bytes``: its
        capacity is the budget less what the process uses now and :data:`HEADROOM_BYTES`, and
        ``budget_bytes`` is its ``process_limit``."""
        return cls(max(0, budget_bytes - process_rss() - HEADROOM_BYTES),
                   process_limit=budget_bytes, **kwargs)

    # --- reading ---------------------------------------------------------------------------

    @property
    def used(self) -> int:
        """Bytes of the entries kept now."""
        with self._lock:
            return self._used

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def keys(self) -> list[Hashable]:
        """Keys from least to most recently used."""
        with self._lock:
            return list(self._entries)

    def _hit(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            self.stats.hits += 1
            if getattr(self._local, "depth", 0):
                self._own_pins().add(key)
            return True, self._entries[key][0]

    def get(self, key: Hashable, compute: Callable[[], Any],
            estimate: Callable[[], int] | None = None) -> Any:
        """The entry ``key``, computed by ``compute()`` when missing.

        ``estimate()`` (bytes the computation needs while it runs, its result included) is
        called first, under the computation lock, and that much room is made before
        ``compute()`` runs (in the store and, with a ``process_limit``, in the process: see
        :meth:`make_room`). Every result handed out is kept and counted: one larger than the
        whole capacity is refused (``result_too_big``), and so is one that can't be kept
        because the entries the computation itself uses fill the store (``memory_full``). An
        exception is not cached.
        """
        found, value = self._hit(key)
        if found:
            return value
        with self._computing():
            found, value = self._hit(key)  # computed by another session meanwhile
            if found:
                return value
            self._local.key = key  # named in BERTVIS_LOG_MEMORY's lines
            if estimate is not None:
                self.make_room(estimate())
            elif self.process_limit is not None:
                self.make_room(0)
            found, value = self._hit(key)  # computed meanwhile, while this one waited
            if found:
                return value
            value = compute()
            _make_resident(value)
            self._keep(key, value, size_of(value))
        self.relieve()
        return value

    def _own_pins(self) -> set[Hashable]:
        """The entries this thread's computation uses (call with ``_lock`` held)."""
        return self._pins.setdefault(threading.get_ident(), set())

    def _all_pins(self) -> set[Hashable]:
        """The entries any running computation uses (call with ``_lock`` held)."""
        return set().union(*self._pins.values())

    @contextlib.contextmanager
    def _computing(self) -> Iterator[None]:
        """Hold the computation lock (re-entrant); entries used inside stay pinned until the
        outermost computation ends."""
        outermost = not getattr(self._local, "depth", 0)
        if outermost:
            with self._lock:
                self._waiting_computations += 1
        try:
            self._gate.acquire()
        finally:
            if outermost:
                with self._lock:
                    self._waiting_computations -= 1
        try:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                yield
            finally:
                self._local.depth -= 1
                if self._local.depth == 0:
                    with self._lock:
                        self._pins.pop(threading.get_ident(), None)
        finally:
            self._gate.release()

    def between_steps(self, nbytes: int = 0) -> None:
        """A long computation's step boundary (a head of an importance sweep, a batch of a
        corpus): when another session's computation is waiting, let it run first, then take
        the lock back and make room for ``nbytes`` (the next step) again, since what the other
        kept may have filled the process. Without this, one student's three-minute sweep made
        everyone else's page wait, then refused it. Only the outermost computation of a thread
        lets go (a nested one's caller expects the lock held); its entries stay pinned."""
        if getattr(self._local, "depth", 0) != 1:
            return
        with self._lock:
            waiting = self._waiting_computations
        if not waiting:
            return
        self._gate.release()
        try:
            handed_over = time.monotonic() + HANDOVER_S
            while time.monotonic() < handed_over:  # until a waiting computation has the lock
                with self._lock:
                    if self._waiting_computations < waiting:
                        break
                time.sleep(0.001)
        finally:
            self._gate.acquire()  # after that computation ends (or lets go between its steps)
        self.make_room(nbytes)

    @contextlib.contextmanager
    def reserved(self, nbytes: int) -> Iterator[None]:
        """Run a computation whose result isn't kept (a batch run) like a cached one: alone,
        with ``nbytes`` of room made first."""
        self.between_steps()  # a batch of a long computation: others may go first
        with self._computing():
            self.make_room(nbytes)
            yield
        self.relieve()

    # --- the process -----------------------------------------------------------------------

    def measure(self) -> int:
        """The process's RSS now (bytes), remembered in ``stats.peak_rss_bytes``."""
        rss = self._measure_rss()
        with self._lock:
            self.stats.peak_rss_bytes = max(self.stats.peak_rss_bytes, rss)
        return rss

    def _over(self, nbytes: int, limit: float) -> int:
        """Bytes by which the process's RSS plus ``nbytes`` passes ``limit`` (≤ 0: it fits).
        Past :data:`TRIM_SHARE` of the process limit, glibc first returns the free heap pages
        earlier work left (:func:`_give_back_to_os`: every session thread's malloc arena keeps
        what it freed) and the RSS is measured again, so that nothing is evicted for memory
        the process can simply hand back, and the arenas together don't carry it past the
        limit between two samples."""
        rss = self.measure()
        if rss + nbytes > min(limit, TRIM_SHARE * self.process_limit):
            _give_back_to_os()
            rss = self.measure()
        return int(rss + nbytes - limit)

    def _admit(self, nbytes: int) -> None:
        """Return once the process's RSS plus ``nbytes`` fits under ``process_limit`` less
        :data:`ADMISSION_MARGIN` of it: evict least recently used entries, then wait up to
        ``wait_s`` while a session's run uses an entry or an evicted value (they can be freed
        when that run ends), else :data:`TRANSIENT_WAIT_S` (figures being built and
        sent); refuse with ``memory_full`` after that. While waiting
        outside any other computation, the computation lock is let go, so that the sessions
        holding that memory can finish their runs."""
        started = time.monotonic()
        limit = self.process_limit * (1 - ADMISSION_MARGIN)
        waited = False
        while True:
            over = self._over(nbytes, limit)
            if over <= 0:
                return
            if self._evict_for_pressure(over):
                continue
            patience = self.wait_s if self._in_use_elsewhere() else TRANSIENT_WAIT_S
            if time.monotonic() - started >= min(patience, self.wait_s):
                with self._lock:
                    self.stats.refusals += 1
                self._log("refused", nbytes)
                raise _memory_full(nbytes, self.process_limit)
            if not waited:
                waited = True
                with self._lock:
                    self.stats.waits += 1
                self._log("waits", nbytes)
                gc.collect()  # evicted values whose holders have ended, in reference cycles
                _give_back_to_os()
            self._pause()

    def _log(self, event: str, nbytes: int) -> None:
        """With ``BERTVIS_LOG_MEMORY``, one stderr line on why memory was short: the process's
        RSS (anonymous + file-backed), the estimate, the limit, and the store's entries split
        into evictable, pinned (the running computation's) and used by a session's run."""
        if not deployment.current().log_memory:
            return
        found = process_tree_memory()
        with self._lock:
            pins = self._all_pins()
            pinned = sum(n for k, (_, n) in self._entries.items() if k in pins)
            in_use = sum(n for k, (v, n) in self._entries.items()
                         if k not in pins and _used_elsewhere(v))
            alive = sum(ref() is not None for ref in self._evicted_refs)
            used, kinds = self._used, sorted({str(k[0]) for k in self._entries})
            holders = sorted({_holder(r) for k, (v, n) in self._entries.items()
                              if k not in pins and _used_elsewhere(v)
                              for r in gc.get_referrers(v) if r is not self._entries.get(k)})
        print(f"bertvis memory: {event} estimate={_mb(nbytes)} MB rss={_mb(found.rss)} "
              f"(anon {_mb(found.anonymous)} + file {_mb(found.file_backed)}) "
              f"limit={_mb(self.process_limit)} store={_mb(used)} evictable="
              f"{_mb(used - pinned - in_use)} pinned={_mb(pinned)} in_use={_mb(in_use)} "
              f"evicted_alive={alive} runs={self._active_runs} kinds={kinds} "
              f"for={str(getattr(self._local, 'key', None))[:160]} held_by={holders}",
              file=sys.stderr, flush=True)

    def _pause(self) -> None:
        """Sleep one sample interval; let the computation lock go meanwhile when this thread
        holds it once and no entry is pinned (nothing of this computation has started)."""
        with self._lock:
            started = bool(self._pins.get(threading.get_ident()))
        outermost = getattr(self._local, "depth", 0) == 1 and not started
        if outermost:
            self._gate.release()
        try:
            time.sleep(SAMPLE_INTERVAL_S)
        finally:
            if outermost:
                self._gate.acquire()

    @contextlib.contextmanager
    def run_slot(self, max_wait_s: float = RUN_SLOT_WAIT_S,
                 on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold one session's whole run (a page). Runs start in the order they came (first
        come, first served): one at once when no other run is going, or while the process's
        RSS plus :data:`RUN_RESERVE_SHARE` of its limit for each run going, this one included,
        stays under :data:`RELAXED_SHARE` of it; else it waits its turn (``on_wait()`` is
        called once, for the page to say so) for up to ``max_wait_s``, then starts anyway and
        its computations are admitted or refused as usual. A run holds its model and results
        between its computations: several runs on different models at once fill the budget
        between them and then wait on each other until they are refused, whereas runs one
        after another each find room (they can evict what no other run holds)."""
        if self.process_limit is None:
            yield
            return
        deadline = time.monotonic() + max_wait_s
        ticket = object()
        with self._runs_changed:
            self._queued_runs.append(ticket)
            try:
                told = False
                while time.monotonic() < deadline and not (
                        self._queued_runs[0] is ticket and self._room_for_a_run()):
                    if not told and on_wait is not None:
                        told = True
                        on_wait()
                    self._runs_changed.wait(SAMPLE_INTERVAL_S)
            finally:
                self._queued_runs.remove(ticket)
                self._runs_changed.notify_all()
            self._active_runs += 1
        try:
            yield
        finally:
            with self._runs_changed:
                self._active_runs -= 1
                self._runs_changed.notify_all()

    def _room_for_a_run(self) -> bool:
        """Whether one more run may start now (see :meth:`run_slot`); under ``_runs_changed``."""
        if not self._active_runs:
            return True
        reserve = (self._active_runs + 1) * RUN_RESERVE_SHARE * self.process_limit
        return self.measure() + reserve <= RELAXED_SHARE * self.process_limit

    def relieve(self) -> None:
        """Near its limit, let the process return its free heap pages; while it is over the
        limit, evict least recently used entries (never those a running computation uses)."""
        if self.process_limit is None:
            return
        while True:
            over = self._over(0, self.process_limit)
            if over <= 0 or not self._evict_for_pressure(over):
                return

    def start_sampler(self, interval: float = SAMPLE_INTERVAL_S) -> None:
        """Measure the process every ``interval`` seconds in a daemon thread and
        :meth:`relieve` it when over its limit (memory that grew outside any computation:
        figures, messages, sessions). Once per store; :meth:`stop_sampler` ends it."""
        if self.process_limit is None or self._sampler_stop is not None:
            return
        stop = self._sampler_stop = threading.Event()

        def sample() -> None:
            while not stop.wait(interval):
                self.relieve()

        threading.Thread(target=sample, name="bertvis-memory-sampler", daemon=True).start()

    def stop_sampler(self) -> None:
        if self._sampler_stop is not None:
            self._sampler_stop.set()
            self._sampler_stop = None

    def _evict_for_pressure(self, nbytes: int) -> bool:
        """Evict least recently used unpinned entries that nothing outside the store uses,
        holding at least ``nbytes`` (or all of them); whether anything was evicted. An entry a
        session's run still uses would stay in memory after its eviction, and that session's
        next call would compute it a second time beside it."""
        with self._lock:
            evicted = self._evict_locked(self._used - max(1, nbytes), unused_only=True)
            self.stats.pressure_evictions += len(evicted)
        self._after_evictions(evicted)
        return bool(evicted)

    def _in_use_elsewhere(self) -> bool:
        """Whether memory may come free without this store doing anything: an entry a
        session's run uses, or an evicted value still alive (it goes when that run ends).
        While one page run (:meth:`run_slot`) is going, the entries in use are its own: the
        run asking can't wait for itself."""
        with self._lock:
            self._evicted_refs = [ref for ref in self._evicted_refs if ref() is not None]
            return bool(self._evicted_refs) or (self._active_runs != 1 and any(
                _used_elsewhere(entry[0]) for entry in self._entries.values()))

    # --- writing ---------------------------------------------------------------------------

    def _keep(self, key: Hashable, value: Any, nbytes: int) -> None:
        with self._lock:
            self.stats.computed += 1
            if nbytes > self.capacity:
                self.stats.refusals += 1
                raise BertvisError(
                    "result_too_big",
                    f"This result needs about {_mb(nbytes)} MB; this deployment's memory "
                    f"budget keeps at most {_mb(self.capacity)} MB of results.",
                    needed_mb=_mb(nbytes), budget_mb=_mb(self.capacity))
            self._entries[key] = (value, nbytes)
            self._used += nbytes
            if getattr(self._local, "depth", 0):
                self._own_pins().add(key)
            evicted = self._evict_locked(self.capacity, unused_only=True)
            evicted += self._evict_locked(self.capacity)  # the store's sum stays its capacity
            if self._used > self.capacity:  # what the computation uses fills the store
                self._entries.pop(key)
                self._used -= nbytes
                self._own_pins().discard(key)
                self.stats.refusals += 1
                failed = _memory_full(nbytes, self.capacity)
            else:
                failed = None
                self.stats.peak_used_bytes = max(self.stats.peak_used_bytes, self._used)
        self._after_evictions(evicted)
        if failed is not None:
            raise failed

    def make_room(self, nbytes: int) -> None:
        """Evict least recently used entries that nothing uses (not the running computation's,
        nor one a session's run holds: evicting it would free nothing) until
        ``nbytes`` more fit in the store and, with a ``process_limit``, in the process as
        measured (:meth:`_admit`: may wait, then refuse with ``memory_full``)."""
        with self._lock:  # an entry a session's run uses would stay in memory, uncounted
            evicted = self._evict_locked(self.capacity - max(0, int(nbytes)), unused_only=True)
        self._after_evictions(evicted)
        if self.process_limit is not None:
            self._admit(max(0, int(nbytes)))

    def _evict_locked(self, target: int,
                      unused_only: bool = False) -> list[tuple[Hashable, int]]:
        evicted = []
        pins = self._all_pins()
        for key in list(self._entries):
            if self._used <= target:
                break
            if key in pins or (unused_only and _used_elsewhere(self._entries[key][0])):
                continue
            value, nbytes = self._entries.pop(key)
            with contextlib.suppress(TypeError):  # lists, dicts: not weakly referable
                self._evicted_refs.append(weakref.ref(value))
            del value
            self._used -= nbytes
            self.stats.evictions += 1
            self.stats.evicted_bytes += nbytes
            evicted.append((key, nbytes))
        return evicted

    def _after_evictions(self, evicted: list[tuple[Hashable, int]]) -> None:
        if not evicted:
            return
        if self._on_evict is not None:
            for key, nbytes in evicted:
                self._on_evict(key, nbytes)
        gc.collect()  # a model or Trace in a reference cycle is freed only by the collector
        _give_back_to_os()

    def clear(self, where: Callable[[Hashable], bool] | None = None) -> None:
        """Drop every entry (or those whose key satisfies ``where``)."""
        with self._lock:
            for key in [k for k in self._entries if where is None or where(k)]:
                _, nbytes = self._entries.pop(key)
                self._used -= nbytes
        _give_back_to_os()


#: References to a kept value when nothing outside the store holds it: the store's tuple, the
#: caller's name for it and ``sys.getrefcount``'s own argument.
_STORE_ONLY_REFERENCES = 3


def _used_elsewhere(value: Any) -> bool:
    """Whether something besides the store references ``value`` (a session's run drawing it;
    a numpy view of it). Small ints and other shared constants always are."""
    return sys.getrefcount(value) > _STORE_ONLY_REFERENCES


def _holder(referrer: Any) -> str:
    """What a referrer is, for the memory log: a frame's function, else its type."""
    code = getattr(referrer, "f_code", None)
    if code is not None:
        return f"frame {code.co_filename.rsplit('/', 1)[-1]}:{code.co_name}"
    if isinstance(referrer, dict):
        return "dict " + ",".join(sorted(str(k) for k in referrer)[:6])
    return type(referrer).__name__


def _mb(nbytes: int) -> str:
    return f"{nbytes / MIB:,.0f}"


def _memory_full(nbytes: int, limit: int) -> BertvisError:
    return BertvisError(
        "memory_full",
        f"The server is using all the memory its budget allows ({_mb(limit)} MB) for other "
        f"visitors right now, so this (about {_mb(nbytes)} MB more) was not computed. Try again "
        "in a minute, or use a shorter text or a smaller model.",
        needed_mb=_mb(nbytes), budget_mb=_mb(limit))
