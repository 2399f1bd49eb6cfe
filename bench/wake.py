"""Waking a deployment: a visitor opens the attention page's plain link (no query: the default
model and sentence) on a fresh server, with the default model in the Hugging Face cache.

Two servers are compared, run alternately: ``app.py`` as it is (``streamlit run`` serves its
``st.App``, whose lifespan warms the server as it starts, :mod:`bertvis.ui.server_start`), and
today's path before it (the same script with no ``st.App`` for ``streamlit run`` to find: the
warm start begins in the first visitor's script run). For each, two visitors:

- ``cold``: opens the link as soon as the health check answers (a class meeting a sleeping
  app): seconds from the launch to the health check and to the first figure drawn;
- ``up``: opens it ``up_s`` seconds after the health check answered (the teacher woke the app
  before the lesson): seconds from opening the link to the first figure drawn.

``traces_before_visit`` and ``traces_computed`` count the model runs the server logged before
the visit and after the figure: 1 and 1 mean the server had prepared the Trace the page drew;
``first_script_run_s`` is the visitor's first script run (the server's run log).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

from . import ROOT, inputs, run_async, timing
from .server import EXCEPTION, FIGURE, app_server, launch_chromium

#: The attention page's plain link: the default model (bert-base-uncased) and sentence.
PAGE = "attention"
#: Today's script, written beside app.py for the comparison and removed after.
TODAY = ROOT / "_app_without_st_app.py"


def default_model_cache(folder: Path) -> Path:
    """A Hugging Face cache holding ``bert-base-uncased`` at its real size (random weights, the
    pre-training heads, the uncased vocabulary): the model on disk, as after a first visit."""
    from bertvis.presets import DEFAULT_ENCODER

    cache = folder / "hub"
    snapshot = cache / f"models--{DEFAULT_ENCODER.replace('/', '--')}" / "snapshots" / "bench"
    if not (snapshot / "config.json").exists():
        inputs.save_model(snapshot, "base", "pretraining")
        (snapshot.parent.parent / "refs").mkdir(exist_ok=True)
        (snapshot.parent.parent / "refs" / "main").write_text("bench")
    return cache


@contextlib.contextmanager
def today_script():
    """``app.py`` with its ``st.App`` hidden from ``streamlit run`` (which then runs the script
    as before it had one), as a file beside app.py for the duration."""
    source = (ROOT / "app.py").read_text()
    assert "app = st.App(" in source
    TODAY.write_text(source.replace("app = st.App(", "app = None and st.App("))
    try:
        yield TODAY
    finally:
        TODAY.unlink(missing_ok=True)


async def _figure_seconds(browser, link: str) -> tuple[float, int]:
    """Seconds from opening ``link`` in a fresh context to its first figure; exception boxes."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(link, wait_until="commit", timeout=300_000)
    await page.wait_for_selector(FIGURE, timeout=300_000)
    seconds = time.perf_counter() - start
    exceptions = await page.locator(EXCEPTION).count()
    await context.close()
    return seconds, exceptions


async def _once(browser, log_dir: Path, env: dict[str, str], script: Path, up_s: float) -> dict:
    with app_server(log_dir, env=env, script=script) as server:
        healthy = time.perf_counter() - server.started_at
        if up_s:
            await asyncio.sleep(up_s)
        traces_before = server.model_runs()
        seconds, exceptions = await _figure_seconds(browser, server.link(PAGE))
        first_run = (await server.runs_ended(0.0, count=1))[0]
        row = {"server_healthy_s": round(healthy, 2), "open_to_figure_s": round(seconds, 2),
               "first_script_run_s": first_run["seconds"], "exceptions": exceptions,
               "traces_before_visit": traces_before, "traces_computed": server.model_runs()}
        if not up_s:
            row["launch_to_figure_s"] = round(time.perf_counter() - server.started_at, 2)
        return row


async def _wake(work: Path, runs: int, up_s: float) -> dict:
    from playwright.async_api import async_playwright

    env = {"HF_HUB_CACHE": str(default_model_cache(work)), "HF_HUB_OFFLINE": "1"}
    found: dict[str, list[dict]] = {}
    async with async_playwright() as pw:
        browser = await launch_chromium(pw)
        with today_script() as today:
            for _ in range(runs):  # alternately, so load from elsewhere falls on all alike
                for name, script in (("st_app", ROOT / "app.py"), ("today", today)):
                    for visitor, wait in (("cold", 0.0), ("up", up_s)):
                        found.setdefault(f"{name}_{visitor}", []).append(
                            await _once(browser, work / "logs", env, script, wait))
        await browser.close()
    variants = {}
    for name, rows in found.items():
        keys = [k for k in rows[0] if k.endswith("_s")]
        variants[name] = {key: timing.spread([row[key] for row in rows]) for key in keys}
        variants[name]["runs"] = rows
    return {"page": PAGE, "model": "bert-base-uncased (BERT-base size, on disk)", "runs": runs,
            "up_s": up_s,
            "up_open_to_figure_s": variants["st_app_up"]["open_to_figure_s"]["median"],
            "today_up_open_to_figure_s": variants["today_up"]["open_to_figure_s"]["median"],
            "cold_launch_to_figure_s": variants["st_app_cold"]["launch_to_figure_s"]["median"],
            "today_cold_launch_to_figure_s":
                variants["today_cold"]["launch_to_figure_s"]["median"],
            "variants": variants}


def wake(work: Path, runs: int = 5, up_s: float = 20.0) -> dict:
    """The comparison of the module docstring, ``runs`` times; medians and spread."""
    return run_async(_wake(work, runs, up_s))
