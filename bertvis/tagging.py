"""Single-sentence tagging (named entities), the BERT paper's Figure 4d.

Every token's output vector goes through one linear layer to a score per label; a softmax turns
the scores into label probabilities. ``[CLS]`` and ``[SEP]`` get scores too but are not part of
the sentence, so they are left out. BERT tags WordPiece pieces, while people label words: as in
the paper, a word takes the label of its first piece. Consecutive words then group into entities
by their BIO (IOB2) prefixes: ``B-X`` begins an entity of type ``X``, ``I-X`` continues it, and
``O`` is outside any entity. An ``I-X`` that follows no ``X`` starts a new entity, as the
Hugging Face pipeline does, so IOB1 taggers group correctly too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .alignment import align
from .errors import BertvisError
from .models import LoadedModel
from .probabilities import softmax
from .trace import Trace

OUTSIDE = "O"


@dataclass(frozen=True)
class Word:
    """One word: its pieces (Trace indices) and the label of its first piece."""

    text: str
    pieces: list[int]
    label: str
    probability: float
    char_start: int | None  # in the text; None without a fast tokenizer
    char_end: int | None


@dataclass(frozen=True)
class Entity:
    """Consecutive words of one type. ``first_word``/``last_word`` index ``Tags.words``."""

    kind: str
    first_word: int
    last_word: int
    text: str
    probability: float  # mean of its words' probabilities
    char_start: int | None
    char_end: int | None


@dataclass(frozen=True)
class Tags:
    """Per-piece and per-word labels of one sentence.

    ``index``: int ``[N]``, Trace indices of the sentence's pieces (no ``[CLS]``/``[SEP]``);
    ``probabilities``: float ``[N, C]``, softmax over the ``C`` labels of each piece;
    ``labels``: the ``C`` label names; ``predicted``: the ``N`` most probable labels.
    """

    text: str
    tokens: list[str]
    index: np.ndarray
    labels: list[str]
    probabilities: np.ndarray
    predicted: list[str]
    words: list[Word]
    entities: list[Entity]

    @property
    def pieces(self) -> list[str]:
        return [self.tokens[i] for i in self.index]

    @property
    def entity_kinds(self) -> list[str]:
        """Entity types the model knows, in label order (``B-PER`` and ``I-PER`` give ``PER``)."""
        kinds: list[str] = []
        for label in self.labels:
            kind = entity_kind(label)
            if kind is not None and kind not in kinds:
                kinds.append(kind)
        return kinds


def entity_kind(label: str) -> str | None:
    """``"PER"`` for ``B-PER``/``I-PER``/``PER``; ``None`` for ``O``."""
    if label == OUTSIDE:
        return None
    prefix, _, rest = label.partition("-")
    return rest if prefix in ("B", "I", "E", "S") and rest else label


def group_entities(labels: list[str]) -> list[tuple[str, int, int]]:
    """``(kind, first, last)`` runs of a BIO label sequence (IOB2; IOB1 tolerated)."""
    runs: list[tuple[str, int, int]] = []
    for position, label in enumerate(labels):
        kind = entity_kind(label)
        if kind is None:
            continue
        continues = (
            runs and runs[-1][2] == position - 1 and runs[-1][0] == kind
            and not label.startswith(("B-", "S-"))
        )
        if continues:
            runs[-1] = (kind, runs[-1][1], position)
        else:
            runs.append((kind, position, position))
    return runs


def tag(loaded: LoadedModel, result: Trace, temperature: float = 1.0) -> Tags:
    """Label every piece of ``result`` (a token-classification model's Trace), then words;
    label probabilities at ``temperature`` (the labels chosen don't depend on it)."""
    logits = result.head_outputs.get("logits")
    if logits is None or logits.ndim != 2:
        raise BertvisError("tag_not_tagger", "This model has no token-classification head.")
    labels = loaded.label_names
    index = np.flatnonzero(~result.special)
    probabilities = softmax(logits[index], temperature)
    best = probabilities.argmax(axis=1)
    predicted = [labels[k] for k in best]
    alignment = align(result)
    word_ids = alignment.word_ids
    by_word: dict[int, list[int]] = {}
    for row, token_index in enumerate(index):
        by_word.setdefault(word_ids[token_index], []).append(row)
    words = []
    for rows in by_word.values():
        pieces = [int(index[r]) for r in rows]
        chars = alignment.span(pieces[0], pieces[-1])
        if chars is not None:
            start, end = chars
            text = result.text_a[start:end]
        else:
            start = end = None
            text = loaded.tokenizer.convert_tokens_to_string([result.tokens[p] for p in pieces])
        first = rows[0]
        words.append(Word(text, pieces, predicted[first], float(probabilities[first, best[first]]),
                          start, end))
    entities = []
    for kind, first, last in group_entities([w.label for w in words]):
        span = words[first : last + 1]
        if span[0].char_start is not None and span[-1].char_end is not None:
            start, end = span[0].char_start, span[-1].char_end
            text = result.text_a[start:end]
        else:
            start = end = None
            text = " ".join(w.text for w in span)
        entities.append(Entity(kind, first, last, text,
                               float(np.mean([w.probability for w in span])), start, end))
    return Tags(result.text_a, result.tokens, index, labels, probabilities, predicted, words,
                entities)
