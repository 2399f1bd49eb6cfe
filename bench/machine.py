"""What a measurement ran on: CPU, cores, memory, library versions, GPU, and the machine's load
around it (:func:`recorded`), so that every section of a results file carries its own state."""

from __future__ import annotations

import contextlib
import os
import platform
import time

import psutil
import torch
import transformers


def cpu_model() -> str:
    """The CPU's marketing name from /proc/cpuinfo (Linux), else what platform reports."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> dict:
    """A JSON-ready description of this machine and the library versions (its load is
    :func:`load_average`'s)."""
    if torch.cuda.is_available():
        gpu = f"{torch.cuda.get_device_name(0)} (CUDA {torch.version.cuda})"
    else:
        gpu = "no GPU available"
    return {
        "cpu": cpu_model(),
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "nproc": len(os.sched_getaffinity(0)),  # cores this process may use (as ``nproc``)
        "torch_threads": torch.get_num_threads(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "gpu": gpu,
    }


def load_average() -> list[float]:
    """The 1-, 5- and 15-minute load averages, rounded."""
    return [round(x, 2) for x in psutil.getloadavg()]


def utc_now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())


@contextlib.contextmanager
def recorded(**extra: object):
    """The state one measured section ran in: yields a dict holding when it started, this
    machine (:func:`describe`), the load average before, and ``extra`` (e.g. the model size);
    on leaving, the load average after and the section's wall seconds are added."""
    state = {"started": utc_now(), "machine": describe(), "load_average_before": load_average(),
             **extra}
    start = time.perf_counter()
    yield state
    state["seconds"] = round(time.perf_counter() - start, 1)
    state["load_average_after"] = load_average()
