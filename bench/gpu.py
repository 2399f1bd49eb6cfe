"""The GPU section: one BERT-base forward at 512 tokens with attentions, in float16, on CUDA.

Goal: ≤ 5 ms per forward on an H200 (``GOAL_MS``). Times the bare transformers forward
(eager attention, ``output_attentions=True``, synchronised after each call) and the app's whole
``trace()`` (the same forward plus the copy of every tensor the pages read back to the CPU),
min/median/max over ``--runs``; appends one session (machine, load average before and after) to
``bench/gpu.json``. Without CUDA it says so and exits with status 2.

    python -m bench gpu [--tokens 512] [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

from bench import ROOT, inputs, machine, timing
from bench.run import MIN_RUNS

GOAL_MS = 5.0
WHAT = ("BERT-base shape (12 x 12, hidden 768), random weights, masked-LM + NSP heads, eager "
        "attention with attentions returned, float16 on CUDA; ms per forward")


def cuda_seconds(call, runs: int, warmup: int = 3) -> list[float]:
    """Wall seconds of ``runs`` calls, each waited for on the GPU (``torch.cuda.synchronize``)."""
    for _ in range(warmup):
        call()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench gpu", description=__doc__)
    parser.add_argument("--tokens", type=int, default=512)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", default=str(ROOT / "bench" / "gpu.json"))
    args = parser.parse_args(argv)
    if not torch.cuda.is_available():
        print("bench gpu: no CUDA device here (torch.cuda.is_available() is False); "
              "run it on a GPU machine", file=sys.stderr)
        return 2
    from bertvis import models
    from bertvis.trace import trace

    runs = max(args.runs, MIN_RUNS)
    with machine.recorded(section="gpu", size="base", tokens=args.tokens,
                          dtype="float16") as state, tempfile.TemporaryDirectory() as folder:
        path = inputs.save_model(Path(folder), "base", "pretraining")
        loaded = models.load(str(path), device="cuda", dtype="float16")
        assert loaded.dtype is torch.float16 and loaded.device == "cuda"
        text, _ = inputs.text_of_tokens(args.tokens)
        feed = loaded.tokenizer(text, return_tensors="pt").to("cuda")
        assert feed["input_ids"].shape[1] == args.tokens, feed["input_ids"].shape

        def forward():
            with torch.inference_mode():
                out = loaded.encoder(**feed, output_attentions=True)
            assert len(out.attentions) == loaded.n_layers
            return out

        forward_ms = timing.summary(cuda_seconds(forward, runs))
        trace_ms = timing.summary(cuda_seconds(lambda: trace(loaded, text), runs))
        state.update(device=torch.cuda.get_device_name(0), forward=forward_ms, trace=trace_ms,
                     goal_ms=GOAL_MS, meets_goal=forward_ms["median_ms"] <= GOAL_MS)
    print(json.dumps(state, indent=1))
    out = Path(args.out)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"what": WHAT}
    report.setdefault("sessions", []).append(state)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"forward median {forward_ms['median_ms']} ms (goal <= {GOAL_MS} ms): "
          f"{'met' if state['meets_goal'] else 'MISSED'}")
    return 0
