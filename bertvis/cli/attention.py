"""``python -m bertvis attention``: one layer/head attention matrix, as JSON or CSV."""

from __future__ import annotations

import argparse

import pandas as pd

from bertvis.trace import trace

from .common import add_model_options, add_text_options, layer_head, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("attention", help="attention weights of one layer and head")
    add_text_options(parser)
    add_model_options(parser)
    parser.add_argument("--layer", type=int, default=1, help="1-based layer")
    parser.add_argument("--head", type=int, default=1, help="1-based head")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--decimals", type=int, default=4)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace):
    loaded = load_model(args)
    result = trace(loaded, text_of(args), args.pair)
    layer, head = layer_head(args, result.n_layers, result.n_heads)
    matrix = result.attentions[layer, head].round(args.decimals)
    if args.format == "csv":
        frame = pd.DataFrame(matrix, index=result.tokens, columns=result.tokens)
        frame.index.name = "query \\ key"
        return frame.to_csv()
    return {
        "model": result.model_name,
        "layer": args.layer,
        "head": args.head,
        "tokens": result.tokens,
        "sentence_b_start": result.sentence_b_start,
        "attention": matrix.tolist(),
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
