"""Attention analyses on a Trace's ``attentions`` array: aggregates, views and head statistics.

Shapes: ``L`` layers, ``H`` heads, ``T`` tokens. An attention array is float ``[L, H, T, T]``
(layer, head, query, key) whose rows sum to 1; a matrix is ``[T, T]`` (query, key). A Trace
stores them in float32; every function here computes and returns float32 (or float64).
Methods (see the references in the README):

- rollout (Abnar & Zuidema 2020): per layer, mean over heads, ``0.5·A + 0.5·I``, rows
  renormalised, multiplied from the first layer to the last;
- word-level merge (Clark et al. 2019): sum over the attended-to pieces of a word, mean over
  its attending pieces, so rows still sum to 1;
- head statistics and pattern tags with the thresholds of Clark et al. 2019.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .trace import Trace
from .words import marker_word_ids, strip_marks

#: Sentence-pair blocks, as (query segment, key segment); "all" keeps the whole matrix.
BLOCKS = {"all": None, "AA": (0, 0), "AB": (0, 1), "BA": (1, 0), "BB": (1, 1)}

#: Pattern tags of the head field guide, in the order they are tested.
PATTERNS = ("previous", "next", "special", "block", "broad", "other")
#: Clark et al. 2019: a positional head puts > 0.5 of its attention on the previous/next token.
POSITIONAL_THRESHOLD = 0.5
#: Clark et al. 2019: a special-token head puts > 0.6 on [CLS], [SEP] and punctuation.
SPECIAL_THRESHOLD = 0.6
#: A block head keeps > 0.8 of its attention inside the query's own sentence of a pair.
BLOCK_THRESHOLD = 0.8
#: Clark et al. 2019: "broad" heads have mean row entropy above ≈3.8 nats on 128-token inputs.
BROAD_ENTROPY_AT_128 = 3.8


def layer_mean(attentions: np.ndarray) -> np.ndarray:
    """float ``[L, T, T]``: each layer's attention averaged over its heads."""
    return attentions.mean(axis=1, dtype=np.float32)


def rollout(attentions: np.ndarray) -> np.ndarray:
    """float ``[L, T, T]``: attention rollout up to and including each layer.

    ``R[0] = Â[0]`` and ``R[l] = Â[l] @ R[l-1]``, with ``Â = rownorm(0.5·mean_h A + 0.5·I)``.
    Row ``i`` of ``R[l]`` says how much of token ``i``'s representation after layer ``l`` traces
    back to each input token; rows sum to 1.
    """
    n_tokens = attentions.shape[-1]
    mixed = 0.5 * layer_mean(attentions).astype(np.float64) + 0.5 * np.eye(n_tokens)
    mixed /= mixed.sum(axis=-1, keepdims=True)
    out = np.empty_like(mixed)
    out[0] = mixed[0]
    for layer in range(1, len(mixed)):
        out[layer] = mixed[layer] @ out[layer - 1]
    return out.astype(np.float32)


def row_normalised(matrices: np.ndarray) -> np.ndarray:
    """``[..., R, C]`` with every row rescaled to sum to 1 (all-zero rows stay zero)."""
    totals = matrices.sum(axis=-1, keepdims=True)
    return np.divide(matrices, totals, out=np.zeros_like(matrices), where=totals > 0)


# --- words -------------------------------------------------------------------------------------

def word_groups(result: Trace) -> list[list[int]]:
    """Token indices of each word of ``result``, in order; special tokens stand alone.

    The words are the Trace's ``word_ids`` (the tokenizer's own: MeCab words for the Japanese
    BERT); a Trace without them falls back to the pieces' marks
    (:func:`bertvis.words.marker_word_ids`)."""
    return groups_by_word(result.word_ids
                          or marker_word_ids(result.tokens, result.special.tolist()))


def groups_by_word(word_ids: Sequence[int | None]) -> list[list[int]]:
    """Token indices of each word, given every token's word id (None: a special token,
    a group of its own)."""
    groups: list[list[int]] = []
    for i, word in enumerate(word_ids):
        if word is not None and groups and word_ids[groups[-1][-1]] == word:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def word_label(tokens: list[str], group: list[int]) -> str:
    """The word a group of pieces spells (``un ##believ ##able`` → ``unbelievable``,
    ``Ġun believ able`` → ``unbelievable``)."""
    return "".join(strip_marks(tokens[i]) for i in group)


def merge_words(matrix: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """float ``[W, W]`` from a ``[T, T]`` matrix: sum over each key word's pieces, mean over
    each query word's pieces (Clark et al. 2019); rows that summed to 1 still do."""
    starts = np.array([g[0] for g in groups])
    summed_keys = np.add.reduceat(matrix, starts, axis=1, dtype=np.float32)
    sizes = np.array([len(g) for g in groups], dtype=np.float32)
    return np.add.reduceat(summed_keys, starts, axis=0) / sizes[:, None]


# --- one matrix as the page shows it ------------------------------------------------------------

@dataclass(frozen=True)
class MatrixView:
    """A matrix ready to draw: ``values`` ``[R, C]`` and what its rows and columns are.

    ``rows`` / ``columns`` index the units of the view (tokens, or words when merged);
    ``row_labels`` / ``column_labels`` are their text.
    """

    values: np.ndarray
    rows: np.ndarray
    columns: np.ndarray
    row_labels: list[str]
    column_labels: list[str]


def block_units(segments: np.ndarray, block: str) -> tuple[np.ndarray, np.ndarray]:
    """(query indices, key indices) of a sentence-pair block ("all", "AA", "AB", "BA", "BB")."""
    everything = np.arange(len(segments))
    pair = BLOCKS[block]
    if pair is None:
        return everything, everything
    return everything[segments == pair[0]], everything[segments == pair[1]]


def view(matrix: np.ndarray, result: Trace, words: bool = False, block: str = "all",
         hide_special: bool = False, renormalise: bool = False) -> MatrixView:
    """Cut a ``[T, T]`` matrix over ``result``'s tokens (one head's, a layer mean, a rollout)
    for display.

    In order: merge pieces into words (``words``, by the Trace's words, see
    :func:`word_groups`), keep one sentence-pair ``block``, drop the
    key columns of special tokens (``hide_special``), and rescale each row to sum to 1 over the
    keys left (``renormalise``; without it rows keep their original weights and sum to less).
    """
    tokens, special, segments = result.tokens, result.special, result.segments
    labels = list(tokens)
    if words:
        groups = word_groups(result)
        matrix = merge_words(matrix, groups)
        labels = [word_label(tokens, g) for g in groups]
        special = np.array([bool(special[g[0]]) for g in groups])
        segments = np.array([segments[g[0]] for g in groups])
    rows, columns = block_units(segments, block)
    if hide_special:
        columns = columns[~special[columns]]
    values = np.asarray(matrix[np.ix_(rows, columns)], dtype=np.float32)
    if renormalise:
        values = row_normalised(values)
    return MatrixView(values=values, rows=rows, columns=columns,
                      row_labels=[labels[i] for i in rows],
                      column_labels=[labels[i] for i in columns])


# --- sentence pairs --------------------------------------------------------------------------

def block_masses(result: Trace) -> dict[str, np.ndarray]:
    """Per layer, the mean share of attention a query of one sentence of ``result`` gives to
    each sentence.

    Returns ``{"AA", "AB", "BA", "BB"}`` → float ``[L]`` (averaged over heads and over the
    block's query tokens); ``AA + AB = 1`` and ``BA + BB = 1``. ``[CLS]`` and the first
    ``[SEP]`` count as sentence A, the last ``[SEP]`` as sentence B (BERT's token types).
    """
    mean = layer_mean(result.attentions)
    segments = result.segments
    out = {}
    for name, pair in BLOCKS.items():
        if pair is None:
            continue
        queries, keys = segments == pair[0], segments == pair[1]
        if not queries.any():
            out[name] = np.zeros(len(mean), dtype=np.float32)
            continue
        out[name] = mean[:, queries][:, :, keys].sum(axis=-1).mean(axis=-1)
    return out


# --- head field guide ------------------------------------------------------------------------

def is_punctuation(token: str) -> bool:
    """True for a token made only of punctuation characters (``.``, ``,``, ``##!``, ``」``)."""
    text = token[2:] if token.startswith("##") else token
    return bool(text) and all(unicodedata.category(c).startswith("P") for c in text)


def broad_threshold(n_tokens: int) -> float:
    """Entropy (nats) above which a head counts as broad: 3.8 at 128 tokens, scaled by the
    largest possible entropy ``ln T`` for other lengths."""
    return BROAD_ENTROPY_AT_128 * math.log(max(n_tokens, 2)) / math.log(128)


@dataclass(frozen=True)
class HeadStats:
    """Per-head statistics, each float ``[L, H]`` (shares in 0..1, entropy in nats), and the
    pattern tag of each head (str ``[L, H]``, one of :data:`PATTERNS`)."""

    entropy: np.ndarray
    cls: np.ndarray
    sep: np.ndarray
    punctuation: np.ndarray
    previous: np.ndarray
    next: np.ndarray
    own_sentence: np.ndarray  # share within the query's own sentence (1 for single sentences)
    pattern: np.ndarray

    FIELDS = ("entropy", "cls", "sep", "punctuation", "previous", "next", "own_sentence")


#: :func:`head_stats` reads this many bytes of float32 attention at a time (at least a layer).
STATS_CHUNK_BYTES = 8 * 2**20


def head_stats(result: Trace, attentions: np.ndarray | None = None) -> HeadStats:
    """The field guide for an input: averages over every query row of each head.

    ``attentions``: ``[L, H, T, T]`` weights over ``result``'s tokens to read instead of its
    own (the norm-weighted matrices of :mod:`bertvis.norms`). Computed a few layers at a time
    (:data:`STATS_CHUNK_BYTES`, one layer from ~240 tokens on BERT-base), so the float32
    working arrays stay small (at 512 tokens BERT-base's whole float32 stack and its
    temporaries would take ~300 MB more), and short inputs (a corpus's sentences) take one
    pass over all layers."""
    attentions = result.attentions if attentions is None else attentions
    n_layers = attentions.shape[0]
    layer_bytes = attentions[0].size * np.dtype(np.float32).itemsize
    step = max(1, STATS_CHUNK_BYTES // max(layer_bytes, 1))
    masks = _token_masks(result.tokens, result.special, result.segments)
    per_chunk = [_layer_stats(np.asarray(attentions[start:start + step], dtype=np.float32),
                              masks)
                 for start in range(0, n_layers, step)]
    stats = {name: np.concatenate([found[name] for found in per_chunk])
             for name in HeadStats.FIELDS}
    pattern = tag_heads(stats, attentions.shape[-1], result.is_pair)
    return HeadStats(pattern=pattern, **stats)


@dataclass(frozen=True)
class _TokenMasks:
    """What the field guide's shares sum over, each bool ``[T]`` (``same_sentence``:
    ``[T, T]``, the key in the query's own sentence)."""

    cls: np.ndarray
    sep: np.ndarray
    punctuation: np.ndarray
    same_sentence: np.ndarray


def _token_masks(tokens: list[str], special: np.ndarray, segments: np.ndarray) -> _TokenMasks:
    n_tokens = len(tokens)
    cls_mask = np.array([tok == "[CLS]" for tok in tokens], dtype=bool) & special
    if not cls_mask.any() and n_tokens and special[0]:
        cls_mask = np.zeros(n_tokens, dtype=bool)
        cls_mask[0] = True  # other vocabularies' first special token (<s>)
    punctuation = np.array([is_punctuation(tok) for tok in tokens], dtype=bool) & ~special
    return _TokenMasks(cls=cls_mask, sep=special & ~cls_mask, punctuation=punctuation,
                       same_sentence=segments[:, None] == segments[None, :])


def _layer_stats(att: np.ndarray, masks: _TokenMasks) -> dict[str, np.ndarray]:
    """:class:`HeadStats` fields of float32 ``att`` ``[l, H, T, T]``, each float32 ``[l, H]``."""
    n_layers, n_heads, n_tokens, _ = att.shape
    logs = np.zeros_like(att)
    np.log(att, out=logs, where=att > 0)
    entropy = -(att * logs).sum(axis=-1).mean(axis=-1)

    def share(mask: np.ndarray) -> np.ndarray:
        return att[..., mask].sum(axis=-1).mean(axis=-1) if mask.any() else np.zeros(
            (n_layers, n_heads), dtype=np.float32)

    positions = np.arange(n_tokens)
    previous = att[..., positions[1:], positions[1:] - 1].mean(axis=-1) if n_tokens > 1 else \
        np.zeros((n_layers, n_heads), dtype=np.float32)
    following = att[..., positions[:-1], positions[:-1] + 1].mean(axis=-1) if n_tokens > 1 else \
        np.zeros((n_layers, n_heads), dtype=np.float32)
    own = (att * masks.same_sentence).sum(axis=-1).mean(axis=-1)
    stats = dict(entropy=entropy, cls=share(masks.cls), sep=share(masks.sep),
                 punctuation=share(masks.punctuation), previous=previous, next=following,
                 own_sentence=own)
    return {k: np.asarray(v, dtype=np.float32) for k, v in stats.items()}


def tag_heads(stats: dict[str, np.ndarray], n_tokens: int, is_pair: bool) -> np.ndarray:
    """str ``[L, H]``: the first of :data:`PATTERNS` whose rule a head meets."""
    special_share = stats["cls"] + stats["sep"] + stats["punctuation"]
    rules = [
        stats["previous"] > POSITIONAL_THRESHOLD,
        stats["next"] > POSITIONAL_THRESHOLD,
        special_share > SPECIAL_THRESHOLD,
        (stats["own_sentence"] > BLOCK_THRESHOLD) if is_pair
        else np.zeros_like(special_share, dtype=bool),
        stats["entropy"] > broad_threshold(n_tokens),
    ]
    return np.select(rules, PATTERNS[:-1], default=PATTERNS[-1]).astype(object)


def stats_table(stats: HeadStats) -> list[dict]:
    """One record per head (layer and head numbered from 1), for JSON, CSV and tables."""
    n_layers, n_heads = stats.entropy.shape
    return [
        {"layer": layer + 1, "head": head + 1,
         **{name: round(float(getattr(stats, name)[layer, head]), 4) for name in HeadStats.FIELDS},
         "pattern": str(stats.pattern[layer, head])}
        for layer in range(n_layers) for head in range(n_heads)
    ]


# --- all heads at once -----------------------------------------------------------------------

#: Largest side of one head in the mosaic of every head (pixels); longer inputs are pooled down.
MOSAIC_PIXELS = 384


def mosaic_cell_size(n_layers: int, n_heads: int) -> int:
    """Side (in cells, at least 8) each head gets in the all-heads mosaic: ``MOSAIC_PIXELS``
    shared by the longer side of the layer × head grid; what :func:`pool` pools a head to."""
    return max(8, MOSAIC_PIXELS // max(n_layers, n_heads))


def pool(matrix: np.ndarray, size: int) -> np.ndarray:
    """Downsample the last two axes ``[..., T, T]`` to at most ``size`` bins each, summing over
    the keys of a bin and averaging over its queries (rows keep summing to 1)."""
    n_tokens = matrix.shape[-1]
    if n_tokens <= size:  # nothing to pool: the matrix itself
        return matrix
    starts = np.linspace(0, n_tokens, size, endpoint=False).astype(int)
    counts = np.diff(np.append(starts, n_tokens)).astype(np.float32)
    # Rows first: summing whole rows streams through memory, and leaves the strided key sums a
    # ``size / T`` share of the work (at 512 tokens half the time of keys first).
    queries = np.add.reduceat(matrix, starts, axis=-2, dtype=np.float32)
    return np.add.reduceat(queries, starts, axis=-1) / counts[:, None]
