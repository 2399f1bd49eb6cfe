"""``python -m bertvis tag``: named-entity labels of every token, word and entity, as JSON."""

from __future__ import annotations

import argparse

from bertvis import tagging
from bertvis.analysis import Analysis
from bertvis.presets import DEFAULT_NER

from .common import add_classifier_options, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tag", help="label every token (named entities)")
    add_classifier_options(parser, default=DEFAULT_NER)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args, kind="token-classification")
    result = Analysis.of(loaded, text_of(args)).trace
    tags = tagging.tag(loaded, result, args.temperature)
    best = tags.probabilities.max(axis=1).round(args.decimals)
    return {
        "model": result.model_name,
        "text": tags.text,
        "labels": tags.labels,
        "tokens": [
            {"token": piece, "position": int(i), "label": label, "probability": float(p)}
            for piece, i, label, p in zip(tags.pieces, tags.index, tags.predicted, best)
        ],
        "words": [
            {"word": w.text, "label": w.label, "probability": round(w.probability, args.decimals),
             "positions": w.pieces}
            for w in tags.words
        ],
        "entities": [
            {"type": e.kind, "text": e.text, "probability": round(e.probability, args.decimals),
             "char_start": e.char_start, "char_end": e.char_end}
            for e in tags.entities
        ],
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
