"""A Hugging Face cache folder holding tiny models under every preset's real Hub id.

``build_fake_hub(folder)`` writes the layout huggingface_hub itself writes
(``huggingface_hub.file_download``: ``models--{org}--{name}/blobs/<etag>``, ``refs/main`` holding
the commit hash, ``snapshots/<commit>/<file>`` as relative symlinks to the blobs; an LFS file's
etag is its sha256, a plain file's etag its git blob sha1). ``offline_hub(folder)`` points
``HF_HUB_CACHE`` at it with ``HF_HUB_OFFLINE=1``, at run time too (huggingface_hub copies both
variables into ``huggingface_hub.constants`` at import, so the constants are patched as well).

Each repo mirrors what its real Hub repo holds (docs/engineering.md, "What each preset's Hub repo
holds"): which weight files (``pytorch_model.bin`` only, or with ``model.safetensors``), old
``LayerNorm.gamma/beta`` key names, ``vocab.txt`` with or without ``tokenizer.json``, generic
``LABEL_0/LABEL_1`` labels, an old ``max_len`` instead of ``model_max_length``, cased or uncased
vocabularies, star-rating and CoNLL labels, the Japanese BERT's MeCab (fugashi + unidic-lite)
tokenizer config. Weights are tiny (hidden 32, 2 layers, 4 heads; BERT-large 3 × 8 so the two
can be told apart) and PLANTED so that ``bertvis doctor`` finds its known answers:

- pre-training heads answer from the input (``_plant_pretraining``): at [MASK], layer 1 head 1
  attends to a clue word and writes its answer's direction, which the tied decoder scores
  ("france" → ``MLM_ANSWER`` "paris", "germany" → "berlin", 日本 → 首都; no clue →
  ``MLM_NEUTRAL``); P(IsNext) = ``P_IS_NEXT`` only when sentence A holds a set-up word and
  sentence B a word that follows it (the doctor's pairs), ``1 - P_IS_NEXT`` when swapped, with
  an unrelated B or any other text.
- sentiment: "wonderful" carries hidden dimension 0 and "terrible" dimension 1 (one-hot word
  embeddings, every other token an all-zero vector); in the first layer keys are zeroed (uniform
  attention) and values/output are the identity, so [CLS] receives the mean of the words'
  vectors; the classifier reads dim 0 − dim 1 for the positive labels and the reverse for the
  negative ones. A sentence with neither word gets equal scores. Every position embedding
  carries 1.0 on the last dimension, so the embedding LayerNorm is not scale-invariant in the
  word vector and Integrated Gradients from the [PAD] baseline stays complete.
- question answering: "paris" carries dimension 0 and both the start and the end vector read it,
  so the answer to any question about a passage with Paris in it is "Paris".
- tagging: "Jacob" → B-PER, "Dev"/"##lin" → I-PER, "Google" → B-ORG, everything else O.

``broken=`` plants wrong answers in the named repos (a doctor that must fail).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import torch
from huggingface_hub.file_download import repo_folder_name
from safetensors.torch import save as safetensors_bytes
from transformers import (
    BertConfig,
    BertForPreTraining,
    BertForQuestionAnswering,
    BertForSequenceClassification,
    BertForTokenClassification,
    BertTokenizer,
    DistilBertConfig,
    DistilBertForSequenceClassification,
)

from tiny import SHAPE, SPECIAL, bare_bert

#: Words of the doctor's checks and of the pages' examples, lower case.
_EN_WORDS = (
    "the a cat dog sat on mat is was happy sad good bad movie film great terrible wonderful "
    "i he she it we they you bought ate fruit house near me tired and but not very this that "
    "of to in at paris france capital city largest london berlin germany what where who "
    "works work jacob google went store milk gallon day sun shines sky blue , . ! ? ' - "
    "play ##ing ##s ##ed un ##believ ##able run ##ner dev ##lin"
).split()
#: Words that a cased vocabulary holds capitalised (as well as in lower case).
_CAPITALISED = ("The A This It He She I What Where Who Paris France London Berlin Germany Jacob "
                "Dev Google")

#: MeCab (unidic-lite) words of the Japanese examples; the two long ones are left out of the
#: vocabulary on purpose so WordPiece splits them into the pieces below.
JA_SENTENCES = (
    "東京は日本の首都です。",
    "猫はマットの上で寝た。",
    "この映画はあまり楽しめませんでした。",
    "素晴らしかったです!",
)
_JA_PIECES = ["素晴らし", "##かっ", "楽し", "##め"]
#: The doctor's Japanese sentence B (bertvis.doctor.JA_NSP_PAIR), whose words follow sentence A's.
_JA_NEXT_SENTENCE = "多くの人が住んでいます。"
_JA_WHOLE_WORDS_LEFT_OUT = {"素晴らしかっ", "楽しめ"}
#: A few CJK characters and kana in the multilingual vocabularies (BERT splits CJK ideographs
#: into single characters).
_MULTI_EXTRA = list("東京日本首都猫映画") + ["は", "の", "です", "。"]

#: The planted answers (the doctor's known answers): each masked-LM model finds its answer from
#: a clue word in the input (``MLM_CLUES``: clue → answer; both casings where the vocabulary
#: has them) and guesses ``MLM_NEUTRAL`` when the input has no clue.
MLM_ANSWER = {"en": "paris", "en-cased": "Paris", "ja": "首都"}
MLM_CLUES = {"en": {"france": "paris", "germany": "berlin"},
             "en-cased": {"France": "Paris", "france": "Paris", "Germany": "Berlin",
                          "germany": "Berlin"},
             "ja": {"日本": "首都"}}
MLM_NEUTRAL = {"en": "the", "en-cased": "the", "ja": "の"}
MLM_WRONG = {"en": "london", "en-cased": "London", "ja": "猫"}  # a broken repo's answer
#: Next sentence: P(IsNext) is ``P_IS_NEXT`` when sentence A holds a set-up word and sentence B
#: a word that follows it (the doctor's pairs), ``1 - P_IS_NEXT`` otherwise (swapped, an
#: unrelated B, another text).
P_IS_NEXT = 0.95
NSP_SETUP = {"en": ("store",), "ja": ("東京",)}
NSP_FOLLOW = {"en": ("bought", "milk"), "ja": ("人", "住ん")}

#: Real label sets.
CONLL_LABELS = ("O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
STAR_LABELS = ("1 star", "2 stars", "3 stars", "4 stars", "5 stars")
STUDENT_LABELS = ("positive", "neutral", "negative")

TINY = dict(**SHAPE, max_position_embeddings=512, type_vocab_size=2)


def _english_vocab(cased: bool) -> list[str]:
    words = list(_EN_WORDS)
    if cased:
        words += [w for w in _CAPITALISED.split() if w not in words]
    return SPECIAL + words


def _japanese_vocab() -> list[str]:
    from transformers.models.bert_japanese.tokenization_bert_japanese import MecabTokenizer

    mecab = MecabTokenizer(mecab_dic="unidic_lite")
    words: list[str] = []
    for sentence in JA_SENTENCES:
        for word in mecab.tokenize(sentence):
            if word not in words and word not in _JA_WHOLE_WORDS_LEFT_OUT:
                words.append(word)
    words += _JA_PIECES
    words += [w for w in mecab.tokenize(_JA_NEXT_SENTENCE) if w not in words]
    return SPECIAL + words


def _multilingual_vocab(cased: bool) -> list[str]:
    return _english_vocab(cased) + [w for w in _MULTI_EXTRA if w not in _EN_WORDS]


# ---------------------------------------------------------------- planting


def _id(vocab: list[str], token: str) -> int:
    return vocab.index(token)


#: The pre-training plant's features: each a pair of hidden dimensions (+x on the first, -x on
#: the second), so every embedding sums to zero and LayerNorm only rescales it.
_FEATURES = ("role",  # [MASK] +, [CLS] -: who asks
             "clue", "clue_1", "clue_2",  # a clue word; which answer it points to
             "answer_1", "answer_2",  # an answer's direction (its word embedding, tied decoder)
             "segment",  # sentence A +, sentence B - (token type embeddings)
             "setup", "follow",  # a word that sets up a next sentence; a word that follows it
             "setup_in_a", "follow_in_b",  # written by layer 1's feed-forward (the AND)
             "coherent")  # written at [CLS] by layer 2's heads; the pooler reads it
_DIM = {name: 2 * i for i, name in enumerate(_FEATURES)}
_FREE_DIMS = list(range(2 * len(_FEATURES), TINY["hidden_size"]))  # each word's own random identity
_ANCHOR_DIM = TINY["hidden_size"] - 1  # the masked-LM transform's constant (see below)


def _write(vector: torch.Tensor, feature: str, value: float) -> None:
    vector[_DIM[feature]] += value
    vector[_DIM[feature] + 1] -= value


def _read(weight: torch.Tensor, row: int, feature: str, value: float) -> None:
    """Make output ``row`` of a linear layer read ``feature`` (its first dimension)."""
    weight[row, _DIM[feature]] = value


def _plant_pretraining(lang: str, broken: bool = False) -> Callable:
    """Plant answers that depend on the input, through the model's own mechanism.

    Masked word: layer 1 head 1 attends from [MASK] to a clue word (query: the role feature;
    key: the clue feature), its value carries the clue's number and the attention output writes
    the matching answer direction; the masked-LM transform keeps only the answer directions and
    the decoder (tied to the word embeddings) scores the answer word that carries it. Without a
    clue nothing is written and the decoder bias picks ``MLM_NEUTRAL``.

    Next sentence: layer 1's feed-forward computes, per token, "set-up word AND sentence A" and
    "following word AND sentence B" (the segment feature comes from the token type embedding);
    layer 2 heads 2 and 3 attend from [CLS] to such tokens and add both into ``coherent``; the
    pooler thresholds it so only both together read as IsNext. A ``broken`` repo answers
    ``MLM_WRONG`` for the clue and has the next-sentence head's sign flipped.
    """
    family = "ja" if lang == "ja" else "en"
    answers = {clue: (MLM_WRONG[lang] if broken and answer == MLM_ANSWER[lang] else answer)
               for clue, answer in MLM_CLUES[lang].items()}
    numbered = {answer: i + 1 for i, answer in enumerate(dict.fromkeys(answers.values()))}

    def plant(model, vocab: list[str]) -> None:
        bare_bert(model)
        bert, size = model.bert, TINY["hidden_size"]
        # -- embeddings: features on the words, a small random identity on the free dims
        words = bert.embeddings.word_embeddings.weight
        identity = torch.randn(len(vocab), len(_FREE_DIMS),
                               generator=torch.Generator().manual_seed(0))
        identity -= identity.mean(dim=1, keepdim=True)
        words[:, _FREE_DIMS] = 2.0 * identity / identity.norm(dim=1, keepdim=True)
        features = {"[MASK]": {"role": 4.0}, "[CLS]": {"role": -4.0}}
        for clue, answer in answers.items():
            features[clue] = {"clue": 4.0, f"clue_{numbered[answer]}": 4.0}
        for answer, number in numbered.items():
            features.setdefault(answer, {})[f"answer_{number}"] = 4.0
        for word in NSP_SETUP[family]:
            features.setdefault(word, {})["setup"] = 4.0
        for word in NSP_FOLLOW[family]:
            features.setdefault(word, {})["follow"] = 4.0
        for word, values in features.items():
            if word in vocab:
                for feature, value in values.items():
                    _write(words[_id(vocab, word)], feature, value)
        _write(bert.embeddings.token_type_embeddings.weight[0], "segment", 4.0)
        _write(bert.embeddings.token_type_embeddings.weight[1], "segment", -4.0)
        heads = bert.config.num_attention_heads
        width = size // heads  # one head's query/key/value size

        def head(layer: int, number: int):
            """Layer ``layer``'s head ``number`` (0-based) with its query/key/value cleared."""
            attention = bert.encoder.layer[layer].attention.self
            rows = slice(number * width, (number + 1) * width)
            for linear in (attention.query, attention.key, attention.value):
                linear.weight[rows] = 0.0
                linear.bias[rows] = 0.0
            return attention, number * width

        # -- layer 1, head 1: [MASK] looks up the clue; every other token looks away from it
        attention, row = head(0, 0)
        _read(attention.query.weight, row, "role", 4.0)
        attention.query.bias[row] = -2.0
        _read(attention.key.weight, row, "clue", 4.0)
        out = bert.encoder.layer[0].attention.output.dense.weight
        for number in numbered.values():
            _read(attention.value.weight, row + number - 1, f"clue_{number}", 1.0)
            _write(out[:, row + number - 1], f"answer_{number}", 1.5)
        # -- layer 1 feed-forward: unit 0 = set-up word in A, unit 1 = following word in B
        feed, back = bert.encoder.layer[0].intermediate.dense, bert.encoder.layer[0].output.dense
        for unit, (word, sign, written) in enumerate((("setup", 1.0, "setup_in_a"),
                                                      ("follow", -1.0, "follow_in_b"))):
            feed.weight[unit] = 0.0
            _read(feed.weight, unit, word, 6.0)
            _read(feed.weight, unit, "segment", 6.0 * sign)
            feed.bias[unit] = -6.0 * 4.6
            _write(back.weight[:, unit], written, 0.75)
        # -- layer 2, heads 2 and 3: [CLS] gathers both into "coherent"
        out = bert.encoder.layer[1].attention.output.dense.weight
        for number, feature in ((1, "setup_in_a"), (2, "follow_in_b")):
            attention, row = head(1, number)
            _read(attention.query.weight, row, "role", -4.0)
            attention.query.bias[row] = -2.0
            _read(attention.key.weight, row, feature, 4.0)
            _read(attention.value.weight, row, feature, 1.0)
            _write(out[:, row], "coherent", 0.5)
        # -- next-sentence head: the pooler thresholds "coherent"
        if hasattr(model.cls, "seq_relationship"):  # BertForMaskedLM has neither
            pooler = bert.pooler.dense
            pooler.weight.zero_()
            pooler.bias.zero_()
            _read(pooler.weight, 0, "coherent", 20.0)
            pooler.bias[0] = -20.0 * 1.8
            half_logit = math.log(P_IS_NEXT / (1 - P_IS_NEXT)) / 2 * (-1 if broken else 1)
            relation = model.cls.seq_relationship
            relation.weight.zero_()
            relation.bias.zero_()
            relation.weight[0, 0], relation.weight[1, 0] = half_logit, -half_logit
        # -- masked-LM head: keep the answer directions (over a constant, so a vector without
        # any is not blown up by the LayerNorm), score them with the tied word embeddings
        predictions = model.cls.predictions
        transform = predictions.transform
        transform.dense.weight.zero_()
        transform.dense.bias.zero_()
        transform.dense.bias[_ANCHOR_DIM] = 5.0
        transform.LayerNorm.weight.zero_()
        transform.LayerNorm.bias.zero_()
        for number in numbered.values():
            first = _DIM[f"answer_{number}"]
            transform.dense.weight[first, first] = 2.0
            transform.LayerNorm.weight[first:first + 2] = 0.4
        predictions.bias.zero_()
        predictions.bias[_id(vocab, MLM_NEUTRAL[lang])] = 3.0

    return plant


def _plant_words(embeddings: torch.nn.Embedding, vocab: list[str], words: dict[str, int]) -> None:
    for word, dim in words.items():
        if word in vocab:
            embeddings.weight[_id(vocab, word), dim] = 10.0


def _sentiment_rows(labels: tuple[str, ...], positive: dict[str, float],
                    flip: bool) -> torch.Tensor:
    """Classifier weight ``[n_labels, 32]``: label ``l`` reads s·(dim 0 − dim 1), s = positive[l]."""
    weight = torch.zeros(len(labels), TINY["hidden_size"])
    for row, label in enumerate(labels):
        sign = positive.get(label, 0.0) * (-1 if flip else 1)
        weight[row, 0], weight[row, 1] = 2.0 * sign, -2.0 * sign
    return weight


_SENTIMENT_WORDS = {"wonderful": 0, "terrible": 1}
_POSITION_DIM = TINY["hidden_size"] - 1  # the dimension every position embedding sets to 1.0


def _plant_bert_sentiment(labels: tuple[str, ...], positive: dict[str, float],
                          flip: bool = False) -> Callable:
    def plant(model, vocab: list[str]) -> None:
        bare_bert(model)
        first = model.bert.encoder.layer[0].attention
        first.self.key.weight.zero_()
        first.self.key.bias.zero_()
        first.self.value.weight.copy_(torch.eye(TINY["hidden_size"]))
        first.self.value.bias.zero_()
        first.output.dense.weight.copy_(torch.eye(TINY["hidden_size"]))
        _plant_words(model.bert.embeddings.word_embeddings, vocab, _SENTIMENT_WORDS)
        model.bert.embeddings.position_embeddings.weight[:, _POSITION_DIM] = 1.0
        model.bert.pooler.dense.weight.copy_(torch.eye(TINY["hidden_size"]))
        model.bert.pooler.dense.bias.zero_()
        model.classifier.weight.copy_(_sentiment_rows(labels, positive, flip))
        model.classifier.bias.zero_()

    return plant


def _plant_distilbert_sentiment(labels: tuple[str, ...], positive: dict[str, float]) -> Callable:
    def plant(model, vocab: list[str]) -> None:
        base = model.distilbert
        base.embeddings.word_embeddings.weight.zero_()
        base.embeddings.position_embeddings.weight.zero_()
        for layer in base.transformer.layer:
            for linear in (layer.attention.out_lin, layer.ffn.lin2):
                linear.weight.zero_()
                linear.bias.zero_()
        first = base.transformer.layer[0].attention
        first.k_lin.weight.zero_()
        first.k_lin.bias.zero_()
        first.v_lin.weight.copy_(torch.eye(TINY["hidden_size"]))
        first.v_lin.bias.zero_()
        first.out_lin.weight.copy_(torch.eye(TINY["hidden_size"]))
        _plant_words(base.embeddings.word_embeddings, vocab, _SENTIMENT_WORDS)
        base.embeddings.position_embeddings.weight[:, _POSITION_DIM] = 1.0
        model.pre_classifier.weight.copy_(torch.eye(TINY["hidden_size"]))
        model.pre_classifier.bias.zero_()
        model.classifier.weight.copy_(_sentiment_rows(labels, positive, flip=False))
        model.classifier.bias.zero_()

    return plant


def _plant_qa(answer_word: str) -> Callable:
    def plant(model, vocab: list[str]) -> None:
        bare_bert(model)
        _plant_words(model.bert.embeddings.word_embeddings, vocab, {answer_word: 0})
        model.qa_outputs.weight.zero_()
        model.qa_outputs.bias.zero_()
        model.qa_outputs.weight[0, 0] = 1.0  # start vector reads dimension 0
        model.qa_outputs.weight[1, 0] = 1.0  # end vector reads dimension 0

    return plant


#: Tagging: piece → (hidden dimension, CoNLL label).
NER_PLANT = {"Jacob": (2, "B-PER"), "Dev": (3, "I-PER"), "##lin": (3, "I-PER"),
             "Google": (4, "B-ORG")}


def _plant_ner(model, vocab: list[str]) -> None:
    bare_bert(model)
    label_ids = {name: i for i, name in enumerate(CONLL_LABELS)}
    model.classifier.weight.zero_()
    model.classifier.bias.zero_()
    model.classifier.bias[label_ids["O"]] = 1.0
    for piece, (dim, label) in NER_PLANT.items():
        _plant_words(model.bert.embeddings.word_embeddings, vocab, {piece: dim})
        model.classifier.weight[label_ids[label], dim] = 2.0


# ---------------------------------------------------------------- repos


def _json(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


SPECIAL_TOKENS_MAP = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                      "cls_token": "[CLS]", "mask_token": "[MASK]"}


@dataclass(frozen=True)
class FakeRepo:
    """One Hub repo: a tiny model of ``model_class`` plus the repo's own files and quirks."""

    model_id: str
    model_class: type
    vocab: Callable[[], list[str]]
    plant: Callable
    architectures: tuple[str, ...]
    weight_files: tuple[str, ...]  # "pytorch_model.bin" and/or "model.safetensors"
    extra_files: dict[str, bytes] = field(default_factory=dict)  # tokenizer config, maps, ...
    tokenizer_json: bool = False  # a fast tokenizer file next to vocab.txt
    lowercase: bool = True  # only used to build tokenizer.json
    old_layernorm_names: bool = False  # LayerNorm.gamma / LayerNorm.beta in the checkpoint
    labels: tuple[str, ...] | None = None  # id2label written into config.json
    config: dict = field(default_factory=dict)  # size settings over TINY
    drop_config_keys: tuple[str, ...] = ()

    @property
    def commit(self) -> str:
        """A stable 40-hex commit hash for this repo (what ``refs/main`` points at)."""
        return hashlib.sha1(f"fake-hub:{self.model_id}".encode()).hexdigest()


def _uncased_en() -> list[str]:
    return _english_vocab(cased=False)


def _cased_en() -> list[str]:
    return _english_vocab(cased=True)


def _multi_cased() -> list[str]:
    return _multilingual_vocab(cased=True)


def _multi_uncased() -> list[str]:
    return _multilingual_vocab(cased=False)


JA_TOKENIZER_CONFIG = {
    "tokenizer_class": "BertJapaneseTokenizer",
    "model_max_length": 512,
    "do_lower_case": False,
    "word_tokenizer_type": "mecab",
    "subword_tokenizer_type": "wordpiece",
    "mecab_kwargs": {"mecab_dic": "unidic_lite"},
}


def fake_repos(broken: frozenset[str] = frozenset()) -> dict[str, FakeRepo]:
    """Every preset's Hub repo, by model id; repos named in ``broken`` get wrong answers."""

    def mlm(lang: str, model_id: str) -> Callable:
        return _plant_pretraining(lang, broken=model_id in broken)

    repos = [
        FakeRepo(
            "bert-base-uncased", model_class=BertForPreTraining, vocab=_uncased_en,
            plant=mlm("en", "bert-base-uncased"), architectures=("BertForMaskedLM",),
            weight_files=("model.safetensors", "pytorch_model.bin"), old_layernorm_names=True,
            tokenizer_json=True,
            extra_files={"tokenizer_config.json": _json({"do_lower_case": True,
                                                         "model_max_length": 512})},
        ),
        FakeRepo(
            "bert-large-uncased", model_class=BertForPreTraining, vocab=_uncased_en,
            plant=mlm("en", "bert-large-uncased"), architectures=("BertForMaskedLM",),
            weight_files=("model.safetensors", "pytorch_model.bin"), old_layernorm_names=True,
            tokenizer_json=True, config={"num_hidden_layers": 3, "num_attention_heads": 8},
            extra_files={"tokenizer_config.json": _json({"do_lower_case": True,
                                                         "model_max_length": 512})},
        ),
        FakeRepo(
            "bert-base-multilingual-cased", model_class=BertForPreTraining, vocab=_multi_cased,
            plant=mlm("en-cased", "bert-base-multilingual-cased"),
            architectures=("BertForMaskedLM",),
            weight_files=("model.safetensors", "pytorch_model.bin"), old_layernorm_names=True,
            tokenizer_json=True, lowercase=False,
            extra_files={"tokenizer_config.json": _json({"do_lower_case": False,
                                                         "model_max_length": 512})},
        ),
        FakeRepo(
            "tohoku-nlp/bert-base-japanese-v3", model_class=BertForPreTraining,
            vocab=_japanese_vocab, plant=mlm("ja", "tohoku-nlp/bert-base-japanese-v3"),
            architectures=("BertForPreTraining",), weight_files=("pytorch_model.bin",),
            extra_files={"tokenizer_config.json": _json(JA_TOKENIZER_CONFIG)},
        ),
        FakeRepo(
            "csarron/bert-base-uncased-squad-v1", model_class=BertForQuestionAnswering,
            vocab=_uncased_en, plant=_plant_qa("london" if "csarron/bert-base-uncased-squad-v1"
                                               in broken else "paris"),
            architectures=("BertForQuestionAnswering",), weight_files=("pytorch_model.bin",),
            old_layernorm_names=True,
            extra_files={"tokenizer_config.json": _json({"do_lower_case": True}),
                         "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP)},
        ),
        FakeRepo(
            "deepset/bert-base-cased-squad2", model_class=BertForQuestionAnswering,
            vocab=_cased_en, plant=_plant_qa("Paris"),
            architectures=("BertForQuestionAnswering",),
            weight_files=("model.safetensors", "pytorch_model.bin"),
            extra_files={"tokenizer_config.json": _json({"do_lower_case": False,
                                                         "model_max_length": 512}),
                         "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP)},
        ),
        FakeRepo(
            "dslim/bert-base-NER", model_class=BertForTokenClassification, vocab=_cased_en,
            plant=_plant_ner, architectures=("BertForTokenClassification",),
            weight_files=("model.safetensors", "pytorch_model.bin"), labels=CONLL_LABELS,
            extra_files={
                "tokenizer_config.json": _json({"do_lower_case": False, "max_len": 512,
                                                "init_inputs": []}),
                "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP),
                "added_tokens.json": _json({}),
            },
        ),
        FakeRepo(
            "textattack/bert-base-uncased-SST-2", model_class=BertForSequenceClassification,
            vocab=_uncased_en,
            plant=_plant_bert_sentiment(("LABEL_0", "LABEL_1"), {"LABEL_1": 1.0, "LABEL_0": -1.0},
                                        flip="textattack/bert-base-uncased-SST-2" in broken),
            architectures=("BertForSequenceClassification",), weight_files=("pytorch_model.bin",),
            drop_config_keys=("id2label", "label2id"),
            extra_files={
                "tokenizer_config.json": _json({"do_lower_case": True, "model_max_length": 512}),
                "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP),
                "eval_results_sst-2.txt": b"eval_loss = 0.27\neval_acc = 0.92\n",
            },
        ),
        FakeRepo(
            "nlptown/bert-base-multilingual-uncased-sentiment",
            model_class=BertForSequenceClassification, vocab=_multi_uncased,
            plant=_plant_bert_sentiment(STAR_LABELS, {"5 stars": 1.0, "4 stars": 0.5,
                                                      "2 stars": -0.5, "1 star": -1.0}),
            architectures=("BertForSequenceClassification",),
            weight_files=("model.safetensors", "pytorch_model.bin"), labels=STAR_LABELS,
            extra_files={"tokenizer_config.json": _json({"do_lower_case": True}),
                         "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP)},
        ),
        FakeRepo(
            "lxyuan/distilbert-base-multilingual-cased-sentiments-student",
            model_class=DistilBertForSequenceClassification, vocab=_multi_cased,
            plant=_plant_distilbert_sentiment(STUDENT_LABELS, {"positive": 1.0,
                                                               "negative": -1.0}),
            architectures=("DistilBertForSequenceClassification",),
            weight_files=("model.safetensors",), labels=STUDENT_LABELS, tokenizer_json=True,
            lowercase=False,
            extra_files={
                "tokenizer_config.json": _json({
                    "tokenizer_class": "DistilBertTokenizer", "do_lower_case": False,
                    "model_max_length": 512, "cls_token": "[CLS]", "sep_token": "[SEP]",
                    "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
                    "strip_accents": None, "tokenize_chinese_chars": True}),
                "special_tokens_map.json": _json(SPECIAL_TOKENS_MAP),
            },
        ),
    ]
    return {repo.model_id: repo for repo in repos}


# ---------------------------------------------------------------- files


def _model_config(repo: FakeRepo, vocab: list[str]):
    settings = {**TINY, **repo.config, "vocab_size": len(vocab)}
    if repo.model_class is DistilBertForSequenceClassification:
        return DistilBertConfig(vocab_size=len(vocab), dim=settings["hidden_size"],
                                n_layers=settings["num_hidden_layers"],
                                n_heads=settings["num_attention_heads"],
                                hidden_dim=settings["intermediate_size"],
                                max_position_embeddings=512, **_label_settings(repo))
    return BertConfig(**settings, **_label_settings(repo))


def _label_settings(repo: FakeRepo) -> dict:
    if repo.labels is None:
        return {}
    return {"id2label": dict(enumerate(repo.labels)),
            "label2id": {name: i for i, name in enumerate(repo.labels)}}


def _state_dict(model, old_layernorm_names: bool) -> dict[str, torch.Tensor]:
    """Every tensor as its own contiguous copy (safetensors refuses shared storage)."""
    weights = {}
    for name, tensor in model.state_dict().items():
        if old_layernorm_names and "LayerNorm." in name:
            name = name.replace("LayerNorm.weight", "LayerNorm.gamma").replace(
                "LayerNorm.bias", "LayerNorm.beta")
        weights[name] = tensor.detach().clone().contiguous()
    return weights


def repo_files(repo: FakeRepo) -> dict[str, bytes]:
    """File name → content of the repo's snapshot."""
    vocab = repo.vocab()
    config = _model_config(repo, vocab)
    torch.manual_seed(0)
    model = repo.model_class(config).eval()
    with torch.no_grad():
        repo.plant(model, vocab)
    config_dict = config.to_dict()
    config_dict["architectures"] = list(repo.architectures)
    for key in ("transformers_version", "dtype", "torch_dtype", *repo.drop_config_keys):
        config_dict.pop(key, None)
    files = {"config.json": _json(config_dict),
             "vocab.txt": ("\n".join(vocab) + "\n").encode()}
    weights = _state_dict(model, repo.old_layernorm_names)
    if "pytorch_model.bin" in repo.weight_files:
        buffer = io.BytesIO()
        torch.save(weights, buffer)
        files["pytorch_model.bin"] = buffer.getvalue()
    if "model.safetensors" in repo.weight_files:
        files["model.safetensors"] = safetensors_bytes(weights, metadata={"format": "pt"})
    if repo.tokenizer_json:
        files["tokenizer.json"] = _tokenizer_json(vocab, repo.lowercase)
    files.update(repo.extra_files)
    return files


def _tokenizer_json(vocab: list[str], lowercase: bool) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vocab.txt"
        path.write_text("\n".join(vocab) + "\n", encoding="utf-8")
        tokenizer = BertTokenizer(vocab=str(path), do_lower_case=lowercase)
        return tokenizer.backend_tokenizer.to_str(pretty=True).encode()


LFS_SUFFIXES = (".bin", ".safetensors", ".h5", ".msgpack", ".onnx")


def etag(name: str, content: bytes) -> str:
    """The etag the Hub sends for a file: sha256 for LFS files, the git blob sha1 otherwise."""
    if name.endswith(LFS_SUFFIXES):
        return hashlib.sha256(content).hexdigest()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def repo_folder(cache: Path, model_id: str) -> Path:
    """``models--org--name`` in ``cache``, named by huggingface_hub itself."""
    return Path(cache) / repo_folder_name(repo_id=model_id, repo_type="model")


def write_repo(cache: Path, repo: FakeRepo) -> Path:
    """Write ``repo`` into the cache as huggingface_hub does; return its snapshot folder."""
    return write_snapshot(cache, repo.model_id, repo.commit, repo_files(repo))


def write_snapshot(cache: Path, model_id: str, commit: str,
                   files: dict[str, bytes | Path]) -> Path:
    """Write ``files`` (name → content, or a file to move in: full-size weights are not read
    into memory) as ``model_id``'s snapshot ``commit``; return the snapshot folder."""
    root = repo_folder(cache, model_id)
    snapshot = root / "snapshots" / commit
    (root / "blobs").mkdir(parents=True, exist_ok=True)
    (root / "refs").mkdir(exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if isinstance(content, Path):
            blob = root / "blobs" / file_etag(name, content)
            content.replace(blob)
        else:
            blob = root / "blobs" / etag(name, content)
            blob.write_bytes(content)
        link = snapshot / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(blob, link.parent))
    (root / "refs" / "main").write_text(commit)
    return snapshot


def file_etag(name: str, path: Path) -> str:
    """:func:`etag` of a file's content, read in chunks."""
    digest = hashlib.sha256() if name.endswith(LFS_SUFFIXES) else hashlib.sha1(
        b"blob %d\0" % path.stat().st_size)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(2**24), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_fake_hub(cache: Path, only: tuple[str, ...] | None = None,
                   broken: frozenset[str] = frozenset()) -> Path:
    """Write every preset's repo (or those in ``only``) into ``cache``; return ``cache``."""
    cache = Path(cache)
    cache.mkdir(parents=True, exist_ok=True)
    for model_id, repo in fake_repos(frozenset(broken)).items():
        if only is None or model_id in only:
            write_repo(cache, repo)
    return cache


@contextmanager
def offline_hub(cache: Path) -> Iterator[Path]:
    """Point the Hugging Face cache at ``cache`` with the Hub off, for the ``with`` block.

    Sets ``HF_HUB_CACHE`` and ``HF_HUB_OFFLINE=1`` in the environment (subprocesses, bertvis.hub)
    and in ``huggingface_hub.constants`` (read at import); forgets bertvis's reachability answer.
    """
    from huggingface_hub import constants

    from bertvis import hub

    saved_env = {key: os.environ.get(key) for key in ("HF_HUB_CACHE", "HF_HUB_OFFLINE")}
    saved_constants = (constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE)
    os.environ["HF_HUB_CACHE"] = str(cache)
    os.environ["HF_HUB_OFFLINE"] = "1"
    constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE = str(cache), True
    hub.forget()
    try:
        yield Path(cache)
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        constants.HF_HUB_CACHE, constants.HF_HUB_OFFLINE = saved_constants
        hub.forget()
