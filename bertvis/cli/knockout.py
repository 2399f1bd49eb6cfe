"""``python -m bertvis knockout``: the model's answers with chosen heads removed, before and
after (the experiments page's "knock heads out" tab), as JSON or CSV."""

from __future__ import annotations

import argparse

import pandas as pd

from bertvis import answers, importance, interventions

from .experiment_options import add_options, model_and_trace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("knockout", help="remove attention heads and compare the answers")
    add_options(parser)
    parser.add_argument("--heads", required=True,
                        help="heads to remove, layer-head from 1, comma-separated: 9-6,2-3")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict | str:
    loaded, result, output = model_and_trace(args)
    heads = interventions.parse_heads(args.heads, loaded.n_layers, loaded.n_heads)
    knocked = interventions.knockout_trace(loaded, result.text_a, result.text_b, heads)
    found = importance.objective(loaded, result, output)
    after = importance.answer_probability(loaded, found, knocked)
    d = args.decimals
    if args.format == "csv":
        return pd.DataFrame([{"output": output, "answer": found.answer, "heads":
                              interventions.format_heads(heads),
                              "p_before": round(found.probability, d),
                              "p_after": round(after, d)}]).to_csv(index=False)
    return {
        "model": result.model_name,
        "text": result.text_a,
        "text_b": result.text_b,
        "heads": interventions.format_heads(heads).split(","),
        "output": output,
        "answer": found.answer,
        "answer_probability": {"before": round(found.probability, d), "after": round(after, d)},
        "before": answers.rounded(answers.answer(loaded, result, output), d),
        "after": answers.rounded(answers.answer(loaded, knocked, output), d),
    }
