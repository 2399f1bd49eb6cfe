"""The example notebooks in examples/ run from top to bottom (nbclient, a real ipykernel),
offline on the packaged MiniLM, and show what they say they show."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def analyze_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.read(ROOT / "examples" / "analyze.ipynb", as_version=4)
    with pytest.MonkeyPatch.context() as patch:  # the kernel, a child process, inherits these
        patch.setenv("PYTHONPATH", os.pathsep.join(
            filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))))
        patch.setenv("HF_HUB_OFFLINE", "1")
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "examples")}}).execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[list[dict]]:
    return [cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"]


def shown(cell: list[dict]) -> dict:
    """What a code cell displayed (its result), by MIME type."""
    return next(o["data"] for o in cell if "data" in o)


def test_the_analyze_notebook_runs_and_shows_float32_weights_figures_and_bertviz(
        analyze_notebook):
    cells = outputs(analyze_notebook)
    assert not [o for cell in cells for o in cell if o["output_type"] == "error"]
    assert "showing the packaged MiniLM" in "".join(o.get("text", "") for o in cells[0])
    assert shown(cells[0])["text/plain"].startswith("['[CLS]',\n 'the',\n 'animal',")
    printed = "".join(o.get("text", "") for o in cells[1])
    assert "(6, 12, 16, 16) float32" in printed and "rows sum to 1: True" in printed
    titles = [shown(cell)["application/vnd.plotly.v1+json"]["layout"]["title"]["text"]
              for cell in cells[3:8]]
    assert titles == ["All heads: layers ↓ × heads → (click one)", "Layer 5 · head 12",
                      "Rollout through layer 6", "Share on [CLS], [SEP] and punctuation: "
                      "weight (solid) vs norm (dashed)", "Cosine similarity at layer 6"]
    assert shown(cells[8])["text/html"].startswith('<iframe srcdoc="&lt;')
