"""BERT's pre-training corruption, made visible: pick 15% of the tokens, then replace 80% of
those with the mask token, 10% with a random token and leave 10% unchanged; the model must
recover the original at every picked position (Devlin et al. 2019, section 3.1).

Random choices come from a ``numpy.random.Generator`` seeded by the caller, so a seed reproduces
a draw exactly. The model is run once on the corrupted ids (they can't round-trip through
text: a random WordPiece such as ``##ing`` would tokenise differently).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from . import fill_mask
from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

RATE = 0.15
P_MASK, P_RANDOM = 0.8, 0.1  # the remaining 0.1 stay unchanged
ACTIONS = ("mask", "random", "keep")


@dataclass(frozen=True)
class Corruption:
    """One draw: ``positions`` int ``[N]`` (token indices, ascending), ``actions`` one of
    :data:`ACTIONS` per position, ``corrupted_ids`` int64 ``[T]`` (the whole input)."""

    seed: int
    positions: np.ndarray
    actions: list[str]
    corrupted_ids: np.ndarray


@dataclass(frozen=True)
class Recovery:
    position: int
    original: str
    action: str
    shown: str  # what the model saw there
    predicted: str  # the head's top guess
    p_predicted: float
    p_original: float

    @property
    def recovered(self) -> bool:
        return self.predicted == self.original


def n_to_pick(n_candidates: int, rate: float = RATE) -> int:
    """How many tokens a draw picks: ``rate`` of the candidates, rounded, at least 1."""
    return max(1, int(round(n_candidates * rate))) if n_candidates else 0


def corrupt(input_ids: np.ndarray, allowed: np.ndarray, mask_id: int, random_ids: np.ndarray,
            seed: int, rate: float = RATE) -> Corruption:
    """Corrupt ``input_ids`` (int ``[T]``) at a ``rate`` share of the ``allowed`` positions
    (bool ``[T]``); random replacements are drawn uniformly from ``random_ids``."""
    rng = np.random.default_rng(seed)
    pool = np.flatnonzero(allowed)
    if pool.size == 0:
        raise BertvisError("nothing_to_corrupt", "The text has no ordinary tokens to pick.")
    positions = np.sort(rng.choice(pool, size=n_to_pick(pool.size, rate), replace=False))
    corrupted = np.array(input_ids, dtype=np.int64, copy=True)
    actions = []
    for position in positions:
        draw = rng.random()
        if draw < P_MASK:
            actions.append("mask")
            corrupted[position] = mask_id
        elif draw < P_MASK + P_RANDOM:
            actions.append("random")
            corrupted[position] = int(rng.choice(random_ids))
        else:
            actions.append("keep")
    return Corruption(int(seed), positions, actions, corrupted)


def _special_ids(loaded: LoadedModel) -> np.ndarray:
    return np.array(sorted(set(loaded.tokenizer.all_special_ids)), dtype=np.int64)


def candidates(loaded: LoadedModel, result: Trace) -> np.ndarray:
    """bool ``[T]``: the tokens a draw may pick (not special tokens, not masks)."""
    return ~result.special & ~np.isin(result.input_ids, _special_ids(loaded))


def corrupt_trace(loaded: LoadedModel, result: Trace, seed: int) -> Corruption:
    """A draw over ``result``'s :func:`candidates`; random replacements are never special
    tokens."""
    special_ids = _special_ids(loaded)
    vocab = np.arange(min(len(loaded.tokenizer), loaded.config.vocab_size), dtype=np.int64)
    mask_id = loaded.tokenizer.convert_tokens_to_ids(fill_mask.mask_token(loaded))
    random_ids = vocab[~np.isin(vocab, special_ids)]
    return corrupt(result.input_ids, candidates(loaded, result), mask_id, random_ids, seed)


def recover(loaded: LoadedModel, result: Trace, corruption: Corruption) -> list[Recovery]:
    """Run the model on the corrupted ids and read its guess at every picked position."""
    fill_mask.require_mlm(loaded)
    inputs = loaded.inputs(result, input_ids=corruption.corrupted_ids)
    with torch.inference_mode():
        hidden = loaded.encoder(**inputs).last_hidden_state[0, corruption.positions]
    scores = fill_mask.head_logits(loaded, hidden)
    shown = loaded.tokenizer.convert_ids_to_tokens(corruption.corrupted_ids.tolist())
    out = []
    for position, action, row in zip(corruption.positions, corruption.actions, scores):
        probs = softmax(row).astype(np.float32)
        best = int(probs.argmax())
        original_id = int(result.input_ids[position])
        out.append(Recovery(
            position=int(position),
            original=result.tokens[position],
            action=action,
            shown=shown[position],
            predicted=loaded.tokenizer.convert_ids_to_tokens(best),
            p_predicted=float(probs[best]),
            p_original=float(probs[original_id]),
        ))
    return out
