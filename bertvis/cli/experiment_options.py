"""Options the ``knockout`` and ``importance`` commands share: task, model, input, output."""

from __future__ import annotations

import argparse

from bertvis import answers, fill_mask, importance
from bertvis.analysis import Analysis
from bertvis.device import DEVICE_CHOICES
from bertvis.errors import BertvisError
from bertvis.models import LoadedModel
from bertvis.presets import DEFAULT_ENCODER, DEFAULT_NER, DEFAULT_QA, DEFAULT_SENTIMENT
from bertvis.trace import Trace

from .common import add_text_options, load_model, text_of

DEFAULT_MODELS = {"pretraining": DEFAULT_ENCODER, "sentiment": DEFAULT_SENTIMENT,
                  "qa": DEFAULT_QA, "tagging": DEFAULT_NER}


def add_options(parser: argparse.ArgumentParser, text: bool = True,
                task: str = "pretraining") -> None:
    """The experiments' options; ``text=False`` leaves the input to the command."""
    if text:
        add_text_options(parser)
    parser.add_argument("--task", choices=tuple(answers.TASK_KINDS), default=task,
                        help=f"which model kind to load (default: {task})")
    parser.add_argument("--model", help="Hugging Face id or local folder (default: the "
                        "task's preset)")
    parser.add_argument("--device", default="auto", choices=DEVICE_CHOICES)
    parser.add_argument("--half", action="store_true", help="float16 weights (GPU only)")
    parser.add_argument("--output", choices=importance.OUTPUTS,
                        help="the answer to measure (default: the first the model has)")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--decimals", type=int, default=6)


def model_and_trace(args: argparse.Namespace) -> tuple[LoadedModel, Trace, str]:
    """The task's model, the input's Trace (a typed ``[MASK]`` becomes the model's mask) and
    the output to measure."""
    args.model = args.model or DEFAULT_MODELS[args.task]
    loaded = load_model(args, kind=answers.TASK_KINDS[args.task])
    text = text_of(args)
    if loaded.has_mlm:
        text = fill_mask.with_model_masks(text, loaded)
    result = Analysis.of(loaded, text, args.pair).trace
    outputs = importance.available_outputs(loaded, result)
    if not outputs:
        raise BertvisError("no_output", "This model has no output to measure for this input "
                           "(a masked-LM model needs a [MASK]; next-sentence and QA need --pair).")
    output = args.output or outputs[0]
    if output not in outputs:
        raise BertvisError("output_unavailable", f"No {output!r} output here; this model and "
                           f"input have {', '.join(outputs)}.")
    return loaded, result, output
