"""``python -m bertvis fill-mask``: the masked-LM head's top-k guesses at every mask, as JSON."""

from __future__ import annotations

import argparse

from bertvis import fill_mask
from bertvis.analysis import Analysis
from bertvis.errors import BertvisError

from .common import add_model_options, add_temperature_option, load_model, text_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("fill-mask", help="guess the tokens hidden behind [MASK]")
    parser.add_argument("text", nargs="?",
                        help="text with [MASK] (or the model's own mask token) where a word is "
                             "hidden; read from stdin when omitted")
    add_model_options(parser)
    parser.add_argument("--top-k", type=int, default=fill_mask.TOP_K, help="guesses per mask")
    parser.add_argument("--per-layer", action="store_true",
                        help="also apply the head to every layer's hidden state (logit lens)")
    parser.add_argument("--decimals", type=int, default=6)
    add_temperature_option(parser)
    parser.set_defaults(func=run)


def _guesses(guesses: list[fill_mask.Guess], decimals: int) -> list[dict]:
    return [{"token": g.token, "token_id": g.token_id,
             "probability": round(g.probability, decimals), "logit": round(g.logit, decimals)}
            for g in guesses]


def run(args: argparse.Namespace) -> dict:
    if args.top_k < 1:
        raise BertvisError("bad_top_k", "--top-k must be at least 1")
    loaded = load_model(args)
    fill_mask.require_mlm(loaded)
    result = Analysis.of(loaded, fill_mask.with_model_masks(text_of(args), loaded)).trace
    predictions = fill_mask.predict(loaded, result, args.top_k, args.temperature)
    if not predictions:
        raise BertvisError("no_mask", f"No {fill_mask.TYPED_MASK} (or "
                           f"{fill_mask.mask_token(loaded)}) in the text.")
    masks = []
    for n, prediction in enumerate(predictions, start=1):
        entry = {"mask": n, "position": prediction.position,
                 "top_k": _guesses(prediction.guesses, args.decimals)}
        if args.per_layer:
            entry["per_layer"] = [
                {"layer": layer.layer, "guesses": _guesses(layer.guesses, args.decimals)}
                for layer in fill_mask.logit_lens(loaded, result, prediction.position, args.top_k,
                                                     args.temperature)
            ]
        masks.append(entry)
    return {
        "model": result.model_name,
        "text": result.text_a,
        "tokens": result.tokens,
        "mask_token": fill_mask.mask_token(loaded),
        "note": "each mask predicts one vocabulary entry (WordPiece); probabilities are a "
                "softmax over the whole vocabulary"
                + ("; per_layer layer 0 is the embedding output, layer i the output of encoder "
                   "layer i (1-based)" if args.per_layer else ""),
        "masks": masks,
        "truncated_tokens": result.truncation.dropped_tokens if result.truncation else 0,
    }
