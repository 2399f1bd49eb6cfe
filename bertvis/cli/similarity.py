"""``python -m bertvis similarity``: the cosine matrix of sentence vectors, as JSON or CSV."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from bertvis import similarity as sim
from bertvis.errors import BertvisError

from .common import add_model_options, load_model


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "similarity", help="cosine similarity of sentences ([CLS], mean pooling or pooler)",
        description="Sentences come from the arguments, else one per line on stdin. All go "
        "through the model as one padded batch.")
    parser.add_argument("sentences", nargs="*", help="sentences (default: lines of stdin)")
    add_model_options(parser)
    parser.add_argument("--pooling", choices=sim.POOLINGS, default="cls",
                        help="cls: the [CLS] vector; mean: mean over the real tokens ([CLS] and "
                        "[SEP] included, padding excluded); pooler: BERT's pooler output "
                        "(last layer only)")
    parser.add_argument("--layer", type=int, default=None,
                        help="0 = embedding output, 1..L = layers (default: the last)")
    parser.add_argument("--centred", "--centered", action="store_true",
                        help="subtract the mean vector of the sentences before the cosine")
    parser.add_argument("--example", choices=sim.EXAMPLE_SETS,
                        help="use an example set of the app instead of typed sentences")
    parser.add_argument("--lang", choices=("en", "ja"), default="en",
                        help="language of --example (default: en)")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--decimals", type=int, default=4)
    parser.set_defaults(func=run)


def sentences_of(args: argparse.Namespace) -> list[str]:
    if args.example:
        return list(sim.example(args.example, args.lang).sentences)
    return sim.clean_sentences(args.sentences if args.sentences else sys.stdin.read())


def run(args: argparse.Namespace):
    sentences = sentences_of(args)
    sim.check_sentences(sentences)
    loaded = load_model(args)
    emb = sim.embed(loaded, sentences)
    layer = emb.n_layers if args.layer is None else args.layer
    if not 0 <= layer <= emb.n_layers:
        raise BertvisError("bad_layer", f"--layer must be 0..{emb.n_layers}")
    matrix = sim.similarity(emb, args.pooling, layer, args.centred).round(args.decimals)
    if args.format == "csv":
        numbers = [str(i + 1) for i in range(len(sentences))]
        frame = pd.DataFrame(matrix, index=pd.Index(sentences, name="sentence"), columns=numbers)
        return frame.to_csv()
    return {
        "model": emb.model_name,
        "pooling": args.pooling,
        "layer": layer,
        "n_layers": emb.n_layers,
        "centred": args.centred,
        "sentences": list(emb.sentences),
        "matrix": matrix.tolist(),
        "mean_off_diagonal": round(sim.mean_off_diagonal(matrix), args.decimals),
        "truncated": [i + 1 for i in emb.truncated],
    }
