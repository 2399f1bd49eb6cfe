"""Refresh the README's screenshots from the running app: ``python scripts/screenshots.py``.

Starts the app offline (the packaged MiniLM, so anyone can rerun it without a download) with
``bench.server.app_server``, opens each view below in English and in Japanese in headless
Chromium, and saves ``docs/screenshots/<view>-<lang>.png`` (960 px wide, 256 colours).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.server import app_server, launch_chromium  # noqa: E402
from browser import new_context, settle  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SENTENCE = "The animal didn't cross the street because it was too tired."
#: view name → (page URL path, query): the top of each page, title and messages included
VIEWS = {
    "attention": ("attention", {"text_a": SENTENCE, "layer": "5", "head": "4"}),
    "field-guide": ("attention", {"text_a": SENTENCE, "att_tab": "guide"}),
    "arithmetic": ("attention-arithmetic",
                   {"text_a": SENTENCE, "layer": "5", "head": "4", "qk_query": "10"}),
    "sentiment": ("sentiment", {"sentiment_text": "This movie was wonderful."}),
}
CHART = "[data-testid='stPlotlyChart']"
WIDTH, HEIGHT, SAVED_WIDTH = 1400, 1500, 960


def save(png: bytes, path: Path) -> None:
    """``png`` scaled to ``SAVED_WIDTH`` and reduced to 256 colours (a few dozen kB)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.resize((SAVED_WIDTH, round(image.height * SAVED_WIDTH / image.width)),
                         Image.LANCZOS)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", default=",".join(VIEWS), help="comma-separated view names")
    views = parser.parse_args(argv).views.split(",")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as logs, app_server(Path(logs)) as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for name in views:
                path, query = VIEWS[name]
                for lang in ("en", "ja"):
                    context = new_context(browser, viewport={"width": WIDTH, "height": HEIGHT})
                    page = context.new_page()
                    page.goto(server.link(path, lang=lang, **query))
                    page.locator(CHART).first.wait_for(timeout=180_000)
                    settle(page, timeout_ms=180_000)
                    target = OUT / f"{name}-{lang}.png"
                    save(page.screenshot(), target)
                    print(target.relative_to(ROOT))
                    context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
