"""The benchmark's own parts: exact-length inputs, the report, and a tiny end-to-end run."""

from __future__ import annotations

import json

import pytest

from bench import Options, inputs, report, run
from bench.overhead import attention_page_work
from bertvis.cli import COMMANDS, build_parser


@pytest.mark.parametrize("n", [16, 128, 512])
@pytest.mark.parametrize("pair", [False, True])
def test_texts_have_exactly_the_asked_token_count(n, pair):
    text_a, text_b = inputs.text_of_tokens(n, pair=pair)
    assert len(inputs.tokenizer()(text_a, text_b)["input_ids"]) == n
    assert (text_b is not None) == pair
    assert inputs.text_of_tokens(n, offset=1)[0] != text_a


def test_attention_page_work_is_the_pages_first_view(minilm):
    from bertvis.trace import trace

    result = trace(minilm, "the cat sat on the mat .")
    work = attention_page_work(result, layer=2, head=3)
    assert work["cut"].values.shape == (result.n_tokens, result.n_tokens)
    assert work["cut"].values == pytest.approx(result.attentions[2, 3])
    assert work["cells"].shape[:2] == (result.n_layers, result.n_heads)
    assert all('"type":"heatmap"' in fig for fig in work["json"])


def test_bench_is_a_command_with_sections():
    assert "bench" in COMMANDS
    args = build_parser().parse_args(["bench", "--quick", "--sections", "overhead",
                                      "--tokens", "16,32"])
    assert args.tokens == (16, 32) and args.sections == "overhead" and args.quick


def test_tiny_run_writes_json_and_markdown(tmp_path):
    options = Options.quick(sections=("overhead", "payload"), size="tiny", repeats=1,
                            overhead_tokens=(16,), payload_tokens=(32,), out=tmp_path / "out",
                            work=tmp_path / "work")
    results = run(options)
    saved = json.loads((tmp_path / "out" / "results.json").read_text())
    assert saved["overhead"][0]["tokens"] == 16
    assert saved["machine"]["gpu"] and saved["machine"]["cores_logical"] >= 1
    rows = results["payload"]["rows"]
    assert [(r["tokens"], r["pair"]) for r in rows] == [(32, False), (32, True)]
    assert all(r["first_view_bytes"] > 1000 for r in rows)
    assert all(r["bertviz"]["head_view_bytes"] > 10_000 for r in rows)
    text = (tmp_path / "out" / "results.md").read_text()
    assert "## Engine overhead" in text and "## Payload" in text and "no GPU" in text


def test_report_renders_every_section():
    fake = {"machine": {"cpu": "x", "cores_logical": 2, "torch_threads": 2, "ram_gib": 1,
                        "load_average": [0, 0, 0], "gpu": "no GPU available", "python": "3",
                        "torch": "t", "transformers": "t", "os": "linux"},
            "model_size": "tiny", "model_shape": {"layers": 2, "heads": 4, "hidden": 64, "ffn": 1},
            "started": "now",
            "coldstart": {"page": "p", "tokens": 128, "server_healthy_s": 1, "first_figure_s": 2,
                          "runs": 5, "load_average_before": [1, 1, 1],
                          "load_average_after": [2, 1, 1],
                          "variants": {"warm_start_on": {
                              key: {"median": 2.5, "min": 2.0, "max": 3.0, "n": 5}
                              for key in ("server_healthy_s", "script_start_s",
                                          "script_end_s", "first_figure_s")}}},
            "interaction": {"page": "p", "rows": [{
                "tokens": 128, "hit": {"median_ms": 40, "min_ms": 30, "max_ms": 50, "runs": 5},
                "miss": {"median_ms": 300, "min_ms": 250, "max_ms": 350, "runs": 5},
                "bare": {"median_ms": 200, "min_ms": 190, "max_ms": 220, "runs": 5},
                "miss_over_bare": 1.5,
                "miss_over_bare_pairs": {"median": 1.5, "min": 1.2, "max": 1.8, "n": 5}}]},
            "section_load_average": {"interaction": {"before": [0.5, 1, 1],
                                                     "after": [0.7, 1, 1]}},
            "sessions": {"page": "p", "tokens": 128, "rows": [{"sessions": 1,
                                                               "same_link_rss_mib": 10}]},
            "large": {"float16": {"error": "boom"}}}
    text = report.markdown(fake)
    assert "first figure drawn 2 s" in text and "failed: boom" in text
    assert "| warm start on | 2.50 (2.00–3.00) |" in text
    assert "| 128 | 5 | 40 (30–50) | 300 (250–350) | 200 (190–220) | 1.50 | 1.20–1.80 |" in text
    assert "Load average before this section [0.5, 1, 1], after [0.7, 1, 1]." in text
