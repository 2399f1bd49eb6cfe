"""Load test on loopback: a class opening one shared link at once, then mixed use.

    python -m bench loadtest                      # 40-session burst + 20 sessions × 2 min
    python -m bench loadtest --burst 8 --mixed 4 --mixed-seconds 30 --size tiny   # small

Starts its own ``streamlit run app.py`` on 127.0.0.1 (trace logging on) and one headless
Chromium with one context per session; nothing leaves the machine, and every part is bounded in
count and time. The page is the attention explorer when the app has one, else the question
answering page. The model is a BERT of ``--size`` with random weights saved to a work folder
(or ``--model`` to use a folder of your own).

- Burst: a teacher's session loads the model; then ``--burst`` sessions open the same link with a
  new text within ``--window`` seconds. Reports the time until the last one shows its figure, how
  many times the model ran for that link (should be 1), exception boxes and script dialogs.
- Mixed use: ``--mixed`` sessions, each typing its own texts and moving the first slider for
  ``--mixed-seconds``. Every response is checked (the figure shows the session's own word), and
  the server's memory is sampled every few seconds.
- Server alone: ``--server-alone`` sessions open at once without a browser (Streamlit's own
  websocket protocol, :mod:`bench.protocol`), first all on one link (the model runs
  once), then each on its own text (one forward each). Reported: seconds from the first session
  opening to the last session's script run finishing, by the server's run log
  (``BERTVIS_LOG_RUNS``), so no browser's rendering counts.

With two or more cores the server runs on ``--server-cpus`` (core 0) and this script, its
browser and its protocol sessions on ``--browser-cpus`` (core 1), pinned with ``taskset`` /
``sched_setaffinity``, so the sessions' own work doesn't take the server's core.

Prints one JSON object (and writes it to ``--out`` when given); each part carries its own
``"run"`` state (when, the machine, load average before and after: :func:`bench.machine.recorded`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path

from bench import app_runs, inputs, machine, protocol, run_async, timing
from bench.browser_runs import open_many, open_session, shared_link
from bench.server import CHART, EXCEPTION, app_server, launch_chromium

#: One marker word per session (single WordPiece tokens of the uncased vocabulary).
MARKERS = ("apple river window garden doctor music winter bridge coffee forest island mountain "
           "teacher library summer village camera market letter ocean pencil rabbit school "
           "silver tiger violin wheel yellow zebra anchor basket candle dragon engine feather "
           "guitar hammer jacket kitten lemon").split()
TEXT_BOXES = "[class*='st-key-_w_'] :is(textarea, input[type='text'])"
OWN_KEY = "e => e.closest(\"[class*='st-key-']\").className"


async def idle(page, timeout_ms: float = 120_000) -> None:
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


async def type_text(page, text: str) -> None:
    """Type ``text`` into every text box but the model-id boxes, submitting each."""
    boxes = page.locator(TEXT_BOXES)
    for i in range(await boxes.count()):
        box = boxes.nth(i)
        if "custom" in await box.evaluate(OWN_KEY):
            continue
        await box.fill(text)
        tag = await box.evaluate("e => e.tagName")
        await box.press("Control+Enter" if tag == "TEXTAREA" else "Enter")
        await page.wait_for_timeout(300)
        await idle(page)


async def shows_words(page, words: set[str], timeout_s: float = 120) -> bool:
    """Whether the page's figures come to show every one of ``words`` within ``timeout_s``
    (a loaded server may take a while to redraw; a figure that never does is a wrong
    response, e.g. another session's text or a stale one)."""
    deadline = time.perf_counter() + timeout_s
    while True:
        shown = set(" ".join(
            await page.locator(CHART).all_inner_texts()).split())
        if words <= shown:
            return True
        if time.perf_counter() > deadline:
            return False
        await page.wait_for_timeout(500)


async def move_slider(page) -> bool:
    slider = page.get_by_role("slider").first
    if not await slider.count():
        return False
    await slider.focus()
    await slider.press("ArrowRight")
    await page.wait_for_timeout(300)
    await idle(page)
    return True


async def burst(browser, server, case, model: str, sessions: int, window: float,
                tokens: int, timeout_s: float) -> dict:
    teacher = await open_session(browser, shared_link(server, case, model,
                                                      *inputs.text_of_tokens(tokens)))
    before = server.model_runs()
    link = shared_link(server, case, model, *inputs.text_of_tokens(tokens, offset=5))
    start = time.perf_counter()
    opened_at = time.time()
    opened = await open_many(browser, [link] * sessions, window, timeout_s * 1000)
    last = max(s["finished_at"] for s in opened) - start
    result = {
        "sessions": sessions, "window_s": window, "tokens": tokens,
        "last_figure_s": round(last, 2),
        "last_script_run_end_s": round(last_run_end(server, opened_at) - opened_at, 2),
        "median_session_s": round(sorted(s["seconds"] for s in opened)[sessions // 2], 2),
        "traces_computed_for_link": server.model_runs() - before,
        "exception_boxes": sum(s["exceptions"] for s in opened),
        "dialogs": sum(len(s["dialogs"]) for s in opened),
        "server_rss_mib": server.rss_mib(),
    }
    for session in [teacher, *opened]:
        await session["context"].close()
    return result


def last_run_end(server, since: float) -> float:
    """Unix seconds at which the last script run that ended after ``since`` ended."""
    return max(run["end"] for run in server.runs_finished() if run["end"] >= since)


async def server_alone(server, case, model: str, sessions: int, tokens: int,
                       timeout_s: float) -> dict:
    """``sessions`` protocol sessions at once, all on one link, then each on its own text (a
    teacher session loads the model first); the server's time for each burst."""
    page = case.url()
    await protocol.open_session(server.url, page,
                                case.query(model, *inputs.text_of_tokens(tokens)), timeout_s)
    found = {"sessions": sessions, "tokens": tokens}
    shared = inputs.text_of_tokens(tokens, offset=7)[0]
    own = [" ".join([MARKERS[i % len(MARKERS)], *shared.split()[1:]]) for i in range(sessions)]
    if sessions > len(MARKERS):  # a second marker word keeps every text its own
        own = [text if i < len(MARKERS) else f"{MARKERS[i // len(MARKERS) - 1]} {text}"
               for i, text in enumerate(own)]
    for name, texts in (("one_link", [shared] * sessions), ("own_text", own)):
        before = server.model_runs()
        load_before = machine.load_average()
        runs = await asyncio.gather(*(
            protocol.open_session(server.url, page, case.query(model, text, None), timeout_s)
            for text in texts))
        first_opened = min(run["opened"] for run in runs)
        mine = await server.runs_ended(first_opened, count=len(texts))  # one run per session
        found[name] = {
            "last_script_run_end_s": round(last_run_end(server, first_opened) - first_opened, 2),
            "last_session_finished_s": round(max(r["finished"] for r in runs) - first_opened, 2),
            "script_run_s": timing.spread([r["seconds"] for r in mine]),
            "script_runs": len(mine),
            "server_busy_s": round(sum(r["seconds"] for r in mine), 2),
            "traces_computed": server.model_runs() - before,
            "sessions_with_figures": sum(r["figures"] > 0 for r in runs),
            "exception_boxes": sum(r["exceptions"] for r in runs),
            "load_average_before": load_before,
            "load_average_after": machine.load_average(),
        }
    return found


async def one_user(session: dict, marker: str, index: int, until: float) -> dict:
    """Until ``until``: type a new text holding ``marker`` and a word that changes every step,
    check the figures show both (this session's own, new text), move a slider; repeat."""
    page, stats = session["page"], {"edits": 0, "slider_moves": 0, "wrong": 0, "exceptions": 0}
    step = 0
    while time.perf_counter() < until:
        step += 1
        other = MARKERS[(index + step) % len(MARKERS)]
        if other == marker:
            other = MARKERS[(index + step + 1) % len(MARKERS)]
        await type_text(page, f"the {marker} sat near the {other} {step}")
        stats["edits"] += 1
        stats["wrong"] += not await shows_words(page, {marker, other})
        stats["slider_moves"] += await move_slider(page)
        stats["exceptions"] = max(stats["exceptions"], await page.locator(EXCEPTION).count())
    stats["dialogs"] = len(session["dialogs"])
    await session["context"].close()
    return stats


async def mixed(browser, server, case, model: str, sessions: int, seconds: float) -> dict:
    """Open ``sessions`` sessions, each on its own text; once all show their figure, every one
    keeps editing and moving sliders for ``seconds`` while the server's memory is sampled."""
    markers = [MARKERS[i % len(MARKERS)] for i in range(sessions)]
    opening = time.perf_counter()
    opened = await asyncio.gather(*(
        open_session(browser, shared_link(server, case, model, f"the {marker}"), 900_000)
        for marker in markers))
    samples: list[tuple[float, float]] = []
    start = time.perf_counter()
    until = start + seconds

    async def sample() -> None:
        while time.perf_counter() < until:
            samples.append((round(time.perf_counter() - start, 1), server.rss_mib()))
            await asyncio.sleep(5)

    sampler = asyncio.create_task(sample())
    users = await asyncio.gather(*(one_user(session, marker, i, until)
                                   for i, (session, marker) in enumerate(zip(opened, markers))))
    await sampler
    rss = [m for _, m in samples]
    half = len(rss) // 2
    return {
        "sessions": sessions, "seconds": seconds,
        "all_open_after_s": round(start - opening, 1),
        "edits": sum(u["edits"] for u in users),
        "slider_moves": sum(u["slider_moves"] for u in users),
        "wrong_responses": sum(u["wrong"] for u in users),
        "exception_boxes": sum(u["exceptions"] for u in users),
        "dialogs": sum(u["dialogs"] for u in users),
        "rss_mib_first_half_max": max(rss[:half] or rss), "rss_mib_second_half_max": max(rss),
        "rss_samples": samples,
    }


async def measure(args: argparse.Namespace) -> dict:
    from playwright.async_api import async_playwright

    case = app_runs.scenario()
    model = args.model or str(inputs.save_model(
        args.work / f"{args.size}-{case.model_kind}", args.size, case.model_kind))
    report = {"page": case.page, "model": args.model or f"random BERT-{args.size}",
              "server_cpus": args.server_cpus, "client_cpus": args.browser_cpus}
    if args.browser_cpus:  # this process, its browser and its sessions; the server elsewhere
        os.sched_setaffinity(0, {int(c) for c in args.browser_cpus.split(",")})
    async with async_playwright() as pw:
        browser = await launch_chromium(pw)
        with app_server(args.work / "logs", cpus=args.server_cpus) as server:
            parts = {  # name: (sessions asked for, the part)
                "server_alone": (args.server_alone, lambda: server_alone(
                    server, case, model, args.server_alone, args.tokens, args.timeout)),
                "burst": (args.burst, lambda: burst(browser, server, case, model, args.burst,
                                                    args.window, args.tokens, args.timeout)),
                "mixed": (args.mixed, lambda: mixed(browser, server, case, model, args.mixed,
                                                    args.mixed_seconds)),
            }
            for name, (sessions, part) in parts.items():
                if sessions:  # 0: skipped
                    with machine.recorded() as state:
                        found = await part()
                    report[name] = {**found, "run": state}
        await browser.close()
    return report


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench loadtest",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=40, help="sessions in the burst (0: skip)")
    parser.add_argument("--window", type=float, default=10, help="seconds the burst spreads over")
    parser.add_argument("--tokens", type=int, default=128, help="tokens in the burst's text")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds each burst session may take to show its figure")
    parser.add_argument("--mixed", type=int, default=20, help="mixed-use sessions (0: skip)")
    parser.add_argument("--mixed-seconds", type=float, default=120)
    parser.add_argument("--server-alone", type=int, default=40,
                        help="sessions without a browser, at once (0: skip)")
    two_cores = len(os.sched_getaffinity(0)) >= 2
    parser.add_argument("--server-cpus", default="0" if two_cores else None,
                        help="cores for the server (taskset -c); '' to leave it unpinned")
    parser.add_argument("--browser-cpus", default="1" if two_cores else None,
                        help="cores for this script, its browser and its sessions")
    parser.add_argument("--size", choices=("base", "tiny"), default="base")
    parser.add_argument("--model", help="a model folder to use instead of a random one")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bertvis-bench")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    if not (0 <= args.burst <= 100 and 0 <= args.mixed <= 50 and args.mixed_seconds <= 900
            and 0 < args.timeout <= 1800 and 0 <= args.server_alone <= 100):
        parser.error("bounded: --burst ≤ 100, --mixed ≤ 50, --mixed-seconds ≤ 900, "
                     "--timeout ≤ 1800, --server-alone ≤ 100")
    args.server_cpus = args.server_cpus or None
    args.browser_cpus = args.browser_cpus or None
    return args


def main(argv: list[str] | None = None) -> None:
    arguments = parse(argv)
    text = json.dumps(run_async(measure(arguments)), indent=1)
    if arguments.out:
        arguments.out.write_text(text + "\n")
    print(text)
