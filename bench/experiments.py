"""Time the experiments page's head sweep on a BERT-base-shaped model with random weights.

For each input length (wall-clock min/median/max, and the median process CPU seconds): the
exact sweep (every head knocked out alone, batched, prefix reused), Michel et al.'s gradient
proxy (one backward pass), and one plain forward for scale.
Appends one session (machine info, load average at start and end, min/median/max of each) to
``bench/experiments.json``: the machine is shared, so every session is kept with its load.

    python -m bench experiments [--tokens 128 512] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import torch

from bench import ROOT, inputs, machine, timing
from bench.run import MIN_RUNS
from bertvis import importance, models
from bertvis.trace import trace


WHAT = ("144-head single-knockout sweep (exact, batched, prefix reused) and Michel et al.'s "
        "gradient proxy, BERT-base shape (BertConfig defaults: 12 layers x 12 heads, hidden "
        "768), random weights, eval mode, sequence classification, CPU float32; times in ms")


def timed(call, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU seconds (all threads) of ``runs`` calls. On a busy shared
    machine, CPU seconds ÷ torch threads estimates the wall time the same work takes on an
    idle one (an upper bound: threads waiting for a core may spin)."""
    wall, cpu = [], []
    for _ in range(runs):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start_wall)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def _state() -> dict:
    return {**machine.describe(), "load_average": machine.load_average()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench experiments", description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, nargs="+", default=[128, 512])
    parser.add_argument("--runs", type=int, default=MIN_RUNS,
                        help=f"timed runs of each (at least {MIN_RUNS}: min/median/max)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "experiments.json"))
    args = parser.parse_args(argv)
    if args.runs < MIN_RUNS:
        parser.error(f"--runs: at least {MIN_RUNS}")
    torch.manual_seed(0)
    session = {"started": machine.utc_now(),
               "machine_at_start": _state(), "batch_size": importance.BATCH_SIZE,
               "results": []}
    with tempfile.TemporaryDirectory() as folder:
        path = inputs.save_model(Path(folder), "base", "sequence-classification")
        loaded = models.load(str(path), kind="sequence-classification", device="cpu")
        for n_tokens in args.tokens:
            text, _ = inputs.text_of_tokens(n_tokens)
            result = trace(loaded, text)
            assert result.n_tokens == n_tokens, result.n_tokens
            found = importance.objective(loaded, result, "label")
            calls = {
                "exact_sweep": lambda: importance.single_head_probabilities(loaded, result, found),
                "gradient_proxy": lambda: importance.gradient_importance(loaded, result, found),
                "one_forward_trace": lambda: trace(loaded, text),
            }
            row = {"tokens": n_tokens, "heads": loaded.n_layers * loaded.n_heads}
            for name, call in calls.items():
                wall, cpu = timed(call, args.runs)
                row[name] = timing.summary(wall)
                row[name]["cpu_s_per_run_median"] = round(statistics.median(cpu), 2)
            session["results"].append(row)
            print(json.dumps(row), flush=True)
    session["machine_at_end"] = _state()
    out = Path(args.out)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"what": WHAT}
    report.setdefault("sessions", []).append(session)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")

