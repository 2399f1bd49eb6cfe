"""``python -m bertvis patch``: patching between a minimal pair whose tokens line up: the share
of the answer's difference that comes back when one head's output (layer × head) or the
residual stream after one layer at one position (layer × position) is copied from B's run
into A's."""

from __future__ import annotations

import argparse
import math

from bertvis import fill_mask, patching
from bertvis.trace import trace

from .corpus import grid
from .experiment_options import add_options, model_and_trace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("patch", help="patch heads and positions from B's run into A's",
                            description=__doc__.splitlines()[0])
    parser.add_argument("text", help="input A (the answer measured is A's)")
    parser.add_argument("text_b", metavar="TEXT_B", help="input B, with as many tokens as A")
    add_options(parser, text=False, task="sentiment")
    parser.set_defaults(func=run, pair=None)


def run(args: argparse.Namespace) -> dict:
    loaded, trace_a, output = model_and_trace(args)
    text_b = fill_mask.with_model_masks(args.text_b, loaded) if loaded.has_mlm else args.text_b
    found = patching.patch(loaded, trace_a, trace(loaded, text_b), output)
    d = args.decimals
    return {
        "model": trace_a.model_name,
        "text_a": trace_a.text_a,
        "text_b": args.text_b.strip(),
        "tokens_a": found.tokens_a,
        "tokens_b": found.tokens_b,
        "output": output,
        "answer": found.objective.answer,
        "p_answer": {"a": round(math.exp(found.log_p_a), d),
                     "b": round(math.exp(found.log_p_b), d)},
        "head_share": grid(found.head_shares, d),
        "position_share": grid(found.position_shares, d),
    }
