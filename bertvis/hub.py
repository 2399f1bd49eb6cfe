"""Is the Hugging Face Hub reachable? Answered within a couple of seconds, never a hang.

A classroom behind a firewall, a laptop on a train and this project's CI all have no Hub. Asking
huggingface_hub directly can take tens of seconds of retries there, so the app asks once, with a
short deadline, and remembers the answer for a minute.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from urllib.parse import urlparse

from .settings import is_true

PROBE_TIMEOUT_S = 2.0
REMEMBER_S = 60.0

_last: tuple[float, bool] | None = None
_lock = threading.Lock()


def offline_forced() -> bool:
    """True when the environment says not to use the network (``HF_HUB_OFFLINE=1``)."""
    return is_true(os.environ.get("HF_HUB_OFFLINE"))


def _probe(host: str, port: int, result: list[bool]) -> None:
    try:
        with socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S):
            result.append(True)
    except OSError:
        result.append(False)


def hub_reachable() -> bool:
    """Whether a TCP connection to the Hub endpoint opens within ``PROBE_TIMEOUT_S`` seconds.

    Name resolution is not covered by socket timeouts, so the probe runs in a daemon thread
    that is abandoned when the deadline passes.
    """
    global _last
    if offline_forced():
        return False
    with _lock:
        if _last is not None and time.monotonic() - _last[0] < REMEMBER_S:
            return _last[1]
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    result: list[bool] = []
    thread = threading.Thread(target=_probe, args=(endpoint.hostname, port, result), daemon=True)
    thread.start()
    thread.join(PROBE_TIMEOUT_S + 0.5)
    reachable = bool(result and result[0])
    with _lock:
        _last = (time.monotonic(), reachable)
    return reachable


def forget() -> None:
    """Drop the remembered answer (tests, or a "retry" button)."""
    global _last
    with _lock:
        _last = None
