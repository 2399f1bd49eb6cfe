"""The shared vocabulary of a run: ``LoadedModel.key``, ``LoadedModel.inputs`` (the forward's
keyword arguments for every architecture) and the words and character offsets a Trace keeps
(WordPiece ``##``, byte-level BPE ``Ġ``, SentencePiece ``▁``)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from tiny_other import (
    make_tiny_bpe_roberta,
    make_tiny_distilbert,
    make_tiny_roberta,
    make_tiny_sentencepiece_albert,
)

from bertvis import alignment, attention, models
from bertvis.trace import trace
from bertvis.words import char_offsets, strip_marks

PAIR = ("The runner is unbelievable", "It was tired")


@pytest.fixture(scope="module")
def architectures(tiny_bert, tmp_path_factory) -> dict[str, models.LoadedModel]:
    """Tiny models by name: BERT with WordPiece, DistilBERT, RoBERTa with WordPiece, RoBERTa
    with byte-level BPE, ALBERT with SentencePiece."""
    root = tmp_path_factory.mktemp("architectures")
    folders = {"wordpiece": tiny_bert,
               "distilbert": make_tiny_distilbert(root / "distilbert"),
               "roberta": make_tiny_roberta(root / "roberta"),
               "bpe": make_tiny_bpe_roberta(root / "bpe"),
               "sentencepiece": make_tiny_sentencepiece_albert(root / "sentencepiece")}
    return {name: models.load(str(folder), device="cpu") for name, folder in folders.items()}


@pytest.fixture(scope="module")
def tiny(architectures) -> models.LoadedModel:
    return architectures["wordpiece"]


def test_the_model_key_is_what_it_was_loaded_as(tiny_bert):
    loaded = models.load(str(tiny_bert), device="cpu")
    assert loaded.key == models.ModelKey(str(tiny_bert), "pretraining", "cpu", "float32")
    assert {loaded.key: 1}[models.ModelKey(str(tiny_bert), device="cpu")] == 1  # hashable
    assert not hasattr(loaded, "extra")


def test_bert_gets_segments_for_a_pair(tiny):
    result = trace(tiny, *PAIR)
    inputs = tiny.inputs(result)
    assert set(inputs) == {"input_ids", "attention_mask", "token_type_ids"}
    assert inputs["input_ids"].shape == (1, result.n_tokens)
    assert inputs["token_type_ids"][0].tolist() == result.segments.tolist()
    assert 0 < result.segments.sum() < result.n_tokens
    assert inputs["attention_mask"][0].tolist() == [1] * result.n_tokens
    with torch.inference_mode():
        again = tiny.encoder(**inputs, output_hidden_states=True).last_hidden_state[0]
    np.testing.assert_allclose(again.numpy(), result.hidden_states[-1], atol=1e-5)
    without = {k: v for k, v in inputs.items() if k != "token_type_ids"}
    with torch.inference_mode():
        as_one_segment = tiny.encoder(**without).last_hidden_state[0]
    assert not np.allclose(as_one_segment.numpy(), result.hidden_states[-1], atol=1e-3)


@pytest.mark.parametrize("name, segments", [("distilbert", False), ("roberta", True),
                                            ("bpe", False), ("sentencepiece", True)])
def test_inputs_follow_what_the_forward_accepts(architectures, name, segments):
    """DistilBERT's forward takes no token types; the BPE RoBERTa has one segment embedding
    (type_vocab_size 1), so its own zeros are used; the tiny RoBERTa and ALBERT have two."""
    loaded = architectures[name]
    assert loaded.takes_segments is segments
    result = trace(loaded, *PAIR)
    inputs = loaded.inputs(result)
    assert ("token_type_ids" in inputs) is segments
    with torch.inference_mode():
        again = loaded.encoder(**inputs, output_hidden_states=True).last_hidden_state[0]
    np.testing.assert_allclose(again.numpy(), result.hidden_states[-1], atol=1e-5)


def test_inputs_from_a_padded_batch_and_replacement_ids(tiny, architectures):
    distil = architectures["distilbert"]
    for loaded in (tiny, distil):
        enc = loaded.tokenizer(["the cat sat", "a cat"], padding=True, return_tensors="pt")
        inputs = loaded.inputs(enc)
        assert inputs["attention_mask"].tolist() == enc["attention_mask"].tolist()
        assert inputs["attention_mask"][1].tolist().count(0) == 1
        assert ("token_type_ids" in inputs) is (loaded is tiny)
    result = trace(tiny, "the cat sat")
    replaced = np.array(result.input_ids)
    replaced[2] = tiny.tokenizer.mask_token_id
    assert tiny.inputs(result, input_ids=replaced)["input_ids"][0].tolist() == replaced.tolist()


def spelled(result, i: int) -> str:
    """The characters token ``i``'s offsets point at in its own text."""
    start, end = result.offsets[i]
    return (result.text_b if result.segments[i] else result.text_a)[start:end]


def test_offsets_point_at_the_right_characters_of_cjk_and_emoji(minilm):
    result = trace(minilm, "猫は😀で寝た", "Héllo wörld! 👋🏽")
    assert result.offsets[0] is None and result.offsets[-1] is None  # [CLS], [SEP]
    shown = [(tok, spelled(result, i)) for i, tok in enumerate(result.tokens)
             if result.offsets[i] is not None]
    # MiniLM's English vocabulary: a Han character is a word of its own, "は😀で" one unknown
    # word; an emoji with a skin tone is two code points
    assert shown == [("[UNK]", "猫"), ("[UNK]", "は😀で"), ("[UNK]", "寝"), ("た", "た"),
                     ("hello", "Héllo"), ("world", "wörld"), ("!", "!"), ("[UNK]", "👋🏽")]


def test_a_slow_tokenizer_gets_offsets_by_finding_its_pieces(minilm):
    """Without ``offset_mapping`` each piece is found in order, case and accents folded; a
    piece that isn't in the text ([UNK] for an emoji) has None."""
    text = "Héllo wörld 😀 unbelievable"
    tokens = ["[CLS]", "hello", "wo", "##rld", "[UNK]", "un", "##believ", "##able", "[SEP]"]
    special = [True] + [False] * 7 + [True]
    found = char_offsets(None, {}, (text, None), tokens, [0] * len(tokens), special)
    assert found == [None, (0, 5), (6, 8), (8, 11), None, (14, 16), (16, 22), (22, 26), None]
    assert [text[s:e] for s, e in found[5:8]] == ["un", "believ", "able"]


@pytest.mark.parametrize("name, pieces", [
    ("wordpiece", ["run", "##ner"]),
    ("bpe", ["Ġ", "ru", "nne", "r"]),
    ("sentencepiece", None),
])
def test_word_groups_and_alignment_share_the_words(architectures, name, pieces):
    loaded = architectures[name]
    result = trace(loaded, *PAIR)
    if pieces is not None:
        start = result.tokens.index(pieces[0])
        assert result.tokens[start:start + len(pieces)] == pieces
    if name == "sentencepiece":
        assert any(tok.startswith("▁") for tok in result.tokens)
    groups = attention.word_groups(result)
    words = [attention.word_label(result.tokens, g).lower() for g in groups
             if not result.special[g[0]]]
    assert words == ["the", "runner", "is", "unbelievable", "it", "was", "tired"]
    aligned = alignment.align(result)
    within = [w for w in aligned.word_ids if w is not None]
    assert sorted(set(within)) == [0, 1, 2, 3]  # sentence B counts from 0 again
    for group in groups:
        if result.special[group[0]]:
            continue
        span = aligned.span(group[0], group[-1])
        text = result.text_b if result.segments[group[0]] else result.text_a
        assert text[span[0]:span[1]].lower() == "".join(
            strip_marks(result.tokens[i]) for i in group).lower()
