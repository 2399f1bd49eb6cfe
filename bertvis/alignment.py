"""Where each token of a Trace came from in the typed text: character offsets and word numbers.

Both are captured when the Trace is tokenised (``Trace.offsets``, ``Trace.word_ids``:
:mod:`bertvis.words`, for WordPiece ``##``, byte-level BPE ``Ġ``, SentencePiece ``▁`` and the
MeCab Japanese tokenizer), so nothing is tokenised again here; this module only reads them the
way the task pages need: word numbers within each text, and the text a run of tokens spells.
"""

from __future__ import annotations

from dataclasses import dataclass

from .trace import Trace
from .words import Span, marker_word_ids


@dataclass(frozen=True)
class Alignment:
    """Per token of the Trace (``T`` entries each); ``None`` for special tokens.

    - ``offsets``: ``(start, end)`` character span in its own text (A or B), end exclusive;
      None also for a piece a slow tokenizer can't place (:func:`bertvis.words.char_offsets`).
    - ``word_ids``: the number of the word it belongs to, counted within its own text.
    """

    offsets: list[Span | None]
    word_ids: list[int | None]

    def span(self, first: int, last: int) -> Span | None:
        """Characters from token ``first`` to token ``last`` (inclusive) in their text, from
        the first and last of them that has an offset (a byte-level BPE ``Ġ`` alone spells no
        character); None when none has."""
        placed = [found for found in self.offsets[first:last + 1] if found is not None]
        return (placed[0][0], placed[-1][1]) if placed else None


def align(result: Trace) -> Alignment:
    """Offsets and per-text word numbers of ``result``'s tokens (from the Trace itself; a
    Trace built without them gets the pieces' marks and no offsets)."""
    words = result.word_ids or marker_word_ids(result.tokens, result.special.tolist())
    segments = result.segments.tolist()
    first: dict[int, int] = {}
    for word, segment in zip(words, segments):
        if word is not None:
            first.setdefault(segment, word)
    within = [None if w is None else w - first[s] for w, s in zip(words, segments)]
    offsets = result.offsets or [None] * result.n_tokens
    return Alignment(offsets=list(offsets), word_ids=within)
