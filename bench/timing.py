"""Median wall-clock timing with warm-up, and interleaved pairs for ratios."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def seconds(fn: Callable[[], object], repeats: int = 5, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def interleaved(a: Callable[[], object], b: Callable[[], object], repeats: int = 5,
                warmup: int = 1) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` alternately (a, b, a, b, ...) so that load from other processes on a
    shared machine falls on both alike; returns both lists of seconds."""
    for _ in range(warmup):
        a()
        b()
    times_a, times_b = [], []
    for _ in range(repeats):
        for fn, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return times_a, times_b


def summary(times: list[float]) -> dict:
    """Median, min and max in milliseconds, and how many runs."""
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "min_ms": round(min(times) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "runs": len(times),
    }


def spread(values: list[float]) -> dict:
    """Median, min and max of ``values`` (in their own unit), and how many."""
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values)}
