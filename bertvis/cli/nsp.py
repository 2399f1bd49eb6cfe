"""``python -m bertvis nsp``: does sentence B follow sentence A? Probability and logits, JSON."""

from __future__ import annotations

import argparse

from bertvis import nsp
from bertvis.analysis import Analysis

from .common import add_model_options, add_temperature_option, load_model


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("nsp", help="next-sentence prediction: P(sentence B follows A)")
    parser.add_argument("text_a", help="sentence A")
    parser.add_argument("text_b", help="sentence B")
    add_model_options(parser)
    parser.add_argument("--decimals", type=int, default=6)
    add_temperature_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args)
    nsp.require_nsp(loaded)
    result = Analysis.of(loaded, args.text_a, args.text_b).trace
    found = nsp.next_sentence(loaded, result, args.temperature)
    return {
        "model": result.model_name,
        "text_a": result.text_a,
        "text_b": result.text_b,
        "p_is_next": round(found.p_is_next, args.decimals),
        "p_not_next": round(float(found.probabilities[1]), args.decimals),
        "logits": {label: round(float(v), args.decimals)
                   for label, v in zip(nsp.LABELS, found.logits)},
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
