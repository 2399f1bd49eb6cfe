"""``python -m bertvis qk``: one attention row recomputed from the query and key vectors."""

from __future__ import annotations

import argparse

from bertvis import arithmetic
from bertvis.analysis import Analysis
from bertvis.errors import BertvisError

from .common import add_model_options, add_text_options, layer_head, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "qk", help="q·k scores, scaled scores and softmax of one attention row, vs the model's")
    add_text_options(parser)
    add_model_options(parser)
    parser.add_argument("--layer", type=int, default=1, help="1-based layer")
    parser.add_argument("--head", type=int, default=1, help="1-based head")
    parser.add_argument("--query", type=int, default=0,
                        help="index of the query token (0 = [CLS]), as in the printed tokens")
    parser.add_argument("--decimals", type=int, default=6)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args)
    result = Analysis.of(loaded, text_of(args), args.pair).trace
    layer, head = layer_head(args, result.n_layers, result.n_heads)
    if not 0 <= args.query < result.n_tokens:
        raise BertvisError("bad_query", f"--query must be 0..{result.n_tokens - 1}")
    row = arithmetic.query_row(loaded, result, layer, head, args.query)

    def rounded(values) -> list[float]:
        return [round(float(v), args.decimals) for v in values]

    return {
        "model": result.model_name,
        "layer": args.layer,
        "head": args.head,
        "query": args.query,
        "query_token": result.tokens[args.query],
        "tokens": result.tokens,
        "d_head": row.d_head,
        "scale": round(row.scale, 6),
        "scores": rounded(row.scores),
        "scaled_scores": rounded(row.scaled),
        "softmax": rounded(row.weights),
        "model_attention": rounded(row.model_row),
        "max_difference": float(row.max_difference),
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
