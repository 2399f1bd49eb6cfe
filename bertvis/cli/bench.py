"""``python -m bertvis bench``: measure speed, payload and memory; write bench/results.{md,json}."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def register(sub: argparse._SubParsersAction) -> None:
    from bertvis.bench import SECTIONS

    parser = sub.add_parser("bench", help="measure speed, payload and memory (writes bench/)")
    parser.add_argument("--sections", default=None,
                        help=f"comma-separated, from {','.join(SECTIONS)} (default: all; "
                        "--quick: overhead,interaction,payload,memory)")
    parser.add_argument("--quick", action="store_true", help="CI-sized: small inputs, no browser")
    parser.add_argument("--size", choices=("base", "tiny"), default="base",
                        help="model shape with random weights (tiny: a smoke test)")
    parser.add_argument("--tokens", type=_ints, help="overhead token counts, e.g. 16,128,512")
    parser.add_argument("--interaction-tokens", type=_ints)
    parser.add_argument("--payload-tokens", type=_ints)
    parser.add_argument("--sessions-counts", type=_ints, help="e.g. 10,20")
    parser.add_argument("--repeats", type=int, help="timed runs per measurement (median)")
    parser.add_argument("--large-dtypes", help="weights for the large section, e.g. float32,float16")
    parser.add_argument("--merge", action="store_true",
                        help="update only these sections in an existing results.json")
    parser.add_argument("--out", type=Path, default=Path("bench"), help="results folder")
    parser.add_argument("--work", type=Path, help="folder for the saved random models")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> str:
    from bertvis.bench import Options
    from bertvis.bench import run as run_bench

    logging.getLogger("streamlit").setLevel(logging.ERROR)
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
    options = Options.quick(**overrides) if args.quick else Options(**overrides)
    run_bench(options)
    return (options.out / "results.md").read_text()
