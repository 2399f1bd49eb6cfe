"""``python -m bertvis bench``: the app's speed, payload and memory, measured and written down.

Sections (each can be chosen on its own):

- ``overhead``: app work on one input ÷ bare transformers forward (16, 128, 512 tokens).
- ``interaction``: server time of a page rerun after a view change / a new text (AppTest), and
  the whole rerun after a new text ÷ a bare forward with attentions, timed alternately.
- ``payload``: bytes the page sends the browser, beside bertviz's HTML for the same input.
- ``memory``: RSS with the default online model set (BERT-base pre-training + classifier).
- ``large``: whether BERT-large fits ~2.7 GB, in float32 and in half-precision weights.
- ``coldstart``: ``streamlit run`` to the first figure in headless Chromium (several runs, the
  warm start on and off alternately, with the server's own run log for where the time went).
- ``sessions``: server RSS with 1, 10 and 20 browser sessions open.

Models are BERT-sized with random weights (same compute as trained ones), built from a
``BertConfig`` and saved to a work folder once; nothing is downloaded.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import inputs, machine, report

SECTIONS = ("overhead", "interaction", "payload", "memory", "large", "coldstart", "sessions")
QUICK_SECTIONS = ("overhead", "interaction", "payload", "memory")


@dataclass
class Options:
    sections: tuple[str, ...] = SECTIONS
    size: str = "base"
    overhead_tokens: tuple[int, ...] = (16, 128, 512)
    interaction_tokens: tuple[int, ...] = (128, 512)
    payload_tokens: tuple[int, ...] = (32, 128, 512)
    session_counts: tuple[int, ...] = (10, 20)
    repeats: int = 7
    coldstart_runs: int = 5
    large_dtypes: tuple[str, ...] = ("float32", "float16", "bfloat16")
    merge: bool = False  # keep the other sections of an existing results.json
    out: Path = Path("bench")
    work: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "bertvis-bench")

    @classmethod
    def quick(cls, **overrides) -> "Options":
        """CI-sized: small inputs, few repeats, no browser."""
        settings = dict(sections=QUICK_SECTIONS, overhead_tokens=(16, 128),
                        interaction_tokens=(128,), payload_tokens=(32, 128), repeats=3)
        settings.update(overrides)
        return cls(**settings)


def model_dir(options: Options, kind: str) -> str:
    return str(inputs.save_model(options.work / f"{options.size}-{kind}", options.size, kind))


def run(options: Options) -> dict:
    """Run the chosen sections; write ``results.json`` and ``results.md`` under ``options.out``."""
    from . import app_runs

    previous = options.out / "results.json"
    results: dict = json.loads(previous.read_text()) if options.merge and previous.exists() else {}
    results |= {"machine": machine.describe(), "model_size": options.size,
                "model_shape": dict(zip(("layers", "heads", "hidden", "ffn"),
                                        inputs.SIZES[options.size])),
                "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    page_model = lambda: model_dir(options, app_runs.scenario().model_kind)  # noqa: E731
    for section in options.sections:
        start = time.perf_counter()
        load_before = machine.describe()["load_average"]
        if section == "overhead":
            from . import overhead

            value = overhead.measure(model_dir(options, "pretraining"), options.overhead_tokens,
                                     options.repeats)
        elif section == "interaction":
            value = app_runs.interaction(page_model(), options.interaction_tokens,
                                         max(3, options.repeats))
        elif section == "payload":
            value = app_runs.payload(page_model(), options.payload_tokens)
        elif section == "memory":
            from . import memory

            value = memory.run_probe("app_models", model_dir(options, "pretraining"),
                                     model_dir(options, "sequence-classification"), 512)
        elif section == "large":
            from . import memory

            value = {dtype: memory.run_probe("large", dtype, 512)
                     for dtype in options.large_dtypes}
        elif section == "coldstart":
            from . import browser_runs

            value = browser_runs.cold_start(page_model(), options.work / "logs",
                                            options.coldstart_runs)
        elif section == "sessions":
            from . import browser_runs

            value = browser_runs.sessions(page_model(), options.work / "logs",
                                          options.session_counts)
        else:
            raise ValueError(f"unknown section {section!r}; choose from {SECTIONS}")
        results[section] = value
        results.setdefault("section_seconds", {})[section] = round(time.perf_counter() - start, 1)
        results.setdefault("section_load_average", {})[section] = {
            "before": load_before, "after": machine.describe()["load_average"]}
    results["load_average_after"] = machine.describe()["load_average"]
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (options.out / "results.md").write_text(report.markdown(results))
    return results
