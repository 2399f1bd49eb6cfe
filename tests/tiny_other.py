"""Tiny non-BERT encoders (RoBERTa, ELECTRA, DistilBERT, ALBERT) with the tiny WordPiece
vocabulary, saved with ``save_pretrained`` so tests load them through the app's real loading
code."""

from __future__ import annotations

from pathlib import Path

import torch
from tiny import SHAPE, VOCAB
from transformers import (
    AlbertConfig,
    AlbertForMaskedLM,
    BertTokenizer,
    DistilBertConfig,
    DistilBertForMaskedLM,
    ElectraConfig,
    ElectraForMaskedLM,
    RobertaConfig,
    RobertaForMaskedLM,
)


def _save(folder: Path, model: torch.nn.Module) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(folder / "vocab.txt"), do_lower_case=True)
    model.eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def make_tiny_roberta(folder: Path, seed: int = 0) -> Path:
    """RoBERTa layout (positions counted after the pad index 0), 2 layers × 4 heads, hidden 32."""
    torch.manual_seed(seed)
    config = RobertaConfig(vocab_size=len(VOCAB), max_position_embeddings=66, pad_token_id=0,
                           type_vocab_size=2, **SHAPE)
    return _save(folder, RobertaForMaskedLM(config))


#: Text the tiny byte-level BPE vocabulary is trained on.
BPE_TRAINING_TEXT = (
    "The cat sat on the mat because it was tired. The runner is unbelievable. "
    "He is eating a fruit. A house is near me. It is a sweet red apple."
)


def make_tiny_bpe_roberta(folder: Path, seed: int = 0) -> Path:
    """RoBERTa with a real byte-level BPE tokenizer (``Ġ`` marks a word start; vocab.json +
    merges.txt, the fast tokenizer saved too), trained here on :data:`BPE_TRAINING_TEXT`."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import RobertaTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    trainer = ByteLevelBPETokenizer()
    trainer.train_from_iterator([BPE_TRAINING_TEXT], vocab_size=300, min_frequency=1,
                                special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    trainer.save_model(str(folder))
    tokenizer = RobertaTokenizer(vocab=str(folder / "vocab.json"),
                                 merges=str(folder / "merges.txt"))
    torch.manual_seed(seed)
    config = RobertaConfig(vocab_size=len(tokenizer), max_position_embeddings=66,
                           pad_token_id=tokenizer.pad_token_id, type_vocab_size=1, **SHAPE)
    RobertaForMaskedLM(config).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def make_tiny_distilbert(folder: Path, seed: int = 0) -> Path:
    """DistilBERT: no segment embeddings, attention in ``q_lin``/``k_lin``/``v_lin``."""
    torch.manual_seed(seed)
    config = DistilBertConfig(vocab_size=len(VOCAB), dim=32, n_layers=2, n_heads=4,
                              hidden_dim=64, max_position_embeddings=64)
    return _save(folder, DistilBertForMaskedLM(config))


def make_tiny_electra(folder: Path, seed: int = 0) -> Path:
    """ELECTRA generator layout (``electra.encoder.layer``, like BERT's), 2 layers × 4 heads,
    hidden 32, embeddings of the same size (no ``embeddings_project``)."""
    torch.manual_seed(seed)
    config = ElectraConfig(vocab_size=len(VOCAB), embedding_size=32, max_position_embeddings=64,
                           type_vocab_size=2, **SHAPE)
    return _save(folder, ElectraForMaskedLM(config))


def _albert_config(vocab_size: int) -> AlbertConfig:
    """The tiny ALBERT shape (embeddings of 16, projected to the hidden 32)."""
    return AlbertConfig(vocab_size=vocab_size, embedding_size=16, max_position_embeddings=64,
                        type_vocab_size=2, **SHAPE)


def make_tiny_albert(folder: Path, seed: int = 0) -> Path:
    """ALBERT: one shared layer group (``albert_layer_groups``), not ``encoder.layer``."""
    torch.manual_seed(seed)
    return _save(folder, AlbertForMaskedLM(_albert_config(len(VOCAB))))


def make_tiny_sentencepiece_albert(folder: Path, seed: int = 0) -> Path:
    """ALBERT with a real SentencePiece (unigram) tokenizer (``▁`` marks a word start;
    ``spiece.model``, converted to a fast tokenizer on load), trained here on
    :data:`BPE_TRAINING_TEXT`."""
    import sentencepiece
    from transformers import AlbertTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(BPE_TRAINING_TEXT.split(". ")), model_prefix=str(folder / "spiece"),
        vocab_size=80, hard_vocab_limit=False, model_type="unigram", pad_id=0, unk_id=1,
        bos_id=-1, eos_id=-1, user_defined_symbols=["[CLS]", "[SEP]", "[MASK]"], minloglevel=2)
    tokenizer = AlbertTokenizer.from_pretrained(folder)
    torch.manual_seed(seed)
    AlbertForMaskedLM(_albert_config(len(tokenizer))).eval().save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
