"""``python -m bench <command> [options]``, from the checkout root; ``<command> --help`` lists
each one's options."""

from __future__ import annotations

import importlib
import sys

#: Command → module (each has ``main(argv)``).
COMMANDS = {
    "run": "bench.run",  # the benchmark's sections → bench/results.{json,md}
    "loadtest": "bench.loadtest",  # a class on one server → JSON (--out)
    "hostile-class": "bench.hostile_class",  # the memory budget → bench/hostile_class.json
    "experiments": "bench.experiments",  # the head sweep's timing → bench/experiments.json
    "rehearse": "bench.rehearsal",  # a Community Cloud deploy rehearsed → bench/rehearsal.json
    "gpu": "bench.gpu",  # BERT-base at 512 tokens in float16 on CUDA → bench/gpu.json
    "corpus": "bench.corpus",  # the corpus field guide vs a bare forward → bench/corpus.json
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m bench {{{','.join(COMMANDS)}}} [options]", file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main())
