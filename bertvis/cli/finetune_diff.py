"""``python -m bertvis finetune-diff``: what fine-tuning changed between two models of the same
shape on the same sentences: per layer × head the Jensen–Shannon divergence of their attention
(bits, mean over tokens and sentences) and per layer the linear CKA of their hidden states."""

from __future__ import annotations

import argparse
import sys

from bertvis import finetuning, models
from bertvis.device import DEVICE_CHOICES
from bertvis.presets import DEFAULT_ENCODER, DEFAULT_SENTIMENT, SENTIMENT_PRESETS

from .corpus import add_sentence_options, grid, sentences

_CLASSIFIERS = {p.model_id for p in SENTIMENT_PRESETS}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("finetune-diff", help="attention divergence and CKA of two models",
                            description=__doc__.splitlines()[0])
    add_sentence_options(parser)
    parser.add_argument("--model-a", default=DEFAULT_ENCODER,
                        help=f"the model before fine-tuning (default: {DEFAULT_ENCODER})")
    parser.add_argument("--model-b", default=DEFAULT_SENTIMENT,
                        help=f"the model after (default: {DEFAULT_SENTIMENT})")
    for side in ("a", "b"):
        parser.add_argument(f"--kind-{side}", choices=models.KINDS, help="what to load the "
                            "model as (default: a sentiment preset as a classifier, any other "
                            "id as a pre-training model)")
    parser.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    parser.add_argument("--decimals", type=int, default=6)
    parser.set_defaults(func=run)


def _load(model_id: str, kind: str | None, device: str) -> models.LoadedModel:
    kind = kind or ("sequence-classification" if model_id in _CLASSIFIERS else "pretraining")
    loaded = models.load(model_id, kind=kind, device=device)
    if loaded.fallback_reason:
        print(f"note: {loaded.fallback_reason}", file=sys.stderr)
    return loaded


def run(args: argparse.Namespace) -> dict:
    texts = sentences(args)
    model_a = _load(args.model_a, args.kind_a, args.device)
    model_b = _load(args.model_b, args.kind_b, args.device)
    found = finetuning.finetune_diff(model_a, model_b, texts, batch_size=args.batch_size)
    return {
        "model_a": found.model_a,
        "model_b": found.model_b,
        "sentences": len(texts),
        "divergence": grid(found.mean_divergence, args.decimals),
        "divergence_by_layer": grid(found.mean_divergence.mean(axis=1), args.decimals),
        "cka": grid(found.cka, args.decimals),
    }
