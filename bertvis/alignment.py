"""Where each token of a Trace came from in the typed text: character offsets and word numbers.

Fast (Rust) tokenizers report both; for slow ones the app falls back to the pieces' marks
(:func:`bertvis.words.marker_word_ids`) and to joining token strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import LoadedModel
from .trace import Trace
from .words import marker_word_ids


@dataclass(frozen=True)
class Alignment:
    """Per token of the Trace (``T`` entries each); ``None`` for special tokens.

    - ``offsets``: ``(start, end)`` character span in its own text (A or B), end exclusive.
    - ``word_ids``: the number of the word it belongs to, counted within its own text.
    """

    offsets: list[tuple[int, int] | None]
    word_ids: list[int | None]


def align(loaded: LoadedModel, result: Trace) -> Alignment | None:
    """Offsets and words for ``result``'s tokens, or ``None`` when the tokenizer can't say.

    The texts are encoded again exactly as :func:`bertvis.trace.trace` did (same truncation);
    if the token ids differ, there is no trustworthy alignment and ``None`` is returned.
    """
    tokenizer = loaded.tokenizer
    if not getattr(tokenizer, "is_fast", False):
        return None
    truncation = {}
    if result.truncation is not None:
        truncation = {"truncation": "longest_first", "max_length": loaded.max_length}
    try:
        enc = tokenizer(result.text_a, result.text_b, return_offsets_mapping=True, **truncation)
        sequence_ids = enc.sequence_ids(0)
        word_ids = enc.word_ids(0)
    except (NotImplementedError, ValueError, AttributeError):
        return None
    if list(enc["input_ids"]) != result.input_ids.tolist():
        return None
    offsets = [
        None if seq is None else (int(start), int(end))
        for seq, (start, end) in zip(sequence_ids, enc["offset_mapping"])
    ]
    words = [None if seq is None else word for seq, word in zip(sequence_ids, word_ids)]
    return Alignment(offsets=offsets, word_ids=words)


def wordpiece_word_ids(tokens: list[str], special: list[bool]) -> list[int | None]:
    """Word numbers by WordPiece's rule: a ``##`` piece continues the previous word (the
    general rule, with SentencePiece and BPE marks, is :func:`bertvis.words.marker_word_ids`)."""
    return marker_word_ids(tokens, special)
