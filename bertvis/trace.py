"""One forward pass for one input, kept as read-only numpy arrays: the :class:`Trace`.

Every page and command reads a Trace; none runs the model again to move a slider.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass, field

import numpy as np
import torch

from . import attention_capture
from .errors import BertvisError
from .models import LoadedModel
from .words import Span, char_offsets, word_ids


#: Storage type of ``Trace.attentions``: the model's own weights (see :class:`Trace`).
ATTENTION_DTYPE = np.float32
#: Arrays of at least this many bytes are mapped in one go (:func:`_mapped_empty`).
MAP_AT_ONCE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Truncation:
    """What was cut to fit the model's maximum length (``None`` on the Trace when nothing was)."""

    original_length: int  # tokens the full input needed, special tokens included
    kept_length: int  # tokens that went through the model
    dropped_a: str  # text cut from the end of sentence A ("" when none)
    dropped_b: str  # text cut from the end of sentence B ("" when none or no B)
    dropped_tokens: int
    pieces_a: tuple[str, ...] = ()  # the tokens cut from the end of sentence A
    pieces_b: tuple[str, ...] = ()  # the tokens cut from the end of sentence B


@dataclass(frozen=True)
class Trace:
    """Everything one forward pass produced, on the CPU, read-only.

    With ``T`` tokens, ``L`` layers, ``H`` heads and hidden size ``D``:

    - ``tokens``: list of ``T`` WordPiece strings, ``[CLS]`` first.
    - ``word_ids``: list of ``T``: the word each token belongs to, counted across the input
      (sentence B's words follow A's), None for special tokens; from the tokenizer's own word
      split (fast tokenizers, MeCab for the Japanese BERT), else from the pieces' marks
      (``##``, ``▁``, ``Ġ``); see :mod:`bertvis.words`. Empty for a Trace built elsewhere.
    - ``offsets``: list of ``T``: each token's ``(start, end)`` characters in its own text
      (``text_a`` or ``text_b``, end exclusive), None for special tokens and pieces a slow
      tokenizer can't place (:func:`bertvis.words.char_offsets`). Empty for a Trace built
      elsewhere.
    - ``input_ids``, ``token_type_ids``: int64 ``[T]``; token types are 0 for sentence A
      (and ``[CLS]``), 1 for sentence B.
    - ``special``: bool ``[T]``, True for ``[CLS]``, ``[SEP]`` and other added tokens.
    - ``sentence_b_start``: index of B's first token, or None for a single sentence.
    - ``attentions``: float32 ``[L, H, T, T]`` (layer, head, query, key), the model's own
      weights (a float16 model's widened): what the pages draw, the command line prints and
      ``bertvis.analyze`` hands out are the same numbers. A BERT-base trace at 512 tokens holds
      ~170 MB (151 MB of it attentions), counted by the store like everything it keeps.
    - ``hidden_states``: float32 ``[L + 1, T, D]``; index 0 is the embedding output.
    - ``pooled``: float32 ``[D]``, the pooler output (tanh layer on ``[CLS]``) where the model
      has one, else None.
    - ``head_outputs``: the model's head outputs that are cheap to keep, by name:
      ``nsp_logits`` ``[2]`` (IsNext, NotNext) for a pre-training model with an NSP head;
      ``logits`` ``[C]`` (sequence classification) or ``[T, C]`` (token classification);
      ``start_logits`` and ``end_logits`` ``[T]`` (question answering). Masked-LM logits are
      computed on demand for the positions asked (see :mod:`bertvis.fill_mask`).
    """

    model_name: str
    text_a: str
    text_b: str | None
    tokens: list[str]
    input_ids: np.ndarray
    token_type_ids: np.ndarray
    special: np.ndarray
    sentence_b_start: int | None
    attentions: np.ndarray
    hidden_states: np.ndarray
    pooled: np.ndarray | None
    head_outputs: dict[str, np.ndarray] = field(default_factory=dict)
    truncation: Truncation | None = None
    word_ids: list[int | None] = field(default_factory=list)
    offsets: list[Span | None] = field(default_factory=list)

    @property
    def n_tokens(self) -> int:
        return len(self.tokens)

    @property
    def n_layers(self) -> int:
        return self.attentions.shape[0]

    @property
    def n_heads(self) -> int:
        return self.attentions.shape[1]

    @property
    def is_pair(self) -> bool:
        return self.sentence_b_start is not None

    @property
    def segments(self) -> np.ndarray:
        """int ``[T]``: 0 for sentence A, 1 for sentence B (from the token positions)."""
        return _segments(self.n_tokens, self.sentence_b_start)


def _segments(n_tokens: int, sentence_b_start: int | None) -> np.ndarray:
    """int ``[T]``: 0 before ``sentence_b_start``, 1 from it on (all 0 without sentence B)."""
    seg = np.zeros(n_tokens, dtype=np.int64)
    if sentence_b_start is not None:
        seg[sentence_b_start:] = 1
    return seg


def _copy_layers(attentions: tuple[torch.Tensor, ...], out: np.ndarray) -> None:
    """Copy the model's per-layer ``[1, H, T, T]`` tensors (any float type, any device) into
    ``out`` (float32 ``[L, H, T, T]``) one layer at a time (no second stacked copy)."""
    for layer, weights in enumerate(attentions):
        out[layer] = weights[0].to("cpu", torch.float32).numpy()


def _mapped_empty(shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """``np.empty(shape, dtype)``, its memory mapped in one go where Linux allows it
    (``MAP_POPULATE``) when it is at least :data:`MAP_AT_ONCE_BYTES`. A Trace is kept, so its
    attentions (151 MB for BERT-base at 512 tokens) and hidden states (20 MB) always land on
    memory the process has not touched; faulted in one 4 KiB page at a time, that cost about as
    much as the forward pass on the benchmark's VM (trace 908 ms against 529 ms mapped at once,
    bare forward 436 ms, medians of 12 at 512 tokens). The mapping is released with the
    array."""
    nbytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
    populate = getattr(mmap, "MAP_POPULATE", None)  # Linux only
    if populate is None or nbytes < MAP_AT_ONCE_BYTES:
        return np.empty(shape, dtype=dtype)
    memory = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | populate)
    return np.frombuffer(memory, dtype=dtype).reshape(shape)


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _encode(loaded: LoadedModel, text_a: str, text_b: str | None):
    """Tokenise, truncating to the model's maximum, and report what was cut. An input that
    fits (the usual case) is tokenised once; only a longer one is tokenised again, cut."""
    tokenizer = loaded.tokenizer
    limit = loaded.max_length
    offsets = {"return_offsets_mapping": True} if getattr(tokenizer, "is_fast", False) else {}
    full = tokenizer(text_a, text_b, truncation=False, return_tensors="pt",
                     return_special_tokens_mask=True, **offsets)
    n_full = int(full["input_ids"].shape[1])
    if n_full <= limit:
        return full, None
    enc = tokenizer(
        text_a,
        text_b,
        truncation="longest_first",
        max_length=limit,
        return_tensors="pt",
        return_special_tokens_mask=True,
        **offsets,
    )
    pieces_a = tokenizer.tokenize(text_a)
    pieces_b = tokenizer.tokenize(text_b) if text_b else []
    kept_b = _segment_length(enc, 1) if text_b else 0
    dropped_a = pieces_a[_segment_length(enc, 0) :]
    dropped_b = pieces_b[kept_b:]
    truncation = Truncation(
        original_length=n_full,
        kept_length=int(enc["input_ids"].shape[1]),
        dropped_a=tokenizer.convert_tokens_to_string(dropped_a) if dropped_a else "",
        dropped_b=tokenizer.convert_tokens_to_string(dropped_b) if dropped_b else "",
        dropped_tokens=n_full - int(enc["input_ids"].shape[1]),
        pieces_a=tuple(dropped_a),
        pieces_b=tuple(dropped_b),
    )
    return enc, truncation


def _sequence_ids(enc) -> list[int | None] | None:
    try:
        return enc.sequence_ids(0)
    except (ValueError, AttributeError):  # slow tokenizers (e.g. MeCab-based Japanese) have none
        return None


def _segment_length(enc, segment: int) -> int:
    """Non-special tokens of ``segment`` in an encoding."""
    seq_ids = _sequence_ids(enc)
    if seq_ids is not None:
        return sum(1 for s in seq_ids if s == segment)
    special = enc["special_tokens_mask"][0].bool()
    types = enc["token_type_ids"][0] if "token_type_ids" in enc else torch.zeros_like(special)
    return int(((types == segment) & ~special).sum())


def _sentence_b_start(enc, has_b: bool) -> int | None:
    """First token of segment B: BERT's token type 1 (right after A's ``[SEP]``), else the
    first token the tokenizer assigns to the second sequence."""
    if not has_b:
        return None
    if "token_type_ids" in enc and bool(enc["token_type_ids"][0].any()):
        return enc["token_type_ids"][0].tolist().index(1)
    seq_ids = _sequence_ids(enc)
    if seq_ids is not None and 1 in seq_ids:
        return seq_ids.index(1)
    return None


def _checked(attentions, loaded: LoadedModel):
    """The model's per-layer attention tensors, or a clear error when it returned none."""
    if attentions is None or len(attentions) != loaded.n_layers:
        raise BertvisError(
            "no_attentions",
            f"The model returned {0 if attentions is None else len(attentions)} attention "
            f"tensors for {loaded.n_layers} layers (eager attention is required).",
        )
    return attentions


def trace(loaded: LoadedModel, text_a: str, text_b: str | None = None) -> Trace:
    """Run ``loaded`` once on ``text_a`` (and ``text_b`` as sentence B), as the model reads them
    (stripped: :meth:`bertvis.analysis.Analysis.of`); no padding."""
    text_b = text_b or None
    if not (text_a or "").strip():
        raise BertvisError("empty_text", "The text is empty.")
    enc, truncation = _encode(loaded, text_a, text_b)
    input_ids = enc["input_ids"]
    if input_ids.shape[1] <= int(enc["special_tokens_mask"].sum()):
        raise BertvisError("no_tokens", "The text has no tokens this model can read.")
    inputs = loaded.inputs(enc)
    heads: dict[str, np.ndarray] = {}
    n_tokens = input_ids.shape[1]
    att = _mapped_empty((loaded.n_layers, loaded.n_heads, n_tokens, n_tokens), ATTENTION_DTYPE)
    with torch.inference_mode(), attention_capture.filling(att) as filled:
        if loaded.kind == "pretraining":
            out = loaded.encoder(**inputs, output_attentions=True, output_hidden_states=True)
            pooled_t = getattr(out, "pooler_output", None)
            if loaded.has_nsp and pooled_t is not None:
                nsp = loaded.model.cls.seq_relationship(pooled_t)
                heads["nsp_logits"] = nsp[0].float().cpu().numpy()
        else:
            out = loaded.model(**inputs, output_attentions=True, output_hidden_states=True)
            pooled_t = None
            for name in ("logits", "start_logits", "end_logits"):
                value = getattr(out, name, None)
                if value is not None:
                    heads[name] = value[0].float().cpu().numpy()
    attentions = _checked(out.attentions, loaded)
    if not filled.complete:  # not written in place (a float16 model, a GPU): copied
        _copy_layers(attentions, att)
    hidden = _mapped_empty((len(out.hidden_states), *out.hidden_states[0][0].shape), np.float32)
    for index, state in enumerate(out.hidden_states):
        hidden[index] = state[0].float().cpu().numpy()
    pooled = pooled_t[0].float().cpu().numpy() if pooled_t is not None else None
    ids = input_ids[0].cpu().numpy()
    types = (
        enc["token_type_ids"][0].cpu().numpy()
        if "token_type_ids" in enc
        else np.zeros_like(ids)
    )
    tokens = loaded.tokenizer.convert_ids_to_tokens(ids.tolist())
    special = enc["special_tokens_mask"][0].cpu().numpy().astype(bool)
    b_start = _sentence_b_start(enc, text_b is not None)
    segments = _segments(len(tokens), b_start).tolist()
    texts = (text_a, text_b)
    return Trace(
        model_name=loaded.display_name,
        text_a=text_a,
        text_b=text_b,
        tokens=tokens,
        input_ids=_frozen(ids),
        token_type_ids=_frozen(types.astype(np.int64)),
        special=_frozen(special),
        sentence_b_start=b_start,
        attentions=_frozen(att),
        hidden_states=_frozen(hidden),
        pooled=_frozen(pooled) if pooled is not None else None,
        head_outputs={k: _frozen(v) for k, v in heads.items()},
        truncation=truncation,
        word_ids=word_ids(loaded.tokenizer, enc, texts, tokens, segments, special.tolist()),
        offsets=char_offsets(loaded.tokenizer, enc, texts, tokens, segments, special.tolist()),
    )
