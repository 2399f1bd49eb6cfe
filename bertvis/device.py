"""Where the model runs: CUDA, then Apple MPS, else CPU; and in which precision."""

from __future__ import annotations

import torch

from .errors import BertvisError
from .model_request import DEVICE_CHOICES

DTYPE_CHOICES = ("float32", "float16")


def pick_device(requested: str = "auto") -> str:
    """The device name to use for ``requested`` ("auto" picks the best one present)."""
    if requested not in DEVICE_CHOICES:
        raise BertvisError("bad_device", f"Unknown device {requested!r}.", device=requested)
    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available(),
    }[requested]
    if not available:
        raise BertvisError(
            "device_unavailable", f"Device {requested!r} is not available here.", device=requested
        )
    return requested


def pick_dtype(requested: str, device: str) -> torch.dtype:
    """float16 only where it helps (a GPU); the CPU always computes in float32."""
    if requested not in DTYPE_CHOICES:
        raise BertvisError("bad_dtype", f"Unknown precision {requested!r}.", dtype=requested)
    if requested == "float16" and device in ("cuda", "mps"):
        return torch.float16
    return torch.float32


#: Largest gap between a recomputation (float32, on the CPU) and the model's own output that
#: still counts as agreement, by the precision the model ran in: float32 agrees to ~1e-7;
#: float16 rounds every activation to 11 significant bits (measured on the CPU with MiniLM at 92
#: tokens: attention rows within 1.8e-3, layer outputs within 3.9e-3).
AGREEMENT_TOLERANCE = {torch.float32: 1e-4, torch.float16: 5e-2}


def agreement_tolerance(dtype: torch.dtype) -> float:
    """The :data:`AGREEMENT_TOLERANCE` of a model that ran in ``dtype``."""
    return AGREEMENT_TOLERANCE[dtype]


def describe_device(device: str) -> str:
    """A short human description, e.g. ``"cuda (NVIDIA H100)"`` or ``"cpu (2 threads)"``."""
    if device == "cuda":
        return f"cuda ({torch.cuda.get_device_name(0)})"
    if device == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return device
