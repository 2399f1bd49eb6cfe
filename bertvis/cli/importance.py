"""``python -m bertvis importance``: every head's effect on the answer, exact (each head
knocked out alone) and Michel et al.'s gradient proxy, their rank correlation, the top-k heads
together and the pruning curve (the experiments page's "which heads matter" tab)."""

from __future__ import annotations

import argparse
import math

from bertvis import importance, interventions

from .experiment_options import add_options, model_and_trace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("importance", help="rank the heads by their effect on the answer")
    add_options(parser)
    parser.add_argument("--top-k", type=int, default=3, help="heads removed together")
    parser.add_argument("--steps", type=int, default=20, help="points on the pruning curve")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict | str:
    loaded, result, output = model_and_trace(args)
    found = importance.head_importance(loaded, result, output)
    table = importance.head_table(found).round(args.decimals)
    if args.format == "csv":
        return table.to_csv(index=False)
    joint = importance.joint_effect(loaded, result, found, args.top_k)
    curve = importance.pruning_curve(loaded, result, found, args.steps)
    d = args.decimals
    return {
        "model": result.model_name,
        "text": result.text_a,
        "text_b": result.text_b,
        "output": output,
        "answer": found.objective.answer,
        "p_answer": round(found.objective.probability, d),
        "spearman": None if math.isnan(found.spearman) else round(found.spearman, d),
        "heads": table.to_dict(orient="records"),
        "top_k": {"heads": [interventions.head_name(h) for h in joint.heads],
                  "single_effects": [round(float(v), d) for v in joint.single],
                  "sum_of_single": round(joint.sum_of_single, d),
                  "joint_effect": round(joint.joint, d)},
        "pruning": {"order": [interventions.head_name(h) for h in curve.order],
                    "heads_removed": curve.counts.tolist(),
                    "share_removed": curve.shares.round(d).tolist(),
                    "p_answer": curve.probabilities.round(d).tolist()},
    }
