"""``python -m bertvis qa``: the answer span of a question in a passage, as JSON."""

from __future__ import annotations

import argparse

from bertvis import qa
from bertvis.analysis import Analysis
from bertvis.presets import DEFAULT_QA

from .common import add_model_options, add_temperature_option, load_model


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("qa", help="answer a question with a span of a passage")
    parser.add_argument("--question", required=True, help="the question (sentence A)")
    parser.add_argument("--passage", required=True, help="the passage (sentence B)")
    add_model_options(parser, default=DEFAULT_QA)
    parser.add_argument("--max-answer-tokens", type=int, default=qa.MAX_ANSWER_TOKENS,
                        help=f"longest span considered (default {qa.MAX_ANSWER_TOKENS})")
    parser.add_argument("--top-k", type=int, default=qa.TOP_K, help="spans to list")
    parser.add_argument("--decimals", type=int, default=4)
    add_temperature_option(parser)
    parser.set_defaults(func=run)


def _span(span: qa.Span, decimals: int) -> dict:
    return {
        "text": span.text,
        "start_token": span.start,
        "end_token": span.end,
        "char_start": span.char_start,
        "char_end": span.char_end,
        "score": round(span.score, decimals),
        "probability": round(span.probability, decimals),
    }


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args, kind="question-answering")
    result = Analysis.of(loaded, args.question, args.passage).trace
    found = qa.answer(loaded, result, args.max_answer_tokens, args.top_k,
                      args.temperature)
    index = found.passage_index
    return {
        "model": result.model_name,
        "question": result.text_a,
        "passage": result.text_b,
        "answer": _span(found.best, args.decimals),
        "alternatives": [_span(s, args.decimals) for s in found.alternatives],
        "probability": "P(start) * P(end), softmaxes over passage tokens",
        "passage_tokens": found.passage_tokens,
        "passage_positions": index.tolist(),
        "start_logits": found.start_logits[index].round(args.decimals).tolist(),
        "end_logits": found.end_logits[index].round(args.decimals).tolist(),
        "start_probabilities": found.start_probs.round(args.decimals).tolist(),
        "end_probabilities": found.end_probs.round(args.decimals).tolist(),
        "null_score": round(found.null_score, args.decimals),
        "dot_product_max_difference": found.head.max_difference,
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
