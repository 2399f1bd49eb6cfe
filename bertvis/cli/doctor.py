"""``python -m bertvis doctor``: load each preset that is reachable or cached and check a known
answer on each (see :mod:`bertvis.doctor`); a table, or JSON with ``--json``. Exit code 1 when
an answer is wrong; models that are not available offline are listed, not failed."""

from __future__ import annotations

import argparse
import sys

from bertvis import doctor
from bertvis.presets import find_presets
from bertvis.device import DEVICE_CHOICES

from .common import Outcome


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "doctor", help="self-check: every reachable or cached preset answers a known question")
    parser.add_argument("presets", nargs="*", metavar="PRESET",
                        help="preset keys or model ids (default: every preset)")
    parser.add_argument("--device", default="cpu", choices=DEVICE_CHOICES)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> Outcome:
    chosen = find_presets(args.presets) if args.presets else None

    def progress(result: doctor.CheckResult) -> None:
        print(f"{result.model_id}: {result.check}: {result.status}", file=sys.stderr, flush=True)

    results = doctor.run(chosen, device=args.device, on_result=progress)
    exit_code = 1 if doctor.failed(results) else 0
    if args.json:
        return Outcome({"passed": exit_code == 0, "results": [r.as_dict() for r in results]},
                       exit_code)
    return Outcome(doctor.table(results), exit_code)
