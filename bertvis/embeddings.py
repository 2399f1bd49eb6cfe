"""How BERT reads its input: tokens, the three input embeddings, and padding.

- :func:`token_rows`: every token of a Trace with its id, segment, attention mask and word.
- :func:`cut_pieces`: the WordPiece tokens truncation dropped from sentence A and B.
- :func:`input_embeddings`: token + segment + position embeddings, read from the model's own
  embedding layer, their sum and the LayerNorm after it, checked against ``hidden_states[0]``.
- :func:`split_text`: how one tokenizer cuts a text, in its two stages (words, then pieces):
  the tokens lesson's "Why a Japanese BERT?" runs it for three tokenizers side by side.
- :func:`padding_example`: the same input padded to a fixed length with ``[PAD]``: what the
  attention mask does (pad keys get ~0 weight, real tokens' outputs do not change) and what
  would happen without it.

All computation is float32 on the CPU (the model runs where it was loaded).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .alignment import align
from .arithmetic import cpu_float32
from .words import marker_word_ids, split_words, strip_marks
from .errors import BertvisError
from .models import LoadedModel
from .trace import Trace

#: Model types whose position ids start after the padding index (fairseq-style).
OFFSET_POSITIONS = ("roberta", "xlm-roberta", "camembert")


@dataclass(frozen=True)
class TokenRow:
    """One token as BERT sees it (``word`` is None for special tokens)."""

    position: int
    token: str
    token_id: int
    segment: int
    mask: int
    special: bool
    word: int | None
    split: bool  # its word was cut into more than one piece


def token_rows(result: Trace) -> list[TokenRow]:
    """The Trace's tokens with everything the tokenizer decided about them."""
    segments = result.segments.tolist()
    words = align(result).word_ids
    keyed = [(segments[i], w) if w is not None else None for i, w in enumerate(words)]
    counts: dict[tuple[int, int], int] = {}
    for key in keyed:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return [
        TokenRow(position=i, token=token, token_id=int(result.input_ids[i]),
                 segment=int(segments[i]), mask=1, special=bool(result.special[i]),
                 word=words[i], split=keyed[i] is not None and counts[keyed[i]] > 1)
        for i, token in enumerate(result.tokens)
    ]


@dataclass(frozen=True)
class TextSplit:
    """How one tokenizer cuts a text: each word (``words``) and the pieces it becomes
    (``pieces``, one list per word). ``from_splitter`` is True when the words come from the
    tokenizer's own word splitter (MeCab for the Japanese BERT), False when they are read off
    the pieces' marks (``##`` continues a word)."""

    words: list[str]
    pieces: list[list[str]]
    from_splitter: bool
    unknown_token: str | None

    @property
    def n_pieces(self) -> int:
        return sum(len(p) for p in self.pieces)

    @property
    def n_unknown(self) -> int:
        return sum(piece == self.unknown_token for word in self.pieces for piece in word)


def split_text(tokenizer, text: str) -> TextSplit:
    """``text`` through ``tokenizer``, both stages (special tokens are not added)."""
    unknown = getattr(tokenizer, "unk_token", None)
    stages = split_words(tokenizer, text)
    if stages is not None:
        return TextSplit([w for w, _ in stages], [p for _, p in stages], True, unknown)
    pieces = tokenizer.tokenize(text)
    groups: list[list[str]] = []
    last = None
    for piece, word in zip(pieces, marker_word_ids(pieces, [False] * len(pieces))):
        if word != last:
            groups.append([])
            last = word
        groups[-1].append(piece)
    words = ["".join(strip_marks(p) for p in group) for group in groups]
    return TextSplit(words, groups, False, unknown)


def cut_pieces(result: Trace) -> tuple[list[str], list[str]]:
    """WordPiece tokens truncation dropped from the end of sentence A and of sentence B (as
    :func:`bertvis.trace.trace` recorded them; nothing is tokenised again)."""
    cut = result.truncation
    return ([], []) if cut is None else (list(cut.pieces_a), list(cut.pieces_b))


@dataclass(frozen=True)
class InputEmbeddings:
    """The embedding layer's work for every token (``T`` tokens, embedding size ``E``).

    - ``token``, ``segment``, ``position``: ``[T, E]`` rows of the three embedding tables
      (``segment`` is zeros for models without segment embeddings, e.g. DistilBERT).
    - ``total``: ``[T, E]`` their sum; ``normed``: ``[T, E]`` the LayerNorm of the sum, which is
      what the first layer reads (dropout is off in eval mode).
    - ``position_ids``: ``[T]`` the rows of the position table used.
    - ``max_difference``: max |normed − hidden_states[0]|, or None when the model maps the
      embeddings to another size before the first layer (ALBERT, small ELECTRA).
    """

    tokens: list[str]
    token: np.ndarray
    segment: np.ndarray
    position: np.ndarray
    total: np.ndarray
    normed: np.ndarray
    position_ids: np.ndarray
    has_segments: bool
    max_difference: float | None

    def norms(self) -> dict[str, np.ndarray]:
        """``[T]`` L2 norm of each part, by name, in the order they are added up."""
        parts = {"token": self.token, "segment": self.segment, "position": self.position,
                 "sum": self.total, "layernorm": self.normed}
        return {name: np.linalg.norm(values, axis=1) for name, values in parts.items()}


def _position_ids(loaded: LoadedModel, embeddings: torch.nn.Module, n_tokens: int) -> torch.Tensor:
    if loaded.config.model_type in OFFSET_POSITIONS:
        start = int(getattr(embeddings, "padding_idx", loaded.config.pad_token_id)) + 1
        return torch.arange(start, start + n_tokens)
    return torch.arange(n_tokens)


def _table(module: torch.nn.Module | None, ids: torch.Tensor) -> torch.Tensor | None:
    if not isinstance(module, torch.nn.Embedding):
        return None
    return module.weight.detach()[ids.to(module.weight.device)].to("cpu", torch.float32)


def input_embeddings(loaded: LoadedModel, result: Trace) -> InputEmbeddings:
    """Read the three embeddings of every token from the model's own tables and add them."""
    embeddings = getattr(loaded.encoder, "embeddings", None)
    norm = getattr(embeddings, "LayerNorm", None)
    ids = torch.from_numpy(np.array(result.input_ids))
    positions = _position_ids(loaded, embeddings, result.n_tokens)
    token = _table(getattr(embeddings, "word_embeddings", None), ids)
    position = _table(getattr(embeddings, "position_embeddings", None), positions)
    if token is None or position is None or not isinstance(norm, torch.nn.LayerNorm):
        raise BertvisError(
            "embeddings_unsupported",
            f"A {loaded.config.model_type!r} model keeps its input embeddings in a layout this "
            "view does not read.",
            model_type=loaded.config.model_type,
        )
    types = torch.from_numpy(np.array(result.token_type_ids))
    segment = _table(getattr(embeddings, "token_type_embeddings", None), types)
    has_segments = segment is not None
    if segment is None:
        segment = torch.zeros_like(token)
    total = token + segment + position
    normed = torch.nn.functional.layer_norm(
        total, norm.normalized_shape, cpu_float32(norm.weight), cpu_float32(norm.bias), norm.eps)
    first = result.hidden_states[0]
    difference = (float(np.abs(normed.numpy() - first).max())
                  if first.shape == tuple(normed.shape) else None)
    return InputEmbeddings(
        tokens=list(result.tokens), token=token.numpy(), segment=segment.numpy(),
        position=position.numpy(), total=total.numpy(), normed=normed.numpy(),
        position_ids=positions.numpy(), has_segments=has_segments, max_difference=difference,
    )


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two vectors (0 when either is all zeros)."""
    denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denominator if denominator else 0.0


def repeated_pair(tokens: list[str], special: np.ndarray) -> tuple[int, int]:
    """A word that occurs twice, the longest such (e.g. "bank" … "bank" before "the" …
    "the"), as its first two positions; else tokens 1 and 2."""
    first_seen: dict[str, int] = {}
    first_repeat: dict[str, tuple[int, int]] = {}
    for i, token in enumerate(tokens):
        if special[i]:
            continue
        if token in first_seen:
            first_repeat.setdefault(token, (first_seen[token], i))
        else:
            first_seen[token] = i
    if not first_repeat:
        return 1, min(2, len(tokens) - 1)
    return max(first_repeat.values(), key=lambda pair: (len(tokens[pair[0]]), -pair[0]))


@dataclass(frozen=True)
class PaddingExample:
    """The Trace's input padded with ``[PAD]`` to ``length`` tokens and run again.

    - ``tokens``, ``input_ids``, ``attention_mask``, ``token_type_ids``: ``[length]`` as the
      tokenizer produced them (mask 1 = real token, 0 = padding).
    - ``n_real``: tokens before the padding (the Trace's tokens).
    - ``output_difference``: max |padded − unpadded| hidden state of the real tokens, over
      every layer: the mask keeps padding from changing them.
    - ``pad_weight``: the largest attention weight any real token gives any ``[PAD]`` key, over
      every layer and head; ``pad_share``: the largest total weight a real token's row puts on
      all pad keys together.
    - ``unmasked_difference``: the same as ``output_difference`` when the mask is all ones
      (the model attends to the pads): what the mask prevents.
    """

    length: int
    tokens: list[str]
    input_ids: np.ndarray
    attention_mask: np.ndarray
    token_type_ids: np.ndarray
    n_real: int
    output_difference: float
    pad_weight: float
    pad_share: float
    unmasked_difference: float


def _run(loaded: LoadedModel, inputs: dict[str, torch.Tensor]):
    with torch.inference_mode():
        return loaded.encoder(**inputs, output_attentions=True, output_hidden_states=True)


def padding_example(loaded: LoadedModel, result: Trace, length: int) -> PaddingExample:
    """Pad the Trace's texts to ``length`` tokens and show what the attention mask does."""
    n_real = result.n_tokens
    if not n_real < length <= loaded.max_length:
        raise BertvisError(
            "bad_padding_length",
            f"The padded length must be more than the {n_real} real tokens and at most "
            f"{loaded.max_length}.",
            n=n_real, max=loaded.max_length,
        )
    if result.truncation is not None:
        raise BertvisError("padding_truncated", "The input already fills the maximum length.")
    tokenizer = loaded.tokenizer
    if tokenizer.pad_token_id is None:
        raise BertvisError("no_pad_token", "This tokenizer has no [PAD] token.")
    enc = tokenizer(result.text_a, result.text_b, padding="max_length", max_length=length,
                    return_tensors="pt")
    ids = enc["input_ids"][0]
    if ids[:n_real].tolist() != result.input_ids.tolist() or len(ids) != length:
        raise BertvisError("padding_mismatch", "Padding changed the tokens of the input.")
    inputs = loaded.inputs(enc)
    masked = _run(loaded, inputs)
    unmasked = _run(loaded, {**inputs, "attention_mask": torch.ones_like(inputs["attention_mask"])})
    reference = torch.from_numpy(np.array(result.hidden_states))

    def drift(out) -> float:
        hidden = torch.stack([h[0, :n_real] for h in out.hidden_states]).to("cpu", torch.float32)
        return float((hidden - reference).abs().max())

    attention = torch.stack([a[0] for a in masked.attentions]).to("cpu", torch.float32)
    to_pads = attention[:, :, :n_real, n_real:]  # [L, H, real queries, pad keys]
    types = enc.get("token_type_ids", torch.zeros_like(ids.unsqueeze(0)))[0]
    return PaddingExample(
        length=length,
        tokens=tokenizer.convert_ids_to_tokens(ids.tolist()),
        input_ids=ids.numpy(),
        attention_mask=enc["attention_mask"][0].numpy(),
        token_type_ids=types.numpy(),
        n_real=n_real,
        output_difference=drift(masked),
        pad_weight=float(to_pads.max()),
        pad_share=float(to_pads.sum(-1).max()),
        unmasked_difference=drift(unmasked),
    )
