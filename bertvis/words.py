"""Which word each token belongs to, and where in the typed text it came from, for every
tokenizer the app loads.

Three sources, best first:

1. a fast (Rust) tokenizer reports word ids itself (``encoding.word_ids()``);
2. a tokenizer with a separate word splitter (``BertJapaneseTokenizer``: MeCab words through
   fugashi + unidic-lite, then WordPiece; a slow tokenizer, without ``word_ids()``) is asked
   for its words, and each word for its pieces, exactly as its ``_tokenize`` does;
3. otherwise the pieces' own marks: a WordPiece ``##`` piece continues the word before it, a
   SentencePiece ``▁`` or byte-level BPE ``Ġ`` piece starts a new one.

Word ids count across the whole input (sentence B's words follow A's); special tokens have
None.

Character offsets (:func:`char_offsets`): a fast tokenizer's ``offset_mapping``; for a slow one
(the MeCab Japanese BERT) each piece, without its mark, is looked for in its own text from
where the previous piece ended, comparing the forms the tokenizer normalises alike
(:func:`_folded`: NFKC, case-folded, accents dropped); a piece not found there (``[UNK]``, a
byte-level piece of an emoji) has None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: Marks that start a new word in SentencePiece (``▁``) and byte-level BPE (``Ġ``) vocabularies.
WORD_START_MARKS = ("▁", "Ġ")
#: WordPiece's mark for a piece that continues the word before it.
CONTINUATION_MARK = "##"


def strip_marks(piece: str) -> str:
    """A piece without its subword mark (``##able`` → ``able``, ``Ġcat`` → ``cat``)."""
    for mark in (CONTINUATION_MARK, *WORD_START_MARKS):
        if piece.startswith(mark):
            return piece[len(mark):]
    return piece


def marker_word_ids(tokens: Sequence[str], special: Sequence[bool]) -> list[int | None]:
    """Word ids from the pieces' marks (``##`` continues; ``▁``/``Ġ`` starts a word)."""
    start_mark = next((m for m in WORD_START_MARKS
                       if any(t.startswith(m) for t, s in zip(tokens, special) if not s)), None)
    ids: list[int | None] = []
    current = -1
    after_special = True
    for token, is_special in zip(tokens, special):
        if is_special:
            ids.append(None)
            after_special = True
            continue
        if start_mark is not None:
            new_word = token.startswith(start_mark) or after_special
        else:
            new_word = not token.startswith(CONTINUATION_MARK) or after_special
        current += new_word
        ids.append(current)
        after_special = False
    return ids


def _fast_word_ids(encoding) -> list[int | None] | None:
    try:
        words = encoding.word_ids(0)
        sequences = encoding.sequence_ids(0)
    except (ValueError, AttributeError, NotImplementedError):
        return None
    numbers: dict[tuple[int, int], int] = {}
    ids: list[int | None] = []
    for sequence, word in zip(sequences, words):
        if sequence is None or word is None:
            ids.append(None)
        else:
            ids.append(numbers.setdefault((sequence, word), len(numbers)))
    return ids


def split_words(tokenizer, text: str) -> list[tuple[str, list[str]]] | None:
    """The two stages of a tokenizer with a separate word splitter (``word_tokenizer``, e.g.
    ``BertJapaneseTokenizer``'s MeCab): each word of ``text`` with the pieces it becomes, as
    its ``_tokenize`` makes them; None for other tokenizers. A special token in the text
    (``[MASK]``) is one word of one piece, as the tokenizer keeps it whole."""
    splitter = getattr(tokenizer, "word_tokenizer", None)
    if splitter is None or not getattr(tokenizer, "do_word_tokenize", False):
        return None
    subwords = (getattr(tokenizer, "subword_tokenizer", None)
                if getattr(tokenizer, "do_subword_tokenize", False) else None)
    specials = sorted((t for t in tokenizer.all_special_tokens if t), key=len, reverse=True)
    chunks = re.split(f"({'|'.join(map(re.escape, specials))})", text) if specials else [text]
    found: list[tuple[str, list[str]]] = []
    for chunk in chunks:
        if chunk in specials:
            found.append((chunk, [chunk]))
            continue
        for word in splitter.tokenize(chunk, never_split=tokenizer.all_special_tokens):
            pieces = subwords.tokenize(word) if subwords is not None else [word]
            if pieces:
                found.append((word, pieces))
    return found


def pieces_per_word(tokenizer, text: str) -> list[int] | None:
    """How many pieces each word of ``text`` becomes (:func:`split_words`), or None."""
    found = split_words(tokenizer, text)
    return None if found is None else [len(pieces) for _, pieces in found]


def _split_word_ids(tokenizer, texts: Sequence[str | None], segments: Sequence[int],
                    special: Sequence[bool]) -> list[int | None] | None:
    """Word ids from the word splitter, or None when its pieces don't line up with the
    tokens (then the marks decide)."""
    ids: list[int | None] = [None] * len(special)
    next_word = 0
    for segment, text in enumerate(texts):
        positions = [i for i, (s, sp) in enumerate(zip(segments, special)) if s == segment
                     and not sp]
        if text is None:
            if positions:
                return None
            continue
        counts = pieces_per_word(tokenizer, text)
        if counts is None or sum(counts) < len(positions):
            return None
        owners = [word for word, count in enumerate(counts, start=next_word)
                  for _ in range(count)]  # truncation keeps a prefix of each sentence
        for position, word in zip(positions, owners):
            ids[position] = word
        next_word += len(counts)
    return ids


def word_ids(tokenizer, encoding, texts: Sequence[str | None], tokens: Sequence[str],
             segments: Sequence[int], special: Sequence[bool]) -> list[int | None]:
    """The word of every token of one encoded input (``texts``: sentence A and B or None;
    ``segments``: 0/1 per token; ``special``: True for [CLS], [SEP] …)."""
    if getattr(tokenizer, "is_fast", False):
        found = _fast_word_ids(encoding)
        if found is not None and len(found) == len(tokens):
            return found
    found = _split_word_ids(tokenizer, texts, segments, special)
    if found is not None:
        return found
    return marker_word_ids(tokens, special)


#: A token's ``(start, end)`` characters in its own text (A or B), end exclusive.
Span = tuple[int, int]


def char_offsets(tokenizer, encoding, texts: Sequence[str | None], tokens: Sequence[str],
                 segments: Sequence[int], special: Sequence[bool]) -> list[Span | None]:
    """Where each token of one encoded input came from in its own text; None for special tokens
    and pieces that can't be placed (see the module docstring)."""
    if "offset_mapping" in encoding:
        mapping = encoding["offset_mapping"][0].tolist()
        if len(mapping) == len(tokens):
            return [None if is_special or end <= start else (int(start), int(end))
                    for (start, end), is_special in zip(mapping, special)]
    found: list[Span | None] = [None] * len(tokens)
    cursors = [0, 0]
    folded_texts = [_folded_text(text) if text is not None else None for text in texts]
    for i, (token, segment, is_special) in enumerate(zip(tokens, segments, special)):
        folded = folded_texts[segment] if segment < len(folded_texts) else None
        piece = "".join(_folded(c) for c in strip_marks(token))
        if is_special or folded is None or not piece:
            continue
        letters, owners = folded
        start = letters.find(piece, cursors[segment])
        if start < 0:
            continue
        last = start + len(piece) - 1
        found[i] = (owners[start], owners[last] + 1)
        cursors[segment] = last + 1
    return found


@lru_cache(maxsize=4096)
def _folded(character: str) -> str:
    """One character as uncased vocabularies see it: NFKC, case-folded, without accents."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", character).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded_text(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, with the original index of every folded one."""
    letters: list[str] = []
    owners: list[int] = []
    for index, character in enumerate(text):
        folded = _folded(character)
        letters.append(folded)
        owners.extend([index] * len(folded))
    return "".join(letters), owners
