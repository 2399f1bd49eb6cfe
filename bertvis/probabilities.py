"""Scores to probabilities: the one softmax every prediction page uses, with a temperature.

``softmax(z / T)``: ``T = 1`` is the model's own distribution; ``T > 1`` flattens it (the
top guess keeps its rank but loses confidence), ``T < 1`` sharpens it towards the argmax. The
order of the guesses never changes. Attention divides its scores by √d_head for the same
reason: without it, long dot products would make the softmax almost one-hot.
"""

from __future__ import annotations

import numpy as np

from .errors import BertvisError

#: Temperatures the app offers (the slider's ends).
MIN_TEMPERATURE = 0.1
MAX_TEMPERATURE = 5.0


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """float64 ``softmax(logits / temperature)`` over the last axis (any leading axes)."""
    if not temperature > 0:
        raise BertvisError("bad_temperature", f"temperature must be above 0, not {temperature}",
                           temperature=temperature)
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    shifted = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def percent(p: float) -> str:
    """95%, 4.2%, 0.3%: one decimal below 10% so small probabilities don't read as 0%."""
    return f"{p:.0%}" if p >= 0.095 else f"{p:.1%}"
