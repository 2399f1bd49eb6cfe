"""Options and helpers every command shares: model choice and input text."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bertvis.errors import BertvisError
from bertvis.presets import DEFAULT_ENCODER

if TYPE_CHECKING:
    from bertvis.models import LoadedModel


@dataclass(frozen=True)
class Outcome:
    """What a command prints (an object for JSON, or text) and the exit code it ends with."""

    output: object
    exit_code: int


def add_model_options(parser: argparse.ArgumentParser, default: str = DEFAULT_ENCODER) -> None:
    from bertvis.device import DEVICE_CHOICES  # torch: only for the commands that run a model

    parser.add_argument("--model", default=default,
                        help=f"Hugging Face id or local folder (default: {default})")
    parser.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    parser.add_argument("--half", action="store_true", help="float16 weights (GPU only)")


def add_text_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", help="sentence A (read from stdin when omitted)")
    parser.add_argument("--pair", metavar="TEXT_B", help="sentence B, making a sentence pair")


def add_classifier_options(parser: argparse.ArgumentParser, default: str) -> None:
    """A one-sentence classifier's options: the sentence, its model, ``--decimals`` and
    ``--temperature``."""
    parser.add_argument("text", nargs="?", help="the sentence (read from stdin when omitted)")
    add_model_options(parser, default=default)
    parser.add_argument("--decimals", type=int, default=4)
    add_temperature_option(parser)


def add_temperature_option(parser: argparse.ArgumentParser) -> None:
    """``--temperature T``: probabilities are softmax(scores / T) (1 = the model's own)."""
    parser.add_argument("--temperature", type=float, default=1.0,
                        help="softmax temperature T: probabilities of scores / T (default 1)")


def load_model(args: argparse.Namespace, kind: str = "pretraining") -> LoadedModel:
    """The model the options name, loaded once per process in the engine's store (the same
    allow-list, memory budget and offline fallback as the app and notebooks)."""
    from bertvis.analysis import load_model as load
    from bertvis.models import ModelKey

    loaded = load(ModelKey(args.model, kind, args.device,
                           "float16" if args.half else "float32"))
    if loaded.fallback_reason:
        print(f"note: {loaded.fallback_reason}", file=sys.stderr)
    return loaded


def text_of(args: argparse.Namespace) -> str:
    return args.text if args.text is not None else sys.stdin.read()


def layer_head(args: argparse.Namespace, n_layers: int, n_heads: int) -> tuple[int, int]:
    """0-based (layer, head) from the 1-based ``--layer``/``--head``, checked against the model."""
    if not 1 <= args.layer <= n_layers:
        raise BertvisError("bad_layer", f"--layer must be 1..{n_layers}")
    if not 1 <= args.head <= n_heads:
        raise BertvisError("bad_head", f"--head must be 1..{n_heads}")
    return args.layer - 1, args.head - 1
