"""``python -m bertvis norms``: share of weight vs share of norm on [CLS], [SEP] and
punctuation per layer (Kobayashi et al. 2020), and the two recomputation checks."""

from __future__ import annotations

import argparse

import numpy as np

from bertvis import layer_anatomy, norms
from bertvis.analysis import Analysis

from .common import add_model_options, add_text_options, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "norms", help="[CLS]/[SEP]/punctuation share by attention weight vs by norm ‖α·f(x)‖, "
                      "per layer, with the recomputation checks")
    add_text_options(parser)
    add_model_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> dict:
    loaded = load_model(args)
    result = Analysis.of(loaded, text_of(args), args.pair).trace
    shares = norms.special_shares(result, norms.value_norms(loaded, result))
    passes = [layer_anatomy.layer_pass(loaded, result, layer) for layer in range(result.n_layers)]
    return {
        "model": result.model_name,
        "tokens": result.tokens,
        "layers": shares.table(),
        # Σ_h Σ_j α f_h(x_j) + b_O vs W_O · concat(heads) + b_O (the layer's attention output)
        "max_difference_decomposition": [
            float(np.abs(norms.decomposed_output(loaded, result, layer) - passed.attention).max())
            for layer, passed in enumerate(passes)],
        # the whole layer recomputed vs hidden_states[layer + 1]
        "max_difference_layer": [passed.max_difference for passed in passes],
    }
