"""What the benchmark ran on: CPU, cores, memory, library versions, GPU."""

from __future__ import annotations

import os
import platform

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
    """A JSON-ready description of this machine and the library versions."""
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
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "gpu": gpu,
    }
