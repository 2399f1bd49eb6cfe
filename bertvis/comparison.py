"""Two inputs through the same model, one head side by side: a minimal pair.

When both inputs have the same number of tokens, position ``i`` of one lines up with position
``i`` of the other and the difference of the two attention maps is shown token by token. When
they don't, pieces are merged into words (Clark et al.'s rule,
:func:`bertvis.attention.merge_words`: attention *to* a word is the sum over its pieces, *from*
a word the mean) using the Trace's words (:func:`bertvis.attention.word_groups`); if the word
counts match, words line up instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .attention import merge_words, word_groups, word_label
from .trace import Trace


@dataclass(frozen=True)
class PairHead:
    """One head on two inputs. ``first``/``second``: float ``[N, N]`` on ``level`` units
    ("token" or "word") with their ``labels``; ``difference = second − first`` where the units
    line up, else None."""

    level: str
    first: np.ndarray
    second: np.ndarray
    first_labels: list[str]
    second_labels: list[str]
    difference: np.ndarray | None

    @property
    def line_up(self) -> bool:
        return self.difference is not None

    @property
    def difference_labels(self) -> list[str]:
        """``"big"`` where both say the same, ``"big/small"`` where they differ."""
        return [a if a == b else f"{a}/{b}" for a, b in zip(self.first_labels, self.second_labels)]


def pair_head(first: Trace, second: Trace, layer: int, head: int) -> PairHead:
    """Head ``(layer, head)`` (0-based) on both inputs, lined up where possible."""
    map_a = np.asarray(first.attentions[layer, head], dtype=np.float32)
    map_b = np.asarray(second.attentions[layer, head], dtype=np.float32)
    if first.n_tokens == second.n_tokens:
        return PairHead("token", map_a, map_b, list(first.tokens), list(second.tokens),
                        map_b - map_a)
    groups_a, groups_b = word_groups(first), word_groups(second)
    words_a = merge_words(map_a, groups_a)
    words_b = merge_words(map_b, groups_b)
    labels_a = [word_label(first.tokens, g) for g in groups_a]
    labels_b = [word_label(second.tokens, g) for g in groups_b]
    difference = words_b - words_a if len(groups_a) == len(groups_b) else None
    return PairHead("word", words_a, words_b, labels_a, labels_b, difference)
