"""The Community Cloud rehearsal (bench/rehearsal.py), CI-sized and offline: a fresh environment
installed from requirements.txt by uv out of a local folder of wheels, the app served with
Cloud's forced options in the public profile, an empty Hugging Face cache filled from the fake
Hub, every page opened in Chromium.

The wheel folder is ``$BERTVIS_WHEELHOUSE``, filled once while online with
``pip download -d "$BERTVIS_WHEELHOUSE" -r requirements/app.txt /opt/wheels/torch-*.whl
wheel setuptools`` (the test itself reaches no network)."""

from __future__ import annotations

import concurrent.futures
import os
from pathlib import Path

import pytest

from bench import rehearsal
from bertvis.presets import DEFAULT_ENCODER
from bertvis.ui.lessons import LESSONS
from bertvis.strings import lookup

WHEELHOUSE = os.environ.get("BERTVIS_WHEELHOUSE", "")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not WHEELHOUSE or not Path(WHEELHOUSE).is_dir(),
                    reason="needs BERTVIS_WHEELHOUSE, a folder of requirements.txt's wheels")
def test_a_cloud_style_deploy_installs_and_shows_every_page(tmp_path):
    # in a thread of its own: its Playwright can't run in the thread that holds the session's
    with concurrent.futures.ThreadPoolExecutor(1) as worker:
        report = worker.submit(rehearsal.rehearse, tmp_path, find_links=Path(WHEELHOUSE)).result()
    result = report["result"]
    assert result["installed"] == {"torch": "2.13.0+cpu", "streamlit": "1.67.0",
                                   "numpy": "2.4.6"}
    titles = {lesson.url or "home": lookup(lesson.title_key, "en") for lesson in LESSONS}
    titles["home"] = lookup("app.title", "en")  # the home page is titled with the app's name
    assert {name: page["title"] for name, page in result["pages"].items()} == titles
    assert [name for name, page in result["pages"].items() if page["exceptions"]] == []
    assert DEFAULT_ENCODER in result["hub_files_served"]  # downloaded into the empty cache
