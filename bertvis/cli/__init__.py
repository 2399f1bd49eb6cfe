"""``python -m bertvis <command>``: the engine for scripts, papers and checks.

Each command lives in its own module in this package (``fill-mask`` in ``fill_mask.py``) with
``register(subparsers)``; the module adds a parser whose ``func(args)`` returns the object to
print (JSON) or a string (CSV), or an ``Outcome`` of either with an exit code.
Layers and heads are numbered from 1 on the command line, as in papers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from bertvis.errors import BertvisError

from .common import Outcome

#: Command modules, in the order ``--help`` lists them.
COMMANDS = ("attention", "qk", "norms", "similarity", "fill-mask", "nsp", "qa", "tag", "sentiment",
            "knockout", "importance", "corpus", "finetune-diff", "patch", "doctor", "prefetch")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of command ``only`` alone: each command module imports
    what its command needs (torch and transformers for most), so ``prefetch`` starts at once."""
    parser = argparse.ArgumentParser(prog="python -m bertvis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in (only,) if only in COMMANDS else COMMANDS:
        importlib.import_module(f"{__name__}.{name.replace('-', '_')}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        result = args.func(args)
    except BertvisError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    exit_code = 0
    if isinstance(result, Outcome):
        result, exit_code = result.output, result.exit_code
    if isinstance(result, str):
        sys.stdout.write(result if result.endswith("\n") else result + "\n")
    else:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return exit_code
