"""A hostile class against the memory budget, through a real server with real sessions.

    python -m bench hostile-class                      # full size: 12 sessions, budget 2000 MiB
    python -m bench hostile-class --size ci --budget-mb 1200 --out /tmp/ci.json   # CI-sized

A fake Hugging Face cache (``tests/fake_hub.py`` layout) holds BERTs with random weights under
five preset ids (:data:`MODELS`: BERT-base with both pre-training heads, the SST-2 classifier,
multilingual BERT, the NER tagger, BERT-large), full-size or, with ``--size ci``, smaller of the
same kinds (:data:`SHAPES`). A real ``streamlit run app.py`` (:func:`bench.server.app_server`) in
the public profile with ``BERTVIS_MEMORY_BUDGET_MB`` loads them offline by their ids. Sessions
speak Streamlit's websocket protocol (:mod:`bench.protocol`: what a browser sends, without a
browser's own memory and CPU on this machine), ``--waves`` waves of ``--per-wave`` at once; each
session walks through the pages of one :data:`PLANS` entry with its own ~500-token texts (a
512-token pair on multilingual BERT, a batch of 32 sentences for similarity, masked words,
sentiment with attributions, NER, knockouts, the left-to-right run, BERT-large), so nearly every
request is a miss.

A thread samples the resident memory of the server and its children every ``--interval`` s
(:func:`bertvis.memory_budget.process_tree_memory`: RSS, split into anonymous and file-backed
pages), and the kernel's high-water mark of the server process (``VmHWM``) is read at the
end. Each page run is counted as answered (finished, no exception box) and as refused when
it showed one of the budget's messages. Writes one JSON object (``--out``, default
``bench/hostile_class.json``, rendered into ``bench/results.md`` too) with the machine's
state, and exits non-zero when the peak RSS
passed the budget, the server died, or a page ended with an exception box or unfinished.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import ROOT, inputs, machine, protocol, run_async
from bench.server import app_server

#: (preset id, kind, BertConfig changes): the five presets of the class.
MODELS = (
    ("bert-base-uncased", "pretraining", {}),
    ("textattack/bert-base-uncased-SST-2", "sequence-classification", {}),
    ("bert-base-multilingual-cased", "pretraining", {"vocab_size": 119_547}),
    ("dslim/bert-base-NER", "token-classification", {"num_labels": 9}),
    ("bert-large-uncased", "pretraining", {"large": True}),
)
#: Shapes by ``--size``: (base, large) as BertConfig settings.
SHAPES = {
    "full": ({"num_hidden_layers": 12, "num_attention_heads": 12, "hidden_size": 768,
              "intermediate_size": 3072},
             {"num_hidden_layers": 24, "num_attention_heads": 16, "hidden_size": 1024,
              "intermediate_size": 4096}),
    "ci": ({"num_hidden_layers": 4, "num_attention_heads": 12, "hidden_size": 384,
            "intermediate_size": 1536},
           {"num_hidden_layers": 8, "num_attention_heads": 16, "hidden_size": 512,
            "intermediate_size": 2048}),
}
BASE, SST2, MBERT, NER, LARGE = (model_id for model_id, *_ in MODELS)
DEFAULT_OUT = ROOT / "bench" / "hostile_class.json"
#: Messages a refused request shows (their English beginnings, bertvis/strings).
REFUSALS = {"memory_full": "This server is using all the memory it may use",
            "result_too_big": "This result needs about",
            "too_large_budget": "(its weights and one 512-token run)",
            "too_long_for_memory": "is too long to explain within this server's memory"}


def prepare_hub(cache: Path, size: str) -> Path:
    """Save each of :data:`MODELS` once (random weights, seed 0) in ``size`` into the Hugging
    Face cache folder ``cache``, under its preset id; reused when already there."""
    sys.path.insert(0, str(ROOT / "tests"))
    import fake_hub

    base, large = SHAPES[size]
    for model_id, kind, changes in MODELS:
        if (fake_hub.repo_folder(cache, model_id) / "refs" / "main").exists():
            continue
        settings = {**(large if changes.get("large") else base),
                    **{k: v for k, v in changes.items() if k != "large"}}
        with tempfile.TemporaryDirectory(dir=cache.parent) as staging:
            folder = inputs.save_model(Path(staging) / "model", "base", kind, **settings)
            files = {path.name: path for path in folder.iterdir()}
            commit = hashlib.sha1(f"{model_id} {size}".encode()).hexdigest()
            fake_hub.write_snapshot(cache, model_id, commit, files)
    return cache


def _words(tokens: int, offset: int) -> str:
    return inputs.text_of_tokens(tokens, offset=offset)[0]


def _masked(tokens: int, offset: int) -> str:
    """A text of about ``tokens`` tokens with one ``[MASK]`` in the middle."""
    return _words(tokens // 2, offset) + " [MASK] " + _words(tokens // 2 - 1, offset + 1)


def _pair(tokens: int, offset: int) -> dict:
    text_a, text_b = inputs.text_of_tokens(tokens, pair=True, offset=offset)
    return {"text_a": text_a, "text_b": text_b}


def _sentences(count: int, offset: int) -> str:
    return "\n".join(_words(24, offset + i) + f" {offset} {i}." for i in range(count))


def plans(student: int) -> list[tuple[str, dict]]:
    """The pages session ``student`` walks through: (URL path, query), texts its own."""
    n = student * 3
    every = [
        [("attention", {"model": BASE, "text_a": _words(500, n)}),
         ("experiments", {"model": BASE, "exp_task": "pretraining", "exp_tab": "knockout",
                          "exp_heads": "3-4,4-6", "text_a": _masked(500, n)})],
        [("attention", {"model": MBERT, **_pair(512, n)}),
         ("inside-a-layer", {"model": MBERT, **_pair(512, n), "layer": "2"})],
        [("cls-and-similarity", {"model": BASE, "sim_text": _sentences(32, n)}),
         ("masked-words-and-nsp", {"model": BASE,
                                   "text_a": _masked(500, n)})],
        [("sentiment", {"sentiment_model": SST2, "sentiment_method": "gxi",
                        "sentiment_text": _words(500, n)}),
         ("qa-and-tagging", {"tasks_tab": "ner", "ner_model": NER,
                             "ner_text": _words(500, n)})],
        [("attention", {"model": LARGE, "text_a": _words(500, n)}),
         ("attention", {"model": MBERT, "text_a": _words(500, n + 1)})],
        [("experiments", {"model": MBERT, "exp_task": "pretraining", "exp_tab": "causal",
                          "text_a": _masked(500, n)}),
         ("sentiment", {"sentiment_model": SST2, "sentiment_method": "ig",
                        "sentiment_text": _words(120, n)})],
    ]
    return every[student % len(every)]


@dataclass
class Sampler:
    """Samples the RSS of process ``pid`` and its children every ``interval`` s in a thread."""

    pid: int
    interval: float
    samples: int = 0
    peak: dict = field(default_factory=dict)
    alive: bool = True
    _stop: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        from bertvis.memory_budget import process_tree_memory

        while not self._stop.is_set():
            try:
                found = process_tree_memory(self.pid)
            except psutil.Error:
                self.alive = False
                return
            self.samples += 1
            if found.rss > self.peak.get("rss_bytes", 0):
                self.peak = {"rss_bytes": found.rss, "anonymous_bytes": found.anonymous,
                             "file_backed_bytes": found.file_backed,
                             "at_s": round(time.monotonic() - self._started, 1)}
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _high_water_mark(pid: int) -> int:
    """The kernel's record of the most RSS process ``pid`` (not its children) ever held
    (``VmHWM``): catches a spike between two samples."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) * 1024 for line in status.splitlines()
                if line.startswith("VmHWM"))


async def _student(server_url: str, student: int, timeout_s: float) -> list[dict]:
    visits = plans(student)
    rows = []
    first_page, first_query = visits[0]
    async with protocol.session(server_url, first_page, first_query, timeout_s) as session:
        for page, query in visits:
            session.page, session.query_string = page, urlencode(query)
            started = time.monotonic()
            try:
                run = await session.run()
            except TimeoutError:
                rows.append({"student": student, "page": page, "status": "timeout"})
                break
            refused = sorted(code for code, text in REFUSALS.items()
                             if any(text in alert for alert in run.alerts))
            rows.append({"student": student, "page": page,
                         "model": query.get("model") or query.get("sentiment_model")
                         or query.get("ner_model"),
                         "status": run.status, "exceptions": run.exceptions,
                         "figures": run.figures, "bytes_sent": run.bytes, "refused": refused,
                         "alerts": [alert[:160] for alert in run.alerts],
                         "seconds": round(time.monotonic() - started, 1)})
    return rows


async def _class(server_url: str, waves: int, per_wave: int, timeout_s: float) -> list[dict]:
    rows = []
    for wave in range(waves):
        students = range(wave * per_wave, (wave + 1) * per_wave)
        for found in await asyncio.gather(*(_student(server_url, s, timeout_s)
                                            for s in students)):
            rows.extend(found)
    return rows


def run(size: str, budget_mb: int, waves: int, per_wave: int, interval: float,
        work: Path, timeout_s: float = 1800) -> dict:
    """Build the hub (once), start the server, send the class, and report (see the module
    docstring); ``passed`` says whether the budget held with every page answered."""
    cache = prepare_hub(work / f"hub-{size}", size)
    env = {"HF_HUB_CACHE": str(cache), "HF_HUB_OFFLINE": "1", "BERTVIS_PUBLIC": "1",
           "BERTVIS_MEMORY_BUDGET_MB": str(budget_mb), "BERTVIS_WARM_START": "0"}
    with machine.recorded(size=size, budget_mb=budget_mb, sessions=waves * per_wave,
                          waves=waves, sample_interval_s=interval) as state:
        with app_server(work / "logs", env=env) as server:
            sampler = Sampler(server.process.pid, interval)
            rows = run_async(_class(server.url, waves, per_wave, timeout_s))
            sampler.stop()
            alive = server.process.poll() is None and sampler.alive
            high_water = _high_water_mark(server.process.pid) if alive else None
            log = server.log_path.read_text(errors="replace")
    budget = budget_mb * 2**20
    unanswered = [row for row in rows if row["status"] != 0 or row.get("exceptions")]
    state.update({
        "what": "python -m bench hostile-class: a real streamlit server (public profile) and "
                "protocol sessions in waves, models under preset ids in a fake Hub cache",
        "budget_bytes": budget,
        "peak": sampler.peak, "samples": sampler.samples,
        "server_vmhwm_bytes": high_water,
        "peak_within_budget": sampler.peak.get("rss_bytes", 0) <= budget,
        "server_alive_at_end": alive,
        "runs": len(rows), "unanswered": len(unanswered),
        "refused": sum(bool(row.get("refused")) for row in rows),
        "tracebacks_in_log": log.count("Traceback"),
        "rows": rows,
    })
    state["passed"] = state["peak_within_budget"] and alive and not unanswered
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hostile-class",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SHAPES), default="full")
    parser.add_argument("--budget-mb", type=int, default=2000)
    parser.add_argument("--waves", type=int, default=3)
    parser.add_argument("--per-wave", type=int, default=4)
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bertvis-hostile"),
                        help="the fake Hub cache (kept for the next run) and the server's log")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    result = run(args.size, args.budget_mb, args.waves, args.per_wave, args.interval,
                 args.work)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    if args.out == DEFAULT_OUT:  # the results' Markdown shows the benchmark's own run
        from bench import report

        results = json.loads((ROOT / "bench" / "results.json").read_text())
        (ROOT / "bench" / "results.md").write_text(report.markdown(results, result))
    print(json.dumps({k: result[k] for k in ("peak", "budget_bytes", "runs", "unanswered",
                                             "refused", "server_alive_at_end", "passed")}))
    return 0 if result["passed"] else 1
