"""``python -m bench run``: the app's speed, payload and memory, measured and written down.

Sections (each can be chosen on its own):

- ``overhead``: app work on one input ÷ bare transformers forward (16, 128, 512 tokens).
- ``interaction``: time of a page rerun after a view change / a new text on a real server
  (request to ``script_finished`` on the wire), and the rerun after a new text ÷ a bare forward
  with attentions, timed alternately.
- ``payload``: bytes the page sends a new session on the wire, beside bertviz's HTML for the
  same input.
- ``memory``: RSS with the default online model set (BERT-base pre-training + classifier).
- ``large``: whether BERT-large fits ~2.7 GB, in float32 and in half-precision weights.
- ``coldstart``: ``streamlit run`` to the first figure in headless Chromium (several runs, the
  warm start on and off alternately, with the server's own run log for where the time went).
- ``sessions``: server RSS with 1, 10 and 20 browser sessions open.
- ``wire``: bytes on the wire when each view-only control of the attention page moves (128
  tokens), and each such rerun's seconds.
- ``wake``: the attention page's plain link on a fresh server and on one up 20 s, the default
  model on disk, with the server warming itself as it starts (``st.App``) and today's path
  (:mod:`bench.wake`).

Models are BERT-sized with random weights (same compute as trained ones), built from a
``BertConfig`` and saved to a work folder once; nothing is downloaded.

``results.json`` holds one entry per section under ``"sections"``: ``"result"`` (the figures)
and ``"run"`` (when it ran, the machine, the load average before and after, the model shape:
:func:`bench.machine.recorded`), so a file that merges sections from several runs says, for
each, the state it was measured in. Timings are min/median/max over at least ``MIN_RUNS``.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT, inputs, machine, report

SECTIONS = ("overhead", "interaction", "payload", "memory", "large", "coldstart", "sessions",
            "wire", "wake")
QUICK_SECTIONS = ("overhead", "interaction", "payload", "memory")
#: The fewest timed runs a spread (min/median/max) is taken over.
MIN_RUNS = 5
#: Version of results.json's layout: 2 is sections with their own run state.
FORMAT = 2


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
    out: Path = ROOT / "bench"
    work: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "bertvis-bench")

    def __post_init__(self) -> None:
        if min(self.repeats, self.coldstart_runs) < MIN_RUNS:
            raise ValueError(f"a spread needs at least {MIN_RUNS} runs")
        unknown = set(self.sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")

    @classmethod
    def quick(cls, **overrides) -> "Options":
        """CI-sized: small inputs, the fewest repeats, no browser."""
        settings = dict(sections=QUICK_SECTIONS, overhead_tokens=(16, 128),
                        interaction_tokens=(128,), payload_tokens=(32, 128), repeats=MIN_RUNS)
        settings.update(overrides)
        return cls(**settings)


def model_dir(options: Options, kind: str) -> str:
    return str(inputs.save_model(options.work / f"{options.size}-{kind}", options.size, kind))


def measure(options: Options, section: str):
    """The figures of one section."""
    if section == "overhead":
        from . import overhead

        return overhead.measure(model_dir(options, "pretraining"), options.overhead_tokens,
                                options.repeats)
    if section in ("memory", "large"):
        from . import memory

        if section == "large":
            return {dtype: memory.run_probe("large", dtype, 512)
                    for dtype in options.large_dtypes}
        return memory.run_probe("app_models", model_dir(options, "pretraining"),
                                model_dir(options, "sequence-classification"), 512)
    if section == "wake":
        from . import wake

        return wake.wake(options.work, options.coldstart_runs)
    from . import app_runs, browser_runs

    # The page's model, saved only for the sections that open the page.
    page_model = model_dir(options, app_runs.scenario().model_kind)
    logs = options.work / "logs"
    if section == "interaction":
        return app_runs.interaction(page_model, options.interaction_tokens, options.repeats, logs)
    if section == "payload":
        return app_runs.payload(page_model, options.payload_tokens, logs)
    if section == "wire":
        return app_runs.wire(page_model, 128, options.repeats, logs)
    if section == "coldstart":
        return browser_runs.cold_start(page_model, logs, options.coldstart_runs)
    return browser_runs.sessions(page_model, logs, options.session_counts)


def run(options: Options) -> dict:
    """Run the chosen sections, each with its own run state; write ``results.json`` and
    ``results.md`` under ``options.out`` (with ``merge``, the file's other sections stay)."""
    previous = options.out / "results.json"
    results: dict = json.loads(previous.read_text()) if options.merge and previous.exists() else {}
    results["format"] = FORMAT
    sections = results.setdefault("sections", {})
    for section in options.sections:
        size = "large" if section == "large" else options.size  # that probe's own model
        shape = dict(zip(("layers", "heads", "hidden", "ffn"), inputs.SIZES[size]))
        with machine.recorded(model_size=size, model_shape=shape) as state:
            value = measure(options, section)
        sections[section] = {"run": state, "result": value}
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    (options.out / "results.md").write_text(
        report.markdown(results, report.load_hostile_class(options.out)))
    return results


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(prog="python -m bench run",
                                    description="measure speed, payload and memory; write "
                                    "bench/results.{json,md}")
    found.add_argument("--sections", default=None,
                       help=f"comma-separated, from {','.join(SECTIONS)} (default: all; "
                       f"--quick: {','.join(QUICK_SECTIONS)})")
    found.add_argument("--quick", action="store_true", help="CI-sized: small inputs, no browser")
    found.add_argument("--size", choices=("base", "tiny"), default="base",
                       help="model shape with random weights (tiny: a smoke test)")
    found.add_argument("--tokens", type=_ints, help="overhead token counts, e.g. 16,128,512")
    found.add_argument("--interaction-tokens", type=_ints)
    found.add_argument("--payload-tokens", type=_ints)
    found.add_argument("--sessions-counts", type=_ints, help="e.g. 10,20")
    found.add_argument("--repeats", type=int,
                       help=f"timed runs per measurement (at least {MIN_RUNS})")
    found.add_argument("--large-dtypes", help="weights for the large section, e.g. float32,float16")
    found.add_argument("--merge", action="store_true",
                       help="update only these sections in an existing results.json")
    found.add_argument("--out", type=Path, default=ROOT / "bench", help="results folder")
    found.add_argument("--work", type=Path, help="folder for the saved random models")
    return found


def options_from(args: argparse.Namespace) -> Options:
    overrides = {"size": args.size, "out": args.out}
    for name, value in (("sections", args.sections and tuple(args.sections.split(","))),
                        ("overhead_tokens", args.tokens),
                        ("interaction_tokens", args.interaction_tokens),
                        ("payload_tokens", args.payload_tokens),
                        ("session_counts", args.sessions_counts),
                        ("repeats", args.repeats), ("work", args.work),
                        ("large_dtypes", args.large_dtypes and tuple(args.large_dtypes.split(","))),
                        ("merge", args.merge)):
        if value:
            overrides[name] = value
    return Options.quick(**overrides) if args.quick else Options(**overrides)


def main(argv: list[str] | None = None) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    options = options_from(parser().parse_args(argv))
    run(options)
    print((options.out / "results.md").read_text())
