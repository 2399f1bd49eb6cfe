"""``python -m bertvis attention``: one layer/head matrix, the rollout, or the head field guide.

- default: the attention of ``--layer``/``--head`` (JSON with tokens, or CSV): the model's own
  float32 weights;
- ``--rollout``: attention rollout (Abnar & Zuidema 2020) through ``--layer``, from those weights;
- ``--stats``: per-head statistics and pattern tags (Clark et al. 2019) as JSON (or CSV).
"""

from __future__ import annotations

import argparse

import pandas as pd

from bertvis import attention
from bertvis.analysis import Analysis

from .common import add_model_options, add_text_options, layer_head, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("attention", help="attention of one layer/head, rollout, head stats",
                            description=__doc__.splitlines()[0])
    add_text_options(parser)
    add_model_options(parser)
    parser.add_argument("--layer", type=int, help="1-based layer (default 1; with --rollout, "
                                                  "the last layer)")
    parser.add_argument("--head", type=int, default=1, help="1-based head")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--rollout", action="store_true",
                      help="attention rollout from layer 1 through --layer")
    what.add_argument("--stats", action="store_true",
                      help="the head field guide: entropy, shares and pattern tag of every head")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--decimals", type=int, default=6,
                        help="digits kept (default 6: within 1e-6 of the model's weights)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace):
    loaded = load_model(args)
    found = Analysis.of(loaded, text_of(args), args.pair)
    result = found.trace
    header = {
        "model": result.model_name,
        "tokens": result.tokens,
        "sentence_b_start": result.sentence_b_start,
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
    if args.stats:
        table = attention.stats_table(attention.head_stats(result))
        if args.format == "csv":
            return pd.DataFrame(table).to_csv(index=False)
        return {**header, "broad_entropy_threshold": round(
            attention.broad_threshold(result.n_tokens), 4), "heads": table}
    if args.layer is None:
        args.layer = result.n_layers if args.rollout else 1
    layer, head = layer_head(args, result.n_layers, result.n_heads)
    if args.rollout:
        matrix = attention.rollout(found.attentions)[layer]
        what = {"rollout_through_layer": args.layer}
    else:
        matrix = found.attentions[layer, head]
        what = {"layer": args.layer, "head": args.head}
    matrix = matrix.round(args.decimals)
    if args.format == "csv":
        frame = pd.DataFrame(matrix, index=result.tokens, columns=result.tokens)
        frame.index.name = "query \\ key"
        return frame.to_csv()
    return {**header, **what, "attention": matrix.tolist()}

