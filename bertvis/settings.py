"""The deployment's settings: one frozen object, read from the environment once.

Every limit a deployment may change lives here, with its default, instead of being read from
``os.environ`` or written as a literal where it is used. The app also reads the same keys from
Streamlit secrets (``bertvis.ui.profile``), so a Community Cloud deployment sets them in its
secrets box instead of the environment.

| key | meaning | private default | public default |
| --- | --- | --- | --- |
| ``BERTVIS_PUBLIC`` | the public profile (``1``/``true``): presets and the allowlist only | off | on |
| ``BERTVIS_ALLOWED_MODELS`` | extra model ids the public profile accepts, comma-separated | none | none |
| ``BERTVIS_MEMORY_BUDGET_MB`` | memory budget, MiB of RSS (``memory_budget``) | half the RAM, ≥ 2000 | 2000 |
| ``BERTVIS_MAX_PARAMS_M`` | largest model, in millions of parameters | 400 | 400 |
| ``BERTVIS_MAX_TEXT_CHARS`` | characters per text box (text from a link is cut to it) | 20,000 | 5,000 |
| ``BERTVIS_MAX_SENTENCES`` | sentences in one similarity batch | 64 | 32 |
| ``BERTVIS_MAX_BATCH`` | texts in one sentiment batch | 1000 | 100 |
| ``BERTVIS_MAX_BATCH_CHARS`` | characters in the sentiment batch box | 500,000 | 50,000 |
| ``BERTVIS_MAX_UPLOAD_MB`` | size of an uploaded CSV (MiB) | 200 | 2 |
| ``BERTVIS_LOG_TRACES`` | print one line to stderr per model run (the load test counts them) | off | off |
| ``BERTVIS_LOG_MEMORY`` | one stderr line per memory wait, refusal and pressure eviction: RSS (anonymous, file-backed), the estimate, what was kept, evictable and in use | off | off |
| ``BERTVIS_LOG_RUNS`` | one stderr line as each script run ends (the load test) | off | off |
| ``BERTVIS_WARM_START`` | load the first visitor's model in a background thread | on | on |
| ``BERTVIS_PRELOAD_PLOTLY`` | a blank sidebar chart on a first run (fetches plotly.js) | off | off |

Values that can't be read (``BERTVIS_MAX_BATCH=lots``) fall back to the default.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import psutil

#: The spellings of "yes" in settings, environment variables and links (:func:`is_true`).
TRUE_VALUES = {"1", "true", "yes", "on"}
MIB = 2**20

#: Process memory budget of the public profile: a 2.7 GB Community Cloud app, less ~700 MB for
#: what the budget can't see (Python's and the allocator's slack, Streamlit's message buffers).
PUBLIC_MEMORY_BUDGET_MB = 2000


@dataclass(frozen=True)
class Settings:
    """What this deployment allows (see the module docstring for the keys and defaults; the
    defaults live in :meth:`from_mapping` only)."""

    public: bool
    allowed_models: tuple[str, ...]
    memory_budget_bytes: int
    max_params: int
    max_text_chars: int
    max_sentences: int
    max_batch: int
    max_batch_chars: int
    max_upload_bytes: int
    log_traces: bool
    log_runs: bool
    log_memory: bool
    warm_start: bool
    preload_plotly: bool

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Settings:
        """Settings from environment-like ``values`` (strings; TOML secrets may be bools,
        numbers or lists)."""
        public = is_true(values.get("BERTVIS_PUBLIC"))
        private = not public

        def number(key: str, private_default: float, public_default: float) -> float:
            default = private_default if private else public_default
            raw = values.get(key)
            try:
                found = float(str(raw).strip()) if raw not in (None, "") else default
            except ValueError:
                return default
            return found if found >= 0 else default

        budget_mb = number("BERTVIS_MEMORY_BUDGET_MB", default_private_budget_mb(),
                           PUBLIC_MEMORY_BUDGET_MB)
        return cls(
            public=public,
            allowed_models=_id_list(values.get("BERTVIS_ALLOWED_MODELS")),
            memory_budget_bytes=int(budget_mb * MIB),
            max_params=int(number("BERTVIS_MAX_PARAMS_M", 400, 400) * 1_000_000),
            max_text_chars=max(1, int(number("BERTVIS_MAX_TEXT_CHARS", 20_000, 5_000))),
            max_sentences=max(2, int(number("BERTVIS_MAX_SENTENCES", 64, 32))),
            max_batch=max(1, int(number("BERTVIS_MAX_BATCH", 1000, 100))),
            max_batch_chars=max(1, int(number("BERTVIS_MAX_BATCH_CHARS", 500_000, 50_000))),
            max_upload_bytes=int(number("BERTVIS_MAX_UPLOAD_MB", 200, 2) * MIB),
            log_traces=is_true(values.get("BERTVIS_LOG_TRACES")),
            log_runs=is_true(values.get("BERTVIS_LOG_RUNS")),
            log_memory=is_true(values.get("BERTVIS_LOG_MEMORY")),
            warm_start=is_true(values.get("BERTVIS_WARM_START", "1")),
            preload_plotly=is_true(values.get("BERTVIS_PRELOAD_PLOTLY")),
        )

    @classmethod
    def from_environment(cls, overrides: Mapping[str, object] | None = None) -> Settings:
        """Settings from this process's environment, ``overrides`` (Streamlit secrets) on top."""
        return cls.from_mapping({**os.environ, **(overrides or {})})


def is_true(raw: object) -> bool:
    """Whether ``raw`` (a setting, an environment variable or a link's parameter) says yes: one of
    :data:`TRUE_VALUES`, any case, spaces around it ignored."""
    return str(raw).strip().lower() in TRUE_VALUES if raw is not None else False


def _id_list(raw: object) -> tuple[str, ...]:
    items = raw if isinstance(raw, (list, tuple)) else str(raw or "").split(",")
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def default_private_budget_mb() -> float:
    """Half of this machine's memory (or of its container's limit), at least the public
    budget: a laptop in class keeps BERT-large."""
    total = psutil.virtual_memory().total
    limit = container_memory_limit()
    if limit is not None:
        total = min(total, limit)
    return max(PUBLIC_MEMORY_BUDGET_MB, total / 2 / MIB)


def container_memory_limit() -> int | None:
    """This container's memory limit in bytes (cgroup v2 ``memory.max``), None without one
    (containers such as Streamlit Community Cloud report the host's memory to psutil)."""
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return None
    return int(limit) if limit.isdigit() else None


_current: Settings | None = None
_lock = threading.Lock()


def current() -> Settings:
    """The process's settings, read from the environment the first time they are asked for."""
    global _current
    with _lock:
        if _current is None:
            _current = Settings.from_environment()
        return _current


def install(settings: Settings | None) -> Settings | None:
    """Use ``settings`` from now on (the app merges Streamlit secrets in; tests switch
    profiles); ``None`` reads the environment again on the next :func:`current`. Returns the
    settings it replaced."""
    global _current
    with _lock:
        previous, _current = _current, settings
    return previous
