"""Measurements through a real server and headless Chromium: cold start, memory per session,
and the helpers the load test (:mod:`bench.loadtest`) shares (open many sessions at once, wait for figures).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from . import app_runs, inputs, run_async
from .server import EXCEPTION, FIGURE, Server, app_server, launch_chromium


def shared_link(server: Server, case: app_runs.Scenario, model_dir: str, text_a: str,
                text_b: str | None = None) -> str:
    return server.link(case.url(), **case.query(model_dir, text_a, text_b))


async def open_session(browser, link: str, timeout_ms: float = 300_000) -> dict:
    """Open ``link`` in a fresh browser context (its own Streamlit session); wait until a figure
    is drawn. Returns seconds to the figure, exception boxes and script dialogs seen."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    dialogs: list[str] = []

    async def on_dialog(dialog):
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    start = time.perf_counter()
    await page.goto(link, timeout=timeout_ms, wait_until="commit")
    await page.wait_for_selector(FIGURE, timeout=timeout_ms)
    seconds = time.perf_counter() - start
    return {"context": context, "page": page, "seconds": seconds, "finished_at": time.perf_counter(),
            "exceptions": await page.locator(EXCEPTION).count(), "dialogs": dialogs}


async def open_many(browser, links: list[str], window_s: float,
                    timeout_ms: float = 300_000) -> list[dict]:
    """Open ``links`` (one session each), their starts spread evenly over ``window_s``; each
    must show its figure within ``timeout_ms``."""
    gap = window_s / max(len(links) - 1, 1)

    async def later(i: int, link: str) -> dict:
        await asyncio.sleep(i * gap)
        return await open_session(browser, link, timeout_ms)

    return await asyncio.gather(*(later(i, link) for i, link in enumerate(links)))


#: Cold-start variants: the app as deployed, with the background warm start off, and with the
#: browser's plotly preload on too.
COLD_START_VARIANTS = {"warm_start_on": {}, "warm_start_off": {"BERTVIS_WARM_START": "0"},
                       "warm_start_on_preload_plotly": {"BERTVIS_PRELOAD_PLOTLY": "1"}}


async def _cold_start_once(browser, model_dir: str, log_dir: Path, env: dict[str, str]) -> dict:
    """One fresh ``streamlit run``: seconds (from the launch) to a healthy server, to the first
    script run's start and end (from the server's run log) and to the first figure drawn."""
    case = app_runs.scenario()
    with app_server(log_dir, env=env) as server:
        healthy = time.perf_counter() - server.started_at
        launched = time.time() - healthy  # the launch on the wall clock the run log uses
        session = await open_session(browser, shared_link(server, case, model_dir,
                                                          *inputs.text_of_tokens(128)))
        first_figure = session["finished_at"] - server.started_at
        await session["context"].close()
        first_run = (await server.runs_ended(0.0, count=1))[0]
    return {"server_healthy_s": round(healthy, 2),
            "script_start_s": round(first_run["end"] - first_run["seconds"] - launched, 2),
            "script_end_s": round(first_run["end"] - launched, 2),
            "first_figure_s": round(first_figure, 2)}


async def _cold_start(model_dir: str, log_dir: Path, runs: int) -> dict:
    from playwright.async_api import async_playwright

    from . import timing

    case = app_runs.scenario()
    found: dict[str, list[dict]] = {name: [] for name in COLD_START_VARIANTS}
    async with async_playwright() as pw:
        browser = await launch_chromium(pw)
        for _ in range(runs):  # variants alternate, so load from elsewhere falls on both alike
            for name, env in COLD_START_VARIANTS.items():
                found[name].append(await _cold_start_once(browser, model_dir, log_dir, env))
        await browser.close()
    variants = {}
    for name, rows in found.items():
        variants[name] = {key: timing.spread([row[key] for row in rows]) for key in rows[0]}
        variants[name]["runs"] = rows
    on = variants["warm_start_on"]
    return {"page": case.page, "tokens": 128, "runs": runs,
            "server_healthy_s": on["server_healthy_s"]["median"],
            "first_figure_s": on["first_figure_s"]["median"], "variants": variants}


def cold_start(model_dir: str, log_dir: Path, runs: int = 5) -> dict:
    """Seconds from launching ``streamlit run`` to the first figure drawn in a browser, with the
    model in a folder on disk (loaded on that first visit), ``runs`` times with the warm start
    on and off alternately; medians and spread, and where the time went (server healthy, the
    first script run's start and end from the server's run log, the figure drawn)."""
    return run_async(_cold_start(model_dir, log_dir, runs))


async def _sessions(model_dir: str, log_dir: Path, counts: tuple[int, ...], tokens: int) -> dict:
    from playwright.async_api import async_playwright

    case = app_runs.scenario()
    rows = []
    async with async_playwright() as pw:
        browser = await launch_chromium(pw)
        with app_server(log_dir) as server:
            link = shared_link(server, case, model_dir, *inputs.text_of_tokens(tokens))
            first = await open_session(browser, link)
            rows.append({"sessions": 1, "same_link_rss_mib": server.rss_mib()})
            open_now = [first]
            for count in counts:
                open_now += await open_many(browser, [link] * (count - len(open_now)), 2)
                rows.append({"sessions": count, "same_link_rss_mib": server.rss_mib(),
                             "traces_computed": server.model_runs()})
            for session in open_now:
                await session["context"].close()
            # Every session with its own text: one cached trace each.
            own = []
            for i in range(max(counts)):
                own.append(await open_session(browser, shared_link(
                    server, case, model_dir, *inputs.text_of_tokens(tokens, offset=i + 1))))
                if i + 1 in counts:
                    rows[[r["sessions"] for r in rows].index(i + 1)]["own_text_rss_mib"] = \
                        server.rss_mib()
            for session in own:
                await session["context"].close()
        await browser.close()
    return {"page": case.page, "tokens": tokens, "rows": rows}


def sessions(model_dir: str, log_dir: Path, counts: tuple[int, ...] = (10, 20),
             tokens: int = 128) -> dict:
    """Server RSS with 1, 10 and 20 open sessions on one shared link, and with every session
    on its own text (each a cached trace)."""
    return run_async(_sessions(model_dir, log_dir, counts, tokens))
