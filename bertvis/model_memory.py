"""Will a model fit? The checks :func:`bertvis.models.load` makes from a model's config, before
its weights are read: the deployment's size limit, the host's free memory, and the process's
memory budget (:class:`bertvis.memory_budget.MemoryBudget`), in which room is then made."""

from __future__ import annotations

from pathlib import Path

import psutil
import torch
from transformers import PretrainedConfig

from . import memory_budget
from . import settings as deployment
from .errors import BertvisError
from .presets import ALL_PRESETS, Preset

#: Head-room multiplier over the raw weight bytes when checking host memory.
MEMORY_HEADROOM = 1.5


def memory_available() -> int:
    """Bytes this process may still allocate: free host memory, or less under a cgroup limit
    (containers such as Streamlit Community Cloud report the host's memory to psutil)."""
    available = psutil.virtual_memory().available
    limit = deployment.container_memory_limit()
    if limit is None:
        return available
    try:
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
    except (OSError, ValueError):
        return available
    return min(available, limit - used)


def needed_bytes(config: PretrainedConfig, param_count: int, dtype: torch.dtype) -> int:
    """Bytes the model takes once loaded, plus one run at its longest input with the Trace kept
    (:func:`bertvis.memory_budget.run_bytes`)."""
    tokens = min(getattr(config, "max_position_embeddings", 512) or 512, 512)
    return memory_budget.weight_bytes(param_count, dtype) + memory_budget.run_bytes(
        config.num_hidden_layers, config.num_attention_heads, tokens, config.hidden_size)


def preset_needed_bytes(preset: Preset, dtype: torch.dtype = torch.float32) -> int:
    """:func:`needed_bytes` of a preset from its listed size, without reading its config."""
    layers, heads, hidden = preset.shape
    return memory_budget.weight_bytes(preset.params, dtype) + memory_budget.run_bytes(
        layers, heads, 512, hidden)


def make_room(config: PretrainedConfig, param_count: int, dtype: torch.dtype, model_id: str,
              budget: memory_budget.MemoryBudget | None) -> None:
    """Refuse a model of ``param_count`` parameters that the deployment doesn't allow or the
    host can't hold (:func:`check_size`); with a ``budget``, refuse one whose weights and one
    full-length run can't fit in it (:func:`check_budget`), else make room for its weights
    there (the load itself; each run is admitted with its own estimate when it comes)."""
    check_size(param_count, dtype, model_id)
    if budget is not None:
        check_budget(needed_bytes(config, param_count, dtype), model_id, budget)
        budget.make_room(memory_budget.weight_bytes(param_count, dtype))


def check_budget(needed: int, model_id: str, budget: memory_budget.MemoryBudget) -> None:
    """Refuse ``model_id`` when ``needed`` bytes exceed the ``budget``, naming the presets that
    fit."""
    if needed <= budget.capacity:
        return
    fitting = [p.label for p in ALL_PRESETS if preset_needed_bytes(p) <= budget.capacity]
    needed_mb = f"{needed / memory_budget.MIB:,.0f}"
    budget_mb = f"{budget.capacity / memory_budget.MIB:,.0f}"
    raise BertvisError(
        "too_large_budget",
        f"{model_id} needs about {needed_mb} MB (its weights and one 512-token run); this "
        f"deployment's memory budget leaves {budget_mb} MB for models and results. Models "
        f"that fit: {', '.join(fitting) or 'none'}.",
        model_id=model_id,
        needed_mb=needed_mb,
        budget_mb=budget_mb,
        fitting=", ".join(fitting) or "—",
    )


def check_size(param_count: int, dtype: torch.dtype, model_id: str) -> None:
    """Refuse a model over the deployment's ``BERTVIS_MAX_PARAMS_M``, or bigger (with
    :data:`MEMORY_HEADROOM`) than the memory this process may still allocate."""
    limit = deployment.current().max_params
    if param_count > limit:
        raise BertvisError(
            "too_large",
            f"{model_id} has {param_count / 1e6:.0f}M parameters; this deployment allows "
            f"{limit / 1e6:.0f}M (BERTVIS_MAX_PARAMS_M).",
            model_id=model_id,
            params_m=round(param_count / 1e6),
            limit_m=round(limit / 1e6),
        )
    needed = param_count * torch.finfo(dtype).bits // 8 * MEMORY_HEADROOM
    available = memory_available()
    if needed > available:
        raise BertvisError(
            "too_large_memory",
            f"{model_id} needs about {needed / 2**30:.1f} GiB; this host has "
            f"{available / 2**30:.1f} GiB free.",
            model_id=model_id,
            needed_gib=round(needed / 2**30, 1),
            free_gib=round(available / 2**30, 1),
        )
