"""The fake Hugging Face cache (tests/fake_hub.py): the real layout, the real repos' quirks, and
every preset loading from it by its real id with HF_HUB_OFFLINE=1."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from fake_hub import (
    CONLL_LABELS,
    JA_TOKENIZER_CONFIG,
    P_IS_NEXT,
    STAR_LABELS,
    fake_repos,
    repo_folder,
)

from bertvis import fill_mask, models, nsp, qa, sentiment, tagging
from bertvis.presets import ENCODER_PRESETS, NER_PRESETS, QA_PRESETS, SENTIMENT_PRESETS
from bertvis.trace import trace

KIND_OF = {
    **{p.model_id: "pretraining" for p in ENCODER_PRESETS},
    **{p.model_id: "question-answering" for p in QA_PRESETS},
    **{p.model_id: "token-classification" for p in NER_PRESETS},
    **{p.model_id: "sequence-classification" for p in SENTIMENT_PRESETS},
}
HUB_PRESETS = sorted(m for m in KIND_OF if not m.startswith("packaged:"))


def snapshot(cache, model_id):
    root = repo_folder(cache, model_id)
    commit = (root / "refs" / "main").read_text()
    return root / "snapshots" / commit


def test_every_hub_preset_has_a_fake_repo():
    assert sorted(fake_repos()) == HUB_PRESETS


def test_cache_layout_is_huggingface_hubs(fake_hub):
    from huggingface_hub import scan_cache_dir, try_to_load_from_cache

    root = repo_folder(fake_hub, "tohoku-nlp/bert-base-japanese-v3")
    assert root.name == "models--tohoku-nlp--bert-base-japanese-v3"
    commit = (root / "refs" / "main").read_text()
    assert len(commit) == 40 and int(commit, 16) >= 0
    link = root / "snapshots" / commit / "pytorch_model.bin"
    assert link.is_symlink() and os.readlink(link).startswith("../../blobs/")
    found = try_to_load_from_cache("tohoku-nlp/bert-base-japanese-v3", "config.json",
                                   cache_dir=fake_hub)
    assert found == str(root / "snapshots" / commit / "config.json")
    report = scan_cache_dir(fake_hub)
    assert not report.warnings
    assert sorted(repo.repo_id for repo in report.repos) == HUB_PRESETS


def test_repo_quirks_are_mirrored(fake_hub):
    import torch

    base = snapshot(fake_hub, "bert-base-uncased")
    keys = torch.load(base / "pytorch_model.bin", weights_only=True)
    assert "bert.embeddings.LayerNorm.gamma" in keys and "cls.seq_relationship.bias" in keys
    sst2 = snapshot(fake_hub, "textattack/bert-base-uncased-SST-2")
    assert sorted(p.name for p in sst2.iterdir()) == [
        "config.json", "eval_results_sst-2.txt", "pytorch_model.bin", "special_tokens_map.json",
        "tokenizer_config.json", "vocab.txt"]
    assert "id2label" not in json.loads((sst2 / "config.json").read_text())
    ner_config = json.loads((snapshot(fake_hub, "dslim/bert-base-NER") / "tokenizer_config.json")
                            .read_text())
    assert "model_max_length" not in ner_config and ner_config["max_len"] == 512
    ja = snapshot(fake_hub, "tohoku-nlp/bert-base-japanese-v3")
    assert json.loads((ja / "tokenizer_config.json").read_text()) == JA_TOKENIZER_CONFIG
    assert not (ja / "tokenizer.json").exists() and not (ja / "model.safetensors").exists()


@pytest.mark.parametrize("model_id", HUB_PRESETS)
def test_each_preset_loads_from_the_cache_by_its_real_id(fake_hub_offline, model_id):
    loaded = models.load(model_id, kind=KIND_OF[model_id], device="cpu")
    assert loaded.origin == "cache" and loaded.fallback_reason is None
    assert loaded.source == model_id
    assert loaded.max_length == 512  # from config.json where the tokenizer has no limit
    if KIND_OF[model_id] == "pretraining":
        assert loaded.has_mlm and loaded.has_nsp  # every encoder repo has both heads


def test_old_layernorm_names_load_as_trained_weights(fake_hub_offline):
    """bert-base-uncased's checkpoint says LayerNorm.gamma/beta: the masked-LM head's planted
    LayerNorm (zero but on the two answer directions) must arrive; a missed rename would leave
    ones."""
    loaded = models.load("bert-base-uncased", device="cpu")
    weight = loaded.model.cls.predictions.transform.LayerNorm.weight.detach()
    assert int(weight.count_nonzero()) == 4 and float(weight.sum()) == pytest.approx(1.6)
    guesses = fill_mask.predict(loaded, trace(loaded, "The capital of France is [MASK]."))
    assert guesses[0].best.token == "paris"


PRETRAINING = {"bert-base-uncased": "en", "bert-large-uncased": "en",
               "bert-base-multilingual-cased": "en-cased",
               "tohoku-nlp/bert-base-japanese-v3": "ja"}
#: (model's language, text) → the planted top guess at [MASK].
MASKED = {
    "en": {"The capital of France is [MASK].": "paris",
           "[MASK] is the capital of France.": "paris",
           "The capital of Germany is [MASK].": "berlin",
           "The capital of the city is [MASK].": "the"},
    "en-cased": {"The capital of France is [MASK].": "Paris",
                 "The capital of Germany is [MASK].": "Berlin",
                 "The capital of the city is [MASK].": "the"},
    "ja": {"東京は日本の[MASK]です。": "首都", "猫はマットの[MASK]です。": "の"},
}


def test_every_pretraining_preset_is_planted():
    assert sorted(PRETRAINING) == sorted(m for m in HUB_PRESETS if KIND_OF[m] == "pretraining")


@pytest.mark.parametrize("model_id", sorted(PRETRAINING))
def test_planted_masked_word_comes_from_the_clue(fake_hub_offline, model_id):
    """The guess at [MASK] is the clue's answer ("france" → paris, "germany" → berlin,
    日本 → 首都) and the neutral word without a clue; layer 1 head 1 finds the clue."""
    loaded = models.load(model_id, device="cpu")
    got = {}
    for text in MASKED[PRETRAINING[model_id]]:
        result = trace(loaded, text)
        got[text] = fill_mask.predict(loaded, result)[0].best.token
        clue = [i for i, token in enumerate(result.tokens)
                if token.lower() in ("france", "germany", "日本")]
        if clue:
            mask = result.tokens.index("[MASK]")
            assert result.attentions[0, 0, mask, clue[0]] > 0.99, text
    assert got == MASKED[PRETRAINING[model_id]]


@pytest.mark.parametrize("model_id", sorted(PRETRAINING))
def test_planted_next_sentence_needs_the_coherent_pair_in_order(fake_hub_offline, model_id):
    """P(IsNext) is high for the doctor's pair only: swapped, with an unrelated B, or both
    sentences run together as A, it is low."""
    from bertvis.doctor import JA_NSP_PAIR, NSP_PAIR

    loaded = models.load(model_id, device="cpu")
    (a, b), unrelated = ((JA_NSP_PAIR, "猫はマットの上で寝た。") if PRETRAINING[model_id] == "ja"
                         else (NSP_PAIR, "The cat sat on the mat."))
    pairs = [(a, b), (b, a), (a, unrelated), (unrelated, b), (a + b, unrelated)]
    got = [float(nsp.next_sentence(loaded, trace(loaded, *pair)).p_is_next) for pair in pairs]
    assert got == pytest.approx([P_IS_NEXT] + [1 - P_IS_NEXT] * 4, abs=1e-5)


def test_japanese_bert_splits_words_with_mecab(fake_hub_offline):
    loaded = models.load("tohoku-nlp/bert-base-japanese-v3", device="cpu")
    assert type(loaded.tokenizer).__name__ == "BertJapaneseTokenizer"
    assert loaded.tokenizer.tokenize("東京は日本の首都です。素晴らしかったです") == [
        "東京", "は", "日本", "の", "首都", "です", "。", "素晴らし", "##かっ", "た", "です"]
    guesses = fill_mask.predict(loaded, trace(loaded, "東京は日本の[MASK]です。"))
    assert guesses[0].best.token == "首都"


def test_planted_task_answers(fake_hub_offline):
    ner = models.load("dslim/bert-base-NER", kind="token-classification", device="cpu")
    assert ner.label_names == list(CONLL_LABELS)
    tags = tagging.tag(ner, trace(ner, "Jacob Devlin works at Google."))
    assert [(e.text, e.kind) for e in tags.entities] == [("Jacob Devlin", "PER"),
                                                         ("Google", "ORG")]
    for model_id in ("csarron/bert-base-uncased-squad-v1", "deepset/bert-base-cased-squad2"):
        reader = models.load(model_id, kind="question-answering", device="cpu")
        result = trace(reader, "What is the capital of France?",
                       "Paris is the capital and largest city of France.")
        assert qa.answer(reader, result).best.text == "Paris"
    stars = models.load("nlptown/bert-base-multilingual-uncased-sentiment",
                        kind="sequence-classification", device="cpu")
    assert stars.label_names == list(STAR_LABELS)
    expected = {"textattack/bert-base-uncased-SST-2": ("positive", "negative"),
                "nlptown/bert-base-multilingual-uncased-sentiment": ("5 stars", "1 star"),
                "lxyuan/distilbert-base-multilingual-cased-sentiments-student":
                    ("positive", "negative")}
    for model_id, (good, bad) in expected.items():
        classifier = models.load(model_id, kind="sequence-classification", device="cpu")
        got = [sentiment.predict(classifier, trace(classifier, text)).label
               for text in ("This movie was wonderful.", "This movie was terrible.")]
        assert got == [good, bad], model_id
        neutral = sentiment.predict(classifier, trace(classifier, "This movie was a film."))
        assert np.ptp(neutral.probabilities) < 1e-6  # neither word: every label equal


def test_japanese_sentence_pairs_get_segment_b(fake_hub_offline):
    """BertJapaneseTokenizer (transformers 5) returns no token_type_ids unless asked: sentence B
    must still reach the model as segment 1."""
    loaded = models.load("tohoku-nlp/bert-base-japanese-v3", device="cpu")
    result = trace(loaded, "東京は日本の首都です。", "猫はマットの上で寝た。")
    assert result.is_pair
    assert result.tokens[result.sentence_b_start:result.sentence_b_start + 2] == ["猫", "は"]


def test_japanese_pieces_have_no_character_spans(fake_hub_offline):
    """The slow MeCab tokenizer returns no offset_mapping (transformers 5 ignores the request):
    the fill-mask page's piece picker still gets the pieces, without spans."""
    loaded = models.load("tohoku-nlp/bert-base-japanese-v3", device="cpu")
    assert fill_mask.pieces(loaded, "東京は日本の首都です。") == [
        (piece, None) for piece in ("東京", "は", "日本", "の", "首都", "です", "。")]


def test_planted_sentiment_model_keeps_integrated_gradients_complete(fake_hub_offline):
    """The sentiment page checks IG's completeness: the planted model must not break it (a
    word vector alone would make the embedding LayerNorm scale-invariant and IG zero)."""
    from bertvis import attribution

    loaded = models.load("textattack/bert-base-uncased-SST-2", kind="sequence-classification",
                         device="cpu")
    result = trace(loaded, "This movie was wonderful.")
    found = attribution.attribute(loaded, result, "ig")
    assert found.completeness_error < 1e-4
    assert result.tokens[int(np.argmax(found.scores))] == "wonderful"
