"""A hostile class against the memory budget: students switching between every preset-sized model.

    python -m bench hostile-class                       # 6 students × 4 rounds, budget 2000 MiB
    python -m bench hostile-class --students 3 --rounds 2 --out /tmp/small.json

The models are BERTs with random weights of the presets' real shapes (BERT-base, BERT-large
24×16/1024, multilingual vocab 119,547, Japanese vocab 32,768, the fine-tuned task models), saved
once to ``--models`` (reused on the next run) with the packaged uncased tokenizer. A fresh child
process then runs the app's real cache layer (``bertvis.ui.cache``: one byte-budgeted store) in
the public profile, the model folders being the deployer's allowlist, with ``--students``
threads: each round a student switches to the next model and asks for a 512-token text and a
512-token sentence pair, plus what the pages derive from them (rollout, head means, the head
field guide, the mosaic; the norm views, one whole layer recomputed and the left-to-right run on
pre-training models; an attribution on classifiers; a two-head knockout on every model; not the
head-importance sweeps, which take minutes each at 512 tokens), each student with its own texts, so
every trace is a miss. The parent samples the child's RSS every 20 ms; the child reports the
kernel's high-water mark (``VmHWM``), its refusals and the store's evictions.

Writes one JSON object (``--out``, default ``bench/hostile_class.json``) with the machine's state
(nproc, load average before and after, total memory) and exits non-zero when the peak RSS
passed the budget or the child died.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from bench import ROOT

#: (name, kind, BertConfig changes, labels): the presets' shapes (see bertvis/presets.py).
SHAPES = (
    ("bert-base", "pretraining", {}, 0),
    ("bert-large", "pretraining",
     {"num_hidden_layers": 24, "num_attention_heads": 16, "hidden_size": 1024,
      "intermediate_size": 4096}, 0),
    ("mbert", "pretraining", {"vocab_size": 119_547}, 0),
    ("ja-bert", "pretraining", {"vocab_size": 32_768}, 0),
    ("sst2", "sequence-classification", {}, 2),
    ("nlptown-stars", "sequence-classification", {"vocab_size": 105_879}, 5),
    ("squad", "question-answering", {}, 0),
    ("conll-ner", "token-classification", {"vocab_size": 28_996}, 9),
)
WORDS = ("apple river window garden doctor music winter bridge coffee forest island mountain "
         "teacher library summer village camera market letter ocean pencil rabbit school").split()


def prepare(folder: Path) -> dict[str, str]:
    """Save each shape once (random weights, seed 0); return name → folder."""
    from bench import inputs

    found = {}
    for name, kind, changes, labels in SHAPES:
        settings = {**changes, **({"num_labels": labels} if labels else {})}
        found[name] = str(inputs.save_model(folder / name, "base", kind, **settings))
    return found


def text_for(student: int, round_: int, words: int) -> str:
    """A text of ``words`` words no other student or round uses."""
    return " ".join(WORDS[(student * 7 + round_ * 3 + i * (student + 2)) % len(WORDS)]
                    for i in range(words)) + f" {student} {round_}"


def child(args: argparse.Namespace) -> None:
    """The measured process: the app's cache layer under a hostile class."""
    import torch

    torch.set_num_threads(args.threads)
    from bertvis import memory_budget, models
    from bertvis.errors import BertvisError
    from bertvis import trace as tracing
    from bertvis.analysis import Analysis, load_model
    from bertvis.models import ModelKey
    from bertvis.ui import cache

    folders = json.loads(args.child)
    baseline = memory_budget.process_rss()
    store = cache.store()
    refusals: list[dict] = []
    errors: list[str] = []
    computed = {"traces": 0, "loads": 0}
    lock = threading.Lock()
    real_trace, real_load = tracing.trace, models.load

    def counting_trace(*a, **k):
        with lock:
            computed["traces"] += 1
        return real_trace(*a, **k)

    def counting_load(*a, **k):
        with lock:
            computed["loads"] += 1
        return real_load(*a, **k)

    tracing.trace, models.load = counting_trace, counting_load
    names = [name for name, *_ in SHAPES]
    kinds = {name: kind for name, kind, *_ in SHAPES}

    def student(number: int) -> None:
        for round_ in range(args.rounds):
            name = names[(number + round_) % len(names)]
            try:
                key = ModelKey(folders[name], kinds[name], "cpu", "float32")
                load_model(key)
                one = Analysis.of(key, text_for(number, round_, 600))
                one.trace  # noqa: B018 - a Trace computed and kept
                pair = Analysis.of(key, text_for(number, round_ + 50, 300),
                                   text_for(number, round_ + 90, 300))
                pair.trace  # noqa: B018
                if kinds[name] == "pretraining":
                    one.rollout()
                    pair.layer_means()
                    one.head_stats()
                    one.mosaic_cells(64)
                    one.norm_rollout()  # norm views (value norms too)
                    pair.norm_mosaic_cells(64)
                    one.layer_pass(0)
                    pair.causal_trace()
                elif kinds[name] == "sequence-classification":
                    one.attribution("gxi")
                one.knockout_trace("1-1,2-3")
            except BertvisError as exc:
                with lock:
                    refusals.append({"student": number, "model": name, "code": exc.code})
            except Exception as exc:  # noqa: BLE001 - reported, never hidden
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}"[:300])

    started = time.monotonic()
    threads = [threading.Thread(target=student, args=(n,)) for n in range(args.students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status = Path("/proc/self/status").read_text()
    hwm = next(int(line.split()[1]) * 1024 for line in status.splitlines()
               if line.startswith("VmHWM"))
    print(json.dumps({
        "baseline_rss_bytes": baseline,
        "store_capacity_bytes": store.capacity,
        "peak_rss_bytes_vmhwm": hwm,
        "final_rss_bytes": memory_budget.process_rss(),
        "seconds": round(time.monotonic() - started, 1),
        "refusals": refusals,
        "errors": errors,
        "model_loads": computed["loads"],
        "traces_computed": computed["traces"],
        "store": {
            "entries_at_end": len(store), "used_bytes_at_end": store.used,
            "peak_used_bytes": store.stats.peak_used_bytes, "hits": store.stats.hits,
            "computed": store.stats.computed, "evictions": store.stats.evictions,
            "evicted_bytes": store.stats.evicted_bytes,
        },
        "needed_bytes_by_model": {
            name: models.needed_bytes(*_config_and_count(folders[name], kinds[name]))
            for name in names
        },
    }))


def _config_and_count(folder: str, kind: str):
    import torch
    from transformers import AutoConfig

    from bertvis.models import count_parameters

    config = AutoConfig.from_pretrained(folder)
    return config, count_parameters(config, kind), torch.float32


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hostile-class", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--budget-mb", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2, help="torch threads in the child")
    parser.add_argument("--models", type=Path, default=Path("/tmp/bertvis-hostile-models"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "hostile_class.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    from bench import machine

    folders = prepare(args.models)
    load_before = machine.load_average()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "BERTVIS_PUBLIC": "1",
           "BERTVIS_MEMORY_BUDGET_MB": str(args.budget_mb),
           "BERTVIS_ALLOWED_MODELS": ",".join(folders.values())}
    command = [sys.executable, "-m", "bench", "hostile-class", "--child", json.dumps(folders),
               "--students", str(args.students), "--rounds", str(args.rounds),
               "--threads", str(args.threads)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, cwd=ROOT)
    watched = psutil.Process(process.pid)
    samples = []
    while process.poll() is None:
        try:
            samples.append(watched.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    out, _ = process.communicate()
    budget = args.budget_mb * 2**20
    report = json.loads(out) if process.returncode == 0 and out else {}
    peak = max(samples + [report.get("peak_rss_bytes_vmhwm", 0)])
    result = {
        "what": "python -m bench hostile-class: students switching between preset-sized random BERTs "
                "(512-token texts and pairs) through bertvis.ui.cache in the public profile",
        "machine": {
            "nproc": os.cpu_count(), "total_memory_bytes": psutil.virtual_memory().total,
            "load_average_before": load_before,
            "load_average_after": machine.load_average(),
            "python": platform.python_version(),
        },
        "students": args.students, "rounds": args.rounds, "torch_threads": args.threads,
        "budget_bytes": budget,
        "child_exit_code": process.returncode,
        "peak_rss_bytes_sampled": max(samples, default=0),
        "peak_rss_bytes": peak,
        "peak_within_budget": process.returncode == 0 and peak <= budget,
        **report,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("peak_rss_bytes", "budget_bytes",
                                             "peak_within_budget", "child_exit_code")}))
    return 0 if result["peak_within_budget"] else 1

