"""Attention quiz: "which token will this head attend to from X?" (guess first, then see).

Pure functions over one ``[T, T]`` attention matrix (query, key); the page keeps the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Answer:
    """The graded guess: the key the head attends to most from ``query`` and the weights."""

    query: int
    guess: int
    answer: int  # argmax of the query's row
    guess_weight: float
    answer_weight: float

    @property
    def correct(self) -> bool:
        """Right when the guess is the top key, or ties with it."""
        return self.guess == self.answer or self.guess_weight >= self.answer_weight


def pick_query(special: np.ndarray, seed: int) -> int:
    """A query position for a question: a random non-special token (any token if all are)."""
    candidates = np.flatnonzero(~special)
    if len(candidates) == 0:
        candidates = np.arange(len(special))
    return int(np.random.default_rng(seed).choice(candidates))


def grade(matrix: np.ndarray, query: int, guess: int) -> Answer:
    """Grade ``guess`` (a key index) for the row ``query`` of ``matrix``."""
    row = matrix[query]
    answer = int(np.argmax(row))
    return Answer(query=query, guess=guess, answer=answer, guess_weight=float(row[guess]),
                  answer_weight=float(row[answer]))
