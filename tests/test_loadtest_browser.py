"""The load test (``python -m bench loadtest``), small: a burst of sessions on one shared link
runs the model once for that link and every session draws its figure; mixed users see their own
texts, no errors; each part records its own machine state."""

from __future__ import annotations

import json
import subprocess
import sys
import pytest

from bench import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_small_burst_and_mixed_use(tmp_path):
    out = tmp_path / "load.json"
    subprocess.run(
        [sys.executable, "-m", "bench", "loadtest", "--burst", "3", "--window", "2",
         "--tokens", "32", "--mixed", "2", "--mixed-seconds", "8", "--size", "tiny",
         "--server-alone", "3",
         "--work", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, check=True, timeout=600, capture_output=True)
    report = json.loads(out.read_text())
    burst, mixed = report["burst"], report["mixed"]
    assert burst["sessions"] == 3 and burst["traces_computed_for_link"] == 1
    assert burst["exception_boxes"] == 0 and burst["dialogs"] == 0
    assert 0 < burst["last_figure_s"] < 600
    assert mixed["edits"] >= 2 and mixed["slider_moves"] >= 1
    assert mixed["wrong_responses"] == 0 and mixed["exception_boxes"] == 0
    assert mixed["rss_samples"], "the server's memory was never sampled"
    for part in ("burst", "mixed", "server_alone"):  # each part's own machine state
        state = report[part]["run"]
        assert state["machine"]["cores_logical"] >= 1 and state["seconds"] > 0
        assert len(state["load_average_before"]) == 3 and len(state["load_average_after"]) == 3
    alone = report["server_alone"]
    assert alone["one_link"]["traces_computed"] == 1  # three sessions, one model run
    assert alone["own_text"]["traces_computed"] == 3
    for burst_alone in (alone["one_link"], alone["own_text"]):
        assert burst_alone["sessions_with_figures"] == 3 and burst_alone["exception_boxes"] == 0
        assert burst_alone["script_runs"] >= 3
        assert 0 < burst_alone["last_script_run_end_s"] < 600
