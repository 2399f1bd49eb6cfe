"""``python -m bench rehearse``: a Streamlit Community Cloud deployment rehearsed on this machine.

What Cloud does, in order, with the parts it would reach over the network replaced by local
stand-ins:

1. a fresh virtual environment, ``requirements.txt`` installed into it by uv (Cloud's first
   choice of installer), torch's wheel references pointed at a local copy of the same wheel
   (``--torch-wheels``, default ``/opt/wheels``); the rest from PyPI, or with ``--find-links``
   from a local folder of wheels and nothing else (offline);
2. ``streamlit run app.py`` from the checkout in that environment, with the options Cloud
   forces (``server.runOnSave=true``, ``runner.fastReruns=true``,
   ``client.showErrorDetails=false``, XSRF protection on), the public profile
   (``BERTVIS_PUBLIC=1``), an empty Hugging Face cache and the fake Hub of
   ``tests/fake_hub_server.py`` as ``HF_ENDPOINT`` (tiny models under the presets' real ids);
3. headless Chromium opens the attention page as soon as the health check answers, then every
   page of ``bertvis.ui.lessons.LESSONS``.

Reported: seconds to install, to a healthy server and from the launch to the first figure; the
server's peak RSS (its process tree, sampled every 0.2 s); per page, the exception boxes seen
and its title (first heading); the installed torch and Streamlit versions; and the machine's
state (:func:`bench.machine.recorded`). Written as JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import ROOT, deploy, machine
from .server import EXCEPTION, FIGURE, app_server, launch_chromium

#: What Community Cloud forces, whatever .streamlit/config.toml says.
CLOUD_OPTIONS = ("--server.runOnSave", "true", "--runner.fastReruns", "true",
                 "--client.showErrorDetails", "false", "--server.enableXsrfProtection", "true")
#: The page a class opens first.
FIRST_PAGE = "attention"
_IDLE = ("() => document.querySelector('[data-testid=\"stApp\"]')"
         "?.getAttribute('data-test-script-state') === 'notRunning'"
         " && !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def install(work: Path, torch_wheels: Path, find_links: Path | None) -> tuple[Path, float]:
    """A fresh virtual environment in ``work``/venv with ``requirements.txt`` installed by uv;
    returns its interpreter and the install's seconds."""
    venv = work / "venv"
    env = deploy.tool_env(work / "uv-cache")
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "--quiet", "--clear", "--python", sys.executable, str(venv)],
                   check=True, env=env)
    manifest = work / "requirements.txt"
    manifest.write_text(deploy.local_manifest(deploy.MANIFEST.read_text(),
                                              torch_wheels.resolve().as_uri()))
    python = venv / "bin" / "python"
    command = [*uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(manifest)]
    if find_links is not None:
        command += ["--no-index", "--find-links", str(find_links)]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env)
    return python, round(time.perf_counter() - start, 1)


def _versions(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-c", "import importlib.metadata as m, json; print("
                          "json.dumps({p: m.version(p) for p in ('torch', 'streamlit', 'numpy')}))"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


@contextlib.contextmanager
def _peak_rss(server):
    """Sample the server's RSS every 0.2 s; yields a dict whose ``mib`` is the peak so far."""
    peak = {"mib": server.rss_mib()}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            with contextlib.suppress(Exception):  # the process may be ending
                peak["mib"] = max(peak["mib"], server.rss_mib())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()


def _visit(browser, link: str, timeout_ms: int) -> dict:
    """Open ``link`` in a fresh context, wait for the run to finish; exception boxes, the
    page's title (its first heading, "" when none), seconds."""
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(link, wait_until="commit", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_function(_IDLE, timeout=timeout_ms)
    heading = page.locator("[data-testid='stMain'] h1")
    row = {"seconds": round(time.perf_counter() - start, 2),
           "exceptions": page.locator(EXCEPTION).count(),
           "title": heading.first.inner_text().strip() if heading.count() else ""}
    context.close()
    return row


def serve_and_visit(python: Path, work: Path, timeout_ms: int = 300_000) -> dict:
    """Steps 2 and 3 of the module docstring with the environment's ``python``."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from fake_hub_server import FakeHubServer

    from bertvis.ui.lessons import LESSONS

    hf_cache = work / "hf-cache"
    shutil.rmtree(hf_cache, ignore_errors=True)  # empty, as on a fresh deployment
    hf_cache.mkdir(parents=True)
    with FakeHubServer.start() as hub:
        env = {"BERTVIS_PUBLIC": "1", "HF_HUB_OFFLINE": "0", "HF_ENDPOINT": hub.endpoint,
               "HF_HUB_CACHE": str(hf_cache), "HF_HOME": str(work / "hf-home")}
        with app_server(work / "logs", env=env, python=str(python), options=CLOUD_OPTIONS) \
                as server, _peak_rss(server) as peak, sync_playwright() as pw:
            healthy = time.perf_counter() - server.started_at
            browser = launch_chromium(pw)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(server.link(FIRST_PAGE), wait_until="commit", timeout=timeout_ms)
            page.wait_for_selector(FIGURE, timeout=timeout_ms)
            first_figure = time.perf_counter() - server.started_at
            context.close()
            pages = {lesson.url or "home": _visit(browser, server.link(lesson.url), timeout_ms)
                     for lesson in LESSONS}
            browser.close()
            result = {"server_healthy_s": round(healthy, 2),
                      "launch_to_first_figure_s": round(first_figure, 2),
                      "peak_rss_mib": peak["mib"], "pages": pages,
                      "exceptions": sum(row["exceptions"] for row in pages.values()),
                      "traces_computed": server.model_runs()}
        result["hub_files_served"] = sorted({path.split("/resolve/")[0].lstrip("/")
                                             for _, path in hub.requests if "/resolve/" in path})
    return result


def rehearse(work: Path, torch_wheels: Path = Path("/opt/wheels"),
             find_links: Path | None = None) -> dict:
    """The whole rehearsal in ``work``; the JSON-ready report."""
    with machine.recorded() as state:
        python, install_s = install(work, torch_wheels, find_links)
        result = {"install_s": install_s, "installed": _versions(python),
                  "cloud_options": list(CLOUD_OPTIONS), **serve_and_visit(python, work)}
    return {"result": result, "run": state}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench rehearse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bertvis-rehearsal"))
    parser.add_argument("--torch-wheels", type=Path, default=Path("/opt/wheels"),
                        help="folder holding torch-2.13.0+cpu wheels (as on the PyTorch index)")
    parser.add_argument("--find-links", type=Path, default=None,
                        help="install offline from this folder of wheels instead of PyPI")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "rehearsal.json")
    args = parser.parse_args(argv)
    report = rehearse(args.work, args.torch_wheels, args.find_links)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report["result"], indent=1))
    return 0 if report["result"]["exceptions"] == 0 else 1
