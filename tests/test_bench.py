"""The benchmark's own parts (top-level ``bench/``, imported from the checkout): exact-length
inputs, the report with each section's run state, a tiny end-to-end run, and the boundary
between the app's package and its tools."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from bench import ROOT, inputs, report
from bench.overhead import attention_page_work
from bench.run import MIN_RUNS, Options, parser, run


@pytest.mark.parametrize("n", [16, 128, 512])
@pytest.mark.parametrize("pair", [False, True])
def test_texts_have_exactly_the_asked_token_count(n, pair):
    text_a, text_b = inputs.text_of_tokens(n, pair=pair)
    assert len(inputs.tokenizer()(text_a, text_b)["input_ids"]) == n
    assert (text_b is not None) == pair
    assert inputs.text_of_tokens(n, offset=1)[0] != text_a


def test_attention_page_work_is_the_pages_first_view(minilm):
    from bertvis import attention
    from bertvis.trace import trace

    result = trace(minilm, "the cat sat on the mat .")
    work = attention_page_work(result, layer=2, head=3)
    assert work["cut"].values.shape == (result.n_tokens, result.n_tokens)
    assert work["cut"].values == pytest.approx(result.attentions[2, 3])
    assert work["cells"].shape[:2] == (result.n_layers, result.n_heads)
    assert all('"type":"heatmap"' in fig for fig in work["json"])
    # MiniLM is 6 × 12: 384 pixels over 12 heads, 32 cells a head (9 tokens: not pooled)
    assert attention.mosaic_cell_size(result.n_layers, result.n_heads) == 32
    assert work["cells"].shape[-1] == result.n_tokens


def test_the_mosaic_cell_size_is_the_pages():
    """The pages and the benchmark call one function: 384 pixels over the grid's longer side,
    never under 8 cells (BERT-large 24 × 16: 16; a 64-layer model: 8)."""
    from bertvis.attention import mosaic_cell_size

    assert [mosaic_cell_size(12, 12), mosaic_cell_size(24, 16), mosaic_cell_size(64, 4)] == \
        [32, 16, 8]
    for page in ("attention.py", "experiments.py"):
        source = (ROOT / "bertvis" / "ui" / "views" / page).read_text()
        assert "mosaic_cell_size(" in source and "MOSAIC_PIXELS" not in source, page


def test_the_run_command_takes_sections_and_sizes():
    args = parser().parse_args(["--quick", "--sections", "overhead", "--tokens", "16,32"])
    assert args.tokens == (16, 32) and args.sections == "overhead" and args.quick
    with pytest.raises(ValueError, match=f"at least {MIN_RUNS} runs"):
        Options(repeats=MIN_RUNS - 1)
    with pytest.raises(ValueError, match="unknown sections"):
        Options(sections=("overhead", "speed"))


def test_python_m_bench_lists_its_commands():
    done = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert ("usage: python -m bench {run,loadtest,hostile-class,experiments,rehearse,gpu,corpus}"
            in done.stderr)


def test_the_gpu_section_and_check_say_plainly_that_there_is_no_cuda():
    """Tests hide CUDA from the processes they start (CUDA_VISIBLE_DEVICES, tests/conftest.py),
    so this holds on a GPU machine too."""
    done = subprocess.run([sys.executable, "-m", "bench", "gpu"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (2, "bench gpu: no CUDA device here (torch.cuda."
                                              "is_available() is False); run it on a GPU "
                                              "machine\n")
    done = subprocess.run(["bash", "scripts/gpu_check.sh"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False, env={
                              **os.environ, "PY": sys.executable})
    assert done.returncode == 2 and "gpu_check: no CUDA device" in done.stderr


def test_tiny_run_writes_each_sections_run_state(tmp_path):
    """A quick run of two sections (overhead in this process, payload on a real server's wire)
    writes, for each section, the machine, the load average before and after, and timings
    over at least MIN_RUNS runs; the Markdown says it under each section."""
    options = Options.quick(sections=("overhead", "payload"), size="tiny",
                            overhead_tokens=(16,), payload_tokens=(32,), out=tmp_path / "out",
                            work=tmp_path / "work")
    run(options)
    saved = json.loads((tmp_path / "out" / "results.json").read_text())
    assert saved["format"] == 2 and set(saved["sections"]) == {"overhead", "payload"}
    assert "machine" not in saved  # no one header for sections that may come from other runs
    for entry in saved["sections"].values():
        state = entry["run"]
        assert state["machine"]["cores_logical"] >= 1 and state["machine"]["gpu"]
        assert len(state["load_average_before"]) == 3 and len(state["load_average_after"]) == 3
        assert state["model_size"] == "tiny" and state["model_shape"]["layers"] == 2
        assert state["started"].endswith("UTC") and state["seconds"] > 0
    overhead = saved["sections"]["overhead"]["result"][0]
    assert overhead["tokens"] == 16 and overhead["app"]["runs"] == MIN_RUNS
    assert overhead["app"]["min_ms"] <= overhead["app"]["median_ms"] <= overhead["app"]["max_ms"]
    rows = saved["sections"]["payload"]["result"]["rows"]
    assert [(r["tokens"], r["pair"]) for r in rows] == [(32, False), (32, True)]
    assert all(r["first_view_bytes"] > 1000 for r in rows)
    assert all(r["view_change_bytes"] > 1000 for r in rows)
    assert all(r["bertviz"]["head_view_bytes"] > 10_000 for r in rows)
    text = (tmp_path / "out" / "results.md").read_text()
    assert "## Engine overhead" in text and "## Payload" in text
    assert text.count("Load average before [") == 2 and text.count("no GPU") == 2


def test_a_merge_keeps_each_sections_own_state(tmp_path):
    """Merging a new section into a file keeps the old section's run state as it was."""
    out = tmp_path / "out"
    out.mkdir()
    old_state = {"started": "2026-01-01 00:00:00 UTC", "machine": None,
                 "load_average_before": [9.0, 9.0, 9.0], "load_average_after": [8.0, 8.0, 8.0],
                 "seconds": 1.0, "model_size": "base",
                 "model_shape": {"layers": 12, "heads": 12, "hidden": 768, "ffn": 3072}}
    (out / "results.json").write_text(json.dumps({"format": 2, "sections": {
        "memory": {"run": old_state, "result": {"error": "old"}}}}))
    run(Options.quick(sections=("overhead",), size="tiny", overhead_tokens=(16,), out=out,
                      work=tmp_path / "work", merge=True))
    saved = json.loads((out / "results.json").read_text())["sections"]
    assert saved["memory"]["run"] == old_state
    assert saved["overhead"]["run"]["load_average_before"] != old_state["load_average_before"]
    text = (out / "results.md").read_text()
    assert "Load average before [9.0, 9.0, 9.0], after [8.0, 8.0, 8.0]." in text
    assert "Machine: not recorded for this section." in text


def _imports(path) -> set[str]:
    """Top-level module names ``path`` imports (any nesting: inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_the_package_holds_no_benchmark_and_only_its_ui_imports_streamlit():
    package = ROOT / "bertvis"
    assert not (package / "bench").exists()
    importing_bench = [str(p.relative_to(ROOT)) for p in package.rglob("*.py")
                       if "bench" in _imports(p)]
    assert importing_bench == []
    engine_with_streamlit = [str(p.relative_to(ROOT)) for p in package.rglob("*.py")
                             if "streamlit" in _imports(p) and "ui" not in p.relative_to(
                                 package).parts[:1]]
    assert engine_with_streamlit == []
    assert "streamlit" in _imports(package / "ui" / "runs.py")  # the check sees Streamlit


def test_report_renders_every_section_under_its_own_state():
    state = {"started": "now", "seconds": 3.5,
             "machine": {"cpu": "x", "cores_logical": 2, "torch_threads": 2, "ram_gib": 1,
                         "gpu": "no GPU available", "python": "3", "torch": "t",
                         "transformers": "t", "os": "linux"},
             "load_average_before": [0.5, 1, 1], "load_average_after": [0.7, 1, 1],
             "model_size": "tiny", "model_shape": {"layers": 2, "heads": 4, "hidden": 64,
                                                   "ffn": 1}}
    unrecorded = {"started": None, "machine": None, "load_average_before": None,
                  "seconds": 398.1, "note": "measured long ago"}
    timings = {"median_ms": 40, "min_ms": 30, "max_ms": 50, "runs": 5}
    results = {"format": 2, "sections": {
        "coldstart": {"run": state, "result": {
            "page": "p", "tokens": 128, "server_healthy_s": 1, "first_figure_s": 2, "runs": 5,
            "variants": {"warm_start_on": {
                key: {"median": 2.5, "min": 2.0, "max": 3.0, "n": 5}
                for key in ("server_healthy_s", "script_start_s", "script_end_s",
                            "first_figure_s")}}}},
        "overhead": {"run": state, "result": [
            {"tokens": 16, "app": timings, "bare": timings, "ratio": 1.0}]},
        "interaction": {"run": state, "result": {"page": "p", "rows": [{
            "tokens": 128, "hit": timings,
            "miss": {"median_ms": 300, "min_ms": 250, "max_ms": 350, "runs": 5},
            "bare": {"median_ms": 200, "min_ms": 190, "max_ms": 220, "runs": 5},
            "miss_over_bare": 1.5,
            "miss_over_bare_pairs": {"median": 1.5, "min": 1.2, "max": 1.8, "n": 5}}]}},
        "sessions": {"run": unrecorded, "result": {"page": "p", "tokens": 128, "rows": [
            {"sessions": 1, "same_link_rss_mib": 10}]}},
        "large": {"run": state, "result": {"float16": {"error": "boom"}}}}}
    text = report.markdown(results)
    assert "first figure drawn 2 s" in text and "| float16 | failed: boom |" in text
    assert "| warm start on | 2.50 (2.00–3.00) |" in text
    assert "| 16 | 40 (30–50) | 40 (30–50) | 1.00 | 5 |" in text
    assert "| 128 | 5 | 40 (30–50) | 300 (250–350) | 200 (190–220) | 1.50 | 1.20–1.80 |" in text
    measured = ("Measured now, 3.5 s. Machine: x, 2 logical cores (nproc ?, 2 torch threads), "
                "1 GiB RAM, no GPU available; Python 3, torch t, transformers t, linux. Load "
                "average before [0.5, 1, 1], after [0.7, 1, 1]. Model: BERT-tiny shape (2 layers "
                "× 4 heads, hidden 64), random weights.")
    assert text.count(measured) == 4  # cold start, overhead, interaction, large
    sessions = text[text.index("## Memory with concurrent sessions"):]
    assert ("Measured at a time not recorded, 398.1 s. Machine: not recorded for this section. "
            "Load average: not recorded for this section. Note: measured long ago.") in sessions
