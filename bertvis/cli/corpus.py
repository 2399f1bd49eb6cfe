"""``python -m bertvis corpus``: the head field guide over a set of sentences (one a line):
per statistic a layer × head array of means and one of standard deviations, each head's
pattern and the share of sentences that have it, and optionally the heads a search finds."""

from __future__ import annotations

import argparse
import sys

import numpy as np

from bertvis import corpus
from bertvis.errors import BertvisError

from .common import add_model_options, load_model


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("corpus", help="head statistics over many sentences",
                            description=__doc__.splitlines()[0])
    add_sentence_options(parser)
    add_model_options(parser)
    parser.add_argument("--search", metavar="QUERY",
                        help="list the heads whose mean meets QUERY, e.g. 'previous_top >= 0.9'")
    parser.add_argument("--format", choices=("json", "csv"), default="json",
                        help="csv: one row per head (means, stds, pattern)")
    parser.add_argument("--decimals", type=int, default=4)
    parser.set_defaults(func=run)


def add_sentence_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="text file, one sentence a line ('-' or "
                        "omitted: stdin)")
    parser.add_argument("--set", choices=tuple(corpus.SETS),
                        help="a bundled sentence set instead of FILE")
    parser.add_argument("--batch-size", type=int, default=corpus.BATCH_SIZE)


def sentences(args: argparse.Namespace) -> list[str]:
    if args.set:
        return corpus.bundled_set(args.set)
    if args.file in (None, "-"):
        return corpus.sentences_of(sys.stdin.read())
    try:
        with open(args.file, encoding="utf-8") as handle:
            return corpus.sentences_of(handle.read())
    except (OSError, UnicodeDecodeError) as exc:
        raise BertvisError("unreadable_file", f"Could not read {args.file}: {exc}") from exc


def grid(values: np.ndarray, decimals: int) -> list:
    """A layer × head array as nested lists of rounded floats."""
    return np.round(np.asarray(values, dtype=np.float64), decimals).tolist()


def run(args: argparse.Namespace):
    texts = sentences(args)
    loaded = load_model(args)
    found = corpus.corpus_stats(loaded, texts, batch_size=args.batch_size)
    rows = corpus.search(found, args.search) if args.search else corpus.table(found)
    if args.format == "csv":
        return rows.round(args.decimals).to_csv(index=False)
    pattern, share = found.head_patterns()
    d = args.decimals
    output = {
        "model": found.model_name,
        "sentences": len(texts),
        "tokens": {"mean": round(float(found.lengths.mean()), 2), "max": int(found.lengths.max())},
        "statistics": {name: {"mean": grid(found.mean(name), d), "std": grid(found.std(name), d)}
                       for name in corpus.STATISTICS},
        "pattern": pattern.tolist(),
        "pattern_share": grid(share, d),
    }
    if args.search:
        output["search"] = {"query": args.search, "heads": [
            {"layer": int(r.layer), "head": int(r.head), "pattern": r.pattern,
             **{n: round(float(getattr(r, f"{n}_mean")), d) for n in corpus.STATISTICS}}
            for r in rows.itertuples()]}
    return output
