"""A real ``streamlit run app.py`` on a loopback port, and headless Chromium to open it.

The one launcher of the project: the benchmark's cold-start and session sections, the load
test, and the browser tests (``tests/browser.py`` imports it; the test session's ``app``
fixture is one of these servers). The browser is Debian's Chromium driven by Playwright
(``BERTVIS_CHROMIUM`` overrides the path); nothing here downloads a browser or leaves the
loopback interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psutil

from bench import ROOT

CHROMIUM = os.environ.get("BERTVIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
#: A plotly chart's container, a drawn figure in it (in the page, not the sidebar's blank
#: chart of ``bertvis.ui.warm.preload_plotly``), and an error box.
CHART = "[data-testid='stMain'] [data-testid='stPlotlyChart']"
FIGURE = f"{CHART} .main-svg"
EXCEPTION = "[data-testid='stException']"
#: Line the app's trace cache prints (with ``BERTVIS_LOG_TRACES=1``) each time it runs a model.
TRACE_LOG = "bertvis: trace computed"
#: Line ``app.py`` prints (with ``BERTVIS_LOG_RUNS=1``) as each script run ends
#: (:mod:`bertvis.ui.runs`): ``at=`` Unix seconds, ``seconds=`` the run's duration.
RUN_LOG = re.compile(r"bertvis: run finished at=([0-9.]+) seconds=([0-9.na]+) page=(\S+)")


@dataclass(frozen=True)
class Server:
    """A running ``streamlit run app.py``: its base URL, the process, the log that holds its
    output (model runs and script runs, see ``TRACE_LOG`` and ``RUN_LOG``) and when it was
    launched."""

    url: str
    process: subprocess.Popen
    log_path: Path
    started_at: float  # time.perf_counter() when the process was launched

    def rss_mib(self) -> float:
        """Resident memory of the server and its children, MiB."""
        proc = psutil.Process(self.process.pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return round(total / 2**20, 1)

    def model_runs(self) -> int:
        """Traces the server has computed (model runs) so far, by its log."""
        return self.log_path.read_text(errors="replace").count(TRACE_LOG)

    def runs_finished(self) -> list[dict]:
        """Every script run the server logged so far: ``end`` (Unix seconds), ``seconds`` (its
        duration) and ``page``, in the order they ended."""
        return [{"end": float(m.group(1)), "seconds": float(m.group(2)), "page": m.group(3)}
                for m in RUN_LOG.finditer(self.log_path.read_text(errors="replace"))]

    async def runs_ended(self, since: float, count: int, timeout_s: float = 30.0) -> list[dict]:
        """The runs that ended after ``since`` (Unix seconds), once there are ``count`` of them:
        a run's end line reaches the log a moment after its last message reaches the browser,
        later still on a busy machine. After ``timeout_s``, whatever has ended."""
        deadline = time.monotonic() + timeout_s
        while True:
            ended = [run for run in self.runs_finished() if run["end"] >= since]
            if len(ended) >= count or time.monotonic() > deadline:
                return ended
            await asyncio.sleep(0.1)

    def link(self, page_url: str, **query: str) -> str:
        return page_link(self.url, page_url, **query)


def page_link(base_url: str, page_url: str, **query: str) -> str:
    """``base_url``/``page_url``?``query``, the link a teacher shares (no ``?`` without query)."""
    return f"{base_url}/{page_url}" + (f"?{urlencode(query)}" if query else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server(log_dir: Path, env: dict[str, str] | None = None, timeout_s: float = 180,
               cpus: str | None = None, script: Path = ROOT / "app.py",
               python: str = sys.executable, options: tuple[str, ...] = ()):
    """Start the app on a free loopback port, offline, with trace and run logging on (its log
    in ``log_dir``); yield a :class:`Server` once its health check answers. ``env`` adds to
    the environment; ``cpus`` (e.g. ``"0"``) pins the server to those cores with ``taskset``;
    ``script``, ``python`` and ``options`` (more ``--section.option value`` flags) replace
    the checkout's ``app.py``, this interpreter and Streamlit's defaults."""
    port = free_port()
    cmd = [python, "-m", "streamlit", "run", str(script), *options,
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    if cpus is not None:
        cmd = ["taskset", "-c", cpus, *cmd]
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "BERTVIS_LOG_TRACES": "1",
                "BERTVIS_LOG_RUNS": "1", **(env or {})}
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not start; see {log_path}")
            time.sleep(0.2)
        yield Server(url, proc, log_path, started)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch_chromium(playwright):
    """Headless Debian Chromium from a (sync or async) Playwright instance."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
