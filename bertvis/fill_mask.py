"""Masked-word prediction with the model's own masked-LM head, and the "logit lens" through
the layers.

The masked-LM head maps one hidden vector (size ``D``) to a score per vocabulary entry (``V``).
BERT applies it to the final hidden state at each ``[MASK]``; :func:`logit_lens` applies the same
head to every layer's hidden state at that position, to show how the guess forms. Each mask
predicts exactly one vocabulary entry (one WordPiece), never a whole multi-piece word.

Everything here works from a :class:`~bertvis.trace.Trace` (its ``hidden_states``) plus the
loaded model's head; the model is not run again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

#: What a user types for a mask, whatever the model's own mask token is (``<mask>`` in RoBERTa).
TYPED_MASK = "[MASK]"
_TYPED = re.compile(re.escape(TYPED_MASK), re.IGNORECASE)
TOP_K = 5


@dataclass(frozen=True)
class Guess:
    token: str  # the vocabulary entry (a WordPiece, e.g. "##ing")
    token_id: int
    probability: float  # softmax over the whole vocabulary
    logit: float


@dataclass(frozen=True)
class MaskPrediction:
    """The head's answer at one mask: ``probabilities`` is float32 ``[V]`` (sums to 1)."""

    position: int  # token index in the Trace
    guesses: list[Guess]  # top-k, most probable first
    probabilities: np.ndarray

    @property
    def best(self) -> Guess:
        return self.guesses[0]


@dataclass(frozen=True)
class LayerGuesses:
    """The masked-LM head applied to one layer's hidden state at one mask."""

    layer: int  # 0 = embedding output, i = after encoder layer i (matches hidden_states)
    guesses: list[Guess]
    probabilities: np.ndarray  # float32 [V]


def require_mlm(loaded: LoadedModel) -> None:
    if not loaded.has_mlm:
        raise BertvisError(
            "no_mlm_head",
            f"{loaded.display_name} has no masked-LM head (its checkpoint has no trained "
            "weights for one), so it can't predict masked words.",
            model=loaded.display_name,
        )


def mask_token(loaded: LoadedModel) -> str:
    token = getattr(loaded.tokenizer, "mask_token", None)
    if not token:
        raise BertvisError("no_mask_token", f"{loaded.display_name} has no mask token.",
                           model=loaded.display_name)
    return token


def with_model_masks(text: str, loaded: LoadedModel) -> str:
    """``text`` with every typed ``[MASK]`` (any case) written as the model's mask token."""
    return _TYPED.sub(lambda _: mask_token(loaded), text)


def mask_positions(result: Trace, loaded: LoadedModel) -> np.ndarray:
    """int ``[M]``: token indices of the masks in ``result``, in order."""
    mask_id = loaded.tokenizer.convert_tokens_to_ids(mask_token(loaded))
    return np.flatnonzero(result.input_ids == mask_id)


def pieces(loaded: LoadedModel, text: str) -> list[tuple[str, tuple[int, int] | None]]:
    """The text's tokens (no special tokens) with their character spans, where the tokenizer
    gives them (``None`` for slow tokenizers such as the MeCab-based Japanese ones)."""
    tokenizer = loaded.tokenizer
    try:
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = [tuple(o) for o in enc["offset_mapping"]]
    except (NotImplementedError, ValueError, TypeError, KeyError):
        # transformers 5's slow tokenizers ignore the request and return no offset_mapping
        enc = tokenizer(text, add_special_tokens=False)
        offsets = [None] * len(enc["input_ids"])
    tokens = tokenizer.convert_ids_to_tokens(enc["input_ids"])
    return list(zip(tokens, offsets))


def mask_pieces(loaded: LoadedModel, text: str, chosen: list[int]) -> str:
    """``text`` with the tokens at ``chosen`` (indices into :func:`pieces`) replaced by the
    mask token: spliced into the original text where character spans are known, else the
    tokens are joined back into text."""
    found = pieces(loaded, text)
    chosen_set = {i for i in chosen if 0 <= i < len(found)}
    if not chosen_set:
        return text
    token = mask_token(loaded)
    if all(span is not None for _, span in found):
        out, last = [], 0
        for i in sorted(chosen_set):
            start, end = found[i][1]
            out += [text[last:start], f" {token} "]
            last = end
        out.append(text[last:])
        return re.sub(r" {2,}", " ", "".join(out)).strip()
    tokens = [token if i in chosen_set else tok for i, (tok, _) in enumerate(found)]
    return loaded.tokenizer.convert_tokens_to_string(tokens)


def _head(loaded: LoadedModel) -> Callable[[torch.Tensor], torch.Tensor]:
    """The masked-LM head as a function ``[N, D] -> [N, V]`` (scores before the softmax)."""
    model = loaded.model
    kind = loaded.config.model_type
    if kind == "bert":
        return model.cls.predictions
    if kind in ("roberta", "xlm-roberta", "camembert"):
        return model.lm_head
    if kind == "albert":
        return model.predictions
    if kind == "electra":
        return lambda h: model.generator_lm_head(model.generator_predictions(h))
    if kind == "distilbert":
        return lambda h: model.vocab_projector(
            model.vocab_layer_norm(model.activation(model.vocab_transform(h))))
    raise BertvisError("no_mlm_head", f"No masked-LM head known for {kind}.",
                       model=loaded.display_name)


def head_logits(loaded: LoadedModel, vectors: np.ndarray | torch.Tensor) -> np.ndarray:
    """float32 ``[N, V]``: the masked-LM head's scores for hidden vectors ``[N, D]``."""
    require_mlm(loaded)
    if isinstance(vectors, np.ndarray):
        vectors = torch.from_numpy(np.array(vectors, dtype=np.float32))
    vectors = vectors.to(device=loaded.device, dtype=loaded.dtype)
    with torch.inference_mode():
        scores = _head(loaded)(vectors)
    return scores.float().cpu().numpy()


def top_k(loaded: LoadedModel, logits: np.ndarray, k: int,
          temperature: float = 1.0) -> tuple[list[Guess], np.ndarray]:
    """The ``k`` most probable entries of one ``[V]`` score vector, and all probabilities
    (float32, ``softmax(logits / temperature)``)."""
    probs = softmax(logits, temperature).astype(np.float32)
    k = max(1, min(k, probs.shape[-1]))
    order = np.argsort(-probs, kind="stable")[:k]
    tokens = loaded.tokenizer.convert_ids_to_tokens(order.tolist())
    return [Guess(tok, int(i), float(probs[i]), float(logits[i]))
            for tok, i in zip(tokens, order)], probs


def guess_rows(predictions: list[MaskPrediction]) -> list[dict]:
    """Every guess at every mask as one row (masks numbered from 1, ranks from 1): the table a
    page offers as CSV."""
    return [{"mask": n, "position": p.position, "rank": r, "token": g.token,
             "token_id": g.token_id, "probability": round(g.probability, 6),
             "logit": round(g.logit, 4)}
            for n, p in enumerate(predictions, start=1) for r, g in enumerate(p.guesses, start=1)]


def predict(loaded: LoadedModel, result: Trace, k: int = TOP_K,
            temperature: float = 1.0) -> list[MaskPrediction]:
    """Top-``k`` guesses at every mask of ``result`` (empty when there is none), with
    probabilities at ``temperature`` (:func:`bertvis.probabilities.softmax`)."""
    require_mlm(loaded)
    positions = mask_positions(result, loaded)
    if positions.size == 0:
        return []
    scores = head_logits(loaded, result.hidden_states[-1, positions])
    out = []
    for position, row in zip(positions, scores):
        guesses, probs = top_k(loaded, row, k, temperature)
        out.append(MaskPrediction(int(position), guesses, probs))
    return out


def logit_lens(loaded: LoadedModel, result: Trace, position: int,
               k: int = TOP_K, temperature: float = 1.0) -> list[LayerGuesses]:
    """The head applied to every layer's hidden state at ``position``: ``L + 1`` entries, the
    embedding output first; the last entry equals :func:`predict`'s answer there."""
    scores = head_logits(loaded, result.hidden_states[:, position])
    out = []
    for layer, row in enumerate(scores):
        guesses, probs = top_k(loaded, row, k, temperature)
        out.append(LayerGuesses(layer, guesses, probs))
    return out
