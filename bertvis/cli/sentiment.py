"""``python -m bertvis sentiment``: label and label probabilities of a sentence, as JSON."""

from __future__ import annotations

import argparse

from bertvis import attribution, readability, sentiment
from bertvis.analysis import Analysis
from bertvis.presets import DEFAULT_SENTIMENT

from .common import add_classifier_options, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sentiment", help="classify a sentence (sentiment), with attributions")
    add_classifier_options(parser, default=DEFAULT_SENTIMENT)
    parser.add_argument("--attributions", choices=attribution.METHODS,
                        help="per-token attribution of the predicted label: ig = Integrated "
                        "Gradients, gxi = gradient × input (fast)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args, kind="sequence-classification")
    text = text_of(args)  # read once: from stdin a second read would find nothing
    result = Analysis.of(loaded, text).trace
    found = sentiment.predict(loaded, result, args.temperature)
    d = args.decimals
    out = {
        "model": result.model_name,
        "text": result.text_a,
        "label": found.label,
        "probabilities": {n: round(float(p), d) for n, p in zip(found.labels, found.probabilities)},
        "logits": {n: round(float(v), d) for n, v in zip(found.labels, found.logits)},
        "unk_share": round(readability.assess(loaded.tokenizer, [text]).unknown_share, d),
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
    if args.attributions:
        attr = attribution.attribute(loaded, result, args.attributions)
        out["attributions"] = {
            "method": args.attributions,
            "label": found.labels[attr.target],
            "tokens": [{"token": tok, "score": round(float(s), d)}
                       for tok, s in zip(result.tokens, attr.scores)],
        }
        if attr.delta is not None:
            out["attributions"].update({
                "sum": round(float(attr.scores.sum()), d),
                "logit_minus_baseline_logit": round(attr.logit - attr.baseline_logit, d),
                "convergence_delta": round(attr.delta, d),
            })
    return out
