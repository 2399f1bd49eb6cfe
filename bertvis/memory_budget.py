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
  (:func:`bertvis.models.load` with ``budget=``), with the estimate from :func:`run_bytes`.

No Streamlit here: the command line and the tests use the same class.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import sys
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, Iterator

import numpy as np
import psutil
import torch

from .settings import MIB

#: Memory kept free under the budget for what the store does not count: Streamlit sessions,
#: figures being serialised, tokenizers' own buffers.
HEADROOM_BYTES = 350 * MIB
#: Bytes per attention weight in a Trace (float16, see :mod:`bertvis.trace`).
TRACE_ATTENTION_BYTES = 2


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


def weight_bytes(param_count: int, dtype: torch.dtype = torch.float32) -> int:
    """Bytes of ``param_count`` weights in ``dtype``."""
    return param_count * torch.finfo(dtype).bits // 8


def trace_bytes(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one kept Trace holds: float16 attentions ``[L, H, T, T]`` and float32 hidden states
    ``[L + 1, T, D]`` (the rest is a few kB)."""
    return layers * heads * tokens**2 * TRACE_ATTENTION_BYTES + (layers + 1) * tokens * hidden * 4


def run_bytes(layers: int, heads: int, tokens: int, hidden: int) -> int:
    """Bytes one forward pass with attentions needs on top of the weights, kept Trace included:
    the model's float32 attentions of every layer, the float16 copy, one layer's scores and
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


def _give_back_to_os() -> None:
    """Ask glibc to return freed heap pages (freed arrays under its mmap threshold stay in the
    heap otherwise, and the process's RSS would not go down after an eviction)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


@dataclasses.dataclass
class BudgetStats:
    """What the store did: hits, computations, evictions (count and bytes), its fullest moment."""

    hits: int = 0
    computed: int = 0
    evictions: int = 0
    evicted_bytes: int = 0
    peak_used_bytes: int = 0


class MemoryBudget:
    """A thread-safe least-recently-used store holding at most ``capacity`` bytes of entries.

    ``on_evict(key, nbytes)`` is called for each eviction, after the store's lock is released.
    """

    def __init__(self, capacity: int, on_evict: Callable[[Hashable, int], None] | None = None):
        self.capacity = int(capacity)
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()  # guards _entries, _used, stats
        self._gate = threading.RLock()  # one computation at a time (re-entrant: nested loads)
        self._local = threading.local()  # depth of nested computations in this thread
        self._pinned: set[Hashable] = set()  # entries the running computation uses
        self._on_evict = on_evict
        self.stats = BudgetStats()

    @classmethod
    def for_process(cls, budget_bytes: int, **kwargs: Any) -> MemoryBudget:
        """A store for a process whose total RSS should stay within ``budget_bytes``: what the
        process uses now and :data:`HEADROOM_BYTES` are set aside."""
        return cls(max(0, budget_bytes - process_rss() - HEADROOM_BYTES), **kwargs)

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
                self._pinned.add(key)
            return True, self._entries[key][0]

    def get(self, key: Hashable, compute: Callable[[], Any],
            estimate: Callable[[], int] | None = None) -> Any:
        """The entry ``key``, computed by ``compute()`` when missing.

        ``estimate()`` (bytes the computation needs while it runs, its result included) is
        called first, under the computation lock, and that much room is made before
        ``compute()`` runs. A result larger than the whole capacity is returned but not kept;
        an exception is not cached.
        """
        found, value = self._hit(key)
        if found:
            return value
        with self._computing():
            found, value = self._hit(key)  # computed by another session meanwhile
            if found:
                return value
            if estimate is not None:
                self.make_room(estimate())
            value = compute()
            self._keep(key, value, size_of(value))
            return value

    @contextlib.contextmanager
    def _computing(self) -> Iterator[None]:
        """Hold the computation lock (re-entrant); entries used inside stay pinned until the
        outermost computation ends."""
        with self._gate:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                yield
            finally:
                self._local.depth -= 1
                if self._local.depth == 0:
                    self._pinned.clear()

    @contextlib.contextmanager
    def reserved(self, nbytes: int) -> Iterator[None]:
        """Run a computation whose result isn't kept (a batch run) like a cached one: alone,
        with ``nbytes`` of room made first."""
        with self._computing():
            self.make_room(nbytes)
            yield

    # --- writing ---------------------------------------------------------------------------

    def _keep(self, key: Hashable, value: Any, nbytes: int) -> None:
        with self._lock:
            self.stats.computed += 1
            if nbytes > self.capacity:
                return
            self._entries[key] = (value, nbytes)
            self._used += nbytes
            if getattr(self._local, "depth", 0):
                self._pinned.add(key)
            evicted = self._evict_locked(self.capacity)
            self.stats.peak_used_bytes = max(self.stats.peak_used_bytes, self._used)
        self._after_evictions(evicted)

    def make_room(self, nbytes: int) -> None:
        """Evict least recently used entries (never those the running computation uses) until
        ``nbytes`` more fit."""
        with self._lock:
            evicted = self._evict_locked(self.capacity - max(0, int(nbytes)))
        self._after_evictions(evicted)

    def _evict_locked(self, target: int) -> list[tuple[Hashable, int]]:
        evicted = []
        for key in list(self._entries):
            if self._used <= target:
                break
            if key in self._pinned:
                continue
            _, nbytes = self._entries.pop(key)
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
        _give_back_to_os()

    def clear(self, where: Callable[[Hashable], bool] | None = None) -> None:
        """Drop every entry (or those whose key satisfies ``where``)."""
        with self._lock:
            for key in [k for k in self._entries if where is None or where(k)]:
                _, nbytes = self._entries.pop(key)
                self._used -= nbytes
        _give_back_to_os()
