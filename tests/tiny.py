"""Tiny BERT models built from a ``BertConfig`` and saved with ``save_pretrained``.

Tests load them through the app's real loading code. ``plant`` callbacks set weights by hand
where a test needs a known answer (e.g. a decoder bias that makes one token the top guess).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import torch
from transformers import (
    BertConfig,
    BertForPreTraining,
    BertForQuestionAnswering,
    BertForSequenceClassification,
    BertForTokenClassification,
    BertModel,
    BertTokenizer,
)

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = (
    "the a cat dog sat on mat is was happy sad good bad movie film great terrible wonderful "
    "i he she it we bought ate eating fruit house near me restless because tired and but not "
    "very this that of to in paris france capital city london , . ! ? ' play ##ing ##s ##ed "
    "un ##believ ##able run ##ner"
).split()
VOCAB = SPECIAL + WORDS
#: The shape of every tiny model (here, tests/tiny_other.py, tests/fake_hub.py): 2 layers × 4
#: heads, hidden 32, feed-forward 64.
SHAPE = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)

CLASSES = {
    "pretraining": BertForPreTraining,
    "encoder": BertModel,
    "sequence-classification": BertForSequenceClassification,
    "question-answering": BertForQuestionAnswering,
    "token-classification": BertForTokenClassification,
}


def make_tiny_bert(
    folder: Path,
    kind: str = "pretraining",
    plant: Callable[[torch.nn.Module, BertTokenizer], None] | None = None,
    seed: int = 0,
    **config: object,
) -> Path:
    """Save a tiny BERT of ``kind`` (see ``CLASSES``) with its tokenizer into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab_path = folder / "vocab.txt"
    vocab_path.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(vocab_path), do_lower_case=True)
    settings = dict(vocab_size=len(VOCAB), max_position_embeddings=64, type_vocab_size=2, **SHAPE)
    settings.update(config)
    torch.manual_seed(seed)
    model = CLASSES[kind](BertConfig(**settings)).eval()
    if plant is not None:
        with torch.no_grad():
            plant(model, tokenizer)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def bare_bert(model: torch.nn.Module) -> None:
    """Zero every embedding and every layer's attention and feed-forward output, so each
    token's final vector is the layer-normalised sum of the embeddings a planting callback
    then writes (tests/planted_tasks.py, tests/fake_hub.py)."""
    base = model.base_model
    for layer in base.encoder.layer:
        for linear in (layer.attention.output.dense, layer.output.dense):
            linear.weight.zero_()
            linear.bias.zero_()
    for table in (base.embeddings.word_embeddings, base.embeddings.position_embeddings,
                  base.embeddings.token_type_embeddings):
        table.weight.zero_()


def model_attention(loaded, text_a: str, text_b: str | None = None) -> np.ndarray:
    """float32 ``[L, H, T, T]`` straight from a loaded model's encoder, without bertvis's own
    tracing code: the reference the pages, the command line and the notebook API must match."""
    inputs = loaded.tokenizer(text_a, text_b, return_tensors="pt")
    with torch.inference_mode():
        out = loaded.encoder(**inputs, output_attentions=True)
    return torch.stack([a[0] for a in out.attentions]).float().numpy()
